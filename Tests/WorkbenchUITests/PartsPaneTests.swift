import Foundation
import ServiceCore
import ServiceStore
import Testing
import TextUI
import Workbench

@testable import WorkbenchUI

@MainActor
@Suite("The parts pane")
struct PartsPaneTests {
    /// agnes on case 1 (Tom's visit; a seal kit and the van's only control board reserved), parts pane focused.
    func partsOfCase1(as user: String = "agnes", size: Size = Size(width: 80, height: 24)) throws -> Screen {
        let s = try Screen(size: size, as: user)
        s.press(.down, .tab, .tab)
        return s
    }

    @Test("Reservations come first, then lines; the other panes' summary counts what is reserved")
    func showsReservations() throws {
        let s = try partsOfCase1()
        #expect(s.line(1).hasPrefix("┌─ ▶ Parts & lines "))
        #expect(s.line(2).hasPrefix("│visit 1 tom 06-15 08:00 planned"))
        #expect(s.line(4).hasPrefix("│ R1 1 × P-SEAL in VAN-TOM"))
        #expect(s.line(4).contains("reserved"))
        #expect(s.line(5).hasPrefix("│ R2 1 × P-BOARD in VAN-TOM"))
        s.press(.tab)
        #expect(s.line(21).contains("Parts: 2 reserved · Lines: none"))
        #expect(s.contains("✗ no open reservation [x in parts]"))
    }

    @Test("r reserves: the part number completes, each bin's availability shows as it is typed, the van first")
    func reserveWithAvailability() throws {
        let s = try partsOfCase1()
        s.press(.character("r"))
        #expect(s.contains("┌─ Reserve parts for case 1 "))
        #expect(s.contains("Type a part number to see where it is."))
        s.type("P-FAN")
        #expect(s.contains("VAN-TOM    van    NORTH  available 1  ← will be used"))
        #expect(s.contains("WH-N-A1    shelf  NORTH  available 5"))
        s.press(.control("s"))
        #expect(!s.contains("Reserve parts for case 1"))
        #expect(s.statusLine.hasPrefix("case 1: reserved 1 × P-FAN in VAN-TOM (reservation 3); 0 left available there"))
        #expect(s.contains(" R3 1 × P-FAN in VAN-TOM"))
    }

    @Test("The last board, reserved by a colleague: refused with how many there are; the form stays")
    func lastPartTaken() throws {
        let s = try Screen(as: "arun")
        s.press(.down, .down, .down) // case 4, arun's
        #expect(s.line(0).contains("case 4"))
        s.press(.character("r"))
        s.type("P-BOARD")
        s.press(.tab, .tab)
        s.type("VAN-TOM")
        s.press(.control("s"))
        #expect(s.statusLine.hasPrefix("reserve: only 0 × P-BOARD available in VAN-TOM, not 1"))
        #expect(s.contains("┌─ Reserve parts for case 4 "))
        #expect(s.contains("WH-N-A1    shelf  NORTH  available 2"))
    }

    @Test("x releases the selected reservation, and u undoes the release")
    func releaseAndUndo() throws {
        let s = try partsOfCase1()
        s.press(.character("x"))
        #expect(s.statusLine.hasPrefix("case 1: released 1 × P-SEAL back to VAN-TOM"))
        #expect(!s.contains(" R1 1 × P-SEAL"))
        s.press(.character("u"))
        #expect(s.statusLine.hasPrefix("undid: release 1 × P-SEAL of reservation 1"))
        #expect(s.contains(" R1 1 × P-SEAL in VAN-TOM"))
    }

    @Test("p on a reservation records its part as used; x on the part line returns it")
    func useFromReservationThenReturn() throws {
        let s = try partsOfCase1(as: "tom")
        s.press(.character("p"))
        #expect(s.contains("│ Item:     P-SEAL "))
        #expect(s.contains("│ From bin: VAN-TOM "))
        s.press(.control("s"))
        // The new line goes by its id (other cases of the demo have lines 1–7)
        #expect(
            s.statusLine.hasPrefix("case 1 line 8: 1 × P-SEAL Pump seal kit 45.00 (issued from VAN-TOM, reservation…"))
        #expect(s.contains("│  8 1 × P-SEAL Pump seal kit"))
        s.press(.end) // the part line, below the board's reservation
        s.press(.character("x"))
        #expect(s.contains("Return a part of line 8"))
        s.press(.control("s"))
        #expect(s.statusLine.hasPrefix("case 1 line 8: 1 × P-SEAL back to VAN-TOM; 0 used"))
        #expect(s.contains("P-SEAL returned to"))
    }

    @Test("An agent may not return a used part: refused with the reason, before anything runs")
    func agentMayNotReturn() throws {
        let s = try partsOfCase1(as: "tom")
        s.press(.character("p"), .control("s"))
        // agnes, on the same database, on the part line tom recorded
        let agnes = try Screen2(db: s.db, user: "agnes", keymap: s.keymap)
        agnes.press(.down, .tab, .tab, .end, .character("x"))
        #expect(agnes.statusLine.hasPrefix("return: not for agents: record parts, labour, travel and expenses is for"))
    }

    @Test("Under the lines: what bill would build and why; after F7 the outcomes; after closing what was posted")
    func outcomesAndPostings() throws {
        // arun's contract case 3: worked, waiting only for its outcomes
        let s = try Screen(as: "arun")
        #expect(s.line(0).contains("case 3 · Boiler pres"))
        s.press(.tab, .tab)
        #expect(s.line(1).hasPrefix("┌─ ▶ Parts & lines "))
        #expect(s.contains("bill makes: contract debit 183.00 on SC-100 · invoice trigger 50.00"))
        #expect(s.contains("deductible 50.00 → 183.00"))
        #expect(s.contains("total 233.00 · covered 183.00 · customer 50.00"))

        s.press(.function(7))
        #expect(s.statusLine.hasPrefix("case 3: contract debit 183.00 on SC-100, invoice trigger 50.00"))
        #expect(s.contains("→ contract debit 183.00 on SC-100"))
        #expect(s.contains("→ invoice trigger 50.00"))
        #expect(!s.contains("bill makes:"))

        s.press(.function(8), .left, .enter)
        #expect(s.statusLine.hasPrefix("closed case 3: contract debit 183.00 on SC-100, invoice trigger 50.00"))
        // The closed case, found in the "all" view: its split comes from its outcomes now
        s.press(.tab, .tab, .character("7"))
        s.press(names: "Home")
        #expect(s.line(0).contains("case 3 · Boiler pres"))
        s.press(.tab, .tab)
        #expect(s.contains("posted: contract-consumption 183.00 · revenue 50.00 · stock-issue"))
        #expect(s.contains("total 233.00 · covered 183.00 · customer 50.00"))
        #expect(s.contains("  1 2 × P-SEAL Pump seal kit"))
    }

    @Test("K opens the reports for a supervisor: the KPI, in a view that scrolls; agents are told it is not for them")
    func reports() throws {
        let s = try Screen(as: "sam")
        s.press(.character("K"))
        #expect(s.contains("┌─ Reports "))
        s.press(.enter)
        #expect(s.contains("┌─ Service KPIs "))
        #expect(s.contains("completeness (closed cases)      100.0%  2 of 2"))
        #expect(s.contains("posted: revenue                  174.00"))
        s.press(.escape)
        s.press(.character("K"), .character("w"))
        #expect(s.contains("┌─ Warranty cost by item "))
        #expect(s.contains("HEATER-5  Water heater 5      1  45.00"))
        // A letter picks: the selected case's completion report, then contract profitability
        s.press(.escape)
        s.press(.character("K"), .character("c"))
        #expect(s.contains("┌─ Service completion report — case 3: Boiler pressure drops overnight "))
        #expect(s.contains("entitlement  contract — contract SC-100"))
        s.press(.escape)
        s.press(.character("K"), .character("p"))
        #expect(s.contains("┌─ Contract profitability on 2026-06-15 "))
        #expect(s.contains("← → scroll · Esc closes"), "a report wider than the box says it scrolls")
        s.press(.escape)
        #expect(s.app.modal == nil)

        let agent = try Screen(as: "agnes")
        agent.press(.character("K"))
        #expect(agent.statusLine.hasPrefix("Reports: not for agents: read reports is for"))
    }
}
