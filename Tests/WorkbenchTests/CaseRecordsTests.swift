import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// Everything the rules read about a case comes in one read (`caseRecords`): the entitlement's
/// sources found from the asset's serial through joins, and the case's own rows. It must read
/// what the reads of each would, on either engine, and on PostgreSQL in one round trip.
@Suite("A case's records, read together, are what each read alone gives")
struct CaseRecordsTests {
    /// A desk whose cases have something of everything: a warranty case and a contract case
    /// worked to billing (a reservation, a visit, lines, outcomes and their portions), a
    /// chargeable case with an override asked for, and a case just opened.
    private func workedDesk() throws -> Desk {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        let tom = try desk.session("tom")
        let day: [(Session, String)] = [
            (agnes, "open C-W SN-W Unit stops"), (agnes, "open C-K SN-K Unit leaks"), (agnes, "open C-X SN-X Noise"),
            (agnes, "open C-K SN-K2 Unit rattles"),
        ]
        var work = day
        for id in 1...2 {
            work += [
                (agnes, "schedule \(id) tom 2026-06-1\(5 + id)T10:00 2026-06-1\(5 + id)T12:00"),
                (agnes, "reserve \(id) P-SEAL 2 B-1"), (tom, "visit \(id) done"), (tom, "use \(id) P-SEAL 1 B-1"),
                (tom, "labour \(id) 30"), (tom, "travel \(id) 45.00"), (agnes, "bill \(id)"),
            ]
        }
        work += [(tom, "labour 3 20"), (agnes, "request goodwill 7 5.00 LOYAL-CUSTOMER")]
        for (session, line) in work {
            let result = try #require(session.run(line))
            #expect(result.ok, "\(line): \(result.message)")
        }
        return desk
    }

    @Test("For every case, each part of its records equals the read of that part alone")
    func sameAsEachRead() throws {
        let desk = try workedDesk()
        try desk.read { tx in
            let ids = try CaseID.fetchAll(tx.db, sql: "SELECT id FROM service_case ORDER BY id")
            #expect(ids.count == 4)
            for id in ids {
                let c = try #require(try tx.serviceCase(id))
                let r = try tx.caseRecords(c)
                #expect(r.overrides == (try tx.overrides(caseID: id)), "case \(id)")
                #expect(r.lines == (try tx.lines(caseID: id)), "case \(id)")
                #expect(r.visits == (try tx.visits(caseID: id)), "case \(id)")
                #expect(r.outcomes == (try tx.activeOutcomes(caseID: id)), "case \(id)")
                #expect(r.record == (try tx.latestEntitlement(caseID: id)), "case \(id)")
                #expect(
                    r.held
                        == OpenReservation.summed(
                            try tx.reservations(caseID: id).filter(\.isOpen).map {
                                OpenReservation(sku: $0.sku, bin: $0.bin, quantity: $0.remaining)
                            }), "case \(id)")
                let s = try #require(r.sources)
                let asset = try #require(try tx.asset(c.serial))
                #expect(s.asset == asset)
                let item = try #require(try tx.item(asset.sku))
                #expect(s.item == item)
                for template in EntitlementInput.templateIDs(asset: asset, item: item) {
                    #expect(s.templates[template] == (try tx.template(template)), "case \(id): \(template)")
                }
                #expect(s.spent == (try tx.spent(serial: c.serial)))
                #expect(s.contracts == (try tx.contracts(customerID: asset.customerID)), "case \(id)")
                #expect(s.rules == (try tx.rules(region: asset.region)), "case \(id)")
            }
            // The desk has what the comparison is about
            let all = try ids.map { try tx.caseRecords(try tx.serviceCase($0)!) }
            #expect(all.contains { !$0.outcomes.isEmpty && $0.outcomes.allSatisfy { !$0.draft.portions.isEmpty } })
            #expect(all.contains { !$0.held.isEmpty && !$0.visits.isEmpty })
            #expect(all.contains { !$0.overrides.isEmpty })
            #expect(all.contains { $0.sources?.contracts.isEmpty == false })
        }
    }

    @Test("A case's records are one round trip on PostgreSQL; on SQLite each statement reads by key")
    func oneRoundTrip() throws {
        let desk = try workedDesk()
        let c = try #require(try desk.read { try $0.serviceCase(CaseID(2)) })
        let counter = desk.db.countStatements()
        _ = try desk.read { try $0.caseRecords(c) }
        guard desk.db.postgres == nil else {
            // Its BEGIN goes with it, and the ROLLBACK after
            #expect(counter.roundTrips == 2, "\(counter.statements)")
            return
        }
        let statements = counter.statements.filter { $0.hasPrefix("SELECT") }
        #expect(statements.count >= 14)
        try desk.read { tx in
            for sql in statements {
                let plan = try Row.fetchAll(
                    tx.db, sql: "EXPLAIN QUERY PLAN " + sql,
                    arguments: SQLArguments(Array(repeating: "SN-K", count: sql.filter { $0 == "?" }.count))
                ).map { $0["detail"] as String }
                #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(sql): \(plan)")
            }
        }
    }
}
