import ServiceStore
import Workbench

/// The database chosen: that it opens, its schema, journal, permissions and free space — read
/// through `DatabaseInspection`, which never writes, so a missing file stays missing.
enum DoctorDatabase {
    /// Below this much free space a warning: a day's work and a checkpoint still fit, but not much more.
    static let lowSpaceBytes: Int64 = 100 << 20

    static func checks(_ choice: DatabaseChoice) -> [DoctorCheck] {
        let path = choice.path
        if PostgresURL.names(path) { return postgres(path) }
        let inspection: DatabaseInspection
        do { inspection = try DatabaseInspection.inspect(at: path) } catch let error as StoreError {
            return [.fail("opens", "\(error)", fix: fix(for: error, path: path))]
        } catch {
            return [.fail("opens", "\(error)", fix: "restore it from a backup (`casebench restore`)")]
        }
        return [
            .ok("opens", "a \(inspection.kind?.rawValue ?? "Casebench") database"),
            schema(inspection), journal(inspection), access(inspection), space(inspection),
        ]
    }

    /// A PostgreSQL desk: that it opens (connection, Casebench schema, current, the triggers
    /// writes need). Nothing of files, journals or disks: those are the server's.
    private static func postgres(_ url: String) -> [DoctorCheck] {
        do {
            // Read only: a look never writes (a writable open would install missing triggers).
            let look = ReadOnlyRequest(reason: "doctor only looks", toUpgrade: "open it once with casebench")
            let info = try AppDatabase.open(at: url, readOnly: look).info()
            return [
                password(url),
                .ok("opens", "a \(info.kind.rawValue) Casebench database on PostgreSQL, at the latest schema"),
            ]
        } catch {
            return [
                password(url),
                .fail(
                    "opens", "\(error)",
                    fix: "check the URL, that the server runs, and ~/.pgpass; `psql` with the same URL says more"),
            ]
        }
    }

    /// Where the password for `url` comes from: the desk's credentials file, when it is for
    /// this URL, else libpq's own ways.
    private static func password(_ url: String) -> DoctorCheck {
        let file = DeskCredentials.systemFile
        let standing: DeskCredentials.Standing
        do { standing = try DeskCredentials.standing(for: PostgresURL(url)) } catch {
            return .fail("password", "\(error)", fix: "mend \(file) as the README's \"desk's own role\" shows")
        }
        switch standing {
        case .noFile: return .ok("password", "libpq's own (~/.pgpass, peer or trust): there is no \(file)")
        case .forThisURL: return .ok("password", "the desk role's, from \(file)")
        case .unreadable:
            return .warn(
                "password", "\(file) is there, but only the installed casebench (setgid) can read it",
                fix: "run the installed casebench; this one connects with libpq's own ways (~/.pgpass)")
        case .forAnotherURL(let other):
            return .warn(
                "password", "\(file) is for \(other), not for this URL: casebench gives this one no password",
                fix: "name the desk exactly as \(file) writes it")
        }
    }

    private static func fix(for error: StoreError, path: String) -> String {
        switch error {
        case .missing:
            "run `casebench init --db \(path)` for a production database, or `casebench demo --db \(path)` for a training one"
        case .notCasebench: "point --db, $CASEBENCH_DB or config.toml's `database` at a Casebench database"
        case .damaged: "restore it from a backup (`casebench restore`)"
        case .newerSchema: "upgrade casebench to the release that wrote it"
        case .noAccess: "ask the database's owner or an admin for access"
        case .unfinished: "delete it and run again the command that made it"
        case .busy: "try again once the other process has finished"
        case .diskFull: "free some space on its disk"
        default: "see the message"
        }
    }

    private static func schema(_ db: DatabaseInspection) -> DoctorCheck {
        let latest = db.knownMigrations.last ?? "none"
        let pending = db.pendingMigrations
        if pending.isEmpty {
            return .ok("schema", "\(latest), the latest of \(db.knownMigrations.count) migrations")
        }
        let finding =
            "\(db.appliedMigrations.last ?? "none") applied; \(pending.count) of \(db.knownMigrations.count) "
            + "migrations to apply, to \(latest)"
        guard let why = db.whyReadOnly else {
            return .warn("schema", finding, fix: "the next casebench to open it applies them (a write, done once)")
        }
        return .fail(
            "schema", "\(finding), and nothing can be written: \(why)",
            fix: "open it once where it can be written, so casebench can apply them")
    }

    private static func journal(_ db: DatabaseInspection) -> DoctorCheck {
        if db.journalMode == "wal" { return .ok("journal", "WAL") }
        return .warn(
            "journal", "\(db.journalMode), not WAL: readers and the writer wait for each other",
            fix: "with no casebench running on it: sqlite3 \(db.path) 'PRAGMA journal_mode=WAL'")
    }

    private static func access(_ db: DatabaseInspection) -> DoctorCheck {
        if db.mode & 0o007 != 0 {
            return .warn(
                "access", "\(db.ownership): every account on this host may open it",
                fix: "chmod o-rwx \(db.path)")
        }
        if let why = db.whyReadOnly {
            return .warn(
                "access", "\(db.ownership); you can read it, not write it: \(why)",
                fix: "ask its owner or an admin for write access; until then, reports and checks only")
        }
        return .ok("access", "\(db.ownership); you can write it")
    }

    private static func space(_ db: DatabaseInspection) -> DoctorCheck {
        guard let free = db.freeBytes else {
            return .warn("disk", "free space on \(db.mountPoint) unknown", fix: "check it with df \(db.mountPoint)")
        }
        let finding = "\(DatabaseInspection.size(free)) free on \(db.mountPoint)"
        if free < DatabaseInspection.nearlyFullBytes {
            return .fail("disk", "\(finding): SQLite cannot work", fix: "free some space on \(db.mountPoint)")
        }
        if free < lowSpaceBytes {
            return .warn("disk", "\(finding): little left", fix: "free some space on \(db.mountPoint)")
        }
        return .ok("disk", finding)
    }
}
