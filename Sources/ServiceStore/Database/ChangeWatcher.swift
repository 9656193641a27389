internal import GRDB

/// Tells whether another connection — another workbench, `batch`, an import — has committed
/// to the database since the last look. SQLite's `data_version` moves only for other
/// connections' commits and is per connection, so the watcher keeps a connection of its own.
/// ValueObservation cannot do this: it sees only this process's writes.
public final class ChangeWatcher {
    private let connection: DatabaseQueue?
    private var last: Int64?

    /// Watches the database file at `path`; a watcher of an in-memory database never fires.
    public init(path: String?) throws {
        if let path {
            var config = Configuration()
            config.readonly = true
            // On a read-only medium it reads as the database's own connection does (immutable).
            connection = try AppDatabase.connect(path, config, at: try AppDatabase.readingLocation(path))
        } else {
            connection = nil
        }
        last = try version()
    }

    private func version() throws -> Int64? {
        try connection?.inDatabase { try Int64.fetchOne($0, sql: "PRAGMA data_version") }
    }

    /// True once for each batch of commits by others since the last call.
    public func hasChanged() throws -> Bool {
        let now = try version()
        defer { last = now }
        return now != last
    }
}

extension AppDatabase {
    /// On PostgreSQL a watcher that never fires: nothing records on a desk there yet.
    public func changeWatcher() throws -> ChangeWatcher { try ChangeWatcher(path: postgres == nil ? path : nil) }
}
