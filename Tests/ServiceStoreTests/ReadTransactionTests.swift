import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("Reads")
struct ReadTransactionTests {
    // GRDB's read switched the connection to query-only and back around every read, and SQLite
    // expires every prepared statement at each switch: each read compiled its statements again.
    @Test("A read leaves the connection's compiled statements alone: it never switches it to query-only")
    func readKeepsStatements() throws {
        try withStore(.memory) { db throws in
            // (One trace at a time: a counter replaces the one before.)
            let switches = db.countStatements(containing: "query_only")
            for _ in 0..<3 { _ = try db.read { try $0.customer("C-ACME") } }
            #expect(switches.value == 0)
            let reads = db.countStatements(containing: "FROM customer")
            _ = try db.read { try $0.customer("C-ACME") }
            #expect(reads.value == 1, "the reads are traced")
        }
    }

    @Test("A read that writes is refused, and what it wrote is undone", arguments: Storage.allCases)
    func readThatWrites(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            #expect(throws: StoreError.self) {
                try db.read { tx throws in
                    try tx.db.execute(sql: "UPDATE customer SET name = 'Gone' WHERE id = 'C-ACME'")
                }
            }
            #expect(try db.read { try $0.customer("C-ACME")?.name } == Fixtures.acme.name)
        }
    }
}
