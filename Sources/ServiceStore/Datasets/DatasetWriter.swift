import ServiceCore

/// What an import did to one kind of record.
public struct ImportTally: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
    }
}

extension Dataset {
    /// Checks every reference against this dataset and the database, then writes all records:
    /// a record whose key is already there is updated (the ERP's keys, never a duplicate). Call
    /// inside one command: a fault throws before anything is written, and the transaction
    /// leaves the database as it was. Returns what each kind added, updated and left as it was.
    ///
    /// Stock counts are movements: the first count of an item in a bin is a receipt at its
    /// unit cost; a later, different count is an adjustment by the difference.
    @discardableResult
    public func write(
        into tx: StoreTransaction, by account: String = "dataset", at: Timestamp = Timestamp(seconds: 0),
        progress: ProgressSink? = nil
    ) throws -> [(Kind, ImportTally)] {
        try checkReferences(tx, importer: account)
        var tallies: [Kind: ImportTally] = [:]
        var done = 0
        progress?.begin("writing", total: recordCount)
        func upsert<T: Equatable>(_ kind: Kind, _ new: T, _ old: T?, _ save: () throws -> Void) throws {
            done += 1
            if done % 256 == 0 { progress?.advance(to: done) }
            switch old {
            case nil: tallies[kind, default: ImportTally()].added += 1
            case new?:
                tallies[kind, default: ImportTally()].unchanged += 1
                return
            default: tallies[kind, default: ImportTally()].updated += 1
            }
            try save()
        }
        for u in users {
            let old = try tx.user(u.account)
            try upsert(.users, u, old) { if old == nil { try tx.insertUser(u) } else { try tx.updateUser(u) } }
        }
        for c in customers { try upsert(.customers, c, try tx.customer(c.id)) { try tx.saveCustomer(c) } }
        for t in templates { try upsert(.warrantyTemplates, t, try tx.template(t.id)) { try tx.saveTemplate(t) } }
        for i in items { try upsert(.items, i, try tx.item(i.sku)) { try tx.saveItem(i) } }
        for a in assets { try upsert(.assets, a, try tx.asset(a.serial)) { try tx.saveAsset(a) } }
        for (key, spent) in spend {
            let old = try tx.spent(serial: key.serial)[key]
            try upsert(.warrantySpend, spent, old) { try tx.setSpent(key, spent) }
        }
        for c in contracts { try upsert(.contracts, c, try tx.contract(c.number)) { try tx.saveContract(c) } }
        for r in rules {
            try upsert(.rules, r, try tx.rules(region: r.region).first { $0.tier == r.tier }) { try tx.saveRule(r) }
        }
        for b in bins { try upsert(.bins, b, try tx.bin(b.id)) { try tx.saveBin(b) } }
        for s in stock {
            let current = try tx.stockLevel(sku: s.sku, bin: s.bin)?.onHand
            try upsert(.stock, s.onHand, current) {
                if let current {
                    try tx.adjust(
                        s.sku, in: s.bin, by: s.onHand - current, reason: "IMPORTED-COUNT", by: account, at: at)
                } else if s.onHand > 0 {
                    try tx.receive(
                        s.sku, s.onHand, into: s.bin, unitCost: s.unitCost, reason: "OPENING-STOCK", by: account, at: at
                    )
                }
            }
        }
        for r in resolutionCodes {
            try upsert(.resolutionCodes, r, try tx.resolutionCode(r.code)) { try tx.saveResolutionCode(r) }
        }
        // History: a case by its ERP key, a line by its case's key and its number.
        var caseIDs: [String: CaseID] = [:]
        for h in cases {
            let old = try tx.historicalCase(key: h.key)
            caseIDs[h.key] = old?.id
            try upsert(.cases, h, old?.history) {
                caseIDs[h.key] = try tx.saveHistoricalCase(h, replacing: old?.id, by: account)
            }
        }
        for l in caseLines {
            guard let id = try caseIDs[l.caseKey] ?? tx.historicalCase(key: l.caseKey)?.id else { continue }
            try upsert(.caseLines, l, try tx.historicalLine(caseID: id, key: l.caseKey, number: l.number)) {
                do { try tx.saveHistoricalLine(l, caseID: id, at: at) } catch StoreError.invalid(let message) {
                    // A case's lines past its bound: the line that took it there, where the file has it.
                    let origin = origins[Kind.caseLines.rawValue + ":\(l.caseKey)/\(l.number)"]
                    throw LoadErrors(all: [
                        LoadError(
                            file: origin?.file ?? Kind.caseLines.fileName, line: origin?.line, field: "amount",
                            message: message)
                    ])
                }
            }
        }
        progress?.end()
        return Kind.allCases.compactMap { k in tallies[k].map { (k, $0) } }
    }

    /// Every reference that names neither a record of this dataset nor one in the database;
    /// and a users file that would change the importer's own role or lock them out.
    public func checkReferences(_ tx: StoreTransaction, importer: String? = nil) throws {
        var problems: [LoadError] = []
        let userSet = Set(users.map(\.account))
        let customerSet = Set(customers.map(\.id))
        let templateSet = Set(templates.map(\.id))
        let itemSet = Set(items.map(\.sku))
        let assetSet = Set(assets.map(\.serial))

        func check(_ ok: Bool, _ kind: Kind, _ key: String, field: String, _ message: String) throws {
            guard !ok else { return }
            let origin = origins[kind.rawValue + ":" + key]
            problems.append(
                LoadError(file: origin?.file ?? kind.fileName, line: origin?.line, field: field, message: message))
        }
        if let importer, let me = try tx.user(importer), let u = users.first(where: { $0.account == importer }) {
            try check(
                u.role == me.role, .users, importer, field: "role",
                "would change your own role from \(me.role.rawValue) to \(u.role.rawValue); another admin does that with `casebench users set-role`"
            )
            try check(!u.disabled, .users, importer, field: "disabled", "would disable your own account")
        }
        for i in items {
            if let g = i.genericWarranty {
                try check(
                    try templateSet.contains(g) || tx.template(g) != nil, .items, i.sku, field: "genericWarranty",
                    "unknown warranty template \(g)")
            }
        }
        for a in assets {
            try check(
                try itemSet.contains(a.sku) || tx.item(a.sku) != nil, .assets, a.serial, field: "sku",
                "unknown item \(a.sku)")
            try check(
                try customerSet.contains(a.customerID) || tx.customer(a.customerID) != nil, .assets, a.serial,
                field: "customer", "unknown customer \(a.customerID)")
            if let w = a.warranty {
                try check(
                    try templateSet.contains(w.template) || tx.template(w.template) != nil, .assets, a.serial,
                    field: "warranty.template", "unknown warranty template \(w.template)")
            }
        }
        for (key, _) in spend {
            let id = "\(key.serial)/\(key.kind.rawValue)/\(key.template)"
            try check(
                try assetSet.contains(key.serial) || tx.asset(key.serial) != nil, .warrantySpend, id, field: "serial",
                "unknown asset \(key.serial)")
            try check(
                try templateSet.contains(key.template) || tx.template(key.template) != nil, .warrantySpend, id,
                field: "template", "unknown warranty template \(key.template)")
        }
        for c in contracts {
            try check(
                try customerSet.contains(c.customerID) || tx.customer(c.customerID) != nil, .contracts, c.number,
                field: "customer", "unknown customer \(c.customerID)")
        }
        let binSet = Set(bins.map(\.id))
        for s in stock {
            let id = "\(s.sku)/\(s.bin)"
            try check(
                try itemSet.contains(s.sku) || tx.item(s.sku) != nil, .stock, id, field: "sku", "unknown item \(s.sku)")
            try check(
                try binSet.contains(s.bin) || tx.bin(s.bin) != nil, .stock, id, field: "bin", "unknown bin \(s.bin)")
        }
        for b in bins {
            if let t = b.technician {
                try check(
                    try userSet.contains(t) || tx.user(t) != nil, .bins, b.id, field: "technician", "unknown user \(t)")
            }
        }
        let caseKeys = Set(cases.map(\.key))
        for h in cases {
            try check(
                try customerSet.contains(h.customerID) || tx.customer(h.customerID) != nil, .cases, h.key,
                field: "customer", "unknown customer \(h.customerID)")
            try check(
                try assetSet.contains(h.serial) || tx.asset(h.serial) != nil, .cases, h.key, field: "serial",
                "unknown asset \(h.serial)")
            try check(
                try userSet.contains(h.assignee) || tx.user(h.assignee) != nil, .cases, h.key, field: "assignee",
                "unknown user \(h.assignee)")
            // A case worked here is exported as CB-<database>-<id>; importing it back changes nothing.
            if let existing = try tx.historicalCase(key: h.key), !existing.imported {
                try check(
                    existing.history == h, .cases, h.key, field: "key",
                    "\(h.key) is a case worked here; an import cannot change it")
            }
        }
        for l in caseLines {
            let id = "\(l.caseKey)/\(l.number)"
            let owner = try tx.historicalCase(key: l.caseKey)
            try check(
                caseKeys.contains(l.caseKey) || owner != nil, .caseLines, id, field: "case", "unknown case \(l.caseKey)"
            )
            if let owner, !owner.imported {
                try check(
                    try tx.historicalLine(caseID: owner.id, key: l.caseKey, number: l.number) == l, .caseLines, id,
                    field: "case",
                    "\(l.caseKey) is a case worked here; an import cannot change its lines")
            }
            if let sku = l.sku {
                try check(
                    try itemSet.contains(sku) || tx.item(sku) != nil, .caseLines, id, field: "sku",
                    "unknown item \(sku)")
            }
            if let t = l.technician {
                try check(
                    try userSet.contains(t) || tx.user(t) != nil, .caseLines, id, field: "technician",
                    "unknown user \(t)")
            }
        }
        if !problems.isEmpty {
            throw LoadErrors(inOrder: problems)
        }
    }
}
