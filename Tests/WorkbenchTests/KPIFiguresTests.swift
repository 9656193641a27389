import Foundation
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// The KPI's case figures come from one pass over the cases, each beside its visits' facts
/// grouped in SQL: these pin that join down on cases made by hand, and bound what it reads.
@Suite("KPI figures from one pass over cases and visits")
struct KPIFiguresTests {
    /// Two closed cases (1: warranty, 2: contract) and two more, opened for the SLA figures.
    func desk() throws -> Desk {
        let desk = try Desk()
        try runAll(desk, Closed.warranty)
        try runAll(desk, Closed.contract)
        try runAll(desk, "as agnes\nopen C-W SN-W Drum noise\nopen C-X SN-X Heater trips the breaker")
        try runAll(desk, "as agnes\ncancel 4 duplicate")
        return desk
    }

    @Test("First fix counts closed cases with exactly one done visit; planned and no-access visits are not fixes")
    func firstFix() throws {
        let desk = try desk()
        let before = try desk.read { try $0.kpiFigures(now: fixedClock()) }
        #expect(before.closed == 2 && before.firstFix == 2)
        // Case 1 gets a planned visit and a no-access one: still one done visit
        let later = fixedClock().seconds + 86_400
        try desk.tamper(
            """
            INSERT INTO visit (case_id, technician, starts_at, ends_at, status) VALUES
              (1, 'tom', \(later), \(later + 3_600), 'planned'), (1, 'tom', \(later), \(later + 3_600), 'no-access'),
              (2, 'tia', \(later), \(later + 3_600), 'done')
            """)
        // Case 2, with a second done visit, is no first fix any more
        let after = try desk.read { try $0.kpiFigures(now: fixedClock()) }
        #expect(after.closed == 2 && after.firstFix == 1)
    }

    @Test(
        "Resolution hours average the closed cases; SLA breaches weigh the first visit that took place, else the closing or now"
    )
    func resolutionAndBreaches() throws {
        let desk = try desk()
        let now = fixedClock().seconds
        let opened = now - 100 * 3_600
        // Case 1 closed after 10 h, case 2 after 20 h: 15 h on average
        try desk.tamper(
            "UPDATE service_case SET opened_at = \(opened), closed_at = \(opened + 10 * 3_600) WHERE id = 1")
        try desk.tamper(
            "UPDATE service_case SET opened_at = \(opened), closed_at = \(opened + 20 * 3_600) WHERE id = 2")
        // Case 1's one visit started an hour after its due time (a breach); case 2's visit is
        // taken back to planned, so it was served at its closing, a minute before its due time
        // (none); case 3, open and unserved, was due an hour ago (a breach); case 4, cancelled
        // and long overdue, does not count.
        try desk.tamper(
            """
            UPDATE service_case SET sla_due = (SELECT min(starts_at) FROM visit WHERE case_id = 1) - 3600 WHERE id = 1;
            UPDATE visit SET status = 'planned' WHERE case_id = 2;
            UPDATE service_case SET sla_due = closed_at + 60 WHERE id = 2;
            UPDATE service_case SET sla_due = \(now - 3_600) WHERE id = 3;
            UPDATE service_case SET sla_due = \(now - 86_400) WHERE id = 4;
            """)
        let k = try desk.read { try $0.kpiFigures(now: fixedClock()) }
        #expect(k.averageResolutionHours == 15)
        #expect(k.slaBreaches == 2)
        // Case 3 served now, an hour before its due time: no breach
        let earlier = try desk.read { try $0.kpiFigures(now: Timestamp(seconds: now - 7_200)) }
        #expect(earlier.slaBreaches == 1)
    }

    @Test("The KPI report reads the same number of statements however many cases there are")
    func statementsDoNotGrowWithCases() throws {
        let desk = try desk()
        let sam = try desk.session("sam")
        func statements() throws -> Int {
            let counter = desk.db.countStatements()
            #expect(sam.run("report kpi")?.ok == true)
            return counter.value
        }
        let few = try statements()
        // Ten more closed cases, each with lines, outcomes, postings and visits
        for _ in 0..<10 {
            try runAll(
                desk,
                "as agnes\nopen C-W SN-W Drum noise\n"
                    + ClosingScenarioTests.work("tom", "no-parts @\nlabour @ 30", agent: "agnes")
            )
        }
        #expect(try desk.read { try $0.kpiFigures(now: fixedClock()) }.closed == 12)
        #expect(try statements() == few)
    }

    @Test("Contract profitability reads the same number of statements however many contracts there are")
    func profitabilityStatementsDoNotGrowWithContracts() throws {
        let desk = try desk()
        let sam = try desk.session("sam")
        func statements() throws -> Int {
            let counter = desk.db.countStatements()
            #expect(sam.run("report profitability")?.ok == true)
            return counter.value
        }
        let few = try statements()
        // Twenty contracts more, each with a region and a covered serial
        for n in 1...20 {
            try desk.tamper(
                """
                INSERT INTO contract (number, customer_id, tier, status, start_on, end_on, fee, parts_pct, labour_pct,
                  travel_pct, expenses_pct) VALUES ('K-X\(n)', 'C-K', 'Gold', 'released', '2026-01-01', '2026-12-31', 1000, 100, 100, 0, 0);
                INSERT INTO contract_region (contract, region) VALUES ('K-X\(n)', 'NORTH');
                INSERT INTO contract_serial (contract, serial) VALUES ('K-X\(n)', 'SN-K');
                """)
        }
        #expect(try desk.read { try $0.contractWork() }.count >= 21)
        #expect(try statements() == few)
    }
}
