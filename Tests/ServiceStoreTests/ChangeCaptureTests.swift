import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

/// Commands as the workbench runs them: the work, then a new version on the case.
private func editCase(
    _ db: AppDatabase, _ id: CaseID, by account: String, label: String? = nil,
    _ change: (inout ServiceCase) -> Void
) throws {
    try db.perform(Fixtures.command(label ?? "edit case \(id)", by: account)) { tx in
        var c = try #require(try tx.serviceCase(id))
        change(&c)
        try tx.updateCase(c)
        try tx.touchCase(id, by: account)
    }
}

private func renameCustomer(
    _ db: AppDatabase, _ id: String, to name: String, by account: String = "ada",
    actingAs: String? = nil, label: String = "rename customer"
) throws {
    try db.perform(Fixtures.command(label, by: account, actingAs: actingAs)) { tx in
        var c = try #require(try tx.customer(id))
        c.name = name
        try tx.saveCustomer(c)
    }
}

/// Opens case 1 for agnes, outside anyone's undo history.
private func openCaseOne(_ db: AppDatabase) throws -> CaseID {
    try db.perform(Fixtures.command("open case", by: "agnes", undoable: false)) { tx in
        try tx.insertCase(Fixtures.newCase(), by: "agnes")
    }
}

private func undoStates(_ db: AppDatabase) throws -> [String] {
    try db.read {
        try String.fetchAll($0.db, sql: "SELECT account || ' ' || label || ' ' || state FROM undo_entry ORDER BY id")
    }
}

private func noRefresh(_: StoreTransaction, _: CaseID?) {}

@Suite("Change capture, audit trail, undo and redo")
struct ChangeCaptureTests {
    @Test(
        "An audit entry carries the before and after image of every row the command changed",
        arguments: Storage.allCases)
    func auditImages(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let dune = Customer(id: "C-DUNE", name: "Dune Laundry", region: "EAST")

            // When
            try db.perform(Fixtures.command("customers", at: Fixtures.at(5))) { tx in
                try tx.saveCustomer(
                    Customer(id: "C-ACME", name: "Acme Bakery Ltd", region: "NORTH", contact: "Jo Baker 555-0101"))
                try tx.saveCustomer(dune)
            }

            // Then
            let acmeBefore: [String: SQLValue] = [
                "id": .text("C-ACME"), "name": .text("Acme Bakery"), "region": .text("NORTH"),
                "contact": .text("Jo Baker 555-0101"), "needs_review": .integer(0),
            ]
            var acmeAfter = acmeBefore
            acmeAfter["name"] = .text("Acme Bakery Ltd")
            let duneAfter: [String: SQLValue] = [
                "id": .text("C-DUNE"), "name": .text("Dune Laundry"), "region": .text("EAST"),
                "contact": .text(""), "needs_review": .integer(0),
            ]
            #expect(
                try latestAuditChanges(db) == [
                    RowChange(table: "customer", before: acmeBefore, after: acmeAfter),
                    RowChange(table: "customer", before: nil, after: duneAfter),
                ])
            let entry = try #require(try db.read { try $0.auditEntries() }.last)
            #expect(entry.account == "ada")
            #expect(entry.actingAs == nil)
            #expect(entry.kind == "command")
            #expect(entry.command == "customers")
            #expect(entry.at == Fixtures.at(5))
            #expect(entry.caseID == nil)
            #expect(entry.changedTables == ["customer"])
            let subjects = try db.read {
                try String.fetchAll(
                    $0.db, sql: "SELECT subject FROM audit_subject WHERE entry_id = ? ORDER BY subject",
                    arguments: [entry.id])
            }
            #expect(subjects == ["customer:C-ACME", "customer:C-DUNE"])
        }
    }

    @Test("A row changed several times in one command is one change; a row inserted and deleted again leaves none")
    func collectNets() throws {
        try withStore(.memory) { db throws in
            // When
            try db.perform(Fixtures.command("shuffle")) { tx in
                try tx.saveCustomer(Customer(id: "C-NEW", name: "First", region: "EAST"))
                try tx.saveCustomer(Customer(id: "C-NEW", name: "Second", region: "EAST"))
                try tx.saveCustomer(Customer(id: "C-NEW", name: "Third", region: "WEST"))
                try tx.saveCustomer(Customer(id: "C-TEMP", name: "Gone", region: "EAST"))
                try tx.db.execute(sql: "DELETE FROM customer WHERE id = 'C-TEMP'")
                try tx.saveCustomer(Fixtures.acme) // unchanged: a no-op update
            }

            // Then
            #expect(
                try latestAuditChanges(db) == [
                    RowChange(
                        table: "customer", before: nil,
                        after: [
                            "id": .text("C-NEW"), "name": .text("Third"), "region": .text("WEST"),
                            "contact": .text(""), "needs_review": .integer(0),
                        ])
                ])
        }
    }

    @Test("A command's changed columns are those that differ; an insert or delete changes them all")
    func changedColumns() {
        // Given
        let before: [String: SQLValue] = ["id": .integer(1), "name": .text("a"), "note": .null]
        let after: [String: SQLValue] = ["id": .integer(1), "name": .text("b"), "note": .text("x")]

        // When / Then
        #expect(RowChange(table: "t", before: before, after: after).changedColumns == ["name", "note"])
        #expect(RowChange(table: "t", before: nil, after: after).changedColumns == ["id", "name", "note"])
        #expect(RowChange(table: "t", before: before, after: nil).changedColumns == ["id", "name", "note"])
        #expect(RowChange(table: "t", before: before, after: before).changedColumns == [])
    }

    @Test(
        "A command's audit entry names its case, the account and the user it acted as; the undo history is the acted-as user's"
    )
    func actingAs() throws {
        try withStore(.memory) { db throws in
            // When
            let id = try db.perform(Fixtures.command("open case", by: "tina", actingAs: "agnes")) { tx in
                try tx.insertCase(Fixtures.newCase(), by: "agnes")
            }

            // Then
            let entry = try #require(try db.read { try $0.auditEntries(caseID: id) }.last)
            #expect(entry.account == "tina")
            #expect(entry.actingAs == "agnes")
            #expect(entry.caseID == id)
            #expect(entry.changedTables == ["service_case"])
            #expect(try undoStates(db) == ["agnes open case done"])
            #expect(try db.historyLabels(account: "agnes") == ("open case", nil))
            #expect(try db.historyLabels(account: "tina") == (nil, nil))
        }
    }

    @Test("Undo puts the rows back as they were and redo applies the command again", arguments: Storage.allCases)
    func undoRedo(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            try db.perform(Fixtures.command("reprice pump")) { tx in
                try tx.saveCustomer(
                    Customer(id: "C-ACME", name: "Acme Bakery Ltd", region: "NORTH", contact: "Jo Baker 555-0101"))
                var pump = Fixtures.pump
                pump.listPrice = Money(minorUnits: 125_000)
                try tx.saveItem(pump)
            }
            #expect(try db.historyLabels(account: "ada") == ("reprice pump", nil))

            // When
            let undone = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(1), refresh: noRefresh)

            // Then
            #expect(undone == AppDatabase.HistoryStep(label: "reprice pump", caseID: nil))
            #expect(try db.read { try $0.customer("C-ACME") } == Fixtures.acme)
            #expect(try db.read { try $0.item("PUMP-200") } == Fixtures.pump)
            #expect(try db.historyLabels(account: "ada") == (nil, "reprice pump"))
            let undoEntry = try #require(try db.read { try $0.auditEntries() }.last)
            #expect(undoEntry.kind == "undo")
            #expect(undoEntry.command == "undo: reprice pump")
            #expect(undoEntry.changedTables == ["customer", "item"])

            // When
            let redone = try db.step(.redo, actor: Actor(account: "ada"), at: Fixtures.at(2), refresh: noRefresh)

            // Then
            #expect(redone == AppDatabase.HistoryStep(label: "reprice pump", caseID: nil))
            #expect(try db.read { try $0.customer("C-ACME")?.name } == "Acme Bakery Ltd")
            #expect(try db.read { try $0.item("PUMP-200")?.listPrice } == Money(minorUnits: 125_000))
            #expect(try db.historyLabels(account: "ada") == ("reprice pump", nil))
            #expect(try db.read { try $0.auditEntries() }.suffix(2).map(\.kind) == ["undo", "redo"])
        }
    }

    @Test(
        "Undoing the opening of a case removes it with its visits and lines; redo brings them back under the same ids",
        arguments: Storage.allCases)
    func undoInsert(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let (id, visit, line) = try db.perform(Fixtures.command("open case", by: "agnes")) { tx in
                let id = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                let visit = try tx.insertVisit(
                    caseID: id, technician: "tom", startsAt: Fixtures.at(60), endsAt: Fixtures.at(120))
                let line = try tx.insertLine(
                    CaseLine(
                        id: LineID(0), caseID: id, number: 0, kind: .travel, description: "Call-out",
                        amount: Money(minorUnits: 4_500)))
                return (id, visit, line)
            }
            let opened = try snapshot(db)

            // When
            let step = try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(1), refresh: noRefresh)

            // Then
            #expect(step == AppDatabase.HistoryStep(label: "open case", caseID: id))
            #expect(try db.read { try $0.caseExists(id) } == false)
            #expect(try db.read { try $0.visit(visit) } == nil)
            #expect(try db.read { try $0.line(line.id) } == nil)

            // When
            _ = try db.step(.redo, actor: Actor(account: "agnes"), at: Fixtures.at(2), refresh: noRefresh)

            // Then: the same rows as before the undo
            let redone = try snapshot(db)
            for table in ["service_case", "visit", "case_line", "meta"] { #expect(redone[table] == opened[table]) }

            // And a case opened next never reuses an id
            _ = try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(3), refresh: noRefresh)
            let next = try db.perform(Fixtures.command("open case", by: "agnes")) {
                try $0.insertCase(Fixtures.newCase(), by: "agnes")
            }
            #expect(next == CaseID(id.rawValue + 1))
        }
    }

    @Test("Undo is refused, naming who, when someone else has changed the case since", arguments: Storage.allCases)
    func caseConflict(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let id = try openCaseOne(db)
            try editCase(db, id, by: "agnes", label: "edit subject") { $0.subject = "Pump leaks at the seal" }
            try editCase(db, id, by: "arun") { $0.priority = 1 }
            let before = try snapshot(db)

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(error == .conflict("cannot undo edit subject: case \(id) was changed by arun since"))
            #expect(try snapshot(db) == before)
            #expect(try db.historyLabels(account: "agnes") == ("edit subject", nil))
        }
    }

    @Test("Undo goes ahead when the other user's change has itself been undone")
    func conflictResolvedByOtherUndo() throws {
        try withStore(.memory) { db throws in
            // Given
            let id = try openCaseOne(db)
            try editCase(db, id, by: "agnes", label: "edit subject") { $0.subject = "Pump leaks at the seal" }
            try editCase(db, id, by: "arun") { $0.priority = 1 }
            _ = try db.step(.undo, actor: Actor(account: "arun"), at: Fixtures.at(1), refresh: noRefresh)

            // When
            _ = try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(2), refresh: noRefresh)

            // Then
            let c = try #require(try db.read { try $0.serviceCase(id) })
            #expect(c.subject == "Pump leaks")
            #expect(c.priority == 2)
        }
    }

    @Test(
        "Undo of a master-data edit changed by another admin since is refused, naming them from the audit trail",
        arguments: Storage.allCases)
    func auditSubjectConflict(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            try renameCustomer(db, "C-ACME", to: "Acme Bakery Ltd")
            try renameCustomer(db, "C-ACME", to: "Acme Bakeries", by: "adam")
            let before = try snapshot(db)

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(error == .conflict("cannot undo rename customer: customer C-ACME was changed by adam since"))
            #expect(try snapshot(db) == before)
        }
    }

    @Test("The one named in a conflict is the user someone acted as")
    func conflictNamesActedAsUser() throws {
        try withStore(.memory) { db throws in
            // Given
            try renameCustomer(db, "C-ACME", to: "Acme Bakery Ltd")
            try renameCustomer(db, "C-ACME", to: "Acme Bakeries", by: "tina", actingAs: "adam")

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(error?.description == "cannot undo rename customer: customer C-ACME was changed by adam since")
        }
    }

    @Test("Undo of a case command whose master-data row was changed since names that row and who changed it")
    func caseCommandMasterDataConflict() throws {
        try withStore(.memory) { db throws in
            // Given: a caller not yet in master data gets a case at once; an admin then reviews the customer
            let id = try db.perform(Fixtures.command("open case", by: "agnes")) { tx in
                try tx.saveCustomer(Customer(id: "C-NEW", name: "New caller", region: "EAST", needsReview: true))
                try tx.saveAsset(
                    Asset(
                        serial: "SN-NEW", sku: "PUMP-200", customerID: "C-NEW", installedOn: Fixtures.today,
                        region: "EAST", needsReview: true))
                let id = try tx.insertCase(Fixtures.newCase("SN-NEW", customer: "C-NEW"), by: "agnes")
                try tx.touchCase(id, by: "agnes")
                return id
            }
            try renameCustomer(db, "C-NEW", to: "Newton Laundry", by: "ada", label: "review customer")
            let before = try snapshot(db)

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(error == .conflict("cannot undo open case: customer C-NEW was changed by ada since"))
            #expect(try snapshot(db) == before)
            #expect(try db.read { try $0.caseExists(id) } == true)
        }
    }

    @Test("Two workbenches on one file see each other's commits, and undo conflicts across them name who")
    func twoConnections() throws {
        try withStore(.disk) { first throws in
            // Given: a second workbench on the same file
            let second = try AppDatabase.open(at: try #require(first.path))
            let id = try openCaseOne(first)
            try editCase(first, id, by: "agnes", label: "edit subject") { $0.subject = "Pump leaks at the seal" }
            #expect(try second.read { try $0.serviceCase(id)?.subject } == "Pump leaks at the seal")

            // When
            try editCase(second, id, by: "arun") { $0.priority = 1 }
            let error = #expect(throws: StoreError.self) {
                try first.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(error == .conflict("cannot undo edit subject: case \(id) was changed by arun since"))
            #expect(try second.historyLabels(account: "agnes") == ("edit subject", nil))
            _ = try second.step(.undo, actor: Actor(account: "arun"), at: Fixtures.at(6), refresh: noRefresh)
            _ = try first.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(7), refresh: noRefresh)
            #expect(try second.read { try $0.serviceCase(id)?.subject } == "Pump leaks")
        }
    }

    @Test("Redo is refused, naming who, when the row was changed after the undo")
    func redoConflict() throws {
        try withStore(.memory) { db throws in
            // Given
            try renameCustomer(db, "C-ACME", to: "Acme Bakery Ltd")
            _ = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(1), refresh: noRefresh)
            try renameCustomer(db, "C-ACME", to: "Acme Bakeries", by: "adam")

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.redo, actor: Actor(account: "ada"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(error == .conflict("cannot redo rename customer: customer C-ACME was changed by adam since"))
            #expect(try db.read { try $0.customer("C-ACME")?.name } == "Acme Bakeries")
        }
    }

    @Test("Undoing an insert that other rows now depend on is refused as a conflict and changes nothing")
    func dependentRows() throws {
        try withStore(.memory) { db throws in
            // Given
            try db.perform(Fixtures.command("add customer")) {
                try $0.saveCustomer(Customer(id: "C-DUNE", name: "Dune Laundry", region: "EAST"))
            }
            try db.perform(Fixtures.command("add asset", by: "adam")) {
                try $0.saveAsset(
                    Asset(
                        serial: "SN-9", sku: "PUMP-200", customerID: "C-DUNE", installedOn: Fixtures.today,
                        region: "EAST"))
            }
            let before = try snapshot(db)

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(5), refresh: noRefresh)
            }

            // Then
            #expect(
                error
                    == .conflict(
                        "cannot undo add customer: other records now depend on it (FOREIGN KEY constraint failed)"))
            #expect(try snapshot(db) == before)
        }
    }

    @Test("Undo of a closing command is refused: closing is the point of no return", arguments: Storage.allCases)
    func finalRefused(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let id = try openCaseOne(db)
            try editCase(db, id, by: "agnes", label: "edit subject") { $0.subject = "Pump replaced" }
            try db.perform(Fixtures.command("close case \(id)", by: "agnes", undoable: false, final: true)) { tx in
                try tx.markClosed(id, by: "agnes", at: Fixtures.at(30))
                try tx.touchCase(id, by: "agnes")
            }
            #expect(try db.historyLabels(account: "agnes") == ("close case \(id) (cannot be undone)", nil))
            let before = try snapshot(db)

            // When
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(40), refresh: noRefresh)
            }

            // Then
            #expect(
                error
                    == .invalid(
                        "cannot undo close case \(id): closing is the point of no return (a supervisor can reopen)"))
            #expect(try snapshot(db) == before)
            #expect(try db.read { try $0.serviceCase(id)?.status } == .closed)
        }
    }

    @Test("A new command clears the user's redo history")
    func newCommandClearsRedo() throws {
        try withStore(.memory) { db throws in
            // Given
            try renameCustomer(db, "C-ACME", to: "Acme 1", label: "first")
            try renameCustomer(db, "C-BLUM", to: "Blum 2", label: "second")
            _ = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(1), refresh: noRefresh)
            #expect(try db.historyLabels(account: "ada") == ("first", "second"))

            // When
            try renameCustomer(db, "C-CORV", to: "Corv 3", label: "third")

            // Then
            #expect(try db.historyLabels(account: "ada") == ("third", nil))
            #expect(try undoStates(db) == ["ada first done", "ada third done"])
            let error = #expect(throws: StoreError.self) {
                try db.step(.redo, actor: Actor(account: "ada"), at: Fixtures.at(2), refresh: noRefresh)
            }
            #expect(error == .invalid("nothing to redo for ada"))
            #expect(try db.read { try $0.customer("C-BLUM")?.name } == "Blumenthal Hotels")
        }
    }

    @Test("Another user's command leaves my redo history alone")
    func otherUserKeepsRedo() throws {
        try withStore(.memory) { db throws in
            // Given
            try renameCustomer(db, "C-ACME", to: "Acme 1", label: "mine")
            _ = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(1), refresh: noRefresh)

            // When
            try renameCustomer(db, "C-BLUM", to: "Blum 2", by: "adam", label: "theirs")

            // Then
            #expect(try db.historyLabels(account: "ada") == (nil, "mine"))
            #expect(try db.historyLabels(account: "adam") == ("theirs", nil))
        }
    }

    @Test("Undo and redo walk the history in order, one command at a time")
    func linearHistory() throws {
        try withStore(.memory) { db throws in
            // Given
            for (i, name) in ["One", "Two", "Three"].enumerated() {
                try renameCustomer(db, "C-ACME", to: name, label: "rename \(i + 1)")
            }

            // When / Then
            let ada = Actor(account: "ada")
            #expect(try db.step(.undo, actor: ada, at: Fixtures.at(1), refresh: noRefresh).label == "rename 3")
            #expect(try db.step(.undo, actor: ada, at: Fixtures.at(2), refresh: noRefresh).label == "rename 2")
            #expect(try db.read { try $0.customer("C-ACME")?.name } == "One")
            #expect(try db.historyLabels(account: "ada") == ("rename 1", "rename 2"))
            #expect(try db.step(.redo, actor: ada, at: Fixtures.at(3), refresh: noRefresh).label == "rename 2")
            #expect(try db.read { try $0.customer("C-ACME")?.name } == "Two")
            #expect(try db.step(.undo, actor: ada, at: Fixtures.at(4), refresh: noRefresh).label == "rename 2")
            #expect(try db.step(.undo, actor: ada, at: Fixtures.at(5), refresh: noRefresh).label == "rename 1")
            #expect(try db.read { try $0.customer("C-ACME")?.name } == "Acme Bakery")
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: ada, at: Fixtures.at(6), refresh: noRefresh)
            }
            #expect(error == .invalid("nothing to undo for ada"))
        }
    }

    @Test("Each user undoes only their own commands")
    func perUserHistory() throws {
        try withStore(.memory) { db throws in
            // Given
            try renameCustomer(db, "C-ACME", to: "Acme by ada", label: "ada's rename")
            try renameCustomer(db, "C-BLUM", to: "Blum by adam", by: "adam", label: "adam's rename")

            // When
            let step = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(1), refresh: noRefresh)

            // Then
            #expect(step.label == "ada's rename")
            #expect(try db.read { try $0.customer("C-ACME")?.name } == "Acme Bakery")
            #expect(try db.read { try $0.customer("C-BLUM")?.name } == "Blum by adam")
        }
    }

    @Test("A command not marked undoable, or one that changed nothing, is audited but leaves no undo entry")
    func notUndoable() throws {
        try withStore(.memory) { db throws in
            // Given
            let entries = try db.read { try $0.auditEntries().count }

            // When
            try renameCustomer(db, "C-ACME", to: "Acme Imported", label: "import") // undoable, for contrast
            try db.perform(Fixtures.command("import", undoable: false)) {
                try $0.saveCustomer(Customer(id: "C-X", name: "X", region: "EAST"))
            }
            try db.perform(Fixtures.command("save unchanged")) { try $0.saveCustomer(Fixtures.blum) }

            // Then
            #expect(try db.read { try $0.auditEntries().count } == entries + 3)
            #expect(try db.read { try $0.auditEntries().last?.changedTables } == [])
            #expect(try undoStates(db) == ["ada import done"])
        }
    }

    @Test("Undo runs refresh in its own transaction, after the rows are back, with the command's case")
    func refreshSeesRestoredRows() throws {
        try withStore(.memory) { db throws in
            // Given
            let id = try openCaseOne(db)
            try editCase(db, id, by: "agnes") { $0.subject = "Changed" }

            // When
            nonisolated(unsafe) var seen: (CaseID?, String?) = (nil, nil)
            _ = try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(1)) { tx, caseID in
                seen = (caseID, try caseID.flatMap { try tx.serviceCase($0)?.subject })
            }

            // Then
            #expect(seen.0 == id)
            #expect(seen.1 == "Pump leaks")
        }
    }

    @Test("When refresh throws, the undo is rolled back completely")
    func refreshThrows() throws {
        try withStore(.memory) { db throws in
            // Given
            let id = try openCaseOne(db)
            try editCase(db, id, by: "agnes") { $0.subject = "Changed" }
            let before = try snapshot(db)

            // When
            #expect(throws: Boom()) {
                try db.step(.undo, actor: Actor(account: "agnes"), at: Fixtures.at(1)) { _, _ in throw Boom() }
            }

            // Then
            #expect(try snapshot(db) == before)
            #expect(try db.historyLabels(account: "agnes") == ("edit case \(id)", nil))
        }
    }

    @Test("The undo history survives closing and reopening the database")
    func historySurvivesReopen() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("casebench.sqlite")
            do {
                let db = try AppDatabase.create(at: path, kind: .training, creator: Fixtures.ada, at: Fixtures.now)
                try db.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
                try renameCustomer(db, "C-ACME", to: "Acme Bakery Ltd")
            }

            // When
            let db = try AppDatabase.open(at: path)
            #expect(try db.historyLabels(account: "ada") == ("rename customer", nil))
            _ = try db.step(.undo, actor: Actor(account: "ada"), at: Fixtures.at(1), refresh: noRefresh)

            // Then
            #expect(try db.read { try $0.customer("C-ACME") } == Fixtures.acme)
        }
    }
}

@Suite("One command, one transaction")
struct TransactionTests {
    @Test("When the body of a command throws, nothing at all is written", arguments: Storage.allCases)
    func failedCommandWritesNothing(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let before = try snapshot(db)

            // When
            #expect(throws: Boom()) {
                try db.perform(Fixtures.command("doomed", by: "agnes")) { tx in
                    try tx.saveCustomer(Customer(id: "C-DOOMED", name: "Doomed", region: "EAST"))
                    let id = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                    try tx.touchCase(id, by: "agnes")
                    throw Boom()
                }
            }

            // Then
            #expect(try snapshot(db) == before)
            #expect(try db.historyLabels(account: "agnes") == (nil, nil))
        }
    }

    @Test("A failed command leaves nothing behind for the next one to capture", arguments: Storage.allCases)
    func failedCommandDoesNotLeak(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            _ = try? db.perform(Fixtures.command("doomed")) { tx in
                try tx.saveCustomer(Customer(id: "C-DOOMED", name: "Doomed", region: "EAST"))
                throw Boom()
            }

            // When
            try renameCustomer(db, "C-ACME", to: "Acme Bakery Ltd")

            // Then
            #expect(try latestAuditChanges(db).map(\.table) == ["customer"])
            #expect(try latestAuditChanges(db).first?.after?["id"] == .text("C-ACME"))
        }
    }

    @Test("A command returns what its body returns and commits it with its audit entry", arguments: Storage.allCases)
    func commandReturnsAndCommits(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // When
            let id = try db.perform(Fixtures.command("open case", by: "agnes")) { tx in
                try tx.insertCase(Fixtures.newCase(), by: "agnes")
            }

            // Then
            #expect(id == CaseID(1))
            #expect(try db.read { try $0.auditEntries(caseID: id).map(\.command) } == ["open case"])
            #expect(try db.historyLabels(account: "agnes") == ("open case", nil))
        }
    }

    @Test("A label set by the command replaces the one it was started with")
    func commandLabel() throws {
        try withStore(.memory) { db throws in
            // When
            let id = try db.perform(Fixtures.command("open case", by: "agnes")) { tx in
                let id = try tx.insertCase(Fixtures.newCase(), by: "agnes")
                tx.commandLabel = "open case \(id)"
                return id
            }

            // Then
            #expect(try db.historyLabels(account: "agnes") == ("open case \(id)", nil))
        }
    }

    @Test("A refused command is recorded as a security event, and nothing else is written", arguments: Storage.allCases)
    func securityEvent(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let before = try snapshot(db)

            // When
            try db.recordSecurityEvent(
                actor: Actor(account: "agnes"), at: Fixtures.at(3), command: "approve 4",
                caseID: CaseID(7), message: "agents may not approve or reject overrides")

            // Then
            let events = try db.read { try $0.auditEntries(kind: "security") }
            #expect(events.count == 1)
            let e = try #require(events.first)
            #expect(e.account == "agnes")
            #expect(e.actingAs == nil)
            #expect(e.at == Fixtures.at(3))
            #expect(e.command == "approve 4")
            #expect(e.caseID == CaseID(7))
            #expect(e.message == "agents may not approve or reject overrides")
            #expect(e.changedTables == [])
            var after = try snapshot(db)
            #expect(after.removeValue(forKey: "audit_entry")?.count == before["audit_entry"]!.count + 1)
            after["sqlite_sequence"] = before["sqlite_sequence"]
            after["id_counters"] = before["id_counters"]
            // On PostgreSQL the head kept in the database moves with the trail
            if let head = after.removeValue(forKey: "audit_head") { #expect(head != before["audit_head"]) }
            var expected = before
            expected.removeValue(forKey: "audit_entry")
            expected.removeValue(forKey: "audit_head")
            #expect(after == expected)
            #expect(try db.historyLabels(account: "agnes") == (nil, nil))
        }
    }
}
