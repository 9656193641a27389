import ServiceCore
import ServiceStore

/// Stock that is no case's: receipts, transfers (a technician's van is a bin), counted
/// adjustments, scrap and refurbishing. Each is a ledger movement, audited; a mistake is
/// corrected by another movement, never by undo or edit.
enum StockCommands {
    static let all: [CommandSpec] = [receive, transfer, adjust, scrap, refurbish, coreDays]

    private static func move(_ inv: Invocation, _ s: Session, label: String,
                             _ body: (StoreTransaction) throws -> String) throws -> CommandResult {
        try s.authorize(.manageStock)
        return try s.write(inv, label: label, undoable: false) { tx, _ in
            CommandResult(command: inv.spec.name, message: try body(tx))
        }
    }

    private static func positive(_ n: Int, _ name: String) throws -> Int {
        guard n > 0 else { throw InputError("\(name): quantity must be at least 1") }
        return n
    }

    static let receive = CommandSpec(
        "receive", "Receive stock into a bin at a unit cost (moving-average items revalue)",
        arguments: [.init("item", .sku, "the item"), .init("quantity", .integer, "how many"), .init("bin", .bin, "into which bin"),
                    .init("cost", .money, "what one unit cost")],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv.text("item")!, qty = try positive(inv.integer("quantity")!, "receive"), bin = inv.text("bin")!
        return try move(inv, s, label: "receive \(qty) × \(sku)") { tx in
            try tx.receive(sku, qty, into: bin, unitCost: inv.money("cost")!, by: s.user.account, at: s.now)
            let item = try tx.item(sku)!, v = try tx.valuation(sku)
            return "received \(qty) × \(sku) into \(bin); \(v.quantity) on hand, unit cost \(v.unitCost(for: item))"
        }
    }

    static let transfer = CommandSpec(
        "transfer", "Move available stock from one bin to another (e.g. onto a technician's van)",
        arguments: [.init("item", .sku, "the item"), .init("quantity", .integer, "how many"),
                    .init("from", .bin, "from which bin"), .init("to", .bin, "to which bin")],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv.text("item")!, qty = try positive(inv.integer("quantity")!, "transfer")
        return try move(inv, s, label: "transfer \(qty) × \(sku)") { tx in
            try tx.transfer(sku, qty, from: inv.text("from")!, to: inv.text("to")!, by: s.user.account, at: s.now)
            return "moved \(qty) × \(sku) from \(inv.text("from")!) to \(inv.text("to")!)"
        }
    }

    static let adjust = CommandSpec(
        "adjust", "Correct a bin's count up or down, with a reason code",
        arguments: [.init("item", .sku, "the item"), .init("bin", .bin, "the bin"),
                    .init("quantity", .integer, "the difference, e.g. -2 or 3"), .init("reason", .reasonCode, "reason code, e.g. COUNT-DIFFERENCE")],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv.text("item")!, delta = inv.integer("quantity")!
        guard delta != 0 else { throw InputError("adjust: a difference of 0 changes nothing") }
        return try move(inv, s, label: "adjust \(sku)") { tx in
            try tx.adjust(sku, in: inv.text("bin")!, by: delta, reason: inv.text("reason")!, by: s.user.account, at: s.now)
            return "adjusted \(sku) in \(inv.text("bin")!) by \(delta > 0 ? "+" : "")\(delta) (\(inv.text("reason")!))"
        }
    }

    static let scrap = CommandSpec(
        "scrap", "Write off units from a bin, with a reason code",
        arguments: [.init("item", .sku, "the item"), .init("quantity", .integer, "how many"), .init("bin", .bin, "from which bin"),
                    .init("reason", .reasonCode, "reason code, e.g. DAMAGED")],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv.text("item")!, qty = try positive(inv.integer("quantity")!, "scrap")
        return try move(inv, s, label: "scrap \(qty) × \(sku)") { tx in
            try tx.scrap(sku, qty, from: inv.text("bin")!, reason: inv.text("reason")!, by: s.user.account, at: s.now)
            return "scrapped \(qty) × \(sku) from \(inv.text("bin")!) (\(inv.text("reason")!))"
        }
    }

    static let refurbish = CommandSpec(
        "refurbish", "Make cores good: out of a cores bin into a refurb bin at the refurbishing cost",
        arguments: [.init("item", .sku, "the item"), .init("quantity", .integer, "how many"),
                    .init("from", .bin, "the cores bin"), .init("to", .bin, "the refurb bin"), .init("cost", .money, "refurbishing cost of one")],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv.text("item")!, qty = try positive(inv.integer("quantity")!, "refurbish")
        return try move(inv, s, label: "refurbish \(qty) × \(sku)") { tx in
            try tx.refurbish(sku, qty, from: inv.text("from")!, to: inv.text("to")!, unitCost: inv.money("cost")!,
                             by: s.user.account, at: s.now)
            return "refurbished \(qty) × \(sku) into \(inv.text("to")!) at \(inv.money("cost")!) each"
        }
    }

    static let coreDays = CommandSpec(
        "set core-return-days", "Days after use before an unreturned core is billable",
        arguments: [.init("days", .integer, "days")], permission: .editMasterData, effect: .write
    ) { inv, s in
        let days = inv.integer("days")!
        guard days > 0 else { throw InputError("set core-return-days: give a number of days above 0") }
        try s.authorize(.editMasterData)
        return try s.write(inv, label: "set core-return-days \(days)", undoable: false) { tx, _ in
            try tx.setSetting(CoreReturns.daysSetting, String(days))
            return CommandResult(command: inv.spec.name, message: "an unreturned core is billable \(days) days after use")
        }
    }
}

/// Cores a case owes back: exchange parts used, less cores received.
public struct CoreExpectation: Sendable, Equatable {
    public var lineID: LineID
    public var sku: String
    public var expected: Int
    public var returned: Int
    public var usedOn: CivilDate
    /// Days since use, and whether that is past the configured limit.
    public var days: Int
    public var billable: Bool
    public var coreCharge: Money

    public var outstanding: Int { expected - returned }
}

enum CoreReturns {
    static let daysSetting = "core-return-days"
    static let defaultDays = 30

    static func limit(_ tx: StoreTransaction) throws -> Int { Int(try tx.setting(daysSetting) ?? "") ?? defaultDays }

    /// How many cores of a part line its case's postings already charged.
    static func charged(lineID: LineID, in postings: [StoredPosting]) -> Int {
        postings.filter { $0.draft.kind == .coreCharge && $0.draft.lineID == lineID }.compactMap(\.draft.quantity).reduce(0, +)
    }

    static func expectations(lines: [CaseLine], today: CivilDate, _ tx: StoreTransaction) throws -> [CoreExpectation] {
        let limit = try limit(tx)
        var out: [CoreExpectation] = []
        for l in lines where l.kind == .part && (l.quantity ?? 0) > 0 {
            guard let sku = l.sku, let item = try tx.item(sku), item.coreCharge > .zero else { continue }
            let used = try tx.movements(lineID: l.id).first { $0.kind == .issue }?.at.date ?? today
            let days = used.days(until: today)
            out.append(CoreExpectation(lineID: l.id, sku: sku, expected: l.quantity ?? 0, returned: try tx.coresReturned(lineID: l.id),
                                       usedOn: used, days: days, billable: days > limit, coreCharge: item.coreCharge))
        }
        return out
    }
}
