import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

@Suite("Undo and redo: per user, kept in the database, refused when someone else changed the case")
struct UndoTests {
    @Test("Undo removes what a command did and redo puts it back, with the same ids")
    func undoRedoOpen() throws {
        let desk = try Desk()
        let empty = try desk.footprint()
        let agnes = try desk.session("agnes")
        // Given agnes opened a case
        #expect(agnes.run("open C-W SN-W Unit stops")!.ok)
        #expect(agnes.run("history")!.message == "undo: open case 1 · redo: nothing")
        // When she undoes it
        let undo = agnes.run("undo")!
        // Then the case, its verification and its state are gone (the audit trail keeps both steps)
        #expect(undo.message == "undid: open case 1")
        #expect(try desk.read { try $0.serviceCase(CaseID(1)) } == nil)
        #expect(try desk.read { try $0.caseState(CaseID(1)) } == nil)
        var expected = empty
        expected["audit_entry"]! += 2
        expected["undo_entry"]! += 1
        #expect(try desk.footprint() == expected)
        #expect(agnes.run("history")!.message == "undo: nothing · redo: open case 1")
        // When she redoes it, Then case 1 is back as it was
        #expect(agnes.run("redo")!.message == "redid: open case 1")
        let c = try #require(try desk.read { try $0.serviceCase(CaseID(1)) })
        #expect(c.subject == "Unit stops")
        #expect(c.status == .verified)
        #expect(try desk.read { try $0.latestEntitlement(caseID: CaseID(1))?.entitlement.outcome } == .warranty)
        #expect(try desk.read { try $0.caseState(CaseID(1))?.failing } == 3)
    }

    @Test("Undo of a recorded line restores the case's status too")
    func undoLine() throws {
        let desk = try Desk()
        let results = try desk.run("as agnes\nopen C-W SN-W Unit stops\nas tom\nlabour 1 30")
        #expect(results.filter { !$0.ok }.isEmpty)
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.status } == .inProgress)
        let tom = try desk.session("tom")
        #expect(tom.run("undo")!.message == "undid: labour 30 min on case 1")
        #expect(try desk.read { try $0.lines(caseID: CaseID(1)) }.isEmpty)
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.status } == .verified)
    }

    @Test("Undo is refused, naming who, when another user changed the case since")
    func undoConflict() throws {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")!.ok)
        // Given sam (a supervisor) verified agnes's case since
        #expect(try desk.session("sam").run("verify 1")!.ok)
        let before = try desk.footprint()
        // When agnes undoes her open
        let result = agnes.run("undo")!
        // Then refused as a conflict naming sam, and nothing was written
        #expect(result.failure == .conflict)
        #expect(result.message == "cannot undo open case 1: case 1 was changed by sam since")
        #expect(try desk.footprint() == before)
        // Once sam undoes his verification, agnes may undo hers
        #expect(try desk.session("sam").run("undo")!.ok)
        #expect(agnes.run("undo")!.ok)
    }

    @Test("The history survives a new session: undo after a dropped link")
    func historyIsPersistent() throws {
        let desk = try Desk()
        do {
            let first = try desk.session("agnes")
            #expect(first.run("open C-W SN-W Unit stops")!.ok)
        }
        let second = try desk.session("agnes")
        #expect(second.run("undo")!.message == "undid: open case 1")
    }

    @Test("Each user undoes only their own commands")
    func perUser() throws {
        let desk = try Desk()
        #expect(try desk.session("agnes").run("open C-W SN-W Unit stops")!.ok)
        let arun = try desk.session("arun")
        #expect(arun.run("undo")!.message == "nothing to undo for arun")
        #expect(arun.run("undo")!.failure == .invalid)
    }

    @Test("A new command ends the redo history")
    func newCommandClearsRedo() throws {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")!.ok)
        #expect(agnes.run("undo")!.ok)
        #expect(agnes.run("open C-X SN-X Heater trips")!.ok)
        #expect(agnes.run("redo")!.message == "nothing to redo for agnes")
    }

    @Test("Undo stops at closing, and says so")
    func closingIsFinal() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            """ + "\n" + ClosingScenarioTests.work("tom", "use @ P-FAN 1 B-1\nlabour @ 60", agent: "agnes"))
        #expect(results.filter { !$0.ok }.isEmpty)
        let agnes = try desk.session("agnes")
        #expect(agnes.run("history")!.message == "undo: close case 1 (cannot be undone) · redo: nothing")
        let result = agnes.run("undo")!
        #expect(
            result.message == "cannot undo close case 1: closing is the point of no return (a supervisor can reopen)")
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.status } == .closed)
    }

    @Test("Master-data edits undo too, and a later edit by another admin blocks it, naming them")
    func masterDataUndo() throws {
        let desk = try Desk()
        let ada = try desk.session("ada")
        #expect(ada.run("user add bea admin name=\"Bea Admin\"")!.ok)
        #expect(ada.run("contract block K-1")!.message == "contract K-1: released → blocked")
        #expect(ada.run("undo")!.message == "undid: contract K-1 blocked; next undo: user add bea")
        #expect(try desk.read { try $0.contract("K-1")?.status } == .released)
        #expect(ada.run("redo")!.ok)
        // Given bea released it again since
        #expect(try desk.session("bea").run("contract release K-1")!.ok)
        // Then ada's undo is refused, naming bea
        let result = ada.run("undo")!
        #expect(result.failure == .conflict)
        #expect(result.message == "cannot undo contract K-1 blocked: contract K-1 was changed by bea since")
    }
}
