import ServiceCore
import ServiceStore

/// Parts for cases: reserving from bins without double allocation, using (which issues the
/// stock at once), returning, and what the stock is.
enum PartsCommands {
    static let all: [CommandSpec] = [reserve, release, use, returnPart, stock, coreReceive]

    static let part = Argument("item", .sku, "the part"), quantity = Argument("quantity", .quantity, "how many")
    static let partLine = Argument("line", .lineID, "the part line")

    enum Reserve {
        static let bin = Argument.optional("bin", .bin, "the bin; the best one with enough when left out")
    }

    static let reserve = CommandSpec(
        "reserve",
        "Reserve parts for a case's visit, from a bin, or from the best one (the technician's van, then the region)",
        arguments: [Common.caseID, part, quantity, Reserve.bin],
        permission: .reserveParts, effect: .write
    ) { inv, s in
        let sku = inv[part]
        let qty = inv[quantity]
        return try s.write(inv, label: "reserve", scope: .ofCase(inv[Common.caseID])) { tx, _ in
            let c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.reserveParts, case: c)
            guard try tx.item(sku) != nil else { throw InputError("reserve: no item \(sku)") }
            let visit = try tx.visits(caseID: c.id).first { $0.status == .planned }
            let bin: String
            if let chosen = inv[Reserve.bin] {
                guard try tx.bin(chosen) != nil else { throw InputError("reserve: no bin \(chosen)") }
                try tx.refuseUnavailable(sku, chosen, qty, asking: "reserve")
                bin = chosen
            } else {
                let ranked = try Session.rankedLevels(of: sku, for: c.id, quantity: qty, tx)
                guard let best = ranked.first, best.available >= qty else {
                    let most = ranked.first.map { "; most in one bin: \($0.available) in \($0.bin.id)" } ?? ""
                    throw InputError("reserve: no bin has \(qty) × \(sku) available\(most)")
                }
                bin = best.bin.id
            }
            let id = try tx.nextReservationID()
            try tx.apply(
                .reserve(ReservationDraft(id: id, caseID: c.id, visitID: visit?.id, sku: sku, bin: bin, quantity: qty)),
                by: s.user.account, at: s.now)
            tx.commandCase = c.id
            tx.commandLabel = "reserve \(qty) × \(sku) for case \(c.id)"
            let left = try tx.stockLevel(sku: sku, bin: bin)?.available ?? 0
            return CommandResult(
                command: "reserve",
                message:
                    "case \(c.id): reserved \(qty) × \(sku) in \(bin) (reservation \(id)); \(left) left available there",
                ids: ["reservation": id.rawValue])
        }
    }

    enum Release {
        static let reservation = Argument("reservation", .reservationID, "the reservation")
        static let quantity = Argument.optional("quantity", .quantity, "how many; all it holds when left out")
    }

    static let release = CommandSpec(
        "release", "Give back what a reservation still holds (all of it, or a quantity)",
        arguments: [Release.reservation, Release.quantity],
        permission: .releaseParts, effect: .write
    ) { inv, s in
        let id = inv[Release.reservation]
        return try s.write(inv, label: "release", scope: .ofReservation(id)) { tx, _ in
            guard let r = try tx.reservation(id) else { throw InputError("no reservation \(id)") }
            let c = try tx.workableCase(r.caseID, of: "reservation \(id)")
            do { try s.authorize(.releaseParts, case: c, tx) } catch var refused as PermissionError
                where s.user.role.may(.requestOverride)
            {
                refused.message += "; ask a supervisor: request release \(id) REASON for=YOUR-CASE"
                throw refused
            }
            let qty = inv[Release.quantity] ?? r.remaining
            guard r.remaining > 0 else {
                throw InputError("release: reservation \(id) holds nothing (\(r.status.rawValue))")
            }
            guard (1...r.remaining).contains(qty) else {
                throw InputError("release: reservation \(id) holds \(r.remaining) × \(r.sku), not \(qty)")
            }
            try tx.apply(.release(id, quantity: qty), by: s.user.account, at: s.now)
            tx.commandCase = c.id
            tx.commandLabel = "release \(qty) × \(r.sku) of reservation \(id)"
            return CommandResult(
                command: "release", message: "case \(c.id): released \(qty) × \(r.sku) back to \(r.bin)")
        }
    }

    enum Use {
        static let bin = Argument("bin", .bin, "the bin they came from")
    }

    static let use = CommandSpec(
        "use", "Record parts used on a case: issues them from the bin at once, the case's reservations there first",
        arguments: [Common.caseID, part, quantity, Use.bin],
        permission: .recordUsage, effect: .write
    ) { inv, s in
        let sku = inv[part]
        let qty = inv[quantity]
        let binID = inv[Use.bin]
        return try WorkCommands.addLine(
            inv, s, scope: .ofCase(inv[Common.caseID]), label: { "use \(qty) × \(sku) on case \($0.caseID)" },
            make: { c, tx in
                guard let item = try tx.item(sku) else { throw InputError("use: no item \(sku)") }
                guard try tx.bin(binID) != nil else { throw InputError("use: no bin \(binID)") }
                return CaseWork.partLine(c, item: item, quantity: qty, bin: binID)
            },
            then: { line, tx in
                // Take from the case's own reservations in that bin, oldest first.
                var portions: [ReservationID: Int] = [:]
                var left = qty
                for r in try tx.openReservations(caseID: line.caseID)
                where r.sku == sku && r.bin == binID && left > 0 {
                    let q = min(r.remaining, left)
                    portions[r.id] = q
                    left -= q
                }
                try tx.apply(
                    .issue(
                        IssueDraft(
                            caseID: line.caseID, lineID: line.id, sku: sku, bin: binID, quantity: qty,
                            fromReservations: portions)), by: s.user.account, at: s.now)
                let from = portions.keys.sorted().map { "reservation \($0)" }.joined(separator: ", ")
                return from.isEmpty ? " (issued from \(binID))" : " (issued from \(binID), \(from))"
            })
    }

    enum Return {
        static let quantity = Argument.optional("quantity", .quantity, "how many; all when left out")
    }

    static let returnPart = CommandSpec(
        "return", "Correct usage before closing: return units of a part line to its bin",
        arguments: [partLine, Return.quantity],
        permission: .recordUsage, effect: .write
    ) { inv, s in
        let id = inv[partLine]
        return try s.write(inv, label: "return") { tx, _ in
            let line = try tx.existingLine(id)
            let c = try tx.workableCase(line.caseID, of: "line \(id)")
            try s.authorize(.recordUsage, case: c)
            guard line.kind == .part, let sku = line.sku, let bin = line.bin, let have = line.quantity, have > 0,
                let item = try tx.item(sku)
            else {
                throw InputError("return: line \(line.id) of case \(c.id) is no part in use")
            }
            let qty = inv[Return.quantity] ?? have
            guard (1...have).contains(qty) else {
                throw InputError("return: line \(line.id) has \(have) × \(sku), not \(qty)")
            }
            // Back at the cost it left at.
            let cost = try tx.movements(lineID: id).last { $0.kind == .issue }?.unitCost ?? .zero
            try tx.apply(
                .unissue(
                    IssueDraft(caseID: c.id, lineID: id, sku: sku, bin: bin, quantity: qty, fromReservations: [:]),
                    unitCost: cost), by: s.user.account, at: s.now)
            let left = have - qty
            try tx.setLineQuantity(
                id, left, amount: item.listPrice * left, description: "\(left) × \(sku) \(item.description)")
            tx.commandCase = c.id
            tx.commandLabel = "return \(qty) × \(sku) of line \(line.id) on case \(c.id)"
            return CommandResult(
                command: "return", message: "case \(c.id) line \(line.id): \(qty) × \(sku) back to \(bin); \(left) used"
            )
        }
    }

    enum Stock {
        static let item = Argument("item", .sku, "the item")
        static let caseID = Option("case", .caseID, "rank the bins for this case")
        static let quantity = Option("quantity", .quantity, "how many are wanted")
    }

    static let stock = CommandSpec(
        "stock", "Where an item is, and how many are available in each bin (best first for a case)",
        arguments: [Stock.item], options: [Stock.caseID, Stock.quantity],
        permission: nil, effect: .read
    ) { inv, s in
        let sku = inv[Stock.item]
        return try s.read { tx in
            guard let item = try tx.item(sku) else { throw InputError("stock: no item \(sku)") }
            var levels = try tx.stockLevels(sku: sku)
            if let caseID = inv[Stock.caseID] {
                _ = try tx.existingCase(caseID)
                levels = try Session.rankedLevels(of: sku, for: caseID, quantity: inv[Stock.quantity] ?? 1, tx)
            }
            let v = try tx.valuation(sku)
            let lines = levels.map { l in
                "\(l.bin.id)  \(l.bin.kind.rawValue)  \(l.bin.region)  on hand \(l.onHand)  reserved \(l.reserved)  available \(l.available)"
            }
            return CommandResult(
                command: "stock",
                message:
                    "\(sku) \(item.description): \(v.quantity) on hand, unit cost \(v.unitCost(for: item)) (\(item.costing.rawValue))",
                details: lines.isEmpty ? ["in no bin"] : lines)
        }
    }

    enum CoreReceive {
        static let bin = Argument.optional("bin", .bin, "the cores bin; the case region's when left out")
        static let quantity = Option("quantity", .quantity, "how many cores; all expected when left out")
    }

    static let coreReceive = CommandSpec(
        "core receive", "Receive the defective core of an exchange part back, into a cores bin",
        arguments: [partLine, CoreReceive.bin], options: [CoreReceive.quantity],
        permission: .recordUsage, effect: .write
    ) { inv, s in
        let id = inv[partLine]
        return try s.write(inv, label: "core receive", undoable: false) { tx, _ in
            let line = try tx.existingLine(id)
            let c = try tx.existingCase(line.caseID)
            try s.authorize(.recordUsage, case: c)
            guard let sku = line.sku, let item = try tx.item(sku), item.coreCharge > .zero else {
                throw InputError("core receive: line \(line.id) of case \(c.id) is no exchange part")
            }
            let expected = (line.quantity ?? 0) - (try tx.coresReturned(lineID: id))
            let qty = inv[CoreReceive.quantity] ?? expected
            guard expected > 0 else {
                throw InputError("core receive: every core of \(sku) on line \(line.id) is already back")
            }
            guard qty > 0, qty <= expected else {
                throw InputError(
                    "core receive: \(expected) core\(expected == 1 ? "" : "s") of \(sku) expected on line \(line.id), not \(qty)"
                )
            }
            let region = try tx.asset(c.serial)?.region
            let binID: String
            if let b = inv[CoreReceive.bin] {
                binID = b
            } else {
                guard
                    let b = try tx.bins(matching: "", limit: 1000).first(where: {
                        $0.kind == .cores && $0.region == region
                    })
                        ?? tx.bins(matching: "", limit: 1000).first(where: { $0.kind == .cores })
                else {
                    throw InputError("core receive: there is no cores bin")
                }
                binID = b.id
            }
            try tx.receiveCore(line, quantity: qty, into: binID, by: s.user.account, at: s.now)
            // Its own posting: no reopen needed when the core comes back after closing.
            let back = try tx.coresReturned(lineID: id)
            try tx.insertPosting(
                PostingDraft(
                    kind: .coreCredit, amount: item.coreCharge * qty, lineID: id, sku: sku, quantity: qty,
                    idempotencyKey: "case-\(c.id)/line-\(id)/core-credit-\(back)"),
                caseID: c.id, closing: try tx.closings(caseID: c.id), by: s.user.account, at: s.now)
            tx.commandCase = c.id
            return CommandResult(
                command: "core receive",
                message:
                    "case \(c.id): \(qty) core\(qty == 1 ? "" : "s") of \(sku) received into \(binID); core credit \(item.coreCharge * qty)"
            )
        }
    }
}
