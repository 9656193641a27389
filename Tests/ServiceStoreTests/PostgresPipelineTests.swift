import Foundation
import PostgresTestSupport
import Testing

@testable import ServiceStore

/// Round trips on PostgreSQL (`PostgresConnection.executeAll`, `executeLater`): statements kept
/// or batched run as if sent one at a time — in order, each error thrown — in one round trip.
@Suite(
    "PostgreSQL statements sent together (engine-specific)",
    .needsPostgres)
struct PostgresPipelineTests {
    /// Counts the round trips `connection` makes, and what each carried.
    final class Trips: @unchecked Sendable {
        var sent: [[String]] = []
        init(_ connection: PostgresConnection) { connection.onRoundTrip = { self.sent.append($0) } }
    }

    @Test("Reads sent together each give their own rows, in one round trip; a prepared one too")
    func batchedReads() throws {
        try PostgresTestServer.withTable("id bigint PRIMARY KEY, note text") { db, table in
            try db.execute("INSERT INTO \(table) VALUES (1, 'one'), (2, 'two'), (3, NULL)")
            let trips = Trips(db)
            // Run three times: the second prepares the reused statement, the third runs it prepared.
            for _ in 0..<3 {
                let results = try db.executeAll([
                    PostgresStatement("SELECT note FROM \(table) WHERE id = $1", [.integer(2)], reused: true),
                    PostgresStatement("SELECT id FROM \(table) WHERE id > $1 ORDER BY id", [.integer(1)]),
                    PostgresStatement("SELECT count(*) AS n FROM \(table) WHERE note IS NULL"),
                ])
                #expect(results.count == 3)
                #expect(results[0].text(0, "note") == "two")
                #expect(results[1].values == [["2"], ["3"]])
                #expect(results[2].integer(0, "n") == 1)
            }
            #expect(trips.sent.count == 3)
            #expect(trips.sent.allSatisfy { $0.count == 3 })
        }
    }

    @Test("Kept statements run before the next one waited for, in its round trip and in order")
    func keptStatements() throws {
        try PostgresTestServer.withTable("id bigint PRIMARY KEY") { db, table in
            let trips = Trips(db)
            try db.executeLater("INSERT INTO \(table) VALUES ($1)", [.integer(1)])
            try db.executeLater("UPDATE \(table) SET id = id * 10")
            #expect(trips.sent.isEmpty)
            #expect(try db.execute("SELECT id FROM \(table)").values == [["10"]])
            #expect(trips.sent.count == 1)
            #expect(trips.sent[0].count == 3)
        }
    }

    @Test("An error in a kept statement is thrown from the next round trip, and fails its transaction whole")
    func keptError() throws {
        try PostgresTestServer.withTable("id bigint PRIMARY KEY") { db, table in
            try db.execute("INSERT INTO \(table) VALUES (1)")
            do {
                try db.transaction { tx in
                    try tx.executeLater("INSERT INTO \(table) VALUES (2)")
                    try tx.executeLater("INSERT INTO \(table) VALUES (1)") // the key is taken
                    try tx.executeLater("INSERT INTO \(table) VALUES (3)")
                    _ = try tx.execute("SELECT 1")
                    Issue.record("the taken key went unnoticed")
                }
            } catch let error as PostgresError {
                #expect(error.isUniqueViolation, "\(error)")
            }
            // Nothing of it stayed, and the connection goes on.
            #expect(try db.execute("SELECT id FROM \(table) ORDER BY id").values == [["1"]])
        }
    }

    @Test("A failing read among reads sent together throws the server's error; the connection goes on")
    func batchedError() throws {
        try PostgresTestServer.withTable("id bigint") { db, table in
            #expect(throws: PostgresError.self) {
                try db.executeAll([
                    PostgresStatement("SELECT count(*) FROM \(table)"), PostgresStatement("SELECT 1 / 0"),
                    PostgresStatement("SELECT 2"),
                ])
            }
            do {
                _ = try db.executeAll([PostgresStatement("SELECT 1"), PostgresStatement("SELEC 2")])
            } catch let error as PostgresError {
                #expect(error.sqlState == "42601", "\(error)")
            }
            #expect(try db.execute("SELECT 7 AS n").integer(0, "n") == 7)
        }
    }

    @Test("Kept statements of a transaction that is rolled back are never sent")
    func rolledBackKeptNothing() throws {
        struct Refused: Error {}
        try PostgresTestServer.withTable("id bigint") { db, table in
            let trips = Trips(db)
            #expect(throws: Refused.self) {
                try db.transaction { tx in
                    try tx.executeLater("INSERT INTO \(table) VALUES (1)")
                    throw Refused()
                }
            }
            let sent = trips.sent.joined()
            #expect(!sent.contains { $0.hasPrefix("INSERT") }, "\(sent)")
            let n = try db.execute("SELECT count(*) AS n FROM \(table)").integer(0, "n")
            #expect(n == 0)
        }
    }

    @Test("A write of many rows sends them as it goes, a batch at a time")
    func longWrite() throws {
        try PostgresTestServer.withTable("id bigint") { db, table in
            let trips = Trips(db)
            try db.transaction { tx in
                for id in 0..<(PostgresConnection.pendingLimit * 3) {
                    try tx.executeLater("INSERT INTO \(table) VALUES ($1)", [.integer(Int64(id))])
                }
            }
            #expect(trips.sent.map(\.count).max() == PostgresConnection.pendingLimit)
            let n = try db.execute("SELECT count(*) AS n FROM \(table)").integer(0, "n")
            #expect(n == Int64(PostgresConnection.pendingLimit * 3))
        }
    }
}
