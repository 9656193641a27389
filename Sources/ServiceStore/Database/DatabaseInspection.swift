import Foundation
internal import GRDB

/// What `casebench doctor` reports of a database, found without changing it: through the
/// read-only probe `open` looks through first, never the writer, which would upgrade the
/// schema. A missing, foreign, damaged, newer or unfinished file is thrown as `open` throws it.
public struct DatabaseInspection: Sendable {
    public let path: String
    public let kind: DatabaseKind?
    /// The schema's migrations applied to it, and all this Casebench knows, in order.
    public let appliedMigrations: [String]
    public let knownMigrations: [String]
    /// "wal" for every database `create` made: WAL is kept in the file's header. Read from the
    /// header, since a connection reading the file as immutable reports "delete" whatever it
    /// holds; a file not in WAL is named by `PRAGMA journal_mode`.
    public let journalMode: String
    /// "owned by ada, group casebench, mode 0660".
    public let ownership: String
    /// The file's permission bits.
    public let mode: mode_t
    /// Why this process could not record anything in it; nil when it can.
    public let whyReadOnly: String?
    /// Bytes this process may still use on its file system, and where that is mounted.
    public let freeBytes: Int64?
    public let mountPoint: String

    /// Migrations this Casebench knows that the file lacks: the next `open` applies them.
    public var pendingMigrations: [String] { knownMigrations.filter { !appliedMigrations.contains($0) } }

    /// Below this, SQLite fails even to read (it needs room for its shared-memory index).
    public static let nearlyFullBytes = FileSystem.nearlyFull

    /// "3.2 MB", "16 KB": free space in words.
    public static func size(_ bytes: Int64) -> String { FileSystem.size(bytes) }

    public static func inspect(at path: String, busyTimeout: Double = 5) throws -> DatabaseInspection {
        let (probe, readOnly) = try AppDatabase.probe(path, busyTimeout: busyTimeout, leavingNoFiles: true)
        defer { try? probe.close() }
        let (kind, applied, journal) = try StoreError.translating(path, busyTimeout: busyTimeout) {
            try probe.read { db in
                let kind = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'kind'")
                    .flatMap(DatabaseKind.init(rawValue:))
                let applied = try Schema.migrator.appliedIdentifiers(db)
                let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown"
                return (kind, applied, journal)
            }
        }
        let known = Schema.migrator.migrations
        // In the shared deployment's folder only the program's group may look at the file.
        return GroupPrivilege.withGroup(for: path) {
            var st = stat()
            let mode = stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
            return DatabaseInspection(
                path: path, kind: kind, appliedMigrations: known.filter(applied.contains), knownMigrations: known,
                journalMode: isWAL(path) ? "wal" : journal.lowercased(), ownership: FileSharing.facts(path),
                mode: mode, whyReadOnly: readOnly, freeBytes: FileSystem.freeBytes(path),
                mountPoint: FileSystem.mountPoint(of: FileSystem.folder(of: path)))
        }
    }

    /// Whether the header says WAL: bytes 18 and 19 (the file format's write and read
    /// versions) are 2 in a WAL database, 1 in a rollback-journal one (sqlite.org/fileformat.html).
    private static func isWAL(_ path: String) -> Bool {
        guard let file = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? file.close() }
        guard let header = try? file.read(upToCount: 20), header.count == 20 else { return false }
        return header[18] == 2 && header[19] == 2
    }
}
