import Foundation
internal import GRDB

/// How many SQL statements a database's connection has run since it was made, and which: the
/// measure of how much a key press reads, and the order a write runs its statements in, which
/// tests bound without timing anything.
public final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var sql: [String] = []
    private var trips = 0

    /// The statements run so far.
    public var value: Int { lock.withLock { sql.count } }

    /// Their SQL, in the order they ran.
    public var statements: [String] { lock.withLock { sql } }

    /// How many times the program waited for the database's answer: on PostgreSQL the round
    /// trips to the server, each of which may carry several statements (`executeLater`,
    /// `readAll`); on SQLite, which answers in the process, the statements.
    public var roundTrips: Int { lock.withLock { trips } }

    fileprivate func add(_ statements: [String]) {
        lock.withLock {
            sql += statements
            if !statements.isEmpty { trips += 1 }
        }
    }
}

extension AppDatabase {
    /// Counts every statement the database's connection runs from now on — or only those whose
    /// SQL contains `containing` (SQLite's trace hook, or what PostgreSQL's connection sends;
    /// one at a time, so one counter per database). SQLite's count takes in its triggers'
    /// statements, as "-- …"; PostgreSQL runs triggers on the server, unseen.
    public func countStatements(containing: String? = nil) -> StatementCounter {
        let counter = StatementCounter()
        let writer: DatabaseQueue
        switch engine {
        case .postgres(let desk):
            // What the desk's connection sends: each a round trip to the server.
            desk.observeRoundTrips { trip in
                counter.add(trip.filter { containing.map($0.contains) ?? true })
            }
            return counter
        case .sqlite(let queue): writer = queue
        }
        writer.inDatabase { db in
            db.trace(options: .statement) { event in
                guard case .statement(let statement) = event else { return }
                if containing.map(statement.sql.contains) ?? true { counter.add([statement.sql]) }
            }
        }
        return counter
    }
}
