import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

@Suite("Stale outcomes: what another case changes is caught at close")
struct StaleOutcomeTests {
    /// Two cases on SN-S (45.00 seal kits), both worked, resolved and billed by agnes.
    static func twoBilledCases(_ desk: Desk, firstSeals: Int, secondSeals: Int) throws -> [CommandResult] {
        try desk.run(
            """
            as agnes
            open C-W SN-S First fault
            schedule @ tom 2026-06-15T10:00 2026-06-15T11:00
            open C-W SN-S Second fault
            schedule @ tom 2026-06-15T12:00 2026-06-15T13:00
            as tom
            visit 1 done
            use 1 P-SEAL \(firstSeals) B-1
            no-labour 1
            resolve 1 REPLACED-PART Seals.
            visit 2 done
            use 2 P-SEAL \(secondSeals) B-1
            no-labour 2
            resolve 2 REPLACED-PART Seals.
            as agnes
            bill 1
            bill 2
            """)
    }

    @Test("Another case uses up the lifetime cap: close is refused until verified and billed again")
    func lifetimeCapUsedUpByAnotherCase() throws {
        // Given SN-S under WT-SMALL (lifetime cap 1000.00, 900.00 spent: 100.00 left) and two
        // cases on it, both worked and billed while 100.00 was left
        let desk = try Desk()
        let setup = try Self.twoBilledCases(desk, firstSeals: 3, secondSeals: 2)
        #expect(setup.filter { !$0.ok }.map(\.message) == [])
        // Case 1: 135.00, covered up to 100.00 left; case 2: 90.00, all covered (under 100.00)
        #expect(setup[setup.count - 2].message == "case 1: warranty confirmation 100.00, invoice trigger 35.00")
        #expect(setup.last!.message == "case 2: warranty confirmation 90.00")
        #expect(try desk.read { try $0.caseState(CaseID(2))?.failing } == 0)

        // When case 1 closes, adding 100.00: the cap is used up
        let closing = try desk.run("as agnes\nclose 1\nclose 2")
        #expect(closing[1].ok)
        // Then case 2's closure state went stale at once, and its close is refused
        #expect(closing[2].failure == .invalid)
        #expect(closing[2].message == "close case 2 refused: 2 of 7 checks fail (entitlement, outcomes)")
        #expect(
            closing[2].details == [
                "✗ entitlement verified: entitlement changed since verification: was asset warranty WT-SMALL, now no warranty or contract; verify again [verify]",
                "✗ every line portion on a current billing outcome: outcomes are stale: recorded warranty confirmation 90.00; coverage now gives invoice trigger 90.00 [bill]",
            ])
        #expect(try desk.read { try $0.caseState(CaseID(2))?.failing } == 2)

        // When the agent bills without verifying, then verifies, bills and closes
        let fixed = try desk.run("as agnes\nbill 2\nverify 2\nbill 2\nclose 2")
        #expect(
            fixed[1].message
                == "bill: case 2's entitlement changed since verification (was asset warranty WT-SMALL, now no warranty or contract); verify it again first"
        )
        #expect(
            fixed[2].message == "case 2: chargeable — no warranty or contract (was warranty — asset warranty WT-SMALL)")
        #expect(fixed[2].details.contains("asset warranty WT-SMALL: lifetime cap 1000.00 used up (spent 1000.00)"))
        #expect(fixed[3].message == "case 2: invoice trigger 90.00")
        #expect(fixed[4].message == "closed case 2: invoice trigger 90.00")
    }

    @Test("Another case spends part of the cap: the covered amount shrinks and the outcome goes stale")
    func lifetimeCapShrinks() throws {
        // Given two cases on SN-S (100.00 left), one of 45.00 and one of 90.00, both billed
        let desk = try Desk()
        let setup =
            try Self.twoBilledCases(desk, firstSeals: 1, secondSeals: 2)
            + desk.run("as agnes\nclose 1\nclose 2\nbill 2\nclose 2")
        // When case 1 closes (45.00 spent, 55.00 left), case 2's 90.00 confirmation is stale
        #expect(setup[setup.count - 3].message == "close case 2 refused: 1 of 7 checks fail (outcomes)")
        // Then rebuilt: 55.00 covered, 35.00 invoiced, and it closes
        #expect(setup[setup.count - 2].message == "case 2: warranty confirmation 55.00, invoice trigger 35.00")
        #expect(
            setup.last!.message
                == "closed case 2: warranty confirmation 55.00, invoice trigger 35.00; asset warranty WT-SMALL spent 1000.00 of 1000.00"
        )
    }
}
