import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

@Suite("Master data: admin edits the rules read, and callers not yet known")
struct MasterDataTests {
    @Test("Blocking a contract makes its open cases stale at once, in the queue's unverified view")
    func blockingAContract() throws {
        // Given arun's open case on SN-K, verified under K-1
        let desk = try Desk()
        #expect(try desk.session("arun").run("open C-K SN-K Boiler leaks")!.ok)
        let unverified = QueueQuery(view: .unverified, account: "arun", today: businessDate)
        #expect(try desk.read { try $0.queueCount(unverified) } == 0)
        // When ada blocks K-1
        let result = try desk.session("ada").run("contract block K-1")!
        // Then the case is listed as unverified, and verifying again finds it chargeable
        #expect(result.message == "contract K-1: released → blocked; 1 open case to check: verify again if stale")
        #expect(try desk.read { try $0.queue(unverified) }.map(\.id) == [CaseID(1)])
        let verify = try desk.session("arun").run("verify 1")!
        #expect(verify.message == "case 1: chargeable — no warranty or contract (was contract — contract K-1)")
        #expect(verify.details.contains("contract K-1 is blocked"))
        #expect(try desk.read { try $0.queueCount(unverified) } == 0)
    }

    @Test("Listing a serial on a contract, and warranty dates, are admin edits the engine reads")
    func coverAndWarrantyDates() throws {
        let desk = try Desk()
        let ada = try desk.session("ada")
        #expect(ada.run("contract cover K-1 SN-K2")!.message == "contract K-1 now lists SN-K2")
        #expect(ada.run("contract cover K-1 SN-K2")!.message == "contract cover: contract K-1 already lists SN-K2")
        #expect(
            ada.run("contract cover K-1 SN-W")!.message
                == "contract cover: SN-W belongs to customer C-W, contract K-1 to C-K")
        #expect(ada.run("asset warranty SN-X WT-SMALL 2026-01-01 2026-12-31")!.ok)
        let open = try desk.run("as agnes\nopen C-X SN-X Heater\nas arun\nopen C-K SN-K2 Pump")
        #expect(open[1].message.contains(": warranty — asset warranty WT-SMALL"))
        #expect(open[3].message.contains(": contract — contract K-1"))
    }

    @Test("Only admins edit master data; the refusal is recorded")
    func adminsOnly() throws {
        let desk = try Desk()
        let r = try desk.session("sam").run("contract block K-1")!
        #expect(r.failure == .refused)
        #expect(r.message == "sam is a supervisor and may not edit master data (allowed: admin)")
        #expect(try desk.read { try $0.contract("K-1")?.status } == .released)
    }

    @Test("A caller not yet in master data gets a case at once; customer and asset wait for review")
    func callerNotInMasterData() throws {
        let desk = try Desk()
        let r = try desk.session("agnes").run(
            #"open C-NEW SN-NEW Leaking tap name="New Co" region=EAST item=UNIT installed=2026-06-01 contact="Kim 555-0100""#
        )!
        #expect(
            r.message
                == "opened case 1 for SN-NEW (New Co): chargeable — no warranty or contract; SLA due 2026-06-16T09:00Z; created customer C-NEW and asset SN-NEW for master-data review"
        )
        #expect(
            try desk.read { try $0.customer("C-NEW") }
                == Customer(id: "C-NEW", name: "New Co", region: "EAST", contact: "Kim 555-0100", needsReview: true))
        #expect(try desk.read { try $0.asset("SN-NEW")?.needsReview } == true)
        let ada = try desk.session("ada")
        #expect(ada.run("customer reviewed C-NEW")!.message == "customer C-NEW reviewed")
        #expect(ada.run("asset reviewed SN-NEW")!.message == "asset SN-NEW reviewed")
        #expect(ada.run("asset reviewed SN-NEW")!.message == "asset reviewed: SN-NEW is not waiting for review")
    }

    @Test("Users: an admin adds one, sets a role and a rate, and cannot lock themselves out")
    func users() throws {
        let desk = try Desk()
        let ada = try desk.session("ada")
        #expect(ada.run("user add kim technician rate=55.00 name=\"Kim Lee\"")!.message == "kim added as technician")
        #expect(ada.run("user add kim agent")!.message == "user add: kim is already a user")
        #expect(
            ada.run("user set-role ada agent")!.message
                == "user set-role: an admin cannot take away their own admin role")
        #expect(ada.run("user disable ada")!.message == "user disable: you cannot disable yourself")
        #expect(ada.run("user disable kim")!.ok)
        #expect {
            _ = try Session(database: desk.db, account: "kim", clock: fixedClock)
        } throws: { ($0 as? IdentityError)?.message == "user kim is disabled on \(desk.place)" }
        #expect(ada.run("user list")!.details.contains("kim  technician  Kim Lee  rate 55.00/h  (disabled)"))
    }

    @Test("The queue's saved views come from the closure state, a page at a time")
    func queueViews() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            """ + "\n"
                + ClosingScenarioTests.work("tom", "use @ P-FAN 1 B-1\nlabour @ 60", agent: "agnes")
                .replacingOccurrences(of: "close @", with: "") + """

                    open C-W SN-W Unit stops
                    as arun
                    open C-K SN-K Boiler leaks priority=1
                    as tom
                    resolve @ REPLACED-PART Fixed on the phone.
                    """)
        #expect(results.filter { !$0.ok }.isEmpty)
        let s = try desk.session("agnes")
        #expect(s.run("queue view=ready-to-close")!.message == "ready-to-close: 1 case")
        #expect(s.run("queue view=mine")!.message == "mine: 2 cases")
        #expect(s.run("queue view=blocked-at-close")!.message == "blocked-at-close: 1 case")
        #expect(s.run("queue view=blocked-at-close")!.details.first?.hasPrefix("3  resolved  P1") == true)
        let page = s.run("queue sort=priority limit=2")!
        #expect(page.message == "open: 3 cases, showing 1–2")
        // P1 first; then, at P3, case 2 (NORTH, due in 8 h) before case 1 (EAST, 24 h)
        #expect(page.details.map { $0.prefix(3) } == ["3  ", "2  "])
    }
}
