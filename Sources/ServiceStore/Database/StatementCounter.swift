import Foundation
internal import GRDB

/// How many SQL statements a database's connection has run since it was made: the measure
/// of how much a key press reads, which tests bound without timing anything.
public final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// The statements run so far.
    public var value: Int { lock.withLock { count } }

    fileprivate func add() { lock.withLock { count += 1 } }
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
                guard let containing, case .statement(let statement) = event else { return counter.add() }
                if statement.sql.contains(containing) { counter.add() }
            }
        }
        return counter
    }
}
