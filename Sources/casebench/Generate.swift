import ArgumentParser
import Foundation
import ServiceCore
import ServiceStore
import TextUI
import Workbench

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Build a realistic training database of N cases from a seed: customers, assets, contracts, stock, and a year of cases in every status.",
        discussion: """
            The same --cases and --seed give the same database. Cases are worked by the same rules as at the workbench \
            (entitlement, coverage, outcomes, the closure checklist, postings), so `verify` and the reports hold on it. \
            The database is new (an existing file is refused) and a training one: you are its trainer, `--as ada` its admin. \
            Free disk space is checked first. Ctrl-C stops it within a moment and removes the file; a second Ctrl-C ends it at once. \
            --db may name an empty PostgreSQL database: the cases are generated into a SQLite file in the temporary folder, \
            then moved there as `casebench migrate --to` moves a desk, and the file removed.
            """)

    @Option(help: "How many cases.") var cases: Int
    @Option(help: "The seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("The new database file, or an empty PostgreSQL database's URL.", valueName: "path"))
    var db: String
    @Option(
        name: .customLong("business-date"),
        help: ArgumentHelp("The training database's today; the cases span the year before it.", valueName: "YYYY-MM-DD")
    )
    var businessDate = "2026-06-15"

    /// What one case takes on disk with its master data and indexes, measured (README), with room to spare.
    static let bytesPerCase: Int64 = 4_000

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be at least 1") }
        guard CivilDate(parsing: businessDate) != nil else {
            throw ValidationError("--business-date must be a date (YYYY-MM-DD)")
        }
    }

    func run() throws {
        guard PostgresURL.names(db) else { return generate(into: db) }
        onServer()
    }

    /// Into PostgreSQL: generated into a SQLite file in the temporary folder, then moved as
    /// `migrate --to` moves a desk — by COPY, in one transaction, each table read back and
    /// compared — and the file removed. The database must be empty, which is checked first.
    private func onServer() {
        let url: PostgresURL
        let paths = ConfigPaths(environment: ProcessInfo.processInfo.environment)
        let config: ConfigFile
        do {
            url = try PostgresURL(db)
            config = try ConfigFile.load(paths)
            try AppDatabase.refuseNonEmpty(url)
        } catch { fail(error) }
        let file = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "casebench-generate-\(getpid())-\(UUID().uuidString.prefix(8)).sqlite")
        generate(into: file)
        let started = Date()
        let keyFile = DatabaseOptions.auditKeyFile(config, paths: paths)
        let moved = Result {
            try AppDatabase.open(at: file).move(to: url, auditKeyFile: keyFile, progress: ProgressDisplay())
        }
        // Before `fail`, which ends the process without running what is deferred
        AppDatabase.removeFiles(at: file)
        do {
            let report = try moved.get()
            let rows = report.tables.reduce(0) { $0 + $1.sourceRows }
            Output.say(
                String(
                    format: "%@: moved into it, %d tables, %d rows, each read back with the same count and checksum, "
                        + "in %.1f s; its audit head is signed with the key in %@",
                    db, report.tables.count, rows, Date().timeIntervalSince(started), keyFile))
        } catch { fail(error) }
    }

    /// Into the new SQLite file `db`.
    private func generate(into db: String) {
        let folder =
            (db as NSString).deletingLastPathComponent.isEmpty ? "." : (db as NSString).deletingLastPathComponent
        var fs = statvfs()
        if statvfs(folder, &fs) == 0 {
            let free = Int64(fs.f_bavail) * Int64(fs.f_frsize)
            let need = Int64(cases) * Self.bytesPerCase + 50_000_000
            if free < need {
                fail(
                    Failure(
                        description:
                            "\(cases) cases need about \(Self.size(need)) in \(folder); only \(Self.size(free)) is free"
                    ))
            }
        }
        let started = Date()
        let trainer = User(account: OSAccount.current(), name: OSAccount.current(), role: .trainer)
        Interruption.install()
        do {
            let database = try AppDatabase.create(
                at: db, kind: .training, creator: trainer, at: Session.systemClock(),
                businessDate: CivilDate(parsing: businessDate))
            do {
                let summary = try Generator.generate(
                    into: database, cases: cases, seed: seed, account: trainer.account,
                    at: Session.systemClock(), progress: ProgressDisplay(), stop: { Interruption.wasRequested })
                summary.summaryLines.forEach(Output.say)
            } catch {
                // Half a database is no use to anyone: nothing of it is left.
                AppDatabase.removeFiles(at: db)
                if error is StoppedByRequest {
                    Output.error("casebench: generate stopped at your request; \(db) was removed")
                    Foundation.exit(130)
                }
                throw error
            }
        } catch { fail(error) }
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: db)[.size]) as? Int64) ?? 0
        Output.say(String(format: "%@: %@ in %.1f s", db, Self.size(bytes), Date().timeIntervalSince(started)))
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 30
            ? String(format: "%.1f GiB", Double(bytes) / Double(1 << 30))
            : String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }
}
