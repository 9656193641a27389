internal import GRDB
import ServiceCore

// Stock in bins and its ledger: reads, and the movements that are not a case's (receipts,
// transfers, adjustments, scrap, cores and refurbishing).
extension StoreTransaction {
    // MARK: Reads

    public func stockLevels(sku: String) throws -> [StockLevel] {
        try Row.fetchAll(
            db.cachedStatement(sql: "\(Self.levelSQL) WHERE s.sku = ? ORDER BY b.id"), arguments: [sku]
        ).map(Self.level)
    }

    /// One bin's level, read alone: a part a desk stocks in four hundred vans and stores is
    /// not read four hundred times to answer for one of them (each reserve asks).
    public func stockLevel(sku: String, bin: String) throws -> StockLevel? {
        try Row.fetchOne(db.cachedStatement(sql: Self.oneLevelSQL), arguments: [sku, bin]).map(Self.level)
    }

    private static let levelSQL = "SELECT s.sku, s.on_hand, s.reserved, b.* FROM stock s JOIN bin b ON b.id = s.bin"
    static let oneLevelSQL = "\(levelSQL) WHERE s.sku = ? AND s.bin = ?"

    private static func level(_ row: Row) -> StockLevel {
        StockLevel(sku: row["sku"], bin: Bin(row: row), onHand: row["on_hand"], reserved: row["reserved"])
    }

    public func valuation(_ sku: String) throws -> Valuation {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT quantity, value FROM stock_valuation WHERE sku = ?"), arguments: [sku])
        else {
            return Valuation()
        }
        return Valuation(quantity: row["quantity"], value: row["value"])
    }

    public func reservation(_ id: ReservationID) throws -> Reservation? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM reservation WHERE id = ?"), arguments: [id]).map(
            Reservation.init(row:))
    }

    /// Every reservation the case ever made, released and used ones included.
    public func reservations(caseID: CaseID) throws -> [Reservation] {
        try values(CaseReads.reservations, [caseID], Reservation.init(row:))
    }

    /// The case's reservations still holding stock, oldest first.
    public func openReservations(caseID: CaseID) throws -> [Reservation] {
        try values(CaseReads.openReservations, [caseID], Reservation.init(row:))
    }

    /// A new reservation id: never one used before, even by a reservation since undone.
    public func nextReservationID() throws -> ReservationID { ReservationID(try nextID(of: "reservation")) }

    public struct Movement: Sendable, Equatable {
        public var id: Int64
        public var at: Timestamp
        public var kind: MovementKind
        public var sku: String
        public var bin: String
        public var onHandDelta: Int
        public var reservedDelta: Int
        public var unitCost: Money
        public var value: Money
        public var caseID: CaseID?
        public var lineID: LineID?
        public var reservationID: ReservationID?
        public var reasonCode: String?
    }

    /// The ledger, oldest first: of one item, one case or one line.
    public func movements(sku: String? = nil, caseID: CaseID? = nil, lineID: LineID? = nil) throws -> [Movement] {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        if let sku {
            conditions.append("sku = ?")
            args.append(sku)
        }
        if let caseID {
            conditions.append("case_id = ?")
            args.append(caseID)
        }
        if let lineID {
            conditions.append("line_id = ?")
            args.append(lineID)
        }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM stock_movement \(whereSQL) ORDER BY id"),
            arguments: SQLArguments(args)
        ).map { r in
            Movement(
                id: r["id"], at: r["at"], kind: MovementKind(rawValue: r["kind"])!, sku: r["sku"], bin: r["bin"],
                onHandDelta: r["on_hand_delta"], reservedDelta: r["reserved_delta"], unitCost: r["unit_cost"],
                value: r["value"], caseID: r["case_id"], lineID: r["line_id"], reservationID: r["reservation_id"],
                reasonCode: r["reason_code"])
        }
    }

    /// Cores received back for a part line.
    public func coresReturned(lineID: LineID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT coalesce(sum(on_hand_delta), 0) FROM stock_movement WHERE line_id = ? AND kind = 'core-return'"
            ),
            arguments: [lineID]) ?? 0
    }

    /// A setting kept in the database (e.g. days before an unreturned core is billable).
    public func setting(_ key: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: ["setting." + key])
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: ["setting." + key, value])
    }

    // MARK: Movements that are no case's

    /// Units arriving in a bin at `unitCost` (a standard-cost item enters at standard).
    public func receive(
        _ sku: String, _ quantity: Int, into bin: String, unitCost: Money, reason: String? = nil,
        by account: String, at: Timestamp
    ) throws {
        let item = try stockItem(sku)
        try stockBin(bin, notCores: true)
        try addStock(sku, bin, onHand: quantity)
        let cost = try revalue(item, quantity: quantity, bin: bin, unitCost: unitCost)
        try movement(
            .receipt, sku, bin, onHand: quantity, reserved: 0, unitCost: cost, reason: reason, by: account, at: at)
    }

    /// Units moving from one bin to another (a technician's van is a bin); only what is
    /// available moves, never what is reserved.
    public func transfer(_ sku: String, _ quantity: Int, from: String, to: String, by account: String, at: Timestamp)
        throws
    {
        let item = try stockItem(sku)
        try stockBin(from, notCores: true)
        try stockBin(to, notCores: true)
        guard from != to else { throw StoreError.invalid("transfer: \(from) to itself moves nothing") }
        try takeAvailable(sku, from, quantity, asking: "transfer")
        try addStock(sku, to, onHand: quantity)
        let cost = try valuation(sku).unitCost(for: item)
        try movement(
            .transferOut, sku, from, onHand: -quantity, reserved: 0, unitCost: cost, note: "to \(to)", by: account,
            at: at)
        try movement(
            .transferIn, sku, to, onHand: quantity, reserved: 0, unitCost: cost, note: "from \(from)", by: account,
            at: at)
    }

    /// A counted difference, up or down, with its reason; what is reserved cannot be adjusted away.
    public func adjust(_ sku: String, in bin: String, by delta: Int, reason: String, by account: String, at: Timestamp)
        throws
    {
        let item = try stockItem(sku)
        try stockBin(bin, notCores: false)
        if delta < 0 {
            try takeAvailable(sku, bin, -delta, asking: "adjust")
        } else {
            try addStock(sku, bin, onHand: delta)
        }
        let cost = try revalue(item, quantity: delta, bin: bin, unitCost: nil)
        try movement(
            .adjustment, sku, bin, onHand: delta, reserved: 0, unitCost: cost, reason: reason, by: account, at: at)
    }

    public func scrap(
        _ sku: String, _ quantity: Int, from bin: String, reason: String, by account: String, at: Timestamp
    ) throws {
        let item = try stockItem(sku)
        try stockBin(bin, notCores: false)
        try takeAvailable(sku, bin, quantity, asking: "scrap")
        let cost = try revalue(item, quantity: -quantity, bin: bin, unitCost: nil)
        try movement(
            .scrap, sku, bin, onHand: -quantity, reserved: 0, unitCost: cost, reason: reason, by: account, at: at)
    }

    /// The defective core of an exchange part, back from a case into a cores bin (valued at
    /// nothing: its credit is a posting of its own).
    public func receiveCore(_ line: CaseLine, quantity: Int, into bin: String, by account: String, at: Timestamp) throws
    {
        guard let sku = line.sku else { throw StoreError.invalid("line \(line.id) is not a part") }
        guard let b = try self.bin(bin), b.kind == .cores else { throw StoreError.invalid("\(bin) is not a cores bin") }
        try addStock(sku, b.id, onHand: quantity)
        try movement(
            .coreReturn, sku, b.id, onHand: quantity, reserved: 0, unitCost: .zero,
            caseID: line.caseID, lineID: line.id, by: account, at: at)
    }

    /// Cores made good: out of a cores bin, into a refurb bin at the refurbishing cost.
    public func refurbish(
        _ sku: String, _ quantity: Int, from: String, to: String, unitCost: Money,
        by account: String, at: Timestamp
    ) throws {
        let item = try stockItem(sku)
        guard try self.bin(from)?.kind == .cores else {
            throw StoreError.invalid("refurbish: \(from) is not a cores bin")
        }
        guard try self.bin(to)?.kind == .refurb else {
            throw StoreError.invalid("refurbish: \(to) is not a refurb bin")
        }
        try takeAvailable(sku, from, quantity, asking: "refurbish")
        try addStock(sku, to, onHand: quantity)
        let cost = try revalue(item, quantity: quantity, bin: to, unitCost: unitCost)
        try movement(
            .refurbishOut, sku, from, onHand: -quantity, reserved: 0, unitCost: .zero, note: "to \(to)", by: account,
            at: at)
        try movement(
            .refurbishIn, sku, to, onHand: quantity, reserved: 0, unitCost: cost, note: "from \(from)", by: account,
            at: at)
    }

    private func takeAvailable(_ sku: String, _ bin: String, _ quantity: Int, asking verb: String) throws {
        try db.execute(
            sql: "UPDATE stock SET on_hand = on_hand - ? WHERE sku = ? AND bin = ? AND on_hand - reserved >= ?",
            arguments: [quantity, sku, bin, quantity])
        guard db.changesCount == 1 else { throw try shortage(sku, bin, quantity, asking: verb) }
    }

    private func stockItem(_ sku: String) throws -> Item {
        guard let item = try item(sku) else { throw StoreError.invalid("no item \(sku)") }
        return item
    }

    private func stockBin(_ id: String, notCores: Bool) throws {
        guard let b = try bin(id) else { throw StoreError.invalid("no bin \(id)") }
        if notCores && b.kind == .cores {
            throw StoreError.invalid("\(id) is a cores bin: cores come in with `core receive`")
        }
    }
}

extension Reservation {
    init(row: Row) {
        self.init(
            id: row["id"], caseID: row["case_id"], visitID: row["visit_id"], sku: row["sku"], bin: row["bin"],
            quantity: row["quantity"], used: row["used"], released: row["released"], cancelled: row["cancelled"])
    }
}
