import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

@Suite("Refusals: bad input writes nothing; a missing permission is a security event")
struct RefusalTests {
    @Test(
        "Bad input gets a clear error and writes nothing",
        arguments: [
            ("frobnicate 1", "unknown command 'frobnicate'; `help` lists the commands"),
            ("clos 1", "unknown command 'clos'; did you mean close?"),
            // A quoted empty first word was "near" every command, and the message listed all 80 (fuzzing found it)
            ("\"\" release 1", "unknown command ''; `help` lists the commands"),
            ("verify 999", "no case 999"),
            ("labour 1 ninety", "labour: N 'ninety' is not a whole number"),
            ("travel 1 12,50", "travel: AMOUNT '12,50' is not an amount like 120.00"),
            (
                "schedule 1 tom tomorrow 2026-06-16T10:00",
                "schedule: TIME 'tomorrow' is not a time (YYYY-MM-DDTHH:MM, UTC)"
            ),
            ("open C-W SN-W Leak priority=9", "open: priority '9' is not from 1 to 4"),
            (
                "open C-W SN-W Leak colour=red",
                "open: unknown option colour= (quote text that holds '='; usage: open CUSTOMER SERIAL TEXT... [priority=N] [contact=TEXT] [reported=DATE] [assignee=USER] [name=TEXT] [region=REGION] [item=ITEM] [installed=DATE])"
            ),
            (
                "open C-W",
                "open: missing SERIAL — the asset's serial number (usage: open CUSTOMER SERIAL TEXT... [priority=N] [contact=TEXT] [reported=DATE] [assignee=USER] [name=TEXT] [region=REGION] [item=ITEM] [installed=DATE])"
            ),
            ("visit @ done", "visit: @ refers to no visit created earlier in this session"),
            ("open C-W SN-X Wrong customer", "open: SN-X belongs to customer C-X, not C-W"),
            (
                "open C-NEW SN-NEW Leak",
                "open: no customer C-NEW; give name= and region= to create it for master-data review"
            ),
            (
                "resolve 1 fixed_it Done",
                "resolve: CODE 'fixed_it' is not a resolution code (letters, digits and dashes, e.g. REPLACED-PART)"
            ),
            ("note 1 \"unterminated", "unterminated quote: a \" has no closing \""),
        ])
    func badInput(line: String, message: String) throws {
        // Given a desk with one open case, as agnes
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")!.ok)
        let before = try desk.footprint()
        // When she sends a bad line
        let result = agnes.run(line)!
        // Then it fails as invalid input, with the message, and the database is as it was
        #expect(result.failure == .invalid)
        #expect(result.message == message)
        #expect(try desk.footprint() == before)
    }

    // Each of these once crashed the process ("Not enough bits to represent the passed value"),
    // or, the 93rd time on one case, the case's total did.
    @Test(
        "A number past its bound is refused, naming the bound, and writes nothing: never a crash",
        arguments: [
            ("labour 1 153722867280912930", "labour: N '153722867280912930' is not from 1 to 14,400"),
            ("labour 1 99999999999999999999999", "labour: N '99999999999999999999999' is not from 1 to 14,400"),
            (
                "receive P-SEAL 9223372036854775807 WH-SOUTH 0.01",
                "receive: N '9223372036854775807' is not from 1 to 1,000,000"
            ),
            (
                "adjust P-SEAL WH-SOUTH 9223372036854775807 COUNT",
                "adjust: N '9223372036854775807' is not from -1,000,000 to 1,000,000"
            ),
            (
                "adjust P-SEAL WH-SOUTH -9223372036854775808 COUNT",
                "adjust: N '-9223372036854775808' is not from -1,000,000 to 1,000,000"
            ),
            (
                "expense 1 999999999999999.99 x",
                "expense: AMOUNT '999999999999999.99' is not from 0.00 to 999,999,999.99"
            ),
            ("reserve 1 P-SEAL 0", "reserve: N '0' is not from 1 to 1,000,000"),
            // Fuzzing found these: an empty or lone "-" number was taken for Int.max, and a
            // queue's offset that large overflowed as the page's row numbers were counted.
            ("queue offset=", "queue: offset '' is not a whole number"),
            ("labour 1 -", "labour: N '-' is not a whole number"),
            ("queue offset=9223372036854775807", "queue: offset '9223372036854775807' is not from 0 to 1,000,000,000"),
        ])
    func bounds(line: String, message: String) throws {
        let desk = try Desk()
        let ada = try desk.session("ada")
        let before = try desk.footprint()
        let result = ada.run(line)!
        #expect(result.failure == .invalid)
        #expect(result.message == message)
        #expect(try desk.footprint() == before)
    }

    // 93 expenses at the old ceiling crashed on one case, and `report reconcile` with it: within
    // the line bounds a case could still sum past 64-bit cents, so its lines are bounded together.
    @Test("A case's lines together stay within 9,999,999,999.99: the line past it is refused; reports still run")
    func caseTotalBound() throws {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        #expect(agnes.run("open C-W SN-W Unit stops")!.ok)
        let tom = try desk.session("tom")
        for _ in 0..<10 { #expect(tom.run("expense 1 999999999.99 hotel")!.ok) }
        let before = try desk.footprint()
        let refused = tom.run("expense 1 999999999.99 hotel")!
        #expect(!refused.ok)
        #expect(
            refused.message
                == "case 1's lines would come to 10,999,999,999.89, past the 9,999,999,999.99 a case may hold "
                + "(charges and credits counted alike); nothing was written")
        #expect(try desk.footprint() == before)
        #expect(tom.run("expense 1 0.09 taxi")!.ok, "up to the bound itself is fine")
        let sam = try desk.session("sam")
        #expect(sam.run("report reconcile \(String(sam.today.description.prefix(7)))")!.ok)
        #expect(sam.run("report kpi")!.ok)
    }

    @Test("help shows each number's bounds")
    func helpShowsBounds() throws {
        let result = try Desk().session("ada").run("help labour")!
        #expect(result.details.contains("  N: minutes worked (1 to 14,400)"))
        #expect(
            try Desk().session("ada").run("help expense")!.details.contains(
                "  AMOUNT: the amount (0.00 to 999,999,999.99)"))
    }

    @Test("A stock value past what cents can hold is refused by checked arithmetic, not a trap")
    func valuationOverflow() throws {
        var item = Item(sku: "X", description: "x", category: "c", listPrice: Money(minorUnits: 1))
        item.costing = .movingAverage
        let near = Valuation(quantity: 1, value: Money(minorUnits: Int64.max - 10))
        #expect(throws: AmountOverflow.self) {
            try near.receiving(1_000_000, at: Money(minorUnits: 99_999_999_999), item: item)
        }
        #expect(throws: AmountOverflow.self) { try Money(minorUnits: Int64.max).times(2) }
        #expect(throws: AmountOverflow.self) {
            try Money.checkedSum([Money(minorUnits: Int64.max), Money(minorUnits: 1)])
        }
        #expect(try Money.checkedSum([Money(minorUnits: 1), Money(minorUnits: 2)]) == Money(minorUnits: 3))
    }

    @Test("A role without the permission is refused, and only a security event is written")
    func permissionRefused() throws {
        let desk = try Desk()
        let before = try desk.footprint()
        // Given tom, a technician; When he tries to open a case
        let result = try desk.session("tom").run("open C-W SN-W Unit stops")!
        // Then refused, naming his role and who may
        #expect(result.failure == .refused)
        #expect(result.message == "tom is a technician and may not open cases (allowed: agent, supervisor)")
        // And the only write is the security event
        var after = before
        after["audit_entry"]! += 1
        #expect(try desk.footprint() == after)
        let event = try #require(try desk.read { try $0.auditEntries(kind: "security") }.last)
        #expect(event.account == "tom")
        #expect(event.command == "open C-W SN-W Unit stops")
        #expect(event.message == result.message)
    }

    @Test("An agent may not work on another agent's case")
    func ownCasesOnly() throws {
        let desk = try Desk()
        #expect(try desk.session("agnes").run("open C-W SN-W Unit stops")!.ok)
        let result = try desk.session("arun").run("verify 1")!
        #expect(result.failure == .refused)
        #expect(result.message == "case 1 is assigned to agnes; an agent may verify entitlement on own cases only")
        #expect(try desk.read { try $0.auditEntries(kind: "security") }.map(\.caseID) == [CaseID(1)])
        // A supervisor may
        #expect(try desk.session("sam").run("verify 1")!.ok)
    }

    @Test("Nobody approves their own override; the attempt is a security event and the request stays pending")
    func selfApproval() throws {
        let desk = try Desk()
        let sam = try desk.session("sam")
        #expect(sam.run("open C-W SN-W Unit stops assignee=agnes")!.ok)
        #expect(sam.run("request waive-deductible 1 LOYAL-CUSTOMER note=\"ten years\"")!.ok)
        let before = try desk.footprint()
        // When sam approves his own request
        let result = sam.run("approve 1")!
        // Then refused, recorded, and nothing else changed
        #expect(result.failure == .refused)
        #expect(result.message == "override 1 was requested by sam: nobody approves or rejects their own request")
        #expect(try desk.footprint()["audit_entry"] == before["audit_entry"]! + 1)
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.status } == .pending)
        // And another supervisor may
        #expect(try desk.session("sofia").run("approve 1")!.ok)
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.status } == .approved)
    }

    @Test("--as is refused on a production database, as a security event only")
    func actingAsOnProduction() throws {
        // Given a production database whose admin is "trainer" (the creator), and agnes a user
        let desk = try Desk(kind: .production)
        let before = try desk.footprint()
        // When the admin starts a session acting as agnes
        #expect {
            _ = try Session(database: desk.db, account: "trainer", actingAs: "agnes", clock: fixedClock)
        } throws: { error in
            (error as? IdentityError)?.message
                == "--as is honoured on training databases only; \(desk.place) is a production database"
        }
        // Then the only write is one security event
        var after = before
        after["audit_entry"]! += 1
        #expect(try desk.footprint() == after)
        #expect(try desk.read { try $0.auditEntries(kind: "security") }.map(\.actingAs) == ["agnes"])
    }

    @Test("--as needs a trainer, even on a training database")
    func actingAsNeedsTrainer() throws {
        let desk = try Desk()
        #expect(throws: IdentityError.self) {
            _ = try Session(database: desk.db, account: "agnes", actingAs: "sam", clock: fixedClock)
        }
        let refusal = try desk.session("agnes").run("as sam")!
        #expect(refusal.failure == .refused)
        #expect(refusal.message == "agnes is an agent; only a trainer may act as another user")
        #expect(try desk.read { try $0.auditEntries(kind: "security") }.count == 2)
    }

    @Test("An OS account that is not a user is told how to be added, and it is recorded")
    func unknownAccount() throws {
        let desk = try Desk()
        #expect {
            _ = try Session(database: desk.db, account: "mallory", clock: fixedClock)
        } throws: { error in
            (error as? IdentityError)?.message
                == "the OS account 'mallory' is not a user of \(desk.place); an admin adds it with `casebench users add mallory ROLE`"
        }
        #expect(try desk.read { try $0.auditEntries(kind: "security") }.map(\.account) == ["mallory"])
    }
}
