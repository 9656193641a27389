/// A reservation of parts from one bin for a case: quantity promised, of which some may
/// since have been used (issued to the case) or released back to the bin.
public typealias ReservationID = RecordID<Reservation>

public enum ReservationStatus: String, Sendable, Codable, CaseIterable {
    case reserved
    case partiallyUsed = "partially-used"
    case consumed, released, cancelled
}

public struct Reservation: Hashable, Sendable, Codable {
    public var id: ReservationID
    public var caseID: CaseID
    public var visitID: VisitID?
    public var sku: String
    public var bin: String
    public var quantity: Int
    public var used: Int
    public var released: Int
    /// Released because the case was cancelled.
    public var cancelled: Bool

    public init(
        id: ReservationID, caseID: CaseID, visitID: VisitID? = nil, sku: String, bin: String,
        quantity: Int, used: Int = 0, released: Int = 0, cancelled: Bool = false
    ) {
        self.id = id
        self.caseID = caseID
        self.visitID = visitID
        self.sku = sku
        self.bin = bin
        self.quantity = quantity
        self.used = used
        self.released = released
        self.cancelled = cancelled
    }

    /// Still held for the case: neither used nor released.
    public var remaining: Int { quantity - used - released }
    public var isOpen: Bool { remaining > 0 }

    public var status: ReservationStatus {
        if cancelled { return .cancelled }
        if remaining == quantity { return .reserved }
        if remaining > 0 { return used > 0 ? .partiallyUsed : .reserved }
        return used > 0 ? .consumed : .released
    }
}

/// Every way stock changes; each is one row of the append-only ledger.
public enum MovementKind: String, Sendable, Codable, CaseIterable {
    case receipt
    case transferOut = "transfer-out"
    case transferIn = "transfer-in"
    case reservation, release, issue
    case `return`
    case coreReturn = "core-return"
    case refurbishOut = "refurbish-out"
    case refurbishIn = "refurbish-in"
    case scrap, adjustment
}

/// How much of an item a bin holds, and how much of that is promised.
public struct StockLevel: Hashable, Sendable, Codable {
    public var sku: String
    public var bin: Bin
    public var onHand: Int
    public var reserved: Int
    public var available: Int { onHand - reserved }

    public init(sku: String, bin: Bin, onHand: Int, reserved: Int) {
        self.sku = sku
        self.bin = bin
        self.onHand = onHand
        self.reserved = reserved
    }
}

/// The cost of an item's stock: the quantity on hand (cores apart) and what it is worth.
public struct Valuation: Hashable, Sendable, Codable {
    public var quantity: Int
    public var value: Money

    public init(quantity: Int = 0, value: Money = .zero) {
        self.quantity = quantity
        self.value = value
    }

    /// What one unit leaving stock is valued at: the standard cost, or the moving average
    /// (value ÷ quantity, rounded half away from zero; 0.00 when nothing is on hand).
    public func unitCost(for item: Item) -> Money {
        switch item.costing {
        case .standard: return item.standardCost
        case .movingAverage:
            guard quantity > 0 else { return .zero }
            return Money(minorUnits: value.minorUnits).scaled(by: 1, over: Int64(quantity))
        }
    }

    /// Units coming in at `unitCost`. A standard-cost item enters at its standard cost,
    /// whatever was paid; a moving-average item's average moves with the receipt.
    /// Refused (`AmountOverflow`) when the stock's value would pass what cents can hold.
    public func receiving(_ quantity: Int, at unitCost: Money, item: Item) throws(AmountOverflow) -> (Valuation, Money)
    {
        let cost = item.costing == .standard ? item.standardCost : unitCost
        return (Valuation(quantity: self.quantity + quantity, value: try value.adding(try cost.times(quantity))), cost)
    }

    /// Units going out (issue, scrap, a negative adjustment) at the current unit cost.
    public func issuing(_ quantity: Int, item: Item) throws(AmountOverflow) -> (Valuation, Money) {
        let cost = unitCost(for: item)
        return (Valuation(quantity: self.quantity - quantity, value: try value.adding(try cost.times(-quantity))), cost)
    }
}

public enum BinSuggestion {
    /// Bins to reserve from, best first: the visit technician's van, then bins in the case's
    /// region, then the rest; among equals, more available first, then by id. Bins without
    /// enough available come after those with enough. Cores bins are never suggested.
    public static func order(_ levels: [StockLevel], quantity: Int, technician: String?, region: String) -> [StockLevel]
    {
        func rank(_ l: StockLevel) -> Int {
            if let t = technician, l.bin.kind == .van, l.bin.technician == t { return 0 }
            return l.bin.region == region ? 1 : 2
        }
        return levels.filter { $0.bin.kind != .cores }.sorted { a, b in
            let enoughA = a.available >= quantity
            let enoughB = b.available >= quantity
            if enoughA != enoughB { return enoughA }
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            if a.available != b.available { return a.available > b.available }
            return a.bin.id < b.bin.id
        }
    }

    /// Bins to take a used part from: the technician's own van first, whatever it holds — on
    /// site the part is in his van, and `order` would put a van short of the quantity after
    /// every bin with enough — then the others as `order` ranks them. `levels` should count what
    /// the case itself holds reserved as available, since usage takes it first.
    public static func forUse(_ levels: [StockLevel], quantity: Int, technician: String?, region: String)
        -> [StockLevel]
    {
        let ranked = order(levels, quantity: quantity, technician: technician, region: region)
        guard let technician else { return ranked }
        let own = { (l: StockLevel) in l.bin.kind == .van && l.bin.technician == technician }
        return ranked.filter(own) + ranked.filter { !own($0) }
    }
}
