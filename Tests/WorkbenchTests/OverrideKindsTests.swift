import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

/// Every kind of override, the same way: requested, pending on the case (which cannot close
/// while it is), refused to its own requester, then decided by another supervisor — its
/// effect there after an approval and absent after a rejection.
@Suite("Override kinds: each applied on approval, ignored on rejection")
struct OverrideKindsTests {
    struct Kind: CustomTestStringConvertible, Sendable {
        var kind: OverrideKind
        /// Brings case 1 (and case 2 for a release) to where the request makes sense.
        var setup: String
        var requester: String
        /// Override 1.
        var request: String
        /// The case whose closure checklist shows the request as pending; nil for a closed case.
        var blocks: CaseID?
        /// What the override changes, read after the decision.
        var probe: @Sendable (Desk) throws -> String
        var approved: String
        var rejected: String
        var testDescription: String { kind.rawValue }
    }

    /// A chargeable case (SN-X) worked and resolved: fan 180.00, labour 60 min × 60.00 = 60.00.
    static let workedChargeable = """
        as agnes
        open C-X SN-X Heater trips the breaker
        schedule 1 tom 2026-06-15T10:00 2026-06-15T12:00
        as tom
        visit 1 done
        use 1 P-FAN 1 B-1
        labour 1 60
        resolve 1 REPLACED-PART New fan.
        """

    static func lastMessage(_ script: String) -> @Sendable (Desk) throws -> String {
        { desk in try desk.run(script).last?.message ?? "" }
    }

    static let kinds: [Kind] = [
        Kind(
            kind: .goodwill, setup: workedChargeable, requester: "sam",
            request: "request goodwill 1 100.00 LOYAL-CUSTOMER note=\"ten years a customer\"", blocks: CaseID(1),
            probe: lastMessage("as agnes\nbill 1"),
            // Fan 180.00 less 100.00 goodwill, and labour 60.00, to the customer
            approved: "case 1: warranty confirmation 100.00, invoice trigger 140.00",
            rejected: "case 1: invoice trigger 240.00"),
        Kind(
            kind: .coverObject, setup: "as arun\nopen C-K SN-K2 Pump leaks", requester: "sam",
            request: "request cover-object 1 K-1 MISSING-FROM-CONTRACT", blocks: CaseID(1),
            probe: { desk in
                try desk.read { try $0.latestEntitlement(caseID: CaseID(1))?.entitlement.source.label ?? "" }
            },
            approved: "contract K-1", rejected: "no warranty or contract"),
        Kind(
            kind: .waiveDeductible, setup: "as arun\nopen C-K SN-K Boiler leaks\nas tia\nuse 1 P-SEAL 2 B-1",
            requester: "sam",
            request: "request waive-deductible 1 GOODWILL-GESTURE", blocks: CaseID(1),
            probe: lastMessage("as arun\nbill 1"),
            // Two seals 90.00: all covered, or 50.00 of it the deductible
            approved: "case 1: contract debit 90.00 on K-1 (debits 90.00)",
            rejected: "case 1: contract debit 40.00 on K-1 (debits 40.00), invoice trigger 50.00"),
        Kind(
            kind: .extendCap, setup: "as agnes\nopen C-W SN-W Boards burnt\nas tom\nuse 1 P-BOARD 2 B-1",
            requester: "sam",
            request: "request extend-cap 1 100.00 SAFETY-RECALL", blocks: CaseID(1),
            probe: lastMessage("as agnes\nbill 1"),
            // Two boards 640.00; 300.00 of the lifetime cap left, 400.00 when raised by 100.00
            approved: "case 1: warranty confirmation 400.00, invoice trigger 240.00",
            rejected: "case 1: warranty confirmation 300.00, invoice trigger 340.00"),
        Kind(
            kind: .reopen, setup: workedChargeable + "\nas agnes\nbill 1\nclose 1", requester: "sam",
            request: "request reopen 1 WRONG-OUTCOME", blocks: nil,
            probe: { desk in
                try desk.read { tx in
                    let status = try tx.serviceCase(CaseID(1))!.status.rawValue
                    let net = Money.sum(try tx.postings(caseID: CaseID(1)).map { $0.draft.amount })
                    return "\(status), postings net \(net)"
                }
            },
            // Revenue 240.00 and the fan issued at its standard cost 75.00; reversed, they net to nothing
            approved: "in-progress, postings net 0.00", rejected: "closed, postings net 315.00"),
        Kind(
            kind: .releaseReservation,
            setup:
                "as agnes\nopen C-W SN-W Boards burnt\nreserve 1 P-BOARD 10 B-1\nas arun\nopen C-K SN-K Boiler leaks",
            requester: "arun",
            request: "request release 1 URGENT-REPAIR quantity=4 for=2 note=\"customer without heating\"",
            blocks: CaseID(1),
            probe: { desk in
                try desk.read { tx in
                    try [CaseID(1), CaseID(2)].map { c in
                        "case \(c) holds \(try tx.reservations(caseID: c).map(\.remaining).reduce(0, +))"
                    }.joined(separator: ", ")
                }
            },
            approved: "case 1 holds 6, case 2 holds 4", rejected: "case 1 holds 10, case 2 holds 0"),
    ]

    func pendingCheckFails(_ desk: Desk, _ c: CaseID) throws -> Bool {
        try desk.read { try $0.caseState(c)!.checks.first { $0.id == .noPendingOverride }!.passed == false }
    }

    @Test("Approved by another supervisor: applied in the approving command", arguments: kinds)
    func approved(_ k: Kind) throws {
        let desk = try requested(k)
        let r = try desk.session("sofia").run("approve 1 note=\"agreed\"")!
        #expect(r.ok, "\(r.message)")
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.status } == .approved)
        if let c = k.blocks { #expect(try !pendingCheckFails(desk, c)) }
        #expect(try k.probe(desk) == k.approved)
        #expect(try desk.verified())
    }

    @Test("Rejected: nothing of it applied", arguments: kinds)
    func rejected(_ k: Kind) throws {
        let desk = try requested(k)
        #expect(try desk.session("sofia").run("reject 1 note=\"no\"")!.ok)
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.status } == .rejected)
        if let c = k.blocks { #expect(try !pendingCheckFails(desk, c)) }
        #expect(try k.probe(desk) == k.rejected)
    }

    /// The setup and the request; checks the request is pending, blocks its case, and is
    /// refused to its own requester as a security event.
    func requested(_ k: Kind) throws -> Desk {
        let desk = try Desk()
        let setup = try desk.run(k.setup)
        #expect(setup.filter { !$0.ok }.map(\.message) == [])
        let request = try desk.session(k.requester).run(k.request)!
        #expect(request.ok, "\(request.message)")
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.kind } == k.kind)
        if let c = k.blocks { #expect(try pendingCheckFails(desk, c)) }
        let events = try desk.read { try $0.auditEntries(kind: "security").count }
        let own = try desk.session(k.requester).run("approve 1")!
        #expect(own.failure == .refused)
        #expect(try desk.read { try $0.auditEntries(kind: "security").count } == events + 1)
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.status } == .pending)
        return desk
    }
}

@Suite("Release override: the request and its approval")
struct ReleaseOverrideTests {
    /// Agnes holds all ten boards for case 1; arun's case 2 needs some.
    func desk() throws -> Desk {
        let desk = try Desk()
        let setup = try desk.run(
            "as agnes\nopen C-W SN-W Boards burnt\nreserve 1 P-BOARD 10 B-1\nas arun\nopen C-K SN-K Boiler leaks")
        #expect(setup.filter { !$0.ok }.map(\.message) == [])
        return desk
    }

    @Test("An agent refused another agent's reservation is told how to ask")
    func refusalNamesTheRequest() throws {
        let r = try desk().session("arun").run("release 1")!
        #expect(r.failure == .refused)
        #expect(
            r.message == "case 1 is assigned to agnes; an agent may release unused reservations on own cases only; "
                + "ask a supervisor: request release 1 REASON for=YOUR-CASE")
    }

    @Test("Whoever may release it is told to release it, and a case must be the requester's own")
    func requestRefusals() throws {
        let desk = try desk()
        #expect(
            try desk.session("agnes").run("request release 1 URGENT")!.message
                == "request release: you may release reservation 1 yourself: release 1")
        #expect(
            try desk.session("arun").run("request release 1 URGENT quantity=11")!.message
                == "request release: reservation 1 holds 10 × P-BOARD, not 11")
        #expect(
            try desk.session("arun").run("request release 1 URGENT for=1")!.message
                == "request release: reservation 1 is already case 1's")
        #expect(try desk.run("as agnes\nopen C-X SN-X Heater trips").last!.ok)
        #expect(
            try desk.session("arun").run("request release 1 URGENT for=3")!.message
                == "case 3 is assigned to agnes; an agent may reserve parts on own cases only")
        // One request for a reservation at a time
        #expect(try desk.session("arun").run("request release 1 URGENT quantity=2")!.ok)
        #expect(
            try desk.session("arun").run("request release 1 URGENT quantity=3")!.message
                == "request release: reservation 1 already has a release waiting for a supervisor (override 1)")
    }

    @Test("An approval finds the reservation smaller than asked: refused, nothing changes")
    func reservationShrankSince() throws {
        let desk = try desk()
        #expect(try desk.session("arun").run("request release 1 URGENT quantity=8 for=2")!.ok)
        #expect(try desk.session("agnes").run("release 1 5")!.ok)
        let before = try desk.footprint()
        let r = try desk.session("sam").run("approve 1")!
        #expect(r.message == "reservation 1 now holds 5 × P-BOARD, not the 8 asked for: reject override 1")
        #expect(try desk.footprint() == before)
    }

    @Test("Undoing the approval gives the parts back to the first case")
    func undoApproval() throws {
        let desk = try desk()
        #expect(try desk.session("arun").run("request release 1 URGENT quantity=4 for=2")!.ok)
        let sam = try desk.session("sam")
        let approved = sam.run("approve 1")!
        #expect(
            approved.details == [
                "case 1: released 4 × P-BOARD of reservation 1 back to B-1",
                "case 2: reserved 4 × P-BOARD in B-1 (reservation 2)",
            ])
        #expect(sam.run("undo")!.ok)
        #expect(try desk.read { try $0.reservations(caseID: CaseID(1)).map(\.remaining) } == [10])
        #expect(try desk.read { try $0.reservations(caseID: CaseID(2)).map(\.remaining).reduce(0, +) } == 0)
        #expect(try desk.read { try $0.overrideRequest(OverrideID(1))?.status } == .pending)
    }
}
