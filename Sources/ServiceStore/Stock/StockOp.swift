import Foundation
internal import GRDB
import ServiceCore

/// A change of stock that a case command makes, with an exact inverse. Parts commands
/// change stock only through these, and their undo applies the inverses — as new ledger
/// movements, never by editing the ledger — so stock shared between cases is never put
/// back to a picture of it taken earlier.
public enum StockOp: Hashable, Sendable, Codable {
    /// Holds `quantity` more for a reservation (made if it does not exist yet), if available.
    case reserve(ReservationDraft)
    /// Takes back what `reserve` held: the reservation shrinks (and goes if it held nothing else).
    case unreserve(ReservationID, quantity: Int)
    /// Gives unused quantity of a reservation back to the bin.
    case release(ReservationID, quantity: Int)
    /// Holds again what `release` gave back, if still available.
    case unrelease(ReservationID, quantity: Int)
    /// A release because the case was cancelled: the reservation is marked cancelled.
    case cancel(ReservationID, quantity: Int)
    /// Holds again what `cancel` gave back, and clears the mark.
    case uncancel(ReservationID, quantity: Int)
    /// Issues stock to a case's part line, consuming the listed reservations first.
    case issue(IssueDraft)
    /// Returns issued stock to its bin at the cost it left at, holding again what it consumed.
    case unissue(IssueDraft, unitCost: Money)
}

extension StockOp {
    /// The JSON an undo entry keeps; nil for none.
    static func encode(_ ops: [StockOp]) throws -> String? {
        ops.isEmpty ? nil : String(decoding: try JSONEncoder.sorted.encode(ops), as: UTF8.self)
    }
}

public struct ReservationDraft: Hashable, Sendable, Codable {
    public var id: ReservationID
    public var caseID: CaseID
    public var visitID: VisitID?
    public var sku: String
    public var bin: String
    public var quantity: Int

    public init(id: ReservationID, caseID: CaseID, visitID: VisitID?, sku: String, bin: String, quantity: Int) {
        self.id = id
        self.caseID = caseID
        self.visitID = visitID
        self.sku = sku
        self.bin = bin
        self.quantity = quantity
    }
}

public struct IssueDraft: Hashable, Sendable, Codable {
    public var caseID: CaseID
    public var lineID: LineID
    public var sku: String
    public var bin: String
    public var quantity: Int
    /// How much of the quantity comes out of which of the case's reservations.
    public var fromReservations: [ReservationID: Int]
    /// The unit cost to issue at when this issue takes back a return (the inverse of `unissue`,
    /// so it is exact); nil for the item's current unit cost.
    public var unitCost: Money?

    public init(
        caseID: CaseID, lineID: LineID, sku: String, bin: String, quantity: Int, fromReservations: [ReservationID: Int],
        unitCost: Money? = nil
    ) {
        self.caseID = caseID
        self.lineID = lineID
        self.sku = sku
        self.bin = bin
        self.quantity = quantity
        self.fromReservations = fromReservations
        self.unitCost = unitCost
    }

    var reservedPart: Int { fromReservations.values.reduce(0, +) }
}

extension StoreTransaction {
    /// Applies a stock operation for the running command; its inverse goes on the command's
    /// undo history.
    @discardableResult
    public func apply(_ op: StockOp, by account: String, at: Timestamp) throws -> StockOp {
        let inverse = try execute(op, by: account, at: at)
        pendingInverses.append(inverse)
        return inverse
    }

    /// Applies a stock operation and returns its inverse.
    func execute(_ op: StockOp, by account: String, at: Timestamp) throws -> StockOp {
        switch op {
        case .reserve(let d):
            try holdAvailable(d.sku, d.bin, d.quantity, asking: "reserve")
            if try reservation(d.id) == nil {
                try db.executeLater(
                    sql: """
                        INSERT INTO reservation (id, case_id, visit_id, sku, bin, quantity, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                        """,
                    arguments: [d.id, d.caseID, d.visitID, d.sku, d.bin, account, at])
            }
            try db.executeLater(
                sql: "UPDATE reservation SET quantity = quantity + ? WHERE id = ?", arguments: [d.quantity, d.id])
            try movement(
                .reservation, d.sku, d.bin, onHand: 0, reserved: d.quantity, unitCost: .zero,
                caseID: d.caseID, reservationID: d.id, by: account, at: at)
            return .unreserve(d.id, quantity: d.quantity)

        case .unreserve(let id, let quantity):
            let r = try existingReservation(id)
            guard r.remaining >= quantity else {
                throw StoreError.conflict(
                    "reservation \(id) no longer holds \(quantity) × \(r.sku): it was used or released since")
            }
            try db.cachedStatement(sql: "UPDATE stock SET reserved = reserved - ? WHERE sku = ? AND bin = ?").execute(
                arguments: [quantity, r.sku, r.bin])
            try movement(
                .release, r.sku, r.bin, onHand: 0, reserved: -quantity, unitCost: .zero,
                caseID: r.caseID, reservationID: id, note: "undo of the reservation", by: account, at: at)
            if r.quantity == quantity {
                try db.cachedStatement(sql: "DELETE FROM reservation WHERE id = ?").execute(arguments: [id])
            } else {
                try db.cachedStatement(sql: "UPDATE reservation SET quantity = quantity - ? WHERE id = ?").execute(
                    arguments: [quantity, id])
            }
            return .reserve(
                ReservationDraft(
                    id: id, caseID: r.caseID, visitID: r.visitID, sku: r.sku, bin: r.bin, quantity: quantity))

        case .release(let id, let quantity), .cancel(let id, let quantity):
            let r = try existingReservation(id)
            guard r.remaining >= quantity else {
                throw StoreError.invalid("reservation \(id) holds \(r.remaining) × \(r.sku), not \(quantity)")
            }
            try db.cachedStatement(sql: "UPDATE stock SET reserved = reserved - ? WHERE sku = ? AND bin = ?").execute(
                arguments: [quantity, r.sku, r.bin])
            try db.cachedStatement(sql: "UPDATE reservation SET released = released + ? WHERE id = ?").execute(
                arguments: [quantity, id])
            try movement(
                .release, r.sku, r.bin, onHand: 0, reserved: -quantity, unitCost: .zero,
                caseID: r.caseID, reservationID: id, by: account, at: at)
            if case .cancel = op {
                try db.cachedStatement(sql: "UPDATE reservation SET cancelled = 1 WHERE id = ?").execute(arguments: [id]
                )
                return .uncancel(id, quantity: quantity)
            }
            return .unrelease(id, quantity: quantity)

        case .unrelease(let id, let quantity), .uncancel(let id, let quantity):
            let r = try existingReservation(id)
            guard r.released >= quantity else {
                throw StoreError.conflict("reservation \(id) has no \(quantity) released to take back")
            }
            try holdAvailable(r.sku, r.bin, quantity, asking: "reserve again")
            try db.cachedStatement(sql: "UPDATE reservation SET released = released - ?, cancelled = 0 WHERE id = ?")
                .execute(arguments: [quantity, id])
            try movement(
                .reservation, r.sku, r.bin, onHand: 0, reserved: quantity, unitCost: .zero,
                caseID: r.caseID, reservationID: id, note: "undo of the release", by: account, at: at)
            if case .uncancel = op { return .cancel(id, quantity: quantity) }
            return .release(id, quantity: quantity)

        case .issue(let d):
            guard let item = try item(d.sku) else { throw StoreError.invalid("no item \(d.sku)") }
            for (id, q) in d.fromReservations {
                let r = try existingReservation(id)
                guard r.remaining >= q, r.sku == d.sku, r.bin == d.bin else {
                    throw StoreError.conflict("reservation \(id) no longer holds \(q) × \(d.sku) in \(d.bin)")
                }
            }
            let extra = d.quantity - d.reservedPart
            // The check and the change in one statement: another workbench cannot slip in
            // between, so the unreserved units taken are really there.
            try db.cachedStatement(
                sql: """
                    UPDATE stock SET on_hand = on_hand - ?, reserved = reserved - ?
                    WHERE sku = ? AND bin = ? AND on_hand - reserved >= ? AND reserved >= ?
                    """
            ).execute(arguments: [d.quantity, d.reservedPart, d.sku, d.bin, extra, d.reservedPart])
            guard db.changesCount == 1 else { throw try shortage(d.sku, d.bin, extra, asking: "use") }
            for (id, q) in d.fromReservations {
                try db.cachedStatement(sql: "UPDATE reservation SET used = used + ? WHERE id = ?").execute(arguments: [
                    q, id,
                ])
            }
            let cost = try revalue(item, quantity: -d.quantity, bin: d.bin, unitCost: d.unitCost)
            try movement(
                .issue, d.sku, d.bin, onHand: -d.quantity, reserved: -d.reservedPart, unitCost: cost,
                caseID: d.caseID, lineID: d.lineID, reservationID: d.fromReservations.keys.sorted().first,
                by: account, at: at)
            return .unissue(d, unitCost: cost)

        case .unissue(let d, let cost):
            guard let item = try item(d.sku) else { throw StoreError.invalid("no item \(d.sku)") }
            for (id, q) in d.fromReservations {
                let r = try existingReservation(id)
                guard r.used >= q else { throw StoreError.conflict("reservation \(id) has no \(q) used to put back") }
                try db.cachedStatement(sql: "UPDATE reservation SET used = used - ? WHERE id = ?").execute(arguments: [
                    q, id,
                ])
            }
            try addStock(d.sku, d.bin, onHand: d.quantity, reserved: d.reservedPart)
            // The cost the units really came back at (a standard-cost item's is its standard),
            // so the ledger says what the valuation did, and the inverse takes out exactly that.
            let returnedAt = try revalue(item, quantity: d.quantity, bin: d.bin, unitCost: cost)
            try movement(
                .return, d.sku, d.bin, onHand: d.quantity, reserved: d.reservedPart, unitCost: returnedAt,
                caseID: d.caseID, lineID: d.lineID, reservationID: d.fromReservations.keys.sorted().first,
                by: account, at: at)
            var again = d
            again.unitCost = returnedAt
            return .issue(again)
        }
    }

    // MARK: - Building blocks

    /// Reserves `quantity` more of what is available, or says how much there is.
    private func holdAvailable(_ sku: String, _ bin: String, _ quantity: Int, asking verb: String) throws {
        try db.execute(
            sql: "UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND bin = ? AND on_hand - reserved >= ?",
            arguments: [quantity, sku, bin, quantity])
        guard db.changesCount == 1 else { throw try shortage(sku, bin, quantity, asking: verb) }
    }

    /// Refuses, as the reservation itself would, `quantity` more than `bin` has available now:
    /// asked before a reservation's number is taken, so that a refusal takes none (on
    /// PostgreSQL the number comes from a sequence, which a rollback does not give back).
    /// The reservation's own conditional update still decides, whatever happens between.
    public func refuseUnavailable(_ sku: String, _ bin: String, _ quantity: Int, asking verb: String) throws {
        guard try available(sku, bin) >= quantity else { throw try shortage(sku, bin, quantity, asking: verb) }
    }

    private func available(_ sku: String, _ bin: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT on_hand - reserved FROM stock WHERE sku = ? AND bin = ?"),
            arguments: [sku, bin]) ?? 0
    }

    /// "only 2 × P-SEAL available in VAN-TOM", as an error nothing was written for.
    func shortage(_ sku: String, _ bin: String, _ wanted: Int, asking verb: String) throws -> StoreError {
        let available = try available(sku, bin)
        // Who holds the rest, so the user knows whom to ask, or which release to request.
        let held = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, case_id, quantity - used - released AS remaining FROM reservation
                    WHERE sku = ? AND bin = ? AND used + released < quantity ORDER BY id LIMIT 3
                    """), arguments: [sku, bin]
        ).map { row -> String in
            let remaining: Int = row["remaining"]
            let id: Int64 = row["id"]
            let caseID: Int64 = row["case_id"]
            return "\(remaining) held by reservation \(id) for case \(caseID)"
        }
        return StoreError.invalid(
            "\(verb): only \(available) × \(sku) available in \(bin), not \(wanted)"
                + (held.isEmpty ? "" : "; " + held.joined(separator: ", ")))
    }

    func addStock(_ sku: String, _ bin: String, onHand: Int, reserved: Int = 0) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO stock (sku, bin, on_hand, reserved) VALUES (?, ?, ?, ?)
                ON CONFLICT (sku, bin) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand, reserved = stock.reserved + excluded.reserved
                """
        ).execute(arguments: [sku, bin, onHand, reserved])
    }

    /// Moves an item's valuation by `quantity` units (out when negative) and returns the unit
    /// cost used: the given one coming in (a standard-cost item always at standard); going out,
    /// the given one when there is one (taking back a return exactly), else the current one.
    /// Cores bins hold defective cores and are not valued.
    func revalue(_ item: Item, quantity: Int, bin: String, unitCost: Money?) throws -> Money {
        if try self.bin(bin)?.kind == .cores { return .zero }
        try db.hold(.valuation(item.sku))
        let current = try valuation(item.sku)
        let (next, cost): (Valuation, Money)
        if quantity >= 0 {
            (next, cost) = try current.receiving(quantity, at: unitCost ?? current.unitCost(for: item), item: item)
        } else if let unitCost {
            (next, cost) = (
                Valuation(
                    quantity: current.quantity + quantity,
                    value: try current.value.adding(try unitCost.times(quantity))), unitCost
            )
        } else {
            (next, cost) = try current.issuing(-quantity, item: item)
        }
        try db.executeLater(
            sql: """
                INSERT INTO stock_valuation (sku, quantity, value) VALUES (?, ?, ?)
                ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity, value = excluded.value
                """,
            arguments: [item.sku, next.quantity, next.value])
        return cost
    }

    func movement(
        _ kind: MovementKind, _ sku: String, _ bin: String, onHand: Int, reserved: Int, unitCost: Money,
        caseID: CaseID? = nil, lineID: LineID? = nil, reservationID: ReservationID? = nil,
        reason: String? = nil, note: String = "", by account: String, at: Timestamp
    ) throws {
        try insert(
            .movement,
            CaseRow.movement(
                kind, sku, bin, onHand: onHand, reserved: reserved, unitCost: unitCost, caseID: caseID,
                lineID: lineID, reservationID: reservationID, reason: reason, note: note, by: account, at: at))
    }

    func existingReservation(_ id: ReservationID) throws -> Reservation {
        guard let r = try reservation(id) else { throw StoreError.invalid("no reservation \(id)") }
        return r
    }
}
