import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

// Stock that is no case's: receipts, transfers, adjustments, scrap, cores and refurbishing.
// Every change is one row of the append-only ledger, and stock, valuation and ledger agree.

/// A movement as one comparable line: "kind bin on-hand-delta reserved-delta unit-cost value reason".
private func ledger(_ db: AppDatabase, sku: String) throws -> [String] {
    try db.read { try $0.movements(sku: sku) }.map { m in
        "\(m.kind.rawValue) \(m.bin) \(m.onHandDelta) \(m.reservedDelta) \(m.unitCost) \(m.value)"
            + (m.reasonCode.map { " \($0)" } ?? "")
    }
}

private func valuation(_ db: AppDatabase, _ sku: String) throws -> Valuation {
    try db.read { try $0.valuation(sku) }
}

private func money(_ text: String) -> Money { Fixtures.money(text) }

/// Runs one stock command as ada and expects it refused with `message`, leaving every row as it was.
private func expectRefused(
    _ db: AppDatabase, _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: @escaping (StoreTransaction) throws -> Void
) throws {
    let before = try snapshot(db)
    #expect(throws: StoreError.invalid(message), sourceLocation: sourceLocation) {
        try db.perform(Fixtures.command("stock", undoable: false)) { try body($0) }
    }
    #expect(try snapshot(db) == before, sourceLocation: sourceLocation)
}

@Suite("Stock ledger: receipts, transfers, adjustments, scrap, cores")
struct StockLedgerTests {
    @Test(
        "A receipt creates the stock row and the valuation; a standard item enters at standard",
        arguments: Storage.allCases)
    func receipts(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given nothing of either part anywhere
            #expect(try db.read { try $0.stockLevels(sku: "P-MA") } == [])
            #expect(try valuation(db, "P-MA") == Valuation())

            // When 10 × P-SEAL (standard 18.00) arrive at 17.00, 10 × P-MA at 10.00 on the shelf and 10 at 13.00 in the van
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "17.00")
            try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
            try db.perform(Fixtures.command("receive", undoable: false)) { tx in
                try tx.receive(
                    "P-MA", 10, into: "VAN-TOM", unitCost: money("13.00"), reason: "PO-4711", by: "ada",
                    at: Fixtures.now)
            }

            // Then P-SEAL: 10 on hand worth 10 × 18.00 = 180.00, whatever was paid
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [10, 0])
            #expect(try valuation(db, "P-SEAL") == Valuation(quantity: 10, value: money("180.00")))
            #expect(try ledger(db, sku: "P-SEAL") == ["receipt WH-N-A1 10 0 18.00 180.00"])
            // And P-MA: one valuation over both bins, 100.00 + 130.00 = 230.00 for 20 (11.50 each)
            let levels = try db.read { try $0.stockLevels(sku: "P-MA") }
            #expect(
                levels == [
                    StockLevel(sku: "P-MA", bin: Fixtures.van, onHand: 10, reserved: 0),
                    StockLevel(sku: "P-MA", bin: Fixtures.shelf, onHand: 10, reserved: 0),
                ])
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 20, value: money("230.00")))
            #expect(try valuation(db, "P-MA").unitCost(for: Fixtures.valve) == money("11.50"))
            #expect(
                try ledger(db, sku: "P-MA") == [
                    "receipt WH-N-A1 10 0 10.00 100.00", "receipt VAN-TOM 10 0 13.00 130.00 PO-4711",
                ])
            let receipt = try #require(try db.read { try $0.movements(sku: "P-MA") }.last)
            #expect(receipt.at == Fixtures.now)
            #expect(receipt.caseID == nil && receipt.lineID == nil && receipt.reservationID == nil)
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "A receipt into a cores bin, an unknown bin or of an unknown item is refused and writes nothing",
        arguments: Storage.allCases)
    func receiptRefusals(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given the seeded bins and items
            // When a receipt names a cores bin, a bin that does not exist, or an item that does not
            // Then it is refused with the reason, and not one row changes
            try expectRefused(db, "CORES-N is a cores bin: cores come in with `core receive`") { tx in
                try tx.receive("P-MA", 1, into: "CORES-N", unitCost: money("1.00"), by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "no bin WH-X") { tx in
                try tx.receive("P-MA", 1, into: "WH-X", unitCost: money("1.00"), by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "no item P-NONE") { tx in
                try tx.receive("P-NONE", 1, into: "WH-N-A1", unitCost: money("1.00"), by: "ada", at: Fixtures.now)
            }
        }
    }

    @Test(
        "A transfer moves only what is available and keeps the value: out and in at the same unit cost",
        arguments: Storage.allCases)
    func transfer(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 20 × P-MA on the shelf worth 230.00 (11.50 each), 3 of them reserved for case 1
            let caseID = try averagedStockReserved(db)

            // When 18 are asked to move (only 20 − 3 = 17 are available), to the same bin, or into a cores bin
            try expectRefused(
                db, "transfer: only 17 × P-MA available in WH-N-A1, not 18; 3 held by reservation 1 for case 1"
            ) { tx in
                try tx.transfer("P-MA", 18, from: "WH-N-A1", to: "VAN-TOM", by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "transfer: WH-N-A1 to itself moves nothing") { tx in
                try tx.transfer("P-MA", 1, from: "WH-N-A1", to: "WH-N-A1", by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "CORES-N is a cores bin: cores come in with `core receive`") { tx in
                try tx.transfer("P-MA", 1, from: "WH-N-A1", to: "CORES-N", by: "ada", at: Fixtures.now)
            }

            // When the 17 available move onto Tom's van
            try db.perform(Fixtures.command("transfer", undoable: false)) { tx in
                try tx.transfer("P-MA", 17, from: "WH-N-A1", to: "VAN-TOM", by: "ada", at: Fixtures.now)
            }

            // Then the shelf keeps only the 3 reserved; the van has 17
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [3, 3])
            #expect(try onHandReserved(db, "P-MA", "VAN-TOM") == [17, 0])
            // And the value is unchanged: out 17 × 11.50 = 195.50, in the same
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 20, value: money("230.00")))
            #expect(
                try ledger(db, sku: "P-MA").suffix(2) == [
                    "transfer-out WH-N-A1 -17 0 11.50 -195.50",
                    "transfer-in VAN-TOM 17 0 11.50 195.50",
                ])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "An adjustment counts up or down at the current unit cost with its reason; the reserved cannot be adjusted away",
        arguments: Storage.allCases)
    func adjust(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 20 × P-MA worth 230.00 (11.50 each), 3 reserved
            let caseID = try averagedStockReserved(db)

            // When 2 more are counted
            try db.perform(Fixtures.command("adjust", undoable: false)) { tx in
                try tx.adjust("P-MA", in: "WH-N-A1", by: 2, reason: "COUNT-DIFFERENCE", by: "ada", at: Fixtures.now)
            }
            // Then they enter at the average: 230.00 + 2 × 11.50 = 253.00 for 22 (still 11.50)
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [22, 3])
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 22, value: money("253.00")))

            // When 4 are missing at the next count
            try db.perform(Fixtures.command("adjust", undoable: false)) { tx in
                try tx.adjust("P-MA", in: "WH-N-A1", by: -4, reason: "SHRINKAGE", by: "ada", at: Fixtures.now)
            }
            // Then they leave at 11.50: 253.00 − 46.00 = 207.00 for 18
            #expect(try onHandReserved(db, "P-MA", "WH-N-A1") == [18, 3])
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 18, value: money("207.00")))
            #expect(
                try ledger(db, sku: "P-MA").suffix(2) == [
                    "adjustment WH-N-A1 2 0 11.50 23.00 COUNT-DIFFERENCE",
                    "adjustment WH-N-A1 -4 0 11.50 -46.00 SHRINKAGE",
                ])

            // When 16 are to be counted away: only 18 − 3 = 15 are not reserved
            try expectRefused(
                db, "adjust: only 15 × P-MA available in WH-N-A1, not 16; 3 held by reservation 1 for case 1"
            ) { tx in
                try tx.adjust("P-MA", in: "WH-N-A1", by: -16, reason: "SHRINKAGE", by: "ada", at: Fixtures.now)
            }
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "Scrap writes units off at the current unit cost with its reason; never more than is available",
        arguments: Storage.allCases)
    func scrap(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-SEAL (standard 18.00) on the shelf
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")

            // When 2 are scrapped as damaged
            try db.perform(Fixtures.command("scrap", undoable: false)) { tx in
                try tx.scrap("P-SEAL", 2, from: "WH-N-A1", reason: "DAMAGED", by: "ada", at: Fixtures.now)
            }

            // Then 8 are left, worth 180.00 − 2 × 18.00 = 144.00
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [8, 0])
            #expect(try valuation(db, "P-SEAL") == Valuation(quantity: 8, value: money("144.00")))
            #expect(try ledger(db, sku: "P-SEAL").last == "scrap WH-N-A1 -2 0 18.00 -36.00 DAMAGED")
            // And more than is there, or from a bin that never held it, is refused
            try expectRefused(db, "scrap: only 8 × P-SEAL available in WH-N-A1, not 9") { tx in
                try tx.scrap("P-SEAL", 9, from: "WH-N-A1", reason: "DAMAGED", by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "scrap: only 0 × P-SEAL available in VAN-TOM, not 1") { tx in
                try tx.scrap("P-SEAL", 1, from: "VAN-TOM", reason: "DAMAGED", by: "ada", at: Fixtures.now)
            }
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "A core comes back into a cores bin unvalued; refurbishing moves it to refurb stock at the refurbishing cost",
        arguments: Storage.allCases)
    func coresAndRefurbishing(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 10 × P-MA at 10.00, and 2 of them used on case 1's line 1 (100.00 − 20.00 = 80.00 for 8)
            let caseID = try #require(try openCases(db).first)
            try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
            let line = try use(db, caseID, "P-MA", 2, bin: "WH-N-A1")
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 8, value: money("80.00")))

            // When both defective cores come back into the cores bin
            try db.perform(Fixtures.command("core receive", by: "tom", undoable: false)) { tx in
                try tx.receiveCore(line, quantity: 2, into: "CORES-N", by: "tom", at: Fixtures.at(60))
            }

            // Then they are in the cores bin, but the valuation does not count them
            #expect(try onHandReserved(db, "P-MA", "CORES-N") == [2, 0])
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 8, value: money("80.00")))
            let core = try #require(try db.read { try $0.movements(sku: "P-MA") }.last)
            #expect(
                core.kind == .coreReturn && core.caseID == caseID && core.lineID == line.id
                    && core.at == Fixtures.at(60))
            #expect(try ledger(db, sku: "P-MA").last == "core-return CORES-N 2 0 0.00 0.00")
            #expect(try db.read { try $0.coresReturned(lineID: line.id) } == 2)
            // (and the invariants, which leave cores bins out of the valuation, agree)
            #expect(try stockProblems(db) == [])

            // When a core would go anywhere but a cores bin, or on a line that is no part
            try expectRefused(db, "WH-N-A1 is not a cores bin") { tx in
                try tx.receiveCore(line, quantity: 1, into: "WH-N-A1", by: "tom", at: Fixtures.now)
            }
            var labour = line
            labour.sku = nil
            try expectRefused(db, "line 1 is not a part") { tx in
                try tx.receiveCore(labour, quantity: 1, into: "CORES-N", by: "tom", at: Fixtures.now)
            }

            // When the 2 cores are refurbished at 4.00 each
            try expectRefused(db, "refurbish: only 2 × P-MA available in CORES-N, not 3") { tx in
                try tx.refurbish(
                    "P-MA", 3, from: "CORES-N", to: "REFURB-N", unitCost: money("4.00"), by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "refurbish: WH-N-A1 is not a cores bin") { tx in
                try tx.refurbish(
                    "P-MA", 1, from: "WH-N-A1", to: "REFURB-N", unitCost: money("4.00"), by: "ada", at: Fixtures.now)
            }
            try expectRefused(db, "refurbish: WH-N-A1 is not a refurb bin") { tx in
                try tx.refurbish(
                    "P-MA", 1, from: "CORES-N", to: "WH-N-A1", unitCost: money("4.00"), by: "ada", at: Fixtures.now)
            }
            try db.perform(Fixtures.command("refurbish", undoable: false)) { tx in
                try tx.refurbish(
                    "P-MA", 2, from: "CORES-N", to: "REFURB-N", unitCost: money("4.00"), by: "ada", at: Fixtures.now)
            }

            // Then they leave the cores bin unvalued and enter refurb stock at 4.00:
            // 80.00 + 2 × 4.00 = 88.00 for 10, and the moving average moves from 10.00 to 8.80
            #expect(try onHandReserved(db, "P-MA", "CORES-N") == [0, 0])
            #expect(try onHandReserved(db, "P-MA", "REFURB-N") == [2, 0])
            #expect(try valuation(db, "P-MA") == Valuation(quantity: 10, value: money("88.00")))
            #expect(try valuation(db, "P-MA").unitCost(for: Fixtures.valve) == money("8.80"))
            #expect(
                try ledger(db, sku: "P-MA").suffix(2) == [
                    "refurbish-out CORES-N -2 0 0.00 0.00",
                    "refurbish-in REFURB-N 2 0 4.00 8.00",
                ])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "A standard-cost core refurbished enters at standard; a cores bin adjusted is not valued",
        arguments: Storage.allCases)
    func standardRefurbish(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given 5 × P-SEAL (standard 18.00) on the shelf, and a core counted into the cores bin
            try receiveStock(db, "P-SEAL", 5, into: "WH-N-A1", at: "18.00")
            try db.perform(Fixtures.command("adjust", undoable: false)) { tx in
                try tx.adjust("P-SEAL", in: "CORES-N", by: 1, reason: "FOUND", by: "ada", at: Fixtures.now)
            }
            #expect(try valuation(db, "P-SEAL") == Valuation(quantity: 5, value: money("90.00")))

            // When it is refurbished at 5.00
            try db.perform(Fixtures.command("refurbish", undoable: false)) { tx in
                try tx.refurbish(
                    "P-SEAL", 1, from: "CORES-N", to: "REFURB-N", unitCost: money("5.00"), by: "ada", at: Fixtures.now)
            }

            // Then it enters at the standard 18.00: 90.00 + 18.00 = 108.00 for 6
            #expect(try valuation(db, "P-SEAL") == Valuation(quantity: 6, value: money("108.00")))
            #expect(
                try ledger(db, sku: "P-SEAL") == [
                    "receipt WH-N-A1 5 0 18.00 90.00", "adjustment CORES-N 1 0 0.00 0.00 FOUND",
                    "refurbish-out CORES-N -1 0 0.00 0.00", "refurbish-in REFURB-N 1 0 18.00 18.00",
                ])
            #expect(try stockProblems(db) == [])
        }
    }

    @Test(
        "The ledger refuses UPDATE and DELETE, with its trigger's message, and nothing changes",
        arguments: Storage.allCases)
    func appendOnly(_ storage: Storage) throws {
        try withStockStore(storage) { db throws in
            // Given one receipt
            try receiveStock(db, "P-SEAL", 10, into: "WH-N-A1", at: "18.00")
            let before = try snapshot(db)

            for sql in [
                "UPDATE stock_movement SET on_hand_delta = 99", "DELETE FROM stock_movement",
                "UPDATE stock_movement SET note = 'typo' WHERE id = 1",
            ] {
                // When someone edits the ledger in place
                let refused = refusal {
                    try db.perform(Fixtures.command("tamper", undoable: false)) { tx in try tx.db.execute(sql: sql) }
                }

                // Then the trigger refuses, and nothing at all is written
                #expect(refused?.message == "the stock ledger is append-only: correct it with a new movement", "\(sql)")
                #expect(refused?.isConstraint == true)
                #expect(try snapshot(db) == before)
            }
            #expect(try stockProblems(db) == [])
        }
    }
}
