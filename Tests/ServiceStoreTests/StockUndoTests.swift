import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

// Undo and redo of parts commands through `AppDatabase.step`: the inverses kept in the undo
// entry are applied as new movements — the ledger only grows — and stock another command
// took since is never taken back.

private func money(_ text: String) -> Money { Fixtures.money(text) }
private func noRefresh(_: StoreTransaction, _: CaseID?) {}
private let agnes = Actor(account: "agnes")
private let tom = Actor(account: "tom")

private func kinds(_ db: AppDatabase, _ sku: String) throws -> [String] {
    try db.read { try $0.movements(sku: sku) }.map(\.kind.rawValue)
}

/// Reserves as `account` for a case, as the `reserve` command does: one command, one undo entry.
@discardableResult
private func reserve(
    _ db: AppDatabase, _ quantity: Int, for caseID: CaseID, by account: String = "agnes",
    at: Timestamp = Fixtures.now
) throws -> ReservationID {
    try db.perform(Fixtures.command("reserve \(quantity) × P-SEAL for case \(caseID)", by: account, at: at)) { tx in
        let id = try tx.nextReservationID()
        try tx.apply(
            .reserve(
                ReservationDraft(
                    id: id, caseID: caseID, visitID: nil, sku: "P-SEAL", bin: "WH-N-A1",
                    quantity: quantity)), by: account, at: at)
        tx.commandCase = caseID
        return id
    }
}

@Suite("Undo and redo of stock operations")
struct StockUndoTests {
    @Test(
        "Undo of a reserve appends a release movement; redo reserves again; the ledger only grows",
        arguments: Storage.allCases)
    func undoRedoReserve(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-SEAL, and agnes reserved 2 for case 1
            let caseID = try #require(try openCases(db).first)
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
            let id = try reserve(db, 2, for: caseID, at: Fixtures.at(1))
            #expect(try db.historyLabels(account: "agnes") == ("reserve 2 × P-SEAL for case 1", nil))

            // When she undoes it
            let undone = try db.step(.undo, actor: agnes, at: Fixtures.at(2), refresh: noRefresh)

            // Then the 2 are back, the reservation is gone, and a release movement says so
            #expect(undone == AppDatabase.HistoryStep(label: "reserve 2 × P-SEAL for case 1", caseID: caseID))
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 0])
            #expect(try db.read { try $0.reservation(id) } == nil)
            #expect(try kinds(db, "P-SEAL") == ["receipt", "reservation", "release"])
            let release = try #require(try db.read { try $0.movements(sku: "P-SEAL") }.last)
            #expect(release.reservedDelta == -2 && release.onHandDelta == 0 && release.value == .zero)
            #expect(release.reservationID == id && release.caseID == caseID && release.at == Fixtures.at(2))
            #expect(try db.historyLabels(account: "agnes") == (nil, "reserve 2 × P-SEAL for case 1"))
            #expect(try stockProblems(db) == [])

            // When she redoes it
            let redone = try db.step(.redo, actor: agnes, at: Fixtures.at(3), refresh: noRefresh)

            // Then 2 are reserved again on the same reservation, by a fourth movement
            #expect(redone.label == "reserve 2 × P-SEAL for case 1")
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 2])
            #expect(
                try db.read { try $0.reservation(id) }
                    == Reservation(id: id, caseID: caseID, sku: "P-SEAL", bin: "WH-N-A1", quantity: 2))
            #expect(try kinds(db, "P-SEAL") == ["receipt", "reservation", "release", "reservation"])
            #expect(try db.historyLabels(account: "agnes") == ("reserve 2 × P-SEAL for case 1", nil))
            // And the undo entry again holds the inverse for the next undo
            let ops = try db.read {
                try String.fetchOne($0.db, sql: "SELECT ops FROM undo_entry WHERE account = 'agnes'")
            }
            #expect(
                try JSONDecoder().decode([StockOp].self, from: Data(try #require(ops).utf8)) == [
                    .unreserve(id, quantity: 2)
                ])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Redo is refused as a conflict, writing nothing, when another command took the stock meanwhile",
        arguments: Storage.allCases)
    func redoRefusedWhenStockGone(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given agnes reserved 2 of 10 for case 1 and undid it; then arun reserved 9 for case 2
            let cases = try openCases(db, 2)
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
            try reserve(db, 2, for: cases[0])
            _ = try db.step(.undo, actor: agnes, at: Fixtures.at(1), refresh: noRefresh)
            try reserve(db, 9, for: cases[1], by: "arun", at: Fixtures.at(2))
            let before = try snapshot(db)

            // When agnes redoes
            let error = #expect(throws: StoreError.self) {
                try db.step(.redo, actor: agnes, at: Fixtures.at(3), refresh: noRefresh)
            }

            // Then it is a conflict saying how many are left, and nothing was written
            #expect(
                error
                    == .conflict(
                        "cannot redo reserve 2 × P-SEAL for case 1: reserve: only 1 × P-SEAL available in WH-N-A1, not 2; 9 held by reservation 2 for case 2"
                    ))
            #expect(error?.description.hasPrefix("cannot redo") == true)
            #expect(try snapshot(db) == before)
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 9])
            #expect(try db.historyLabels(account: "agnes") == (nil, "reserve 2 × P-SEAL for case 1"))

            // When arun undoes his reservation, agnes's redo goes through
            _ = try db.step(.undo, actor: Actor(account: "arun"), at: Fixtures.at(4), refresh: noRefresh)
            _ = try db.step(.redo, actor: agnes, at: Fixtures.at(5), refresh: noRefresh)
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 2])
            #expect(
                try kinds(db, "P-SEAL") == [
                    "receipt", "reservation", "release", "reservation", "release", "reservation",
                ])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Undo of a release is refused as a conflict when the units were reserved by someone else since",
        arguments: Storage.allCases)
    func undoReleaseRefused(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given agnes reserved 2 of 10 and released them; then arun reserved 9
            let cases = try openCases(db, 2)
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
            let id = try reserve(db, 2, for: cases[0])
            _ = try db.perform(Fixtures.command("release 2 × P-SEAL of reservation 1", by: "agnes")) { tx in
                try tx.apply(.release(id, quantity: 2), by: "agnes", at: Fixtures.now)
            }
            #expect(try db.read { try $0.reservation(id)?.status } == .released)
            try reserve(db, 9, for: cases[1], by: "arun")
            let before = try snapshot(db)

            // When agnes undoes the release
            let error = #expect(throws: StoreError.self) {
                try db.step(.undo, actor: agnes, at: Fixtures.at(1), refresh: noRefresh)
            }

            // Then it would need 2 and only 1 is left: refused, nothing written
            #expect(
                error
                    == .conflict(
                        "cannot undo release 2 × P-SEAL of reservation 1: reserve again: only 1 × P-SEAL available in WH-N-A1, not 2; 9 held by reservation 2 for case 2"
                    ))
            #expect(try snapshot(db) == before)
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Undo of a usage returns the units at the cost they left at and removes the line; redo issues again",
        arguments: Storage.allCases)
    func undoRedoUse(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 20 × P-MA worth 230.00 (11.50 each); case 1 holds 3 (reservation 1)
            let caseID = try averagedStockReserved(db)
            // And tom used 2 of them: at 11.50, 230.00 − 23.00 = 207.00 for 18
            let line = try use(
                db, caseID, "P-MA", 2, bin: "WH-N-A1", from: [ReservationID(1): 2], label: "use 2 × P-MA on case 1")
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 18, value: money("207.00")))

            // When tom undoes it
            _ = try db.step(.undo, actor: tom, at: Fixtures.at(1), refresh: noRefresh)

            // Then the line is gone, the 2 are back on the shelf and on the reservation, at 11.50: 230.00 for 20
            #expect(try db.read { try $0.lines(caseID: caseID) } == [])
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [20, 3])
            #expect(try db.read { try $0.reservation(ReservationID(1))?.used } == 0)
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 20, value: money("230.00")))
            let back = try #require(try db.read { try $0.movements(lineID: line.id) }.last)
            #expect(back.kind == .return && back.onHandDelta == 2 && back.reservedDelta == 2)
            #expect(back.unitCost == money("11.50") && back.value == money("23.00"))
            #expect(try stockProblems(db) == [])

            // When tom redoes it
            _ = try db.step(.redo, actor: tom, at: Fixtures.at(2), refresh: noRefresh)

            // Then the line is back and issued again at 11.50
            #expect(try db.read { try $0.lines(caseID: caseID) }.map(\.quantity) == [2])
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [18, 1])
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 18, value: money("207.00")))
            #expect(try db.read { try $0.movements(lineID: line.id) }.map(\.kind) == [.issue, .return, .issue])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Undo of a return after a receipt at another price takes the units out at the cost they came back at",
        arguments: Storage.allCases)
    func undoReturnAfterReceipt(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-MA received at 10.00 and 2 used on case 1 at 10.00 (80.00 for 8 left)
            let caseID = try #require(try openCases(db).first)
            try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
            let line = try use(db, caseID, "P-MA", 2, bin: "WH-N-A1", label: "use 2 × P-MA on case 1")
            // And 8 more received at 12.50: 80.00 + 100.00 = 180.00 for 16 (11.25 each)
            try receiveStock(db, "P-MA", 8, into: "WH-N-A1", at: "12.50")
            // And tom returned 1 at the 10.00 it left at: 190.00 for 17 (11.176… → 11.18 each)
            try db.perform(Fixtures.command("return 1 × P-MA of line 1 on case 1", by: "tom")) { tx in
                let cost = try #require(try tx.movements(lineID: line.id).last { $0.kind == .issue }?.unitCost)
                try tx.apply(
                    .unissue(
                        IssueDraft(
                            caseID: caseID, lineID: line.id, sku: "P-MA", bin: "WH-N-A1", quantity: 1,
                            fromReservations: [:]), unitCost: cost), by: "tom", at: Fixtures.now)
                try tx.setLineQuantity(line.id, 1, amount: money("25.00"), description: "1 × P-MA Valve cartridge")
            }
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 17, value: money("190.00")))
            #expect(try db.read { try $0.valuation("P-MA").unitCost(for: Fixtures.valve) } == money("11.18"))

            // When tom undoes the return
            _ = try db.step(.undo, actor: tom, at: Fixtures.at(1), refresh: noRefresh)

            // Then the unit leaves at the 10.00 it came back at, not the 11.18 average:
            // 190.00 − 10.00 = 180.00 for 16, exactly as before the return
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 16, value: money("180.00")))
            let out = try #require(try db.read { try $0.movements(lineID: line.id) }.last)
            #expect(out.kind == .issue && out.unitCost == money("10.00") && out.value == money("-10.00"))
            #expect(try db.read { try $0.line(line.id)?.quantity } == 2)
            #expect(try stockProblems(db) == [])

            // When tom redoes the return
            _ = try db.step(.redo, actor: tom, at: Fixtures.at(2), refresh: noRefresh)

            // Then it comes back at 10.00 again: 190.00 for 17
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 17, value: money("190.00")))
            #expect(
                try db.read { try $0.movements(lineID: line.id) }.map {
                    "\($0.kind.rawValue) \($0.onHandDelta) \($0.unitCost)"
                }
                    == ["issue -2 10.00", "return 1 10.00", "issue -1 10.00", "return 1 10.00"])
            #expect(try db.read { try $0.line(line.id)?.quantity } == 1)
            #expect(try stockProblems(db) == [])
        }
    }
}
