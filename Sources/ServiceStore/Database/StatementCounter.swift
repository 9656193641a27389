import Foundation
internal import GRDB

/// How many SQL statements a database's connection has run since it was made, and which: the
/// measure of how much a key press reads, and the order a write runs its statements in, which
/// tests bound without timing anything.
public final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var sql: [String] = []

    /// The statements run so far.
    public var value: Int { lock.withLock { sql.count } }

    /// Their SQL, in the order they ran.
    public var statements: [String] { lock.withLock { sql } }

    fileprivate func add(_ statement: String) { lock.withLock { sql.append(statement) } }
}

extension AppDatabase {
    /// Counts every statement the database's connection runs from now on — or only those whose
    /// SQL contains `containing` (SQLite's trace hook; one at a time, so one counter per database).
    public func countStatements(containing: String? = nil) -> StatementCounter {
        let counter = StatementCounter()
        // SQLite's hook; PostgreSQL's statements are not counted (the tests that bound them run on SQLite).
        guard case .sqlite(let writer) = engine else { return counter }
        writer.inDatabase { db in
            db.trace(options: .statement) { event in
                guard case .statement(let statement) = event else { return }
                if containing.map(statement.sql.contains) ?? true { counter.add(statement.sql) }
            }
        }
        return counter
    }
}
