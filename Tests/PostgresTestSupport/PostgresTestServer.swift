import Foundation
import ServiceStore
import Synchronization

/// The throw-away cluster the tests may use: `scripts/pg-cluster.sh start` prints the variable,
/// and CI sets it. Without it these tests are skipped, and say why.
public enum PostgresTestServer {
    public static let url: PostgresURL? = ProcessInfo.processInfo.environment["CASEBENCH_TEST_POSTGRES"].flatMap {
        try? PostgresURL($0)
    }

    public static func connect() throws -> PostgresConnection { try PostgresConnection(url!) }

    /// A schema of this test's own, dropped when `body` ends: the connection has it first on its
    /// search path, and the URL names it for connections of the code under test.
    public static func withSchema<T>(_ body: (PostgresConnection, PostgresURL) throws -> T) throws -> T {
        let schema = try Schema()
        defer { schema.drop() }
        return try body(schema.connection, schema.url)
    }

    /// A schema of its own for a test that outlives one closure (a desk dropped at its end).
    public final class Schema: @unchecked Sendable {
        public let connection: PostgresConnection
        public let url: PostgresURL
        private let name = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()

        public init() throws {
            connection = try PostgresTestServer.connect()
            try connection.execute("CREATE SCHEMA \(name)")
            try connection.execute("SET search_path TO \(name)")
            let base = PostgresTestServer.url!.text
            url = try PostgresURL(base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)")
        }

        public func drop() { _ = try? connection.execute("DROP SCHEMA \(name) CASCADE") }

        /// Dropped when the test process ends: a desk's database may outlive the desk that made
        /// it (a session taken from it goes on using it).
        public static func forTheRun() throws -> Schema {
            let schema = try Schema()
            leftForExit.withLock { schemas in
                if schemas.isEmpty { atexit { PostgresTestServer.Schema.dropLeft() } }
                schemas.append(schema)
            }
            return schema
        }

        private static let leftForExit = Mutex<[Schema]>([])

        private static func dropLeft() {
            leftForExit.withLock { schemas in
                for schema in schemas { schema.drop() }
            }
        }
    }

    /// Whether the suites that run on a desk in memory run on PostgreSQL instead
    /// (`CASEBENCH_TEST_DESK=postgresql`, as `.ci/run` runs the workbench suite a second time).
    public static var desksOnPostgres: Bool {
        url != nil && ProcessInfo.processInfo.environment["CASEBENCH_TEST_DESK"] == "postgresql"
    }

    /// A database of this test's own, dropped when `body` ends, for a test whose writes must
    /// meet no other test's: advisory locks belong to a database, not to a schema.
    public static func withDatabase<T>(_ body: (PostgresURL) throws -> T) throws -> T {
        let name = "d_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try connect()
        try admin.execute("CREATE DATABASE \(name)")
        defer { _ = try? admin.execute("DROP DATABASE \(name) WITH (FORCE)") }
        var parts = URLComponents(string: url!.text)!
        parts.path = "/" + name
        return try body(try PostgresURL(parts.string!))
    }

    /// A table of this test's own, dropped when `body` ends.
    public static func withTable<T>(_ columns: String, _ body: (PostgresConnection, String) throws -> T) throws -> T {
        let connection = try connect()
        let table = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try connection.execute("CREATE TABLE \(table) (\(columns))")
        defer { _ = try? connection.execute("DROP TABLE \(table)") }
        return try body(connection, table)
    }
}
