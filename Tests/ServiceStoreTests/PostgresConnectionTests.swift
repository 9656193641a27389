import Foundation
import PostgresTestSupport
import Testing

@testable import ServiceStore

@Suite(
    "PostgreSQL through libpq (engine-specific)",
    .needsPostgres)
struct PostgresConnectionTests {
    @Test("Values go apart from the statement and come back as they went: quotes, emoji, the largest integer, bytes")
    func roundTrip() throws {
        try PostgresTestServer.withTable("id bigint PRIMARY KEY, note text, flag boolean, blob bytea") { db, table in
            let note = "O'Brien said \"fixed\"; DROP TABLE x; -- 🔧 \\ done"
            try db.execute(
                "INSERT INTO \(table) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)",
                [
                    .integer(.max), .text(note), .boolean(true), .bytes([0, 1, 0xFE, 0xFF]),
                    .integer(.min), .null, .boolean(false), .null,
                ])
            let rows = try db.execute("SELECT id, note, flag, blob FROM \(table) ORDER BY id DESC")
            #expect(rows.columns == ["id", "note", "flag", "blob"])
            #expect(rows.integer(0, "id") == .max)
            #expect(rows.text(0, "note") == note)
            #expect(rows.text(0, "flag") == "t")
            #expect(rows.text(0, "blob") == "\\x0001feff")
            #expect(rows.integer(1, "id") == .min)
            #expect(rows.text(1, "note") == nil)
        }
    }

    @Test("A password goes beside the URL, whose parameters still hold (engine-specific)")
    func passwordBesideURL() throws {
        try PostgresTestServer.withSchema { _, url in
            // The test cluster trusts its socket: the password is not asked for, and the URL is kept whole
            let connection = try PostgresConnection(url, password: "unused")
            #expect(try connection.execute("SHOW search_path").text(0, "search_path")?.hasPrefix("s_") == true)
        }
    }

    @Test("Text with a NUL byte is refused before anything is sent, naming the value; nothing is written")
    func nulRefused() throws {
        try PostgresTestServer.withTable("note text") { db, table in
            #expect(
                throws: PostgresError(
                    sqlState: nil, message: "value $1 holds a NUL character, which PostgreSQL text cannot hold")
            ) {
                try db.execute("INSERT INTO \(table) VALUES ($1)", [.text("cleaned\u{0}valve")])
            }
            let count = try db.execute("SELECT count(*) AS n FROM \(table)").integer(0, "n")
            #expect(count == 0)
        }
    }

    @Test("The server's errors keep their SQLSTATE: a taken key, a syntax error")
    func errors() throws {
        try PostgresTestServer.withTable("id integer PRIMARY KEY") { db, table in
            try db.execute("INSERT INTO \(table) VALUES (1)")
            do {
                try db.execute("INSERT INTO \(table) VALUES (1)")
                Issue.record("a second row with key 1 was accepted")
            } catch let error as PostgresError {
                #expect(error.isUniqueViolation, "\(error)")
            }
            #expect(throws: PostgresError.self) { try db.execute("SELEC 1") }
            do { try db.execute("SELEC 1") } catch let error as PostgresError {
                #expect(error.sqlState == "42601", "\(error)")
            }
        }
    }

    @Test("A transaction that throws leaves nothing; one that returns is committed")
    func transactions() throws {
        struct Refused: Error {}
        try PostgresTestServer.withTable("id integer") { db, table in
            #expect(throws: Refused.self) {
                try db.transaction { tx in
                    try tx.execute("INSERT INTO \(table) VALUES (1)")
                    throw Refused()
                }
            }
            try db.transaction { tx in try tx.execute("INSERT INTO \(table) VALUES (2)") }
            #expect(try db.execute("SELECT id FROM \(table)").values == [["2"]])
        }
    }

    /// Two closings spending one lifetime cap, the second interleaved inside the first: at
    /// SERIALIZABLE the first is refused (40001) and run again, then sees the second's spend.
    @Test("Two serializable spends of one cap never both pass: the loser is run again and sees the winner")
    func serializableRetry() throws {
        try PostgresTestServer.withTable("amount bigint NOT NULL") { db, table in
            let other = try PostgresTestServer.connect()
            let cap: Int64 = 1_000
            func spend(_ tx: PostgresConnection, _ amount: Int64) throws -> Bool {
                let spent = try tx.execute("SELECT coalesce(sum(amount), 0)::bigint AS s FROM \(table)").integer(
                    0, "s")!
                guard spent + amount <= cap else { return false }
                try tx.execute("INSERT INTO \(table) VALUES ($1::bigint)", [.integer(amount)])
                return true
            }
            var attempts = 0
            let first = try db.transaction(.serializable) { tx -> Bool in
                attempts += 1
                let spent = try tx.execute("SELECT coalesce(sum(amount), 0)::bigint AS s FROM \(table)").integer(
                    0, "s")!
                if attempts == 1 {
                    // Meanwhile, another desk spends 700 of the cap and commits
                    #expect(try other.transaction(.serializable) { try spend($0, 700) })
                }
                guard spent + 600 <= cap else { return false }
                try tx.execute("INSERT INTO \(table) VALUES (600)")
                return true
            }
            #expect(attempts == 2)
            #expect(first == false)
            #expect(try db.execute("SELECT sum(amount)::bigint AS s FROM \(table)").integer(0, "s") == 700)
        }
    }

    /// The store's statements run thousands of times a session: parsing and planning each anew
    /// was most of a write's time on the server.
    @Test(
        "A statement run again is prepared once and then only executed; one run once is not kept; a rollback keeps it")
    func preparedOnSecondRun() throws {
        try PostgresTestServer.withTable("id bigint") { db, table in
            let insert = "INSERT INTO \(table) VALUES ($1)"
            func planned(_ sql: String) throws -> Int64? {
                try db.execute(
                    "SELECT (generic_plans + custom_plans)::bigint AS n FROM pg_prepared_statements WHERE statement = $1",
                    [.text(sql)]
                ).integer(0, "n")
            }
            try db.execute(insert, [.integer(1)], reused: true)
            #expect(try planned(insert) == nil, "a text run once was prepared")
            struct Undo: Error {}
            #expect(throws: Undo.self) {
                try db.transaction { tx in
                    try tx.execute(insert, [.integer(2)], reused: true)
                    throw Undo()
                }
            }
            for id in 3...5 { try db.execute(insert, [.integer(Int64(id))], reused: true) }
            #expect(try planned(insert) == 4, "prepared at its second run, then executed three times more")
            #expect(try db.execute("SELECT id FROM \(table) ORDER BY id").values == [["1"], ["3"], ["4"], ["5"]])
            try db.execute("SELECT count(*) FROM \(table) WHERE id > $1", [.integer(0)])
            #expect(
                try planned("SELECT count(*) FROM \(table) WHERE id > $1") == nil,
                "a statement not marked reused was kept")
        }
    }

    @Test("A notification reaches a listening connection within a second, naming the sender; a rolled-back one never")
    func listenNotify() throws {
        let listener = try PostgresTestServer.connect()
        let sender = try PostgresTestServer.connect()
        let channel = "cases_" + UUID().uuidString.prefix(8).lowercased()
        try listener.listen(channel)
        #expect(try listener.notifications(timeout: 0).isEmpty)
        struct Undo: Error {}
        #expect(throws: Undo.self) {
            try sender.transaction { tx in
                try tx.notify(channel, payload: "rolled back")
                throw Undo()
            }
        }
        try sender.notify(channel, payload: "case 42")
        let received = try listener.notifications(timeout: 1_000)
        #expect(
            received == [
                PostgresNotification(channel: channel, payload: "case 42", serverProcess: sender.serverProcess)
            ])
    }

    @Test("A server that is not there is named in the error")
    func noServer() throws {
        let url = try PostgresURL("postgresql:///casebench?host=/nonexistent-casebench-socket")
        do {
            _ = try PostgresConnection(url)
            Issue.record("connected to nothing")
        } catch {
            #expect(error.message.hasPrefix("cannot connect to \(url):"), "\(error)")
        }
    }
}
