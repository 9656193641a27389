import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

// What must always hold between the ledger, the stock, the valuation, the reservations and
// the cases' part lines — `stockProblems()` — and the monthly reconciliation of part lines
// against issue movements, `partLineDifferences(month:)`.

private func money(_ text: String) -> Money { Fixtures.money(text) }
private func noRefresh(_: StoreTransaction, _: CaseID?) {}

/// Raw SQL that bends one of the rows the invariants tie together, and what they then say.
struct Tampering: Sendable, CustomTestStringConvertible {
    var name: String
    var sql: String
    var problems: [String]
    var testDescription: String { name }

    static let all = [
        Tampering(
            name: "stock on hand", sql: "UPDATE stock SET on_hand = 7 WHERE sku = 'P-SEAL' AND bin = 'WH-N-A1'",
            problems: ["P-SEAL in WH-N-A1: stock says 7 on hand, 1 reserved; the ledger says 8 and 1"]),
        Tampering(
            name: "stock reserved", sql: "UPDATE stock SET reserved = 3 WHERE sku = 'P-SEAL' AND bin = 'WH-N-A1'",
            problems: [
                "P-SEAL in WH-N-A1: stock says 8 on hand, 3 reserved; the ledger says 8 and 1",
                "P-SEAL in WH-N-A1: 3 reserved, but open reservations hold 1",
            ]),
        // 3 reserved − 1 used = 2 held, but the bin has 1 reserved
        Tampering(
            name: "reservation used", sql: "UPDATE reservation SET used = 1 WHERE id = 1",
            problems: ["P-SEAL in WH-N-A1: 1 reserved, but open reservations hold 2"]),
        Tampering(
            name: "reservation without stock",
            sql: """
                INSERT INTO reservation (case_id, sku, bin, quantity, created_by, created_at)
                VALUES (1, 'P-SEAL', 'VAN-TOM', 2, 'agnes', 0)
                """,
            problems: ["P-SEAL in VAN-TOM: 0 reserved, but open reservations hold 2"]),
        Tampering(
            name: "valuation value", sql: "UPDATE stock_valuation SET value = 14300 WHERE sku = 'P-SEAL'",
            problems: ["P-SEAL: valued at 8 units worth 143.00, the ledger says 8 worth 144.00"]),
        Tampering(
            name: "valuation quantity", sql: "UPDATE stock_valuation SET quantity = 9 WHERE sku = 'P-SEAL'",
            problems: ["P-SEAL: valued at 9 units worth 144.00, the ledger says 8 worth 144.00"]),
        Tampering(
            name: "part line quantity", sql: "UPDATE case_line SET quantity = 3 WHERE id = 1",
            problems: ["case 1 line 1: 3 × P-SEAL on the case, 2 issued by the ledger"]),
        // The ledger itself, once its append-only trigger is out of the way: the receipt of 10 at 18.00 gone
        Tampering(
            name: "ledger row deleted",
            sql: "DROP TRIGGER stock_movement_no_delete; DELETE FROM stock_movement WHERE kind = 'receipt'",
            problems: [
                "P-SEAL in WH-N-A1: stock says 8 on hand, 1 reserved; the ledger says -2 and 1",
                "P-SEAL: valued at 8 units worth 144.00, the ledger says -2 worth -36.00",
            ]),
    ]
}

@Suite("Reconciliation: stock problems and part lines against the ledger")
struct ReconciliationTests {
    @Test(
        "After a day of receipts, transfers, reservations, usage, returns, cores, scrap, counts and an undo, nothing disagrees",
        arguments: Storage.allCases)
    func dayInTheLife(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            let caseID = try #require(try openCases(db).first)
            // 10 × P-MA at 10.00 (100.00 for 10), 10 × P-SEAL at the standard 18.00; 4 × P-MA onto Tom's van
            try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
            try db.perform(Fixtures.command("transfer", undoable: false)) { tx in
                try tx.transfer("P-MA", 4, from: "WH-N-A1", to: "VAN-TOM", by: "ada", at: Fixtures.now)
            }
            // agnes reserves 3 × P-MA in the van (reservation 1) and 2 × P-SEAL on the shelf (2), gives 1 × P-MA back
            _ = try db.perform(Fixtures.command("reserve", by: "agnes")) { tx in
                try tx.apply(
                    .reserve(
                        ReservationDraft(
                            id: ReservationID(1), caseID: caseID, visitID: nil, sku: "P-MA",
                            bin: "VAN-TOM", quantity: 3)), by: "agnes", at: Fixtures.now)
                try tx.apply(
                    .reserve(
                        ReservationDraft(
                            id: ReservationID(2), caseID: caseID, visitID: nil, sku: "P-SEAL",
                            bin: "WH-N-A1", quantity: 2)), by: "agnes", at: Fixtures.now)
            }
            _ = try db.perform(Fixtures.command("release", by: "agnes")) { tx in
                try tx.apply(.release(ReservationID(1), quantity: 1), by: "agnes", at: Fixtures.now)
            }
            // tom uses the 2 still held at 10.00: 80.00 for 8
            let line = try use(db, caseID, "P-MA", 2, bin: "VAN-TOM", from: [ReservationID(1): 2])
            // 6 more at 12.00: 152.00 for 14
            try receiveStock(db, "P-MA", 6, into: "WH-N-A1", at: "12.00")
            // tom returns 1 at the 10.00 it left at: 162.00 for 15
            try db.perform(Fixtures.command("return", by: "tom")) { tx in
                try tx.apply(
                    .unissue(
                        IssueDraft(
                            caseID: caseID, lineID: line.id, sku: "P-MA", bin: "VAN-TOM", quantity: 1,
                            fromReservations: [:]), unitCost: money("10.00")), by: "tom", at: Fixtures.now)
                try tx.setLineQuantity(line.id, 1, amount: money("25.00"), description: "1 × P-MA Valve cartridge")
            }
            // its core comes back and is refurbished at 3.00: 165.00 for 16
            try db.perform(Fixtures.command("core receive", by: "tom", undoable: false)) { tx in
                try tx.receiveCore(
                    try #require(try tx.line(line.id)), quantity: 1, into: "CORES-N", by: "tom", at: Fixtures.now)
            }
            try db.perform(Fixtures.command("refurbish", undoable: false)) { tx in
                try tx.refurbish(
                    "P-MA", 1, from: "CORES-N", to: "REFURB-N", unitCost: money("3.00"), by: "ada", at: Fixtures.now)
            }
            // one P-SEAL scrapped; one P-MA found at the count, at 165.00 / 16 = 10.3125 → 10.31: 175.31 for 17
            try db.perform(Fixtures.command("stock work", undoable: false)) { tx in
                try tx.scrap("P-SEAL", 1, from: "WH-N-A1", reason: "DAMAGED", by: "ada", at: Fixtures.now)
                try tx.adjust("P-MA", in: "WH-N-A1", by: 1, reason: "COUNT-DIFFERENCE", by: "ada", at: Fixtures.now)
            }
            // agnes releases the seals; tom undoes his return: out again at 10.00, 165.31 for 16
            _ = try db.perform(Fixtures.command("release", by: "agnes")) { tx in
                try tx.apply(.release(ReservationID(2), quantity: 2), by: "agnes", at: Fixtures.now)
            }
            _ = try db.step(.undo, actor: Actor(account: "tom"), at: Fixtures.at(1), refresh: noRefresh)

            // Then every figure is the hand-computed one
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [13, 0]) // 10 − 4 + 6 + 1
            #expect(try onHandReserved(db, "P-MA", "VAN-TOM") == [2, 0]) // 4 − 2 + 1 − 1
            #expect(try onHandReserved(db, "P-MA", "CORES-N") == [0, 0])
            #expect(try onHandReserved(db, "P-MA", "REFURB-N") == [1, 0])
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [9, 0])
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 16, value: money("165.31")))
            #expect(try db.read { try $0.valuation("P-SEAL") } == Valuation(quantity: 9, value: money("162.00")))
            #expect(try db.read { try $0.reservation(ReservationID(1))?.status } == .consumed)
            #expect(try db.read { try $0.reservation(ReservationID(2))?.status } == .released)
            #expect(try db.read { try $0.line(line.id)?.quantity } == 2)
            // 13 movements of P-MA, 4 of P-SEAL; 5 stock rows; 2 reservations
            let size = try db.read { try $0.ledgerSize() }
            let counts: [Int] = [size.movements, size.stockRows, size.reservations]
            #expect(counts == [17, 5, 2])
            // And the invariants and the reconciliation find nothing
            #expect(try stockProblems(db) == [])
            #expect(try db.read { try $0.partLineDifferences(month: nil) } == [])
        }
    }

    @Test("Each kind of tampering is reported, in its own words (SQLite)", arguments: Storage.sqlite, Tampering.all)
    func tampering(_ storage: Storage, _ tampering: Tampering) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-SEAL at 18.00; case 1 reserved 3 and used 2 of them on line 1:
            // 8 on hand, 1 reserved, 144.00 for 8
            let caseID = try #require(try openCases(db).first)
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
            _ = try db.perform(Fixtures.command("reserve", by: "agnes")) { tx in
                try tx.apply(
                    .reserve(
                        ReservationDraft(
                            id: ReservationID(1), caseID: caseID, visitID: nil, sku: "P-SEAL",
                            bin: "WH-N-A1", quantity: 3)), by: "agnes", at: Fixtures.now)
            }
            try db.perform(Fixtures.command("use", by: "tom")) { tx in
                try issue(tx, try partLine(tx, caseID, "P-SEAL", 2, bin: "WH-N-A1"), 2, from: [ReservationID(1): 2])
            }
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [8, 1])
            #expect(try stockProblems(db) == [])

            // When the rows are edited behind the store's back
            try db.perform(Fixtures.command("tamper", undoable: false)) { tx in try tx.db.execute(sql: tampering.sql) }

            // Then the invariants say exactly what is wrong
            #expect(try stockProblems(db) == tampering.problems)
        }
    }

    @Test(
        "Part lines against issues: a line without movements and movements without their line appear; consistent ones do not; the month filters",
        arguments: Storage.allCases)
    func partLineDifferences(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given case 1 and an imported case 2, and 20 × P-SEAL
            let caseID = try #require(try openCases(db).first)
            let imported = try db.perform(Fixtures.command("import", undoable: false)) { tx in
                var history = Fixtures.newCase()
                history.imported = true
                return try tx.insertCase(history, by: "ada")
            }
            try receiveStock(db, "P-SEAL", 20, into: "WH-N-A1", at: "18.00")
            let may20 = Timestamp(date: Fixtures.day("2026-05-20"), hour: 10)
            let june16 = Timestamp(date: Fixtures.day("2026-06-16"), hour: 8)
            let june30 = Timestamp(date: Fixtures.day("2026-06-30"), hour: 23, minute: 59)
            let july1 = Timestamp(date: Fixtures.day("2026-07-01"))

            let ids = try db.perform(Fixtures.command("lines", by: "tom", undoable: false)) { tx in
                // line 1: 2 used, 2 issued (June) — consistent
                let l1 = try partLine(tx, caseID, "P-SEAL", 2, bin: "WH-N-A1")
                try issue(tx, l1, 2)
                // line 2: 3 on the case since May 20, never issued
                let l2 = try partLine(tx, caseID, "P-SEAL", 3, bin: "WH-N-A1", at: may20)
                // line 3: 1 issued on June 16, then the line deleted
                let l3 = try partLine(tx, caseID, "P-SEAL", 1, bin: "WH-N-A1", at: june16)
                try issue(tx, l3, 1, at: june16)
                try tx.db.execute(sql: "DELETE FROM case_line WHERE id = ?", arguments: [l3.id])
                // line 4: 3 issued and all 3 returned, 0 left on the line — consistent
                let l4 = try partLine(tx, caseID, "P-SEAL", 3, bin: "WH-N-A1")
                try issue(tx, l4, 3)
                try tx.apply(
                    .unissue(
                        IssueDraft(
                            caseID: caseID, lineID: l4.id, sku: "P-SEAL", bin: "WH-N-A1", quantity: 3,
                            fromReservations: [:]), unitCost: money("18.00")), by: "tom", at: Fixtures.now)
                try tx.setLineQuantity(l4.id, 0, amount: .zero, description: "0 × P-SEAL")
                // line 5: 2 on the case since June 30 23:59, only 1 issued, on July 1 at 00:00
                let l5 = try partLine(tx, caseID, "P-SEAL", 2, bin: "WH-N-A1", at: june30)
                try issue(tx, l5, 1, at: july1)
                // line 6, on the imported case: 4 never issued — history, left out
                _ = try partLine(tx, imported, "P-SEAL", 4, bin: "WH-N-A1")
                return [l2.id, l3.id, l5.id]
            }
            let missing = LineDifference(caseID: caseID, lineID: ids[0], sku: "P-SEAL", onLine: 3, issued: 0)
            let orphan = LineDifference(caseID: caseID, lineID: ids[1], sku: "P-SEAL", onLine: 0, issued: 1)
            let short = LineDifference(caseID: caseID, lineID: ids[2], sku: "P-SEAL", onLine: 2, issued: 1)
            func differences(_ month: (Int, Int)?) throws -> [LineDifference] {
                try db.read { try $0.partLineDifferences(month: month.map { (year: $0.0, month: $0.1) }) }
                    .sorted { ($0.lineID?.rawValue ?? 0) < ($1.lineID?.rawValue ?? 0) }
            }

            // Then all months: the line never issued, the deleted line's issue, the short line
            #expect(try differences(nil) == [missing, orphan, short])
            // And each month keeps its own: May the line's time (no movements), June and July the first movement's
            #expect(try differences((2026, 5)) == [missing])
            #expect(try differences((2026, 6)) == [orphan])
            #expect(try differences((2026, 7)) == [short])
            #expect(try differences((2026, 8)) == [])
            #expect(try differences((2025, 6)) == [])
            // And the invariants name them in words
            #expect(
                try stockProblems(db).sorted() == [
                    "case 1 line 2: 3 × P-SEAL on the case, 0 issued by the ledger",
                    "case 1 line 3: 0 × P-SEAL on the case, 1 issued by the ledger",
                    "case 1 line 5: 2 × P-SEAL on the case, 1 issued by the ledger",
                ])
        }
    }

    @Test("Consistent part lines, returns included, show no differences in any month", arguments: Storage.allCases)
    func consistent(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given case 1 with a line of 2 issued in June and a line of 3 issued and 1 returned
            let caseID = try #require(try openCases(db).first)
            try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
            try db.perform(Fixtures.command("lines", by: "tom")) { tx in
                try issue(tx, try partLine(tx, caseID, "P-MA", 2, bin: "WH-N-A1"), 2)
                let l2 = try partLine(tx, caseID, "P-MA", 3, bin: "WH-N-A1")
                try issue(tx, l2, 3)
                try tx.apply(
                    .unissue(
                        IssueDraft(
                            caseID: caseID, lineID: l2.id, sku: "P-MA", bin: "WH-N-A1", quantity: 1,
                            fromReservations: [:]), unitCost: money("10.00")), by: "tom", at: Fixtures.now)
                try tx.setLineQuantity(l2.id, 2, amount: money("50.00"), description: "2 × P-MA Valve cartridge")
            }

            // Then nothing differs, over all time or in June
            #expect(try db.read { try $0.partLineDifferences(month: nil) } == [])
            #expect(try db.read { try $0.partLineDifferences(month: (year: 2026, month: 6)) } == [])
            #expect(try stockProblems(db) == [])
        }
    }
}

private typealias LineDifference = StoreTransaction.LineDifference
