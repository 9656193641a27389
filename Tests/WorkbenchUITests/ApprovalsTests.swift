import ServiceCore
import ServiceStore
import Testing
import TextUI
import Workbench

@testable import WorkbenchUI

@MainActor
@Suite("The approvals queue")
struct ApprovalsTests {
    /// Arun asks to waive case 3's deductible; Sam, a supervisor, asks to extend case 1's cap.
    func requests(_ s: Screen) throws {
        for (user, line) in [
            ("arun", "request waive-deductible 3 LOYAL-CUSTOMER note=\"ten years with us\""),
            ("sam", "request extend-cap 1 100.00 FIELD-CONDITIONS"),
        ] {
            let session = try Session(database: s.db, account: "trainer", actingAs: user, clock: fixedClock)
            let r = try #require(session.run(line))
            #expect(r.ok, "\(line): \(r.message)")
        }
        s.press(.function(5))
    }

    @Test("A supervisor walks the queue: sees each request, cannot decide their own, approves another's with a note")
    func walkTheQueue() throws {
        let s = try Screen(size: Size(width: 120, height: 30), as: "sam")
        try requests(s)
        s.press(.character("A"))
        #expect(s.contains("┌─ Approvals · 2 waiting "))
        #expect(
            s.contains(
                "#1  case 3 Blumenthal Hotels  waive deductible    by arun  LOYAL-CUSTOMER: ten years with us  0 h"))
        #expect(
            s.contains(
                "#2  case 1 Acme Bakery  extend cap by 100.00  at stake 100.00  by sam (yours)  FIELD-CONDITIONS  0 h"))
        #expect(s.contains("a approves · r rejects · Esc closes"))

        // Their own: refused on the spot, nothing run, no security event
        let events = try s.db.read { try $0.auditEntries(kind: "security").count }
        s.press(.down, .character("a"))
        #expect(s.statusLine.hasPrefix("#2 is your own request: another supervisor decides it"))
        #expect(try s.db.read { try $0.auditEntries(kind: "security").count } == events)

        // Arun's: a, a note, Ctrl-S — approved, and the queue is back with one left
        s.press(.up, .character("a"))
        #expect(s.contains("Approve #1: waive deductible on case 3"))
        s.type("customer of ten years")
        s.press(.control("s"))
        #expect(s.statusLine.hasPrefix("override 1 approved"))
        #expect(s.contains("┌─ Approvals · 1 waiting "))
        let decided = try s.db.read { try $0.overrideRequest(OverrideID(1)) }
        #expect(
            decided?.status == .approved && decided?.decidedBy == "sam"
                && decided?.decisionNote == "customer of ten years")
        s.press(.escape)
        #expect(s.app.modal == nil)
    }

    @Test("A pending override blocks closing; the closure check names A, and Enter on it opens the queue")
    func fromTheChecklist() throws {
        let s = try Screen(size: Size(width: 200, height: 50), as: "sam")
        try requests(s)
        s.press(.down) // case 1
        #expect(s.contains("✗ no pending override [A]"))
        #expect(s.contains("pending: #2 extend cap by 100.00"))
        // Enter on the check (the closure pane focused, the check selected) opens the queue
        s.press(.tab, .tab, .tab)
        for _ in 0..<5 { s.press(.down) }
        s.press(.enter)
        #expect(s.contains("┌─ Approvals · 2 waiting "))
        // An agent is told the queue is not theirs
        let agent = try Screen(as: "agnes")
        agent.press(.character("A"))
        #expect(agent.statusLine.hasPrefix("Approvals: not for agents"))
    }
}
