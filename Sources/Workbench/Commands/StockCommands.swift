import ServiceCore
import ServiceStore

/// Stock that is no case's: receipts, transfers (a technician's van is a bin), counted
/// adjustments, scrap and refurbishing. Each is a ledger movement, audited; a mistake is
/// corrected by another movement, never by undo or edit.
enum StockCommands {
    static let all: [CommandSpec] = [receive, transfer, adjust, scrap, refurbish, coreDays]

    private static func move(
        _ inv: Invocation, _ s: Session, label: String,
        _ body: (StoreTransaction) throws -> String
    ) throws -> CommandResult {
        try s.authorize(.manageStock)
        return try s.write(inv, label: label, undoable: false) { tx, _ in
            CommandResult(command: inv.spec.name, message: try body(tx))
        }
    }

    static let item = Argument("item", .sku, "the item"), quantity = Argument("quantity", .quantity, "how many")

    enum Receive {
        static let bin = Argument("bin", .bin, "into which bin"), cost = Argument("cost", .money, "what one unit cost")
    }

    static let receive = CommandSpec(
        "receive", "Receive stock into a bin at a unit cost (moving-average items revalue)",
        arguments: [item, quantity, Receive.bin, Receive.cost],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv[item]
        let qty = inv[quantity]
        let bin = inv[Receive.bin]
        return try move(inv, s, label: "receive \(qty) × \(sku)") { tx in
            try tx.receive(sku, qty, into: bin, unitCost: inv[Receive.cost], by: s.user.account, at: s.now)
            let item = try tx.item(sku)!
            let v = try tx.valuation(sku)
            return "received \(qty) × \(sku) into \(bin); \(v.quantity) on hand, unit cost \(v.unitCost(for: item))"
        }
    }

    enum Transfer {
        static let from = Argument("from", .bin, "from which bin"), to = Argument("to", .bin, "to which bin")
    }

    static let transfer = CommandSpec(
        "transfer", "Move available stock from one bin to another (e.g. onto a technician's van)",
        arguments: [item, quantity, Transfer.from, Transfer.to],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv[item]
        let qty = inv[quantity]
        let from = inv[Transfer.from]
        let to = inv[Transfer.to]
        return try move(inv, s, label: "transfer \(qty) × \(sku)") { tx in
            try tx.transfer(sku, qty, from: from, to: to, by: s.user.account, at: s.now)
            return "moved \(qty) × \(sku) from \(from) to \(to)"
        }
    }

    enum Adjust {
        static let bin = Argument("bin", .bin, "the bin")
        static let difference = Argument("quantity", .adjustment, "the difference, e.g. -2 or 3")
        static let reason = Argument("reason", .reasonCode, "reason code, e.g. COUNT-DIFFERENCE")
    }

    static let adjust = CommandSpec(
        "adjust", "Correct a bin's count up or down, with a reason code",
        arguments: [item, Adjust.bin, Adjust.difference, Adjust.reason],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv[item]
        let delta = inv[Adjust.difference]
        let bin = inv[Adjust.bin]
        let reason = inv[Adjust.reason]
        guard delta != 0 else { throw InputError("adjust: a difference of 0 changes nothing") }
        return try move(inv, s, label: "adjust \(sku)") { tx in
            try tx.adjust(sku, in: bin, by: delta, reason: reason, by: s.user.account, at: s.now)
            return "adjusted \(sku) in \(bin) by \(delta > 0 ? "+" : "")\(delta) (\(reason))"
        }
    }

    enum Scrap {
        static let bin = Argument("bin", .bin, "from which bin")
        static let reason = Argument("reason", .reasonCode, "reason code, e.g. DAMAGED")
    }

    static let scrap = CommandSpec(
        "scrap", "Write off units from a bin, with a reason code",
        arguments: [item, quantity, Scrap.bin, Scrap.reason],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv[item]
        let qty = inv[quantity]
        let bin = inv[Scrap.bin]
        let reason = inv[Scrap.reason]
        return try move(inv, s, label: "scrap \(qty) × \(sku)") { tx in
            try tx.scrap(sku, qty, from: bin, reason: reason, by: s.user.account, at: s.now)
            return "scrapped \(qty) × \(sku) from \(bin) (\(reason))"
        }
    }

    enum Refurbish {
        static let from = Argument("from", .bin, "the cores bin"), to = Argument("to", .bin, "the refurb bin")
        static let cost = Argument("cost", .money, "refurbishing cost of one")
    }

    static let refurbish = CommandSpec(
        "refurbish", "Make cores good: out of a cores bin into a refurb bin at the refurbishing cost",
        arguments: [item, quantity, Refurbish.from, Refurbish.to, Refurbish.cost],
        permission: .manageStock, effect: .write
    ) { inv, s in
        let sku = inv[item]
        let qty = inv[quantity]
        let to = inv[Refurbish.to]
        let cost = inv[Refurbish.cost]
        return try move(inv, s, label: "refurbish \(qty) × \(sku)") { tx in
            try tx.refurbish(sku, qty, from: inv[Refurbish.from], to: to, unitCost: cost, by: s.user.account, at: s.now)
            return "refurbished \(qty) × \(sku) into \(to) at \(cost) each"
        }
    }

    enum CoreDays {
        static let days = Argument("days", .days, "days")
    }

    static let coreDays = CommandSpec(
        "set core-return-days", "Days after use before an unreturned core is billable",
        arguments: [CoreDays.days], permission: .editMasterData, effect: .write
    ) { inv, s in
        let days = inv[CoreDays.days]
        guard days > 0 else { throw InputError("set core-return-days: give a number of days above 0") }
        try s.authorize(.editMasterData)
        return try s.write(inv, label: "set core-return-days \(days)", undoable: false) { tx, _ in
            try tx.setSetting(CoreReturns.daysSetting, String(days))
            return CommandResult(
                command: inv.spec.name, message: "an unreturned core is billable \(days) days after use")
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
        postings.filter { $0.draft.kind == .coreCharge && $0.draft.lineID == lineID }.compactMap(\.draft.quantity)
            .reduce(0, +)
    }

    static func expectations(lines: [CaseLine], today: CivilDate, _ tx: StoreTransaction) throws -> [CoreExpectation] {
        let limit = try limit(tx)
        var out: [CoreExpectation] = []
        for l in lines where l.kind == .part && (l.quantity ?? 0) > 0 {
            guard let sku = l.sku, let item = try tx.item(sku), item.coreCharge > .zero else { continue }
            let used = try tx.movements(lineID: l.id).first { $0.kind == .issue }?.at.date ?? today
            let days = used.days(until: today)
            out.append(
                CoreExpectation(
                    lineID: l.id, sku: sku, expected: l.quantity ?? 0, returned: try tx.coresReturned(lineID: l.id),
                    usedOn: used, days: days, billable: days > limit, coreCharge: item.coreCharge))
        }
        return out
    }
}
