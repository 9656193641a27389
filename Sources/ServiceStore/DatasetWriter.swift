import ServiceCore

extension Dataset {
    /// Checks every reference against this dataset and the database, then writes all records
    /// (re-loading a record updates it by its key). Call inside one command: a fault throws
    /// before anything is written, and the transaction leaves the database as it was.
    ///
    /// Stock counts are movements: the first count of an item in a bin is a receipt at its
    /// unit cost; a later, different count is an adjustment by the difference.
    public func write(into tx: StoreTransaction, by account: String = "dataset", at: Timestamp = Timestamp(seconds: 0)) throws {
        try checkReferences(tx)
        for u in users {
            if try tx.user(u.account) != nil { try tx.updateUser(u) } else { try tx.insertUser(u) }
        }
        for c in customers { try tx.saveCustomer(c) }
        for t in templates { try tx.saveTemplate(t) }
        for i in items { try tx.saveItem(i) }
        for a in assets { try tx.saveAsset(a) }
        for (key, spent) in spend { try tx.setSpent(key, spent) }
        for c in contracts { try tx.saveContract(c) }
        for r in rules { try tx.saveRule(r) }
        for b in bins { try tx.saveBin(b) }
        for s in stock {
            let current = try tx.stockLevel(sku: s.sku, bin: s.bin)?.onHand
            if current == nil {
                if s.onHand > 0 { try tx.receive(s.sku, s.onHand, into: s.bin, unitCost: s.unitCost, reason: "OPENING-STOCK", by: account, at: at) }
            } else if let current, current != s.onHand {
                try tx.adjust(s.sku, in: s.bin, by: s.onHand - current, reason: "IMPORTED-COUNT", by: account, at: at)
            }
        }
    }

    private func checkReferences(_ tx: StoreTransaction) throws {
        let userSet = Set(users.map(\.account)), customerSet = Set(customers.map(\.id))
        let templateSet = Set(templates.map(\.id)), itemSet = Set(items.map(\.sku)), assetSet = Set(assets.map(\.serial))

        func check(_ ok: Bool, _ kind: Kind, _ key: String, field: String, _ message: String) throws {
            guard !ok else { return }
            let origin = origins[kind.rawValue + ":" + key]
            throw LoadError(file: origin?.file ?? kind.fileName, line: origin?.line, field: field, message: message)
        }
        for i in items {
            if let g = i.genericWarranty {
                try check(try templateSet.contains(g) || tx.template(g) != nil, .items, i.sku, field: "genericWarranty", "unknown warranty template \(g)")
            }
        }
        for a in assets {
            try check(try itemSet.contains(a.sku) || tx.item(a.sku) != nil, .assets, a.serial, field: "sku", "unknown item \(a.sku)")
            try check(try customerSet.contains(a.customerID) || tx.customer(a.customerID) != nil, .assets, a.serial,
                      field: "customer", "unknown customer \(a.customerID)")
            if let w = a.warranty {
                try check(try templateSet.contains(w.template) || tx.template(w.template) != nil, .assets, a.serial,
                          field: "warranty.template", "unknown warranty template \(w.template)")
            }
        }
        for (key, _) in spend {
            let id = "\(key.serial)/\(key.kind.rawValue)/\(key.template)"
            try check(try assetSet.contains(key.serial) || tx.asset(key.serial) != nil, .warrantySpend, id, field: "serial", "unknown asset \(key.serial)")
            try check(try templateSet.contains(key.template) || tx.template(key.template) != nil, .warrantySpend, id,
                      field: "template", "unknown warranty template \(key.template)")
        }
        for c in contracts {
            try check(try customerSet.contains(c.customerID) || tx.customer(c.customerID) != nil, .contracts, c.number,
                      field: "customer", "unknown customer \(c.customerID)")
        }
        let binSet = Set(bins.map(\.id))
        for s in stock {
            let id = "\(s.sku)/\(s.bin)"
            try check(try itemSet.contains(s.sku) || tx.item(s.sku) != nil, .stock, id, field: "sku", "unknown item \(s.sku)")
            try check(try binSet.contains(s.bin) || tx.bin(s.bin) != nil, .stock, id, field: "bin", "unknown bin \(s.bin)")
        }
        for b in bins {
            if let t = b.technician {
                try check(try userSet.contains(t) || tx.user(t) != nil, .bins, b.id, field: "technician", "unknown user \(t)")
            }
        }
    }
}
