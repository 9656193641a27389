import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("The audit trail is a hash chain: an edited, deleted, reordered or cut-off entry is named")
struct AuditChainTests {
    /// Ten commands, each writing one customer's contact: ten entries after the seed's.
    func trail(_ db: AppDatabase) throws {
        for i in 1...10 {
            try db.perform(Fixtures.command("contact \(i)", by: i % 2 == 0 ? "agnes" : "sam")) { tx in
                var c = try tx.customer("C-ACME")!
                c.contact = "Jo \(i)"
                try tx.saveCustomer(c)
            }
        }
    }

    /// SQL behind the commands' back, as someone with the file and sqlite3 would: the
    /// append-only triggers dropped and foreign keys off first.
    func tamper(_ db: AppDatabase, _ sql: String) throws {
        try db.writer.writeWithoutTransaction { d in
            try d.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? d.execute(sql: "PRAGMA foreign_keys = ON") }
            try d.inTransaction {
                try d.execute(sql: "DROP TRIGGER IF EXISTS audit_no_edit; DROP TRIGGER IF EXISTS audit_no_delete;")
                try d.execute(sql: sql)
                return .commit
            }
        }
    }

    func problem(_ db: AppDatabase, head: String? = nil) throws -> String? { try db.verifyAudit(head: head).problem }

    @Test("Every command, undo and refusal adds an entry chained to the one before", arguments: Storage.allCases)
    func holds(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            try trail(db)
            _ = try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.now) { _, _ in }
            try db.recordSecurityEvent(
                actor: Actor(account: "agnes"), at: Fixtures.now, command: "approve 1", caseID: nil,
                message: "agnes may not approve her own request")
            let verdict = try db.verifyAudit()
            #expect(verdict.problem == nil)
            #expect(verdict.entries == 13) // seed, ten commands, the undo, the refusal
            #expect(verdict.head?.entry == 13)
            #expect(try db.read { try $0.auditHead() } == verdict.head)
        }
    }

    @Test("An edited entry is named (SQLite)", arguments: Storage.sqlite)
    func edited(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            try trail(db)
            try tamper(db, "UPDATE audit_entry SET account = 'ada' WHERE id = 5")
            #expect(try problem(db) == "entry 5 was edited: its contents do not match its hash")
        }
    }

    @Test("A deleted entry is named by the one after it; the first one too (SQLite)", arguments: Storage.sqlite)
    func deleted(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            try trail(db)
            try tamper(db, "DELETE FROM audit_entry WHERE id = 6")
            #expect(
                try problem(db)
                    == "entry 7 does not follow entry 5: an entry between them was deleted, or entries were moved")
            try tamper(db, "DELETE FROM audit_entry WHERE id = 1")
            #expect(
                try problem(db)
                    == "entry 2 does not follow the start of the trail: an entry between them was deleted, or entries were moved"
            )
        }
    }

    @Test("Two entries swapped are found where the order breaks (SQLite)", arguments: Storage.sqlite)
    func reordered(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            try trail(db)
            try tamper(
                db,
                """
                UPDATE audit_entry SET id = -1 WHERE id = 4; UPDATE audit_entry SET id = 4 WHERE id = 5;
                UPDATE audit_entry SET id = 5 WHERE id = -1;
                """)
            #expect(
                try problem(db)
                    == "entry 4 does not follow entry 3: an entry between them was deleted, or entries were moved")
        }
    }

    @Test("A cut-off tail keeps an intact chain, but the head file beside the database names what is gone")
    func truncated() throws {
        try withStore(.disk) { db throws in
            try trail(db)
            let path = try #require(db.path)
            #expect(AuditHeadFile.read(for: path)?.entry == 11)
            try tamper(db, "DELETE FROM audit_entry WHERE id > 8")
            #expect(
                try problem(db)
                    == "the head file \(path).audit-head names entry 11, but the trail ends at entry 8: entries were cut off"
            )
        }
    }

    // Cutting the last entries and then deleting the head file, or filling it with noise,
    // once made `audit verify` answer "holds" without a word.
    @Test(
        "A cut-off tail with its head file deleted or garbled is no trail that holds", arguments: ["delete", "garble"])
    func headFileLost(how: String) throws {
        try withStore(.disk) { db throws in
            try trail(db)
            let path = try #require(db.path)
            try tamper(db, "DELETE FROM audit_entry WHERE id > 8")
            let file = AuditHeadFile.path(for: path)
            if how == "delete" {
                try FileManager.default.removeItem(atPath: file)
            } else {
                try Data("not a head at all\n".utf8).write(to: URL(fileURLWithPath: file))
            }
            let what = how == "delete" ? "is missing" : "holds no head (\"ENTRY HASH\")"
            #expect(
                try problem(db)
                    == "the head file \(file) \(what), so entries cut off the end of the trail could not be told; "
                    + "if that loss is known, an admin accepts the trail as it is with `audit rehead` "
                    + "(casebench audit verify --rehead)")

            // When an admin accepts the loss, it is on the trail and the trail holds again
            let accepted = try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            #expect(accepted.before == (how == "delete" ? "missing" : "unreadable"))
            #expect(accepted.head.entry == 12) // ids are never used twice, even lost ones
            #expect(try problem(db) == nil)
            let last = try #require(try db.read { try $0.auditEntries() }.last)
            #expect(last.command == "audit rehead" && last.account == "ada")
            #expect(last.message == "the head file was \(accepted.before); the trail is accepted as it is")
        }
    }

    @Test("Rehead accepts a head file naming lost entries, and refuses a trail that does not hold on its own")
    func reheadBackwards() throws {
        try withStore(.disk) { db throws in
            try trail(db)
            let path = try #require(db.path)
            try tamper(db, "DELETE FROM audit_entry WHERE id > 8")
            #expect(try problem(db)?.contains("names entry 11, but the trail ends at entry 8") == true)
            let accepted = try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            #expect(accepted.before.hasPrefix("entry 11 "))
            #expect(AuditHeadFile.read(for: path)?.entry == 12)
            #expect(try problem(db) == nil)
            try tamper(db, "UPDATE audit_entry SET message = 'edited' WHERE id = 3")
            #expect(throws: StoreError.self) {
                try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 101))
            }
        }
    }

    @Test("A head known from elsewhere must be on the chain (in memory, where there is no head file)")
    func knownHead() throws {
        try withStore(.memory) { db throws in
            try trail(db)
            let head = try #require(try db.verifyAudit().head)
            #expect(try problem(db, head: head.hash) == nil)
            try tamper(db, "DELETE FROM audit_entry WHERE id > 9")
            #expect(
                try problem(db, head: head.hash)
                    == "the head \(head.hash) is not on the chain (the trail ends at entry 9): entries were cut off, or the trail rewritten"
            )
        }
    }

    @Test("An entry's hash is SHA-256 over its fields, each as length:bytes (absent: -): the same on every platform")
    func knownAnswer() {
        let f = AuditChain.Fields(
            prev: "", id: 1, at: 0, account: "ada", actingAs: nil, kind: "command", command: "x",
            caseID: nil, message: "", changes: "[]")
        // sha256("0:1:11:03:ada-7:command1:x-0:2:[]"), computed with Python's hashlib
        #expect(AuditChain.hash(f) == "7a2ecf54971191f2ef2db386b013633a82d5fd7d9b19150d1407fae4b038fe93")
    }

    @Test("Hashes and signatures are written as two lowercase hex digits a byte, high digit first")
    func hexDigits() {
        #expect(AuditChain.hex([0x00, 0x09, 0x0a, 0x10, 0x7f, 0xa5, 0xf0, 0xff]) == "00090a107fa5f0ff")
        #expect(AuditChain.hex([UInt8]()) == "")
    }

    @Test("The head file only moves forwards: a process finishing late does not move it back")
    func headFileForwardOnly() throws {
        try withTemporaryDirectory { dir throws in
            let db = dir.file("x.sqlite")
            AuditHeadFile.advance(to: .init(entry: 5, hash: String(repeating: "a", count: 64)), for: db)
            AuditHeadFile.advance(to: .init(entry: 4, hash: String(repeating: "b", count: 64)), for: db)
            #expect(AuditHeadFile.read(for: db)?.entry == 5)
            AuditHeadFile.advance(to: .init(entry: 6, hash: String(repeating: "c", count: 64)), for: db)
            #expect(AuditHeadFile.read(for: db) == .init(entry: 6, hash: String(repeating: "c", count: 64)))
            #expect(
                try String(contentsOfFile: db + ".audit-head", encoding: .utf8)
                    == "6 \(String(repeating: "c", count: 64))\n")
        }
    }

    @Test("Commands cannot edit or delete audit entries: the table is append-only (SQLite)", arguments: Storage.sqlite)
    func appendOnly(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            #expect(throws: DatabaseError.self) {
                try db.writer.write { try $0.execute(sql: "UPDATE audit_entry SET message = 'x'") }
            }
            #expect(throws: DatabaseError.self) {
                try db.writer.write { try $0.execute(sql: "DELETE FROM audit_entry") }
            }
            #expect(try problem(db) == nil)
        }
    }

    @Test("A database written by the previous schema (v4) opens, upgraded: its entries chained, the trail verified")
    func upgradeFromV4() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("old.sqlite")
            // A v4 database as the previous release wrote it, with its audit entries
            do {
                let queue = try DatabaseQueue(path: path)
                try Schema.migrator.migrate(queue, upTo: "v4-postings")
                try queue.write { db in
                    for (k, v) in ["kind": "production", "created_by": "ada", "created_at": "0", "change_seq": "0"] {
                        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [k, v])
                    }
                    try db.execute(sql: "INSERT INTO app_user (account, name, role) VALUES ('ada', 'Ada', 'admin')")
                    for i in 1...3 {
                        try db.execute(
                            sql: "INSERT INTO audit_entry (at, account, kind, command) VALUES (?, 'ada', 'command', ?)",
                            arguments: [i * 60, "user add u\(i) agent"])
                    }
                }
                #expect(
                    try queue.read { try Schema.migrator.appliedIdentifiers($0) }.contains("v5-audit-chain") == false)
            }
            let db = try AppDatabase.open(at: path)
            let verdict = try db.verifyAudit()
            #expect(verdict.problem == nil && verdict.entries == 3)
            // and the trail goes on from there
            try db.perform(Fixtures.command("after the upgrade")) { _ in }
            #expect(try db.verifyAudit().entries == 4 && db.verifyAudit().problem == nil)
            #expect(
                try db.read { try $0.auditEntries() }.map(\.command) == [
                    "user add u1 agent", "user add u2 agent", "user add u3 agent",
                    "after the upgrade",
                ])
        }
    }
}
