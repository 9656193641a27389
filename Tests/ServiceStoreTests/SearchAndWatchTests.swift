import Foundation
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("Finding cases as one types, and seeing others' commits")
struct SearchAndWatchTests {
    /// Cases: 1 "Pump leaks" at Acme (SN-1), 2 "Noisy fan" at Blumenthal (SN-2), 3 "Pump noisy" at Corvin (SN-3).
    func seededCases(_ db: AppDatabase) throws {
        try db.perform(Fixtures.command("cases", undoable: false)) { tx in
            _ = try tx.insertCase(Fixtures.newCase("SN-1", customer: "C-ACME", subject: "Pump leaks"), by: "agnes")
            _ = try tx.insertCase(Fixtures.newCase("SN-2", customer: "C-BLUM", subject: "Noisy fan"), by: "agnes")
            _ = try tx.insertCase(Fixtures.newCase("SN-3", customer: "C-CORV", subject: "Pump noisy"), by: "agnes")
        }
    }

    func found(_ db: AppDatabase, _ search: String) throws -> [Int64] {
        try db.read { tx in
            try tx.queue(QueueQuery(view: .all, sort: .id, account: "agnes", today: Fixtures.today, search: search))
                .map(\.id.rawValue)
        }
    }

    /// The index holds exactly the text of its content, the cases as they are now: FTS5's
    /// integrity check, with rank 1, compares the two (issue 18: the index keeps no copy, so a
    /// trigger that removed other text than was indexed would leave it quietly wrong).
    func indexAgreesWithCases(_ db: AppDatabase) throws {
        try db.bulkWrite { tx in
            try tx.db.execute(sql: "INSERT INTO case_search (case_search, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test("Every word must match the start of a word in the subject, customer or serial", arguments: Storage.allCases)
    func search(_ storage: Storage) throws {
        try withStore(storage) { db in
            try seededCases(db)
            #expect(try found(db, "pump") == [1, 3])
            #expect(try found(db, "pu no") == [3])
            #expect(try found(db, "blumen") == [2])
            #expect(try found(db, "SN-2") == [2])
            #expect(try found(db, "2") == [2]) // a case number
            #expect(try found(db, "#3") == [3])
            #expect(try found(db, "umen") == []) // prefixes only
            // What the user types is never FTS syntax: a quote is punctuation, OR is a word
            #expect(try found(db, "\"pump") == [1, 3])
            #expect(try found(db, "pump OR") == [])
            #expect(try found(db, "  ") == [1, 2, 3]) // nothing to find: no filter
            let count = try db.read {
                try $0.queueCount(QueueQuery(view: .all, account: "agnes", today: Fixtures.today, search: "pump"))
            }
            #expect(count == 2)
        }
    }

    @Test("Accents fold: muller finds Müller; and a renamed customer or subject is found by its new name")
    func searchFollowsChanges() throws {
        try withStore(.memory) { db in
            try seededCases(db)
            try db.perform(Fixtures.command("rename")) { tx in
                var c = try #require(try tx.customer("C-ACME"))
                c.name = "Müller Bäckerei"
                try tx.saveCustomer(c)
                var k = try #require(try tx.serviceCase(CaseID(2)))
                k.subject = "Fan rattles"
                try tx.updateCase(k)
            }
            #expect(try found(db, "muller") == [1])
            #expect(try found(db, "acme") == [])
            #expect(try found(db, "rattles") == [2])
            #expect(try found(db, "noisy") == [3])
            try indexAgreesWithCases(db)
            // A case moved to another customer is found by that customer's name only
            try db.perform(Fixtures.command("move")) { tx in
                try tx.db.execute(sql: "UPDATE service_case SET customer_id = 'C-BLUM' WHERE id = 3")
            }
            #expect(try found(db, "blumenthal") == [2, 3])
            #expect(try found(db, "corvin") == [])
            try indexAgreesWithCases(db)
            // and a case taken out (as undo of its opening does) leaves nothing behind
            try db.perform(Fixtures.command("remove")) { tx in
                try tx.db.execute(sql: "DELETE FROM service_case WHERE id = 1")
            }
            #expect(try found(db, "muller") == [])
            #expect(try found(db, "noisy") == [3])
            try indexAgreesWithCases(db)
        }
    }

    @Test("Undo of a new case takes it out of the index too")
    func searchAndUndo() throws {
        try withStore(.memory) { db in
            try db.perform(Fixtures.command("open")) { tx in
                tx.commandCase = try tx.insertCase(Fixtures.newCase(subject: "Boiler whistles"), by: "ada")
            }
            #expect(try found(db, "whistles") == [1])
            _ = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.now) { _, _ in }
            #expect(try found(db, "whistles") == [])
            try indexAgreesWithCases(db)
            _ = try db.step(.redo, actor: Actor(account: "ada"), at: Fixtures.now) { _, _ in }
            #expect(try found(db, "whistles") == [1])
            try indexAgreesWithCases(db)
        }
    }

    @Test("A watcher sees another connection's commit once, and never its own reads")
    func changeWatcher() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("w.sqlite")
            _ = try AppDatabase.create(at: path, kind: .training, creator: Fixtures.ada, at: Fixtures.now)
            let mine = try AppDatabase.open(at: path)
            let theirs = try AppDatabase.open(at: path)
            let watcher = try mine.changeWatcher()
            #expect(try watcher.hasChanged() == false)
            _ = try mine.read { try $0.users() }
            #expect(try watcher.hasChanged() == false)
            // When another workbench commits
            try theirs.perform(Fixtures.command("add customer")) { try $0.saveCustomer(Fixtures.acme) }
            // Then the watcher fires once
            #expect(try watcher.hasChanged() == true)
            #expect(try watcher.hasChanged() == false)
        }
    }

    @Test("An in-memory database's watcher never fires")
    func inMemoryWatcher() throws {
        try withStore(.memory) { db in
            let watcher = try db.changeWatcher()
            try db.perform(Fixtures.command("add")) { try $0.saveCustomer(Fixtures.corv) }
            #expect(try watcher.hasChanged() == false)
        }
    }
}
