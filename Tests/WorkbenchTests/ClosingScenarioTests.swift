import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

/// One case of each entitlement outcome, from the call to the close, run as a batch script.
@Suite("Closing: a case of each outcome, from open to close")
struct ClosingScenarioTests {
    /// The parts of a script that turn an opened case into worked, resolved, billed.
    static func work(_ tech: String, _ lines: String, agent: String) -> String {
        """
        schedule @ \(tech) 2026-06-15T10:00 2026-06-15T12:00
        as \(tech)
        visit @ done
        \(lines)
        resolve @ REPLACED-PART Replaced what was worn.
        as \(agent)
        bill @
        close @
        """
    }

    func portions(_ desk: Desk, case id: Int64) throws -> [OutcomeKind: [Int: String]] {
        try desk.read { tx in
            let lines = try tx.lines(caseID: CaseID(id))
            let number = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, $0.number) })
            var result: [OutcomeKind: [Int: String]] = [:]
            for o in try tx.activeOutcomes(caseID: CaseID(id)) {
                for p in o.draft.portions {
                    result[o.draft.kind, default: [:]][number[p.lineID]!] = p.amount.description
                }
            }
            return result
        }
    }

    @Test("Warranty: refused until worked and billed; caps cut the covered total to the cent")
    func warrantyCase() throws {
        // Given asset SN-W under WT-CAPPED (parts 100 %, labour 100 %, travel 50 %, expenses 0 %,
        // per-incident cap 500.00, lifetime cap 2000.00 of which 1700.00 is spent)
        let desk = try Desk()
        // When agnes opens a case and tries to close it at once
        let results = try desk.run(
            """
            as agnes
            open C-W SN-W Unit stops mid-cycle priority=2
            close @
            """ + "\n"
                + Self.work(
                    "tom",
                    """
                    use @ P-SEAL 2 B-1
                    use @ P-BOARD 1 B-1
                    labour @ 120
                    travel @ 40.00
                    expense @ 15.00 Call-out fee
                    """, agent: "agnes"))
        // Then the first close is refused, naming the three checks that fail
        let refused = results[2]
        #expect(refused.failure == .invalid)
        #expect(refused.message == "close case 1 refused: 3 of 7 checks fail (resolution, usage, outcomes)")
        #expect(
            refused.details == [
                "✗ resolution, notes and a done visit: missing: resolution code, technician notes, a visit (none scheduled) [resolve]",
                "✗ parts and labour recorded: no part used (record usage, or mark no parts); no labour (record labour, or mark no labour) [use]",
                "✗ every line portion on a current billing outcome: a case without lines needs an explicit outcome: a zero warranty confirmation, or a call-out fee line invoiced [bill]",
            ])
        // And every other command succeeded
        #expect(results.enumerated().filter { $0.offset != 2 && !$0.element.ok }.map(\.element.message) == [])
        // Lines: 2 × 45.00 = 90.00, 320.00, 120 min × 60.00/h = 120.00, travel 40.00, expense 15.00 (585.00)
        // Covered before limits: 90 + 320 + 120 + 20 (50 % of 40) + 0 = 550.00
        // Per-incident cap 500.00 → 500.00; lifetime cap 300.00 left → 300.00; reduction 250.00
        // Shared over 90/320/120/20 (of 550): 40.909 → 40.90 r.909, 145.4545 → 145.45 r.4545,
        // 54.5454 → 54.54 r.5454, 9.0909 → 9.09 r.0909; 2 cents left go to lines 1 and 3:
        // reductions 40.91, 145.45, 54.55, 9.09 → covered 49.09, 174.55, 65.45, 10.91 = 300.00
        #expect(results[results.count - 2].message == "case 1: warranty confirmation 300.00, invoice trigger 285.00")
        let p = try portions(desk, case: 1)
        #expect(p[.warrantyConfirmation] == [1: "49.09", 2: "174.55", 3: "65.45", 4: "10.91"])
        #expect(p[.invoiceTrigger] == [1: "40.91", 2: "145.45", 3: "54.55", 4: "29.09", 5: "15.00"])
        // And closing adds the covered 300.00 to the spent amount: the lifetime cap is used up
        #expect(results.last!.ok)
        #expect(
            results.last!.message
                == "closed case 1: warranty confirmation 300.00, invoice trigger 285.00; asset warranty WT-CAPPED spent 2000.00 of 2000.00"
        )
        let spent = try desk.read { try $0.spent(serial: "SN-W") }
        #expect(spent[WarrantyKey(serial: "SN-W", kind: .asset, template: "WT-CAPPED")] == money("2000.00"))
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.status } == .closed)
    }

    @Test("Contract: deductible, an excluded category and the prepaid balance, to the cent")
    func contractCase() throws {
        // Given SN-K listed on K-1 (parts and labour 100 %, travel 0 %, deductible 50.00,
        // Electronic Parts excluded, prepaid balance 120.00)
        let desk = try Desk()
        let results = try desk.run(
            """
            as arun
            open C-K SN-K Boiler leaks priority=1
            close @
            """ + "\n"
                + Self.work(
                    "tia",
                    """
                    use @ P-SEAL 2 B-1
                    use @ P-BOARD 1 B-1
                    labour @ 90
                    travel @ 30.00
                    """, agent: "arun"))
        #expect(results[1].message.hasPrefix("opened case 1 for SN-K (Contract Customer): contract — contract K-1"))
        #expect(results[2].message == "close case 1 refused: 3 of 7 checks fail (resolution, usage, outcomes)")
        // Lines: 90.00, 320.00 (excluded), 90 min × 72.00/h = 108.00, travel 30.00 (0 %): 548.00
        // Covered before limits 90 + 0 + 108 + 0 = 198.00; deductible 50.00 → 148.00;
        // balance 120.00 → 120.00; reduction 78.00 shared over 90/108 (of 198):
        // 35.4545 → 35.45 r.4545, 42.5454 → 42.54 r.5454; the cent left goes to line 3 (42.55)
        // Covered: 54.55 and 65.45 = 120.00; customer 35.45 + 320.00 + 42.55 + 30.00 = 428.00
        #expect(
            results[results.count - 2].message
                == "case 1: contract debit 120.00 on K-1 (debits 120.00), invoice trigger 428.00")
        let p = try portions(desk, case: 1)
        #expect(p[.contractDebit] == [1: "54.55", 3: "65.45"])
        #expect(p[.invoiceTrigger] == [1: "35.45", 2: "320.00", 3: "42.55", 4: "30.00"])
        #expect(
            results.last!.message
                == "closed case 1: contract debit 120.00 on K-1 (debits 120.00), invoice trigger 428.00; contract K-1 debited 120.00, 0.00 left"
        )
        #expect(try desk.read { try $0.contract("K-1")?.balance } == .money(.zero))
    }

    @Test("Chargeable: everything on one invoice trigger")
    func chargeableCase() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            close @
            """ + "\n"
                + Self.work(
                    "tom",
                    """
                    use @ P-FAN 1 B-1
                    labour @ 60
                    expense @ 25.00 Call-out fee
                    """, agent: "agnes"))
        #expect(
            results[1].message.hasPrefix(
                "opened case 1 for SN-X (Chargeable Customer): chargeable — no warranty or contract"))
        #expect(results[2].message == "close case 1 refused: 3 of 7 checks fail (resolution, usage, outcomes)")
        // 180.00 + 60 min × 60.00/h + 25.00 = 265.00, all the customer's
        #expect(results[results.count - 2].message == "case 1: invoice trigger 265.00")
        #expect(try portions(desk, case: 1) == [.invoiceTrigger: [1: "180.00", 2: "60.00", 3: "25.00"]])
        #expect(results.last!.message == "closed case 1: invoice trigger 265.00")
    }

    @Test("A case without lines closes only on an explicit zero confirmation")
    func noLines() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Customer reports it works again
            schedule @ tom 2026-06-15T10:00 2026-06-15T11:00
            as tom
            visit @ done
            no-parts @
            no-labour @
            resolve @ NO-FAULT-FOUND Unit works; nothing replaced.
            as agnes
            bill @
            bill @ zero
            close @
            """)
        // (results: 0 as, 1 open, 2 schedule, 3 as, 4 visit, 5 no-parts, 6 no-labour, 7 resolve, 8 as, 9…)
        #expect(results[9].failure == .invalid)
        #expect(
            results[9].message
                == "bill: case 1 has no lines; `bill 1 zero` records a zero warranty confirmation, or add a call-out fee with `expense`"
        )
        // What a screen acts on (it offers the zero confirmation), rather than reading the message.
        #expect(results[9].reason == .nothingToBill)
        #expect(results[10].reason == nil)
        #expect(results[10].message == "case 1: warranty confirmation 0.00")
        #expect(results[11].message == "closed case 1: warranty confirmation 0.00")
    }

    // Product decision: the technician signs off on site — shows the customer what is
    // covered and what they pay, builds the outcomes and closes, without an agent coming back.
    @Test("A technician bills and closes a case where a visit of theirs is done, and no other")
    func technicianSignsOffOnSite() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            schedule @ tom 2026-06-15T10:00 2026-06-15T12:00
            reserve 1 P-FAN 1 B-1
            reserve 1 P-BOARD 1 B-1
            as tom
            bill 1
            release 2
            visit 1 done
            use 1 P-FAN 1 B-1
            labour 1 60
            resolve 1 REPLACED-PART Replaced the fan.
            bill 1
            as tia
            bill 1
            release 2
            as tom
            close 1
            release 2
            close 1
            claim open 1
            """)
        // (0 as, 1 open, 2 schedule, 3-4 reserve, 5 as tom, 6 bill, 7 release, 8 visit, 9 use,
        //  10 labour, 11 resolve, 12 bill, 13 as tia, 14 bill, 15 release, 16 as tom, 17 close,
        //  18 release, 19 close, 20 claim)
        // Before his visit is done, tom may not bill, nor give back the board he did not need
        #expect(results[6].failure == .refused)
        #expect(
            results[6].message.hasSuffix(
                "case 1 has no visit of tom's marked done; a technician may build billing outcomes only on a case they sign off on site"
            ), "\(results[6].message)")
        #expect(results[7].failure == .refused, "\(results[7].message)")
        #expect(results[7].message.contains("may release unused reservations only on a case they sign off on site"))
        // With it done, he bills, on site; tia, whose visit it is not, may neither bill nor release
        #expect(results[12].ok, "\(results[12].message)")
        #expect(results[14].failure == .refused, "\(results[14].message)")
        #expect(results[15].failure == .refused, "\(results[15].message)")
        // The unused board holds the close until tom gives it back; then he closes
        #expect(results[17].failure != nil, "\(results[17].message)")
        #expect(results[17].message.hasSuffix("checks fail (reservations)"), "\(results[17].message)")
        #expect(results[18].ok, "\(results[18].message)")
        #expect(results[19].ok, "\(results[19].message)")
        #expect(results[19].message.hasPrefix("closed case 1:"))
        // Claims to the supplier stay back-office work
        #expect(results[20].failure == .refused, "\(results[20].message)")
        #expect(results[20].message.contains("may not claim warranty costs and charge missing cores"))
        #expect(try desk.verified())
    }

    @Test("A closed case is read-only")
    func closedIsReadOnly() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            """ + "\n" + Self.work("tom", "use @ P-FAN 1 B-1\nlabour @ 60", agent: "agnes") + """

                as tom
                labour 1 30
                """)
        #expect(results.last!.failure == .invalid)
        #expect(results.last!.message == "case 1 is closed and read-only; a supervisor can reopen it")
        // Given by a line of it, the refusal says whose line it is (it named only the case)
        let byLine = try desk.run("as agnes\nclassify 1 billable CUSTOMER-DAMAGE")
        #expect(
            byLine.last!.message == "line 1 is on case 1, which is closed and read-only; a supervisor can reopen it")
    }
}
