internal import GRDB

/// Tells whether another connection — another workbench, `batch`, an import — has committed
/// to the database since the last look. SQLite's `data_version` moves only for other
/// connections' commits and is per connection, so the watcher keeps a connection of its own.
/// ValueObservation cannot do this: it sees only this process's writes. On PostgreSQL the
/// watcher's own connection listens for the notice every write sends (`PostgresDesk.write`),
/// and passes over those this process's desk connection sent.
public final class ChangeWatcher {
    private enum Source {
        case sqlite(DatabaseQueue)
        case postgres(PostgresConnection, own: Int32)
        case none
    }

    private let source: Source
    private var last: Int64?

    /// Watches the database file at `path`; a watcher of an in-memory database never fires.
    public init(path: String?) throws {
        if let path {
            var config = Configuration()
            config.readonly = true
            // On a read-only medium it reads as the database's own connection does (immutable).
            source = .sqlite(try AppDatabase.connect(path, config, at: try AppDatabase.readingLocation(path)))
        } else {
            source = .none
        }
        last = try version()
    }

    /// Watches a PostgreSQL desk for commits by any connection but `own`.
    init(postgres url: PostgresURL, own: Int32) throws {
        let connection = try PostgresConnection(url)
        try connection.listen(PostgresDesk.changeChannel)
        source = .postgres(connection, own: own)
    }

    private func version() throws -> Int64? {
        guard case .sqlite(let connection) = source else { return nil }
        return try connection.inDatabase { try Int64.fetchOne($0, sql: "PRAGMA data_version") }
    }

    /// True once for each batch of commits by others since the last call.
    public func hasChanged() throws -> Bool {
        if case .postgres(let connection, let own) = source {
            return try connection.notifications(timeout: 0).contains { $0.payload != String(own) }
        }
        let now = try version()
        defer { last = now }
        return now != last
    }
}

extension AppDatabase {
    public func changeWatcher() throws -> ChangeWatcher {
        if let postgres { return try ChangeWatcher(postgres: postgres.url, own: postgres.serverProcess) }
        return try ChangeWatcher(path: path)
    }
}
