import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

// The stock operations a case command makes — reserve, release, issue and their inverses —
// each one ledger movement, each with an exact inverse.

private func money(_ text: String) -> Money { Fixtures.money(text) }

private func draft(
    _ id: Int64, _ caseID: CaseID, _ quantity: Int, sku: String = "P-SEAL", bin: String = "WH-N-A1",
    visit: VisitID? = nil
) -> ReservationDraft {
    ReservationDraft(id: ReservationID(id), caseID: caseID, visitID: visit, sku: sku, bin: bin, quantity: quantity)
}

/// Applies one operation as a command of its own, as agnes, and returns its inverse.
@discardableResult
private func apply(_ db: AppDatabase, _ op: StockOp, at: Timestamp = Fixtures.now) throws -> StockOp {
    try db.perform(Fixtures.command("stock op", by: "agnes", at: at)) { tx in try tx.apply(op, by: "agnes", at: at) }
}

private func reservation(_ db: AppDatabase, _ id: Int64) throws -> Reservation? {
    try db.read { try $0.reservation(ReservationID(id)) }
}

private func lastMovement(_ db: AppDatabase) throws -> StoreTransaction.Movement? {
    try db.read { try $0.movements() }.last
}

private func movementCount(_ tx: StoreTransaction) throws -> Int { try tx.count(table: "stock_movement") }

/// Two cases; 10 × P-SEAL (standard 18.00) and 20 × P-MA worth 230.00 (11.50 each) on the shelf.
private func givenStock(_ db: AppDatabase) throws -> (CaseID, CaseID) {
    let cases = try openCases(db, 2)
    try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
    try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
    try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "13.00")
    return (cases[0], cases[1])
}

@Suite("Stock operations: reserve, release, issue, and their exact inverses")
struct StockOpTests {
    @Test(
        "One bin's level is the part's level in that bin, read by the stock's key alone; a bin without the part has none",
        arguments: Storage.allCases)
    func oneBinsLevel(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given a part in two bins, some of it reserved
            let (case1, _) = try givenStock(db)
            try receiveStock(db, "P-SEAL", 4, into: "VAN-TOM", at: "18.00")
            try apply(db, .reserve(draft(1, case1, 3)))
            try db.read { tx in
                let all = try tx.stockLevels(sku: "P-SEAL")
                #expect(all.count == 2)
                for level in all { #expect(try tx.stockLevel(sku: "P-SEAL", bin: level.bin.id) == level) }
                #expect(try tx.stockLevel(sku: "P-SEAL", bin: "WH-N-A1")?.available == 7)
                #expect(try tx.stockLevel(sku: "P-SEAL", bin: "CORES-N") == nil)
                guard tx.db.sqlite != nil else { return }
                // Searched by its key, whatever number of bins hold the part
                let steps = try plan(tx, (StoreTransaction.oneLevelSQL, ["P-SEAL", "VAN-TOM"]))
                #expect(!steps.contains { $0.hasPrefix("SCAN") }, "\(steps)")
            }
        }
    }

    @Test(
        "Reserve holds available units for a reservation, one movement, and its inverse goes on the command's undo entry",
        arguments: Storage.allCases)
    func reserve(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-SEAL on the shelf and case 1 with a planned visit
            let (case1, _) = try givenStock(db)
            let visit = try db.perform(Fixtures.command("schedule", undoable: false)) { tx in
                try tx.insertVisit(
                    caseID: case1, technician: "tom", startsAt: Fixtures.at(60), endsAt: Fixtures.at(120))
            }

            // When 2 are reserved for the visit
            let inverse = try apply(db, .reserve(draft(1, case1, 2, visit: visit)), at: Fixtures.at(5))

            // Then 2 of the 10 are reserved, the reservation holds them, the ledger says so
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 2])
            #expect(
                try reservation(db, 1)
                    == Reservation(
                        id: ReservationID(1), caseID: case1, visitID: visit, sku: "P-SEAL",
                        bin: "WH-N-A1", quantity: 2))
            let m = try #require(try lastMovement(db))
            #expect(m.kind == .reservation && m.sku == "P-SEAL" && m.bin == "WH-N-A1" && m.at == Fixtures.at(5))
            #expect(m.onHandDelta == 0 && m.reservedDelta == 2)
            #expect(m.unitCost == .zero && m.value == .zero)
            #expect(m.caseID == case1 && m.reservationID == ReservationID(1) && m.lineID == nil)
            // And the inverse takes back exactly that, and is what the undo entry keeps
            #expect(inverse == .unreserve(ReservationID(1), quantity: 2))
            let ops = try db.read {
                try String.fetchOne($0.db, sql: "SELECT ops FROM undo_entry ORDER BY id DESC LIMIT 1")
            }
            #expect(try JSONDecoder().decode([StockOp].self, from: Data(try #require(ops).utf8)) == [inverse])

            // When 3 more are reserved on the same reservation
            try apply(db, .reserve(draft(1, case1, 3, visit: visit)))
            // Then it holds 5, and so does the bin
            #expect(try reservation(db, 1)?.quantity == 5)
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 5])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Reserve refuses more than is available with the exact message, and writes nothing", arguments: Storage.allCases
    )
    func reserveRefused(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given case 2 holds 9 of the 10 × P-SEAL
            let (case1, case2) = try givenStock(db)
            try apply(db, .reserve(draft(1, case2, 9)))
            let before = try snapshot(db)

            // When case 1 asks for 2 (only 10 − 9 = 1 is available), or for 1 from a bin that never held any
            #expect(
                throws: StoreError.invalid(
                    "reserve: only 1 × P-SEAL available in WH-N-A1, not 2; 9 held by reservation 1 for case 2")
            ) {
                try apply(db, .reserve(draft(2, case1, 2)))
            }
            #expect(throws: StoreError.invalid("reserve: only 0 × P-SEAL available in VAN-TOM, not 1")) {
                try apply(db, .reserve(draft(2, case1, 1, bin: "VAN-TOM")))
            }

            // Then not one row anywhere changed: no reservation, no movement, no audit entry, no undo
            #expect(try snapshot(db) == before)

            // And inside a command that goes on, the refused operation has left nothing behind
            try db.perform(Fixtures.command("try", by: "agnes", undoable: false)) { tx in
                let picture = try stockPicture(tx)
                let movements = try movementCount(tx)
                #expect(throws: StoreError.self) {
                    try tx.apply(.reserve(draft(2, case1, 2)), by: "agnes", at: Fixtures.now)
                }
                #expect(try stockPicture(tx) == picture)
                #expect(try movementCount(tx) == movements)
                #expect(tx.pendingInverses.isEmpty)
            }
            // And the last unit can still go to whoever asks for 1
            try apply(db, .reserve(draft(2, case1, 1)))
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 10])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Issue takes the listed portions of reservations and the rest from unreserved stock, in one conditional update",
        arguments: Storage.allCases)
    func issue(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given case 1 holds 2 (reservation 1) and 3 (reservation 2), case 2 holds 1 (reservation 3):
            // 10 on hand, 6 reserved, 4 available
            let (case1, case2) = try givenStock(db)
            try apply(db, .reserve(draft(1, case1, 2)))
            try apply(db, .reserve(draft(2, case1, 3)))
            try apply(db, .reserve(draft(3, case2, 1)))

            // When 6 are used on case 1: all of reservation 1, 1 of reservation 2, and 3 unreserved
            let (line, inverse) = try db.perform(Fixtures.command("use", by: "tom")) { tx in
                let line = try partLine(tx, case1, "P-SEAL", 6, bin: "WH-N-A1")
                let d = IssueDraft(
                    caseID: case1, lineID: line.id, sku: "P-SEAL", bin: "WH-N-A1", quantity: 6,
                    fromReservations: [ReservationID(2): 1, ReservationID(1): 2])
                return (line, try tx.apply(.issue(d), by: "tom", at: Fixtures.at(30)))
            }

            // Then on hand drops by 6 and reserved by the 3 taken from reservations: [4, 3]
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [4, 3])
            #expect(try reservation(db, 1)?.status == .consumed)
            #expect(try reservation(db, 2).map { [$0.used, $0.remaining] } == [1, 2])
            #expect(try reservation(db, 2)?.status == .partiallyUsed)
            #expect(try reservation(db, 3).map { [$0.used, $0.remaining] } == [0, 1])
            // And they leave at standard: 180.00 − 6 × 18.00 = 72.00 for 4
            #expect(try db.read { try $0.valuation("P-SEAL") } == Valuation(quantity: 4, value: money("72.00")))
            let m = try #require(try lastMovement(db))
            #expect(m.kind == .issue && m.at == Fixtures.at(30))
            #expect(m.onHandDelta == -6 && m.reservedDelta == -3)
            #expect(m.unitCost == money("18.00") && m.value == money("-108.00"))
            #expect(m.caseID == case1 && m.lineID == line.id && m.reservationID == ReservationID(1))
            // And the inverse returns the same at the cost it left at
            guard case .unissue(let back, let cost) = inverse else {
                Issue.record("inverse is \(inverse)")
                return
            }
            #expect(back.quantity == 6 && back.fromReservations == [ReservationID(1): 2, ReservationID(2): 1])
            #expect(cost == money("18.00"))
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Issue refuses when the unreserved part is not there, or a reservation no longer holds its portion, and writes nothing",
        arguments: Storage.allCases)
    func issueRefused(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-SEAL, 6 reserved (2 by case 1's reservation 1, 4 by case 2's reservation 2): 4 available
            let (case1, case2) = try givenStock(db)
            try apply(db, .reserve(draft(1, case1, 2)))
            try apply(db, .reserve(draft(2, case2, 4)))
            let before = try snapshot(db)
            func use(_ quantity: Int, _ portions: [ReservationID: Int], bin: String = "WH-N-A1") throws {
                try db.perform(Fixtures.command("use", by: "tom")) { tx in
                    let line = try partLine(tx, case1, "P-SEAL", quantity, bin: bin)
                    try tx.apply(
                        .issue(
                            IssueDraft(
                                caseID: case1, lineID: line.id, sku: "P-SEAL", bin: bin, quantity: quantity,
                                fromReservations: portions)), by: "tom", at: Fixtures.now)
                }
            }

            // When 7 are used with 2 from reservation 1: 5 unreserved wanted, 4 there
            #expect(
                throws: StoreError.invalid(
                    "use: only 4 × P-SEAL available in WH-N-A1, not 5; 2 held by reservation 1 for case 1, 4 held by reservation 2 for case 2"
                )
            ) {
                try use(7, [ReservationID(1): 2])
            }
            // When reservation 1 is asked for 3 (it holds 2), or for its units in another bin
            #expect(throws: StoreError.conflict("reservation 1 no longer holds 3 × P-SEAL in WH-N-A1")) {
                try use(3, [ReservationID(1): 3])
            }
            #expect(throws: StoreError.conflict("reservation 1 no longer holds 1 × P-SEAL in VAN-TOM")) {
                try use(1, [ReservationID(1): 1], bin: "VAN-TOM")
            }
            // When a part never stocked in the bin is used
            #expect(throws: StoreError.invalid("use: only 0 × P-SEAL available in VAN-TOM, not 1")) {
                try use(1, [:], bin: "VAN-TOM")
            }

            // Then nothing at all was written: no line, no movement, stock as it was
            #expect(try snapshot(db) == before)
            // And inside a command that goes on, the refused issue left nothing behind
            try db.perform(Fixtures.command("try", by: "tom", undoable: false)) { tx in
                let picture = try stockPicture(tx)
                let movements = try movementCount(tx)
                #expect(throws: StoreError.self) {
                    try tx.apply(
                        .issue(
                            IssueDraft(
                                caseID: case1, lineID: LineID(99), sku: "P-SEAL", bin: "WH-N-A1", quantity: 7,
                                fromReservations: [ReservationID(1): 2])), by: "tom", at: Fixtures.now)
                }
                #expect(try stockPicture(tx) == picture)
                #expect(try movementCount(tx) == movements)
            }
            // And exactly what is there can be used: 2 reserved + 4 available
            try use(6, [ReservationID(1): 2])
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [4, 4])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test("Unissue returns units at the given cost, holding again what the issue consumed", arguments: Storage.allCases)
    func unissue(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 20 × P-MA worth 230.00; case 1 reserved 3 and used 2 of them at 11.50 (207.00 for 18 left)
            let (case1, _) = try givenStock(db)
            try apply(db, .reserve(draft(1, case1, 3, sku: "P-MA")))
            let line = try use(db, case1, "P-MA", 2, bin: "WH-N-A1", from: [ReservationID(1): 2])
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [18, 1])
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 18, value: money("207.00")))

            // When both come back at 10.00, one of them onto reservation 1 again
            let returned = IssueDraft(
                caseID: case1, lineID: line.id, sku: "P-MA", bin: "WH-N-A1", quantity: 2,
                fromReservations: [ReservationID(1): 1])
            let inverse = try db.perform(Fixtures.command("return", by: "tom")) { tx in
                let inverse = try tx.apply(.unissue(returned, unitCost: money("10.00")), by: "tom", at: Fixtures.now)
                try tx.setLineQuantity(line.id, 0, amount: .zero, description: "0 × P-MA")
                return inverse
            }

            // Then 20 on hand, 2 reserved; reservation 1 used 1 and holds 2
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [20, 2])
            #expect(try reservation(db, 1).map { [$0.used, $0.remaining] } == [1, 2])
            // And the value is back at the given cost, not the average: 207.00 + 2 × 10.00 = 227.00 for 20
            #expect(try db.read { try $0.valuation("P-MA") } == Valuation(quantity: 20, value: money("227.00")))
            let m = try #require(try lastMovement(db))
            #expect(
                m.kind == .return && m.lineID == line.id && m.caseID == case1 && m.reservationID == ReservationID(1))
            #expect(m.onHandDelta == 2 && m.reservedDelta == 1)
            #expect(m.unitCost == money("10.00") && m.value == money("20.00"))
            // And its inverse issues them again at the 10.00 they came back at, not at the average
            var again = returned
            again.unitCost = money("10.00")
            #expect(inverse == .issue(again))
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "A standard-cost part returned after its standard changed comes back at the standard, and the ledger says so",
        arguments: Storage.allCases)
    func returnAfterStandardChange(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-SEAL at the standard 18.00, 2 used on case 1 (180.00 − 36.00 = 144.00 for 8)
            let (case1, _) = try givenStock(db)
            let line = try use(db, case1, "P-SEAL", 2, bin: "WH-N-A1")
            // And the standard cost since raised to 20.00
            var seal = Fixtures.seal
            seal.standardCost = money("20.00")
            try db.perform(Fixtures.command("edit item", undoable: false)) { try $0.saveItem(seal) }

            // When 1 is returned at the 18.00 it left at
            let draft = IssueDraft(
                caseID: case1, lineID: line.id, sku: "P-SEAL", bin: "WH-N-A1", quantity: 1, fromReservations: [:])
            let inverse = try db.perform(Fixtures.command("return", by: "tom")) { tx in
                let inverse = try tx.apply(.unissue(draft, unitCost: money("18.00")), by: "tom", at: Fixtures.now)
                try tx.setLineQuantity(line.id, 1, amount: money("45.00"), description: "1 × P-SEAL Pump seal kit")
                return inverse
            }

            // Then it enters at the standard, 20.00 (144.00 + 20.00 = 164.00 for 9), and the movement says 20.00,
            // so the ledger and the valuation still agree
            #expect(try db.read { try $0.valuation("P-SEAL") } == Valuation(quantity: 9, value: money("164.00")))
            let m = try #require(try lastMovement(db))
            #expect(m.kind == .return && m.unitCost == money("20.00") && m.value == money("20.00"))
            #expect(try stockProblems(db) == [])
            // And its inverse takes out what came in
            var again = draft
            again.unitCost = money("20.00")
            #expect(inverse == .issue(again))
        }
    }

    @Test("An issue's unit cost is kept in the undo entry only when set, so entries written without it still read")
    func issueDraftCoding() throws {
        // Given an issue as undo entries kept it before issues could carry a unit cost
        let plain = StockOp.issue(
            IssueDraft(
                caseID: CaseID(1), lineID: LineID(2), sku: "P-MA", bin: "WH-N-A1", quantity: 3,
                fromReservations: [ReservationID(4): 1]))
        let json = try #require(try StockOp.encode([plain]))

        // Then it is written without the field, and reads back the same
        #expect(!json.contains("unitCost"))
        #expect(try JSONDecoder().decode([StockOp].self, from: Data(json.utf8)) == [plain])

        // And an issue taking back a return keeps its cost through the round trip
        var draft = IssueDraft(
            caseID: CaseID(1), lineID: LineID(2), sku: "P-MA", bin: "WH-N-A1", quantity: 3, fromReservations: [:])
        draft.unitCost = money("4.99")
        let pinned = try #require(try StockOp.encode([.issue(draft)]))
        #expect(try JSONDecoder().decode([StockOp].self, from: Data(pinned.utf8)) == [.issue(draft)])
    }

    @Test(
        "Each operation followed by its inverse leaves stock, reservations and valuation exactly as they were; the ledger only grows",
        arguments: Storage.allCases)
    func inverses(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given case 1 holds 4 × P-MA (reservation 1): 1 used, 1 released, 2 still held
            let (case1, _) = try givenStock(db)
            try apply(db, .reserve(draft(1, case1, 4, sku: "P-MA")))
            try apply(db, .release(ReservationID(1), quantity: 1))
            try apply(
                db,
                .issue(
                    IssueDraft(
                        caseID: case1, lineID: LineID(7), sku: "P-MA", bin: "WH-N-A1", quantity: 1,
                        fromReservations: [ReservationID(1): 1])))
            let issue = IssueDraft(
                caseID: case1, lineID: LineID(8), sku: "P-MA", bin: "WH-N-A1", quantity: 3,
                fromReservations: [ReservationID(1): 2])
            let ops: [StockOp] = [
                .reserve(draft(1, case1, 2, sku: "P-MA")), // more on the reservation
                .reserve(draft(2, case1, 5, sku: "P-MA")), // a new reservation
                .unreserve(ReservationID(1), quantity: 2),
                .release(ReservationID(1), quantity: 2),
                .unrelease(ReservationID(1), quantity: 1),
                .issue(issue),
                .unissue(
                    IssueDraft(
                        caseID: case1, lineID: LineID(7), sku: "P-MA", bin: "WH-N-A1", quantity: 1,
                        fromReservations: [ReservationID(1): 1]), unitCost: money("11.50")),
                // back at a cost other than the average (as a return after a receipt at another price)
                .unissue(
                    IssueDraft(
                        caseID: case1, lineID: LineID(7), sku: "P-MA", bin: "WH-N-A1", quantity: 1,
                        fromReservations: [:]), unitCost: money("4.99")),
            ]

            for op in ops {
                // When the operation and then its inverse are applied
                try db.perform(Fixtures.command("op and inverse", by: "agnes", undoable: false)) { tx in
                    let picture = try stockPicture(tx)
                    let movements = try movementCount(tx)
                    let inverse = try tx.execute(op, by: "agnes", at: Fixtures.now)
                    #expect(try stockPicture(tx) != picture, "\(op) changed nothing")
                    _ = try tx.execute(inverse, by: "agnes", at: Fixtures.now)

                    // Then every stock, valuation and reservation row is as it was, and two movements were added
                    #expect(try stockPicture(tx) == picture, "\(op) then \(inverse)")
                    #expect(try movementCount(tx) == movements + 2)
                }
            }
            #expect(try stockProblems(db).filter { !$0.hasPrefix("case ") } == [])
        }
    }
}

// MARK: - Property: random sequences of operations, each undone by its inverse

/// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random operation that can be applied to the stock as it now is, or nil when the one
/// drawn cannot (nothing available, no reservation to release, …).
private func randomOp(_ tx: StoreTransaction, _ rng: inout SplitMix64, cases: [CaseID], nextLine: inout Int64) throws
    -> StockOp?
{
    let sku = ["P-SEAL", "P-MA"].randomElement(using: &rng)!
    let bin = ["WH-N-A1", "VAN-TOM"].randomElement(using: &rng)!
    let caseID = cases.randomElement(using: &rng)!
    let available = try tx.stockLevel(sku: sku, bin: bin)?.available ?? 0
    let here = try Row.fetchAll(
        tx.db, sql: "SELECT * FROM reservation WHERE sku = ? AND bin = ? ORDER BY id", arguments: [sku, bin]
    )
    .map(Reservation.init(row:))
    let open = here.filter(\.isOpen)
    switch Int.random(in: 0..<6, using: &rng) {
    case 0:
        guard available > 0 else { return nil }
        let existing = open.filter { $0.caseID == caseID }.randomElement(using: &rng)
        var id = try tx.nextReservationID()
        if let existing, Bool.random(using: &rng) { id = existing.id }
        return .reserve(
            ReservationDraft(
                id: id, caseID: caseID, visitID: nil, sku: sku, bin: bin,
                quantity: Int.random(in: 1...min(available, 4), using: &rng)))
    case 1:
        guard let r = open.randomElement(using: &rng) else { return nil }
        return .release(r.id, quantity: Int.random(in: 1...r.remaining, using: &rng))
    case 2:
        guard let r = open.randomElement(using: &rng) else { return nil }
        return .unreserve(r.id, quantity: Int.random(in: 1...r.remaining, using: &rng))
    case 3:
        guard let r = here.filter({ $0.released > 0 }).randomElement(using: &rng), available > 0 else { return nil }
        return .unrelease(r.id, quantity: Int.random(in: 1...min(r.released, available), using: &rng))
    case 4:
        var portions: [ReservationID: Int] = [:]
        for r in open where r.caseID == caseID && Bool.random(using: &rng) {
            portions[r.id] = Int.random(in: 1...r.remaining, using: &rng)
        }
        let quantity = portions.values.reduce(0, +) + Int.random(in: 0...min(available, 3), using: &rng)
        guard quantity > 0 else { return nil }
        nextLine += 1
        return .issue(
            IssueDraft(
                caseID: caseID, lineID: LineID(nextLine), sku: sku, bin: bin, quantity: quantity,
                fromReservations: portions))
    default:
        // A return, at any cost (the line's issue cost is not the average once receipts came in between)
        var portions: [ReservationID: Int] = [:]
        for r in here where r.caseID == caseID && r.used > 0 && Bool.random(using: &rng) {
            portions[r.id] = Int.random(in: 1...r.used, using: &rng)
        }
        let quantity = portions.values.reduce(0, +) + Int.random(in: 0...3, using: &rng)
        guard quantity > 0 else { return nil }
        nextLine += 1
        return .unissue(
            IssueDraft(
                caseID: caseID, lineID: LineID(nextLine), sku: sku, bin: bin, quantity: quantity,
                fromReservations: portions),
            unitCost: Money(minorUnits: Int64.random(in: 1_00...30_00, using: &rng)))
    }
}

@Suite("Stock operations: random sequences return to the start through their inverses")
struct StockOpPropertyTests {
    @Test(
        "Every operation undone at once by its inverse restores the rows; the whole sequence unwound restores the start",
        arguments: Storage.allCases, [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomSequences(_ storage: Storage, seed: UInt64) throws {
        try withStockStore(storage) { db throws in
            // Given two cases, P-SEAL and P-MA on the shelf and in the van (P-MA at a non-whole average: 3 for 10.00)
            let cases = try openCases(db, 2)
            try receiveStock(db, "P-SEAL", 6, into: "WH-N-A1", at: "18.00")
            try receiveStock(db, "P-SEAL", 4, into: "VAN-TOM", at: "18.00")
            try receiveStock(db, "P-MA", 3, into: "WH-N-A1", at: "3.00")
            try receiveStock(db, "P-MA", 5, into: "VAN-TOM", at: "0.20")
            var rng = SplitMix64(state: seed)

            try db.perform(Fixtures.command("property", by: "agnes", undoable: false)) { tx in
                let start = try stockPicture(tx)
                var stack: [StockOp] = []
                var nextLine: Int64 = 100
                var applied = 0
                for step in 0..<60 {
                    guard let op = try randomOp(tx, &rng, cases: cases, nextLine: &nextLine) else { continue }
                    // When an operation is applied and at once undone by its inverse
                    let before = try stockPicture(tx)
                    let inverse = try tx.execute(op, by: "agnes", at: Fixtures.now)
                    _ = try tx.execute(inverse, by: "agnes", at: Fixtures.now)
                    // Then the stock, valuation and reservations are exactly as before
                    #expect(try stockPicture(tx) == before, "seed \(seed) step \(step): \(op) undone by \(inverse)")
                    // When it is applied again, to move on
                    stack.append(try tx.execute(op, by: "agnes", at: Fixtures.now))
                    applied += 1
                    // Then stock, reservations, valuation and ledger agree (the made-up lines apart)
                    let problems = try tx.stockProblems().filter { !$0.hasPrefix("case ") }
                    #expect(problems == [], "seed \(seed) step \(step): \(op)")
                }
                #expect(applied >= 20, "seed \(seed) drew too few operations to mean much")

                // When the whole sequence is unwound, last first
                for inverse in stack.reversed() { _ = try tx.execute(inverse, by: "agnes", at: Fixtures.now) }

                // Then everything is as at the start, and nothing disagrees (every line's net issue is 0 again)
                #expect(try stockPicture(tx) == start, "seed \(seed)")
                #expect(try tx.stockProblems() == [], "seed \(seed)")
            }
        }
    }
}
