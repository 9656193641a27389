import Foundation
import ServiceStore

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
        let db = try connect()
        let schema = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try db.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? db.execute("DROP SCHEMA \(schema) CASCADE") }
        try db.execute("SET search_path TO \(schema)")
        let url = try PostgresURL(
            url!.text + (url!.text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)")
        return try body(db, url)
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
