import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

@Suite("Parts: reserving without double allocation, usage that issues stock, and undo")
struct PartsTests {
    /// agnes's case on SN-W (NORTH) with Tom's visit planned.
    func caseWithVisit(_ desk: Desk) throws -> Session {
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")?.ok == true)
        #expect(agnes.run("schedule 1 tom 2026-06-15T10:00 2026-06-15T12:00")?.ok == true)
        return agnes
    }

    func level(_ desk: Desk, _ sku: String, _ bin: String) throws -> [Int] {
        try desk.read { try $0.stockLevel(sku: sku, bin: bin).map { [$0.onHand, $0.reserved] } ?? [] }
    }

    @Test("Without a bin, the visit technician's van comes first; then the case's region")
    func suggestion() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        #expect(
            agnes.run("reserve 1 P-SEAL 2")?.message
                == "case 1: reserved 2 × P-SEAL in VAN-TOM (reservation 1); 3 left available there")
        // More than the van holds: the region's depot (B-1, NORTH) rather than the south one
        #expect(
            agnes.run("reserve 1 P-SEAL 4")?.message
                == "case 1: reserved 4 × P-SEAL in B-1 (reservation 2); 96 left available there")
        // A SOUTH case without a visit: its region's bin
        let arun = try desk.session("arun")
        #expect(arun.run("open C-K SN-K Leak")?.ok == true)
        #expect(
            arun.run("reserve 2 P-SEAL 1")?.message
                == "case 2: reserved 1 × P-SEAL in B-S (reservation 3); 49 left available there")
        #expect(try desk.verified())
    }

    @Test("A reservation can never promise what is not available: the refusal says how many are")
    func shortage() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        let before = try desk.footprint()
        let r = agnes.run("reserve 1 P-SEAL 6 VAN-TOM")!
        #expect(r.failure == .invalid)
        #expect(r.message == "reserve: only 5 × P-SEAL available in VAN-TOM, not 6")
        #expect(try desk.footprint() == before)
        #expect(agnes.run("reserve 1 P-SEAL 5 VAN-TOM")?.ok == true)
        #expect(
            agnes.run("reserve 1 P-SEAL 1 VAN-TOM")?.message
                == "reserve: only 0 × P-SEAL available in VAN-TOM, not 1; 5 held by reservation 1 for case 1")
        #expect(
            agnes.run("reserve 1 P-BOARD 11")?.message
                == "reserve: no bin has 11 × P-BOARD available; most in one bin: 10 in B-1")
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 5])
        #expect(try desk.verified())
    }

    @Test(
        "\"No parts used\" is refused while parts are still reserved for the case, naming them; released, it is accepted"
    )
    func noPartsWhileReserved() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        #expect(agnes.run("reserve 1 P-SEAL 2 VAN-TOM")?.ok == true)
        let tom = try desk.session("tom")
        let before = try desk.footprint()
        let refused = tom.run("no-parts 1")!
        #expect(refused.failure == .invalid)
        #expect(
            refused.message
                == "no-parts: case 1 still holds 2 × P-SEAL in VAN-TOM (reservation 1); use or release it first")
        #expect(try desk.footprint() == before)
        #expect(agnes.run("release 1")?.ok == true)
        #expect(tom.run("no-parts 1")?.message == "case 1: no parts recorded")
        #expect(try desk.verified())
    }

    @Test("Usage issues stock at once: on hand and reserved drop, the reservation is consumed, a part line is made")
    func usageConsumesReservation() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        #expect(agnes.run("reserve 1 P-SEAL 3 VAN-TOM")?.ok == true)
        let tom = try desk.session("tom")
        let use1 = tom.run("use 1 P-SEAL 1 VAN-TOM")!
        #expect(use1.message == "case 1 line 1: 1 × P-SEAL Seal kit 45.00 (issued from VAN-TOM, reservation 1)")
        #expect(try desk.read { try $0.reservation(ReservationID(1))?.status } == .partiallyUsed)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [4, 2])
        // Using more than is left reserved takes the rest from what is available
        #expect(tom.run("use 1 P-SEAL 3 VAN-TOM")?.ok == true)
        #expect(try desk.read { try $0.reservation(ReservationID(1))?.status } == .consumed)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [1, 0])
        #expect(tom.run("use 1 P-SEAL 2 VAN-TOM")?.message == "use: only 1 × P-SEAL available in VAN-TOM, not 2")
        let movements = try desk.read { try $0.movements(caseID: CaseID(1)) }.map {
            "\($0.kind.rawValue) \($0.onHandDelta) \($0.reservedDelta)"
        }
        #expect(movements == ["reservation 0 3", "issue -1 -1", "issue -3 -2"])
        #expect(try desk.verified())
    }

    @Test("An open reservation blocks the close, naming the part and the bin; released, it no longer does")
    func openReservationBlocksClose() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            reserve @ P-FAN 1 B-1
            """ + "\n" + ClosingScenarioTests.work("tom", "use @ P-SEAL 1 B-1\nlabour @ 60", agent: "agnes") + """

                release 1
                close 1
                """)
        let refused = results[results.count - 3]
        #expect(refused.message == "close case 1 refused: 1 of 7 checks fail (reservations)")
        #expect(refused.details == ["✗ no open reservation: still reserved: 1 × P-FAN in bin B-1 [release]"])
        #expect(results[results.count - 2].message == "case 1: released 1 × P-FAN back to B-1")
        #expect(results.last!.ok)
        #expect(try level(desk, "P-FAN", "B-1") == [10, 0])
        #expect(try desk.verified())
    }

    @Test("A correction before closing is a return movement, at the cost the part left at")
    func returnCorrection() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        _ = agnes
        let tom = try desk.session("tom")
        #expect(tom.run("use 1 P-SEAL 3 B-1")?.ok == true)
        #expect(tom.run("return 1 1")?.message == "case 1 line 1: 1 × P-SEAL back to B-1; 2 used")
        let line = try #require(try desk.read { try $0.line(LineID(1)) })
        #expect(line.quantity == 2)
        #expect(line.amount == money("90.00"))
        #expect(try level(desk, "P-SEAL", "B-1") == [98, 0])
        let ledger = try desk.read { try $0.movements(lineID: LineID(1)) }.map {
            "\($0.kind.rawValue) \($0.onHandDelta) \($0.unitCost)"
        }
        // A standard-cost item leaves, and comes back, at its standard cost
        #expect(ledger == ["issue -3 18.00", "return 1 18.00"])
        #expect(tom.run("return 1 5")?.message == "return: line 1 has 2 × P-SEAL, not 5")
        #expect(try desk.verified())
    }

    @Test("Cancelling a case gives its reservations back")
    func cancelReleases() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        #expect(agnes.run("reserve 1 P-SEAL 2 VAN-TOM")?.ok == true)
        #expect(agnes.run("cancel 1 Customer fixed it")?.message == "cancelled case 1; released 2 × P-SEAL to VAN-TOM")
        #expect(try desk.read { try $0.reservation(ReservationID(1))?.status } == .cancelled)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 0])
        // Undone, the case is open and its parts held again; redone, cancelled again
        #expect(agnes.run("undo")?.ok == true)
        #expect(try desk.read { try $0.reservation(ReservationID(1))?.status } == .reserved)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 2])
        #expect(agnes.run("redo")?.ok == true)
        #expect(try desk.read { try $0.reservation(ReservationID(1))?.status } == .cancelled)
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.status } == .cancelled)
        #expect(try desk.verified())
    }

    @Test("Undo and redo of reserve, release, use and return: by new movements; the ledger only grows")
    func undoParts() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        let tom = try desk.session("tom")
        #expect(agnes.run("reserve 1 P-SEAL 2 VAN-TOM")?.ok == true)
        #expect(agnes.run("history")?.message == "undo: reserve 2 × P-SEAL for case 1 · redo: nothing")
        #expect(agnes.run("undo")?.message.hasPrefix("undid: reserve 2 × P-SEAL for case 1") == true)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 0])
        #expect(try desk.read { try $0.reservation(ReservationID(1)) } == nil)
        #expect(agnes.run("redo")?.ok == true)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 2])
        #expect(agnes.run("release 1 1")?.ok == true)
        #expect(agnes.run("undo")?.ok == true)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 2])
        // Tom uses one: undo puts it back on the shelf and back on the reservation
        #expect(tom.run("use 1 P-SEAL 1 VAN-TOM")?.ok == true)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [4, 1])
        #expect(tom.run("undo")?.message.hasPrefix("undid: use 1 × P-SEAL on case 1") == true)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 2])
        #expect(try desk.read { try $0.lines(caseID: CaseID(1)) }.isEmpty)
        #expect(try desk.read { try $0.reservation(ReservationID(1))?.used } == 0)
        #expect(tom.run("redo")?.ok == true)
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [4, 1])
        let kinds = try desk.read { try $0.movements(sku: "P-SEAL") }.filter { $0.bin == "VAN-TOM" }.map(
            \.kind.rawValue)
        #expect(
            kinds == [
                "receipt", "reservation", "release", "reservation", "release", "reservation", "issue", "return",
                "issue",
            ])
        #expect(try desk.verified())
    }

    @Test("Redo is refused when another case has taken the stock since, and says how much is left")
    func redoRefusedWhenStockGone() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        #expect(agnes.run("reserve 1 P-SEAL 5 VAN-TOM")?.ok == true)
        #expect(agnes.run("undo")?.ok == true)
        let sam = try desk.session("sam")
        #expect(sam.run("open C-W SN-S Other fault")?.ok == true)
        #expect(sam.run("reserve 2 P-SEAL 4 VAN-TOM")?.ok == true)
        let redo = agnes.run("redo")!
        #expect(redo.failure == .conflict)
        #expect(
            redo.message
                == "cannot redo reserve 5 × P-SEAL for case 1: reserve: only 1 × P-SEAL available in VAN-TOM, not 5; 4 held by reservation 2 for case 2"
        )
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [5, 4])
        #expect(try desk.verified())
    }

    @Test("Moving average: a receipt at another cost between reservation and issue moves the issue cost")
    func movingAverage() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        let ada = try desk.session("ada")
        let tom = try desk.session("tom")
        #expect(
            ada.run("receive P-MA 10 B-1 10.00")?.message == "received 10 × P-MA into B-1; 10 on hand, unit cost 10.00")
        #expect(agnes.run("reserve 1 P-MA 2 B-1")?.ok == true)
        // 10 × 10.00 + 10 × 13.00 = 230.00 for 20: 11.50 each
        #expect(
            ada.run("receive P-MA 10 B-1 13.00")?.message == "received 10 × P-MA into B-1; 20 on hand, unit cost 11.50")
        #expect(tom.run("use 1 P-MA 2 B-1")?.ok == true)
        let issue = try #require(try desk.read { try $0.movements(lineID: LineID(1)) }.first)
        #expect(issue.unitCost == money("11.50"))
        #expect(issue.value == money("-23.00"))
        // 230.00 − 23.00 = 207.00 for 18; a receipt of 2 at 20.00: 247.00 for 20 = 12.35
        #expect(try desk.read { try $0.valuation("P-MA") } == Valuation(quantity: 18, value: money("207.00")))
        #expect(
            ada.run("receive P-MA 2 B-1 20.00")?.message == "received 2 × P-MA into B-1; 20 on hand, unit cost 12.35")
        // One more issue at 12.35; 247.00 − 12.35 = 234.65 for 19: 12.35 (12.3499… rounds half away)
        #expect(tom.run("use 1 P-MA 1 B-1")?.ok == true)
        #expect(try desk.read { try $0.valuation("P-MA") } == Valuation(quantity: 19, value: money("234.65")))
        #expect(try desk.verified())
    }

    @Test("Standard cost: issues at the standard cost whatever the receipts cost")
    func standardCost() throws {
        let desk = try Desk()
        let agnes = try caseWithVisit(desk)
        let ada = try desk.session("ada")
        let tom = try desk.session("tom")
        #expect(
            ada.run("receive P-STD 10 B-1 9.00")?.message == "received 10 × P-STD into B-1; 10 on hand, unit cost 10.00"
        )
        #expect(agnes.run("reserve 1 P-STD 2 B-1")?.ok == true)
        #expect(ada.run("receive P-STD 10 B-1 13.00")?.ok == true)
        #expect(tom.run("use 1 P-STD 2 B-1")?.ok == true)
        let issue = try #require(try desk.read { try $0.movements(lineID: LineID(1)) }.first)
        #expect(issue.unitCost == money("10.00"))
        #expect(issue.value == money("-20.00"))
        #expect(try desk.read { try $0.valuation("P-STD") } == Valuation(quantity: 18, value: money("180.00")))
        #expect(try desk.verified())
    }

    @Test("Stock movements that are no case's: transfer to a van, adjust, scrap — admins only, never undone")
    func stockAdmin() throws {
        let desk = try Desk()
        let ada = try desk.session("ada")
        #expect(ada.run("transfer P-SEAL 10 B-1 VAN-TOM")?.message == "moved 10 × P-SEAL from B-1 to VAN-TOM")
        #expect(try level(desk, "P-SEAL", "VAN-TOM") == [15, 0])
        #expect(ada.run("adjust P-SEAL B-1 -3 COUNT-DIFFERENCE")?.ok == true)
        #expect(ada.run("scrap P-SEAL 2 B-1 DAMAGED")?.ok == true)
        #expect(try level(desk, "P-SEAL", "B-1") == [85, 0])
        #expect(ada.run("undo")?.message == "nothing to undo for ada")
        let agnes = try desk.session("agnes")
        #expect(agnes.run("receive P-SEAL 1 B-1 1.00")?.failure == .refused)
        #expect(
            ada.run("stock P-SEAL")?.details == [
                "B-1  shelf  NORTH  on hand 85  reserved 0  available 85",
                "B-S  shelf  SOUTH  on hand 50  reserved 0  available 50",
                "VAN-TOM  van  NORTH  on hand 15  reserved 0  available 15",
            ])
        #expect(try desk.verified())
    }

    @Test("An exchange part's core is expected back; received, it goes into the cores bin, unvalued")
    func cores() throws {
        let coreDesk = try Desk(Scenario.withCores)
        _ = try caseWithVisit(coreDesk)
        let tom = try coreDesk.session("tom")
        #expect(tom.run("use 1 P-BOARD 1 B-1")?.ok == true)
        let show = try coreDesk.session("agnes").run("show 1")!
        #expect(show.details.contains("core of P-BOARD (line 1) expected back since 2026-06-15: 1 outstanding, 0 days"))
        #expect(
            tom.run("core receive 1")?.message == "case 1: 1 core of P-BOARD received into CORES; core credit 80.00")
        #expect(try coreDesk.read { try $0.stockLevel(sku: "P-BOARD", bin: "CORES") }?.onHand == 1)
        #expect(try coreDesk.read { try $0.valuation("P-BOARD") }.quantity == 9)
        #expect(tom.run("core receive 1")?.message == "core receive: every core of P-BOARD on line 1 is already back")
        #expect(try coreDesk.verified())
    }
}

/// What a reservation's command costs, without timing it: under eight contending writers its
/// statements run inside the write lock (`Benchmarks/contention.sh`).
@Suite("Reserving and releasing read a case in a fixed number of statements")
struct ReservationCostTests {
    @Test("A reserve and a release run as many statements on a case holding 31 reservations as on one holding 1")
    func statementsDoNotGrowWithReservations() throws {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")?.ok == true)
        #expect(agnes.run("reserve 1 P-SEAL 40 B-1")?.ok == true)
        func statements() throws -> Int {
            let counter = desk.db.countStatements()
            #expect(agnes.run("reserve 1 P-SEAL 1 B-1")?.ok == true)
            #expect(agnes.run("release 1 1")?.ok == true)
            return counter.value
        }
        let few = try statements()
        for _ in 0..<29 { #expect(agnes.run("reserve 1 P-SEAL 1 B-1")?.ok == true) }
        #expect(try desk.read { try $0.reservations(caseID: CaseID(1)) }.count == 31)
        #expect(try statements() == few)
        #expect(try desk.verified())
    }
}
