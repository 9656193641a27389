import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

@Suite("Overrides: requested by agents, decided by another supervisor, applied on approval")
struct OverrideTests {
    /// A chargeable case (SN-X) worked and resolved: fan 180.00, labour 60 min × 60.00 = 60.00.
    func workedChargeableCase() throws -> Desk {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            schedule @ tom 2026-06-15T10:00 2026-06-15T12:00
            as tom
            visit @ done
            use @ P-FAN 1 B-1
            labour @ 60
            resolve @ REPLACED-PART New fan.
            """)
        #expect(results.filter { !$0.ok }.isEmpty)
        return desk
    }

    @Test("Goodwill: pending blocks the close; approved, it moves the amount onto a warranty confirmation")
    func goodwillApproved() throws {
        let desk = try workedChargeableCase()
        let results = try desk.run(
            """
            as agnes
            request goodwill 1 100.00 LOYAL-CUSTOMER note="ten years a customer"
            close 1
            as sofia
            approve 1
            as agnes
            bill 1
            close 1
            """)
        #expect(
            results[1].message
                == "override 1 requested on case 1: goodwill 100.00 on line 1; a supervisor other than you decides")
        #expect(results[2].message == "close case 1 refused: 2 of 7 checks fail (overrides, outcomes)")
        #expect(results[2].details.first == "✗ no pending override: pending: #1 goodwill 100.00 on line 1 [approve]")
        #expect(results[4].message == "override 1 approved: goodwill 100.00 on line 1 on case 1")
        // Fan 180.00: goodwill 100.00, customer 80.00; labour 60.00 customer
        #expect(results[6].message == "case 1: warranty confirmation 100.00, invoice trigger 140.00")
        #expect(
            results[6].details.first
                == "line 1 1 × P-FAN Fan motor 180.00: covered 0.00, goodwill 100.00, customer 80.00 — goodwill GOODWILL"
        )
        #expect(results[7].ok)
    }

    @Test("Goodwill rejected changes nothing")
    func goodwillRejected() throws {
        let desk = try workedChargeableCase()
        let results = try desk.run(
            "as agnes\nrequest goodwill 1 100.00 LOYAL-CUSTOMER\nas sofia\nreject 1 note=\"no\"\nas agnes\nbill 1\nclose 1"
        )
        #expect(results[3].message == "override 1 rejected: goodwill 100.00 on line 1 on case 1")
        #expect(results[5].message == "case 1: invoice trigger 240.00")
        #expect(results[6].ok)
    }

    @Test("A goodwill amount above the line's amount is refused at once")
    func goodwillTooLarge() throws {
        let desk = try workedChargeableCase()
        let r = try desk.session("agnes").run("request goodwill 1 200.00 LOYAL-CUSTOMER")!
        #expect(r.message == "request goodwill: 200.00 is more than line 1's amount 180.00")
    }

    @Test("Cover object: approval verifies the case again, now under the contract")
    func coverObject() throws {
        // Given SN-K2 belongs to C-K, whose contract K-1 does not list it
        let desk = try Desk()
        let results = try desk.run(
            """
            as arun
            open C-K SN-K2 Pump leaks
            request cover-object 1 K-1 MISSING-FROM-CONTRACT note="sold with the boiler"
            as sam
            approve 1
            """)
        #expect(results[1].message.hasPrefix("opened case 1 for SN-K2 (Contract Customer): chargeable"))
        #expect(results[1].details.contains("contract K-1 does not list SN-K2"))
        #expect(results[4].message == "override 1 approved: cover object on contract K-1 on case 1")
        #expect(results[4].details.first == "case 1 verified again: contract — contract K-1")
        #expect(
            results[4].details.contains(
                "contract K-1 (Gold) released 2026-01-01 to 2026-12-31, covers SN-K2 by approved override; balance 120.00 left"
            ))
    }

    @Test("Waive deductible: the 50.00 deductible no longer reduces the covered amount")
    func waiveDeductible() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as arun
            open C-K SN-K Boiler leaks
            as tia
            use 1 P-SEAL 2 B-1
            as arun
            bill 1
            request waive-deductible 1 GOODWILL-GESTURE
            as sam
            approve 1
            as arun
            bill 1
            """)
        // 90.00 covered less the 50.00 deductible = 40.00; waived, all 90.00
        #expect(results[5].message == "case 1: contract debit 40.00 on K-1 (debits 40.00), invoice trigger 50.00")
        #expect(results.last!.message == "case 1: contract debit 90.00 on K-1 (debits 90.00)")
        #expect(results.last!.details.contains("deductible 50.00 waived by approved override"))
    }

    @Test("Extend cap: the per-incident and lifetime caps rise by the amount")
    func extendCap() throws {
        // Given SN-W: per-incident cap 500.00, 300.00 of the lifetime cap left; two boards 640.00
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-W SN-W Boards burnt
            as tom
            use 1 P-BOARD 2 B-1
            as agnes
            bill 1
            request extend-cap 1 100.00 SAFETY-RECALL
            as sam
            approve 1
            as agnes
            bill 1
            """)
        #expect(results[5].message == "case 1: warranty confirmation 300.00, invoice trigger 340.00")
        #expect(results[8].details.first == "case 1 verified again: warranty — asset warranty WT-CAPPED")
        // Per-incident 600.00, lifetime 400.00 left: 400.00 covered
        #expect(results.last!.message == "case 1: warranty confirmation 400.00, invoice trigger 240.00")
    }

    @Test("A decided override cannot be decided again")
    func decidedOnce() throws {
        let desk = try workedChargeableCase()
        let results = try desk.run("as agnes\nrequest goodwill 1 10.00 LOYAL-CUSTOMER\nas sofia\napprove 1\nreject 1")
        #expect(results.last!.message == "override 1 is already approved")
    }
}
