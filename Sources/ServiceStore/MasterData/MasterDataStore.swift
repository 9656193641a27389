internal import GRDB
import ServiceCore

// Master data: the facts the rules read. Imported from the ERP, edited by admins.
extension StoreTransaction {
    // MARK: Users

    public func user(_ account: String) throws -> User? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM app_user WHERE account = ?"), arguments: [account]).map(
            User.init(row:))
    }

    public func users() throws -> [User] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM app_user ORDER BY account")).map(User.init(row:))
    }

    public func insertUser(_ u: User) throws {
        try db.execute(
            sql: "INSERT INTO app_user (account, name, role, labour_rate, disabled) VALUES (?, ?, ?, ?, ?)",
            arguments: [u.account, u.name, u.role, u.labourRate, u.disabled])
    }

    public func updateUser(_ u: User) throws {
        try db.execute(
            sql: "UPDATE app_user SET name = ?, role = ?, labour_rate = ?, disabled = ? WHERE account = ?",
            arguments: [u.name, u.role, u.labourRate, u.disabled, u.account])
    }

    // MARK: Customers

    public func customer(_ id: String) throws -> Customer? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM customer WHERE id = ?"), arguments: [id]).map(
            Customer.init(row:))
    }

    public func saveCustomer(_ c: Customer) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO customer (id, name, region, contact, needs_review) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, region = excluded.region,
                  contact = excluded.contact, needs_review = excluded.needs_review
                """
        ).execute(arguments: [c.id, c.name, c.region, c.contact, c.needsReview])
    }

    /// Customers whose id or name starts with `prefix`, for completion.
    public func customers(matching prefix: String, limit: Int = 20) throws -> [Customer] {
        let like = likePrefix(prefix)
        return try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT * FROM customer WHERE id LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' ORDER BY id LIMIT ?2"
            ),
            arguments: [like, limit]
        ).map(Customer.init(row:))
    }

    // MARK: Items and warranty templates

    public func item(_ sku: String) throws -> Item? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM item WHERE sku = ?"), arguments: [sku]).map(
            Item.init(row:))
    }

    public func saveItem(_ i: Item) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO item (sku, description, category, serialized, costing, standard_cost, list_price, core_charge, generic_warranty)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sku) DO UPDATE SET description = excluded.description, category = excluded.category,
                  serialized = excluded.serialized, costing = excluded.costing, standard_cost = excluded.standard_cost,
                  list_price = excluded.list_price, core_charge = excluded.core_charge, generic_warranty = excluded.generic_warranty
                """
        ).execute(arguments: [
            i.sku, i.description, i.category, i.serialized, i.costing, i.standardCost, i.listPrice,
            i.coreCharge, i.genericWarranty,
        ])
    }

    /// Items whose sku starts with `typed`, or whose description holds it (`likeWithin`:
    /// "motor" finds P-FAN's "Fan motor"), for completion: on site a technician knows the part by
    /// what it is, seldom by its number. Those found by their sku come first.
    public func items(matching typed: String, limit: Int = 20) throws -> [Item] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM item WHERE sku LIKE ?1 ESCAPE '\\' OR description LIKE ?2 ESCAPE '\\'
                    ORDER BY sku NOT LIKE ?1 ESCAPE '\\', sku LIMIT ?3
                    """
            ),
            arguments: [likePrefix(typed), likeWithin(typed), limit]
        ).map(Item.init(row:))
    }

    public func template(_ id: String) throws -> WarrantyTemplate? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM warranty_template WHERE id = ?"), arguments: [id]).map(
            WarrantyTemplate.init(row:))
    }

    public func saveTemplate(_ t: WarrantyTemplate) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO warranty_template (id, name, parts_pct, labour_pct, travel_pct, expenses_pct, per_incident_cap,
                  lifetime_cap, months, effective, expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, parts_pct = excluded.parts_pct,
                  labour_pct = excluded.labour_pct, travel_pct = excluded.travel_pct, expenses_pct = excluded.expenses_pct,
                  per_incident_cap = excluded.per_incident_cap, lifetime_cap = excluded.lifetime_cap,
                  months = excluded.months, effective = excluded.effective, expiry = excluded.expiry
                """
        ).execute(arguments: [
            t.id, t.name, t.coverage.parts, t.coverage.labour, t.coverage.travel, t.coverage.expenses,
            t.perIncidentCap, t.lifetimeCap, t.months, t.effective, t.expiry,
        ])
    }

    // MARK: Assets

    public func asset(_ serial: String) throws -> Asset? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM asset WHERE serial = ?"), arguments: [serial]).map(
            Asset.init(row:))
    }

    public func saveAsset(_ a: Asset) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO asset (serial, sku, customer_id, installed_on, region, force_generic, warranty_template,
                  warranty_start, warranty_end, needs_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (serial) DO UPDATE SET sku = excluded.sku, customer_id = excluded.customer_id,
                  installed_on = excluded.installed_on, region = excluded.region, force_generic = excluded.force_generic,
                  warranty_template = excluded.warranty_template, warranty_start = excluded.warranty_start,
                  warranty_end = excluded.warranty_end, needs_review = excluded.needs_review
                """
        ).execute(arguments: [
            a.serial, a.sku, a.customerID, a.installedOn, a.region, a.forceGenericWarranty,
            a.warranty?.template, a.warranty?.start, a.warranty?.end, a.needsReview,
        ])
    }

    /// Serials that start with `prefix`, optionally of one customer, for completion.
    /// Assets whose serial starts with `text`; of one customer, whose few assets their index
    /// finds, those that hold it anywhere, the ones starting with it first — an agent reads a
    /// serial off a label as often by its end ("W7" of "SN-4471-W7") as by its start.
    public func assets(matching text: String, customerID: String? = nil, limit: Int = 20) throws -> [Asset] {
        let prefix = likePrefix(text)
        guard let customerID else {
            return try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM asset WHERE serial LIKE ? ESCAPE '\\' ORDER BY serial LIMIT ?"),
                arguments: [prefix, limit]
            ).map(Asset.init(row:))
        }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM asset WHERE customer_id = ?1 AND serial LIKE '%' || ?2 ESCAPE '\\'
                    ORDER BY serial NOT LIKE ?2 ESCAPE '\\', serial LIMIT ?3
                    """),
            arguments: [customerID, prefix, limit]
        ).map(Asset.init(row:))
    }

    /// Spent amounts against lifetime caps, per warranty, of one asset.
    public func spent(serial: String) throws -> [WarrantyKey: Money] {
        var result: [WarrantyKey: Money] = [:]
        try db.readAll([RowRead(Self.spentSQL, [serial]) { Self.addSpent($0, to: &result) }])
        return result
    }

    static let spentSQL = "SELECT * FROM warranty_spend WHERE serial = ?"

    /// Adds a row of `warranty_spend` to `spent`.
    static func addSpent(_ row: Row, to spent: inout [WarrantyKey: Money]) {
        guard let kind = WarrantyKey.Kind(rawValue: row["kind"]) else { return }
        spent[WarrantyKey(serial: row["serial"], kind: kind, template: row["template"])] = row["spent"]
    }

    public func addSpent(_ key: WarrantyKey, _ amount: Money) throws {
        try db.executeLater(
            sql: """
                INSERT INTO warranty_spend (serial, kind, template, spent) VALUES (?, ?, ?, ?)
                ON CONFLICT (serial, kind, template) DO UPDATE SET spent = warranty_spend.spent + excluded.spent
                """,
            arguments: [key.serial, key.kind.rawValue, key.template, amount])
    }

    /// Sets a spent amount outright, as a dataset states it. (Adding the difference would
    /// propose a negative row to the upsert, which `CHECK (spent >= 0)` refuses even when
    /// the row exists.)
    func setSpent(_ key: WarrantyKey, _ amount: Money) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO warranty_spend (serial, kind, template, spent) VALUES (?, ?, ?, ?)
                ON CONFLICT (serial, kind, template) DO UPDATE SET spent = excluded.spent
                """
        ).execute(arguments: [key.serial, key.kind.rawValue, key.template, amount])
    }

    // MARK: Contracts

    public func contract(_ number: String) throws -> ServiceContract? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM contract WHERE number = ?"), arguments: [number])
        else { return nil }
        return try contract(from: row)
    }

    /// Contract numbers that start with `prefix`, for completion.
    public func contracts(matching prefix: String, limit: Int = 20) throws -> [ServiceContract] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM contract WHERE number LIKE ? ESCAPE '\\' ORDER BY number LIMIT ?"),
            arguments: [likePrefix(prefix), limit]
        ).map { try contract(from: $0) }
    }

    public func contracts(customerID: String) throws -> [ServiceContract] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM contract WHERE customer_id = ? ORDER BY number"),
            arguments: [customerID]
        )
        .map { try contract(from: $0) }
    }

    func contract(from row: Row) throws -> ServiceContract {
        let list = { (table: String, column: String) in
            try String.fetchAll(
                self.db, sql: "SELECT \(column) FROM \(table) WHERE contract = ? ORDER BY \(column)",
                arguments: [row["number"] as String])
        }
        return Self.contract(
            from: row, regions: try list("contract_region", "region"), serials: try list("contract_serial", "serial"),
            exclusions: try list("contract_exclusion", "category"))
    }

    /// Every contract, by number, in four statements however many there are: a report or an
    /// export reads them all, and three lookups more for each made 25,000 statements at a million cases.
    public func allContracts() throws -> [ServiceContract] {
        func lists(_ table: String, _ column: String) throws -> [String: [String]] {
            var out: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT contract, \(column) FROM \(table) ORDER BY contract, \(column)")
            {
                out[row["contract"], default: []].append(row[column])
            }
            return out
        }
        let regions = try lists("contract_region", "region")
        let serials = try lists("contract_serial", "serial")
        let exclusions = try lists("contract_exclusion", "category")
        return try Row.fetchAll(db, sql: "SELECT * FROM contract ORDER BY number").map { row in
            let number: String = row["number"]
            return Self.contract(
                from: row, regions: regions[number] ?? [], serials: serials[number] ?? [],
                exclusions: exclusions[number] ?? [])
        }
    }

    static func contract(from row: Row, regions: [String], serials: [String], exclusions: [String])
        -> ServiceContract
    {
        var balance: PrepaidBalance?
        switch row["balance_kind"] as String? {
        case "minutes": balance = .minutes(row["balance"])
        case "money": balance = .money(row["balance"])
        default: balance = nil
        }
        return ServiceContract(
            number: row["number"], customerID: row["customer_id"], tier: row["tier"],
            regions: regions, status: row["status"],
            start: row["start_on"], end: row["end_on"], fee: row["fee"],
            coveredSerials: Set(serials), excludedCategories: Set(exclusions),
            coverage: CoveragePercents(row: row), deductible: row["deductible"], balance: balance)
    }

    /// Writes a contract and replaces its regions, serials and exclusions.
    public func saveContract(_ c: ServiceContract) throws {
        var kind: String?
        var amount: Int64?
        switch c.balance {
        case .minutes(let m)?:
            kind = "minutes"
            amount = Int64(m)
        case .money(let m)?:
            kind = "money"
            amount = m.minorUnits
        case nil: break
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO contract (number, customer_id, tier, status, start_on, end_on, fee, parts_pct, labour_pct,
                  travel_pct, expenses_pct, deductible, balance_kind, balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (number) DO UPDATE SET customer_id = excluded.customer_id, tier = excluded.tier,
                  status = excluded.status, start_on = excluded.start_on, end_on = excluded.end_on, fee = excluded.fee,
                  parts_pct = excluded.parts_pct, labour_pct = excluded.labour_pct, travel_pct = excluded.travel_pct,
                  expenses_pct = excluded.expenses_pct, deductible = excluded.deductible,
                  balance_kind = excluded.balance_kind, balance = excluded.balance
                """
        ).execute(arguments: [
            c.number, c.customerID, c.tier, c.status, c.start, c.end, c.fee, c.coverage.parts,
            c.coverage.labour, c.coverage.travel, c.coverage.expenses, c.deductible, kind, amount,
        ])
        try replaceList("contract_region", "region", of: c.number, with: Set(c.regions))
        try replaceList("contract_serial", "serial", of: c.number, with: c.coveredSerials)
        try replaceList("contract_exclusion", "category", of: c.number, with: c.excludedCategories)
    }

    /// Changes only the rows that differ, so the audit trail shows exactly what changed.
    private func replaceList(_ table: String, _ column: String, of contract: String, with values: Set<String>) throws {
        let current = Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT \(column) FROM \(table) WHERE contract = ?"), arguments: [contract]))
        for gone in current.subtracting(values) {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE contract = ? AND \(column) = ?").execute(
                arguments: [contract, gone])
        }
        for new in values.subtracting(current).sorted() {
            try db.cachedStatement(sql: "INSERT INTO \(table) (contract, \(column)) VALUES (?, ?)").execute(arguments: [
                contract, new,
            ])
        }
    }

    // MARK: Rules and bins

    public func rules(region: String) throws -> [EntitlementRule] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM entitlement_rule WHERE region = ? ORDER BY tier"),
            arguments: [region]
        ).map(EntitlementRule.init(row:))
    }

    public func saveRule(_ r: EntitlementRule) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO entitlement_rule (region, tier, response_hours, travel_covered, extension_months) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (region, tier) DO UPDATE SET response_hours = excluded.response_hours,
                  travel_covered = excluded.travel_covered, extension_months = excluded.extension_months
                """
        ).execute(arguments: [r.region, r.tier ?? "", r.responseHours, r.travelCovered, r.extensionMonths])
    }

    public func bin(_ id: String) throws -> Bin? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM bin WHERE id = ?"), arguments: [id]).map(Bin.init(row:))
    }

    /// Bins whose id starts with `prefix`, for completion.
    public func bins(matching prefix: String, limit: Int = 20) throws -> [Bin] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM bin WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?"),
            arguments: [likePrefix(prefix), limit]
        ).map(Bin.init(row:))
    }

    public func saveBin(_ b: Bin) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO bin (id, warehouse, region, kind, technician) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET warehouse = excluded.warehouse, region = excluded.region,
                  kind = excluded.kind, technician = excluded.technician
                """
        ).execute(arguments: [b.id, b.warehouse, b.region, b.kind, b.technician])
    }
}

/// A LIKE pattern matching text that starts with `prefix` taken literally.
func likePrefix(_ prefix: String) -> String {
    var out = ""
    for c in prefix {
        if c == "\\" || c == "%" || c == "_" { out.append("\\") }
        out.append(c)
    }
    return out + "%"
}

/// A LIKE pattern matching text that holds `part` anywhere, taken literally — from three
/// characters on; one or two are in nearly every description, so they match its start only.
func likeWithin(_ part: String) -> String { part.count < 3 ? likePrefix(part) : "%" + likePrefix(part) }

// MARK: - Row mapping

extension User {
    init(row: Row) {
        self.init(
            account: row["account"], name: row["name"], role: row["role"], labourRate: row["labour_rate"],
            disabled: row["disabled"])
    }
}

extension Customer {
    init(row: Row) {
        self.init(
            id: row["id"], name: row["name"], region: row["region"], contact: row["contact"],
            needsReview: row["needs_review"])
    }
}

extension CoveragePercents {
    init(row: Row) {
        self.init(
            parts: row["parts_pct"], labour: row["labour_pct"], travel: row["travel_pct"], expenses: row["expenses_pct"]
        )
    }
}

extension WarrantyTemplate {
    init(row: Row) {
        self.init(
            id: row["id"], name: row["name"], coverage: CoveragePercents(row: row),
            perIncidentCap: row["per_incident_cap"],
            lifetimeCap: row["lifetime_cap"], months: row["months"], effective: row["effective"], expiry: row["expiry"])
    }
}

extension Item {
    init(row: Row) {
        self.init(
            sku: row["sku"], description: row["description"], category: row["category"], serialized: row["serialized"],
            costing: row["costing"], standardCost: row["standard_cost"], listPrice: row["list_price"],
            coreCharge: row["core_charge"], genericWarranty: row["generic_warranty"])
    }
}

extension Asset {
    init(row: Row) {
        var warranty: AssetWarranty?
        if let t: String = row["warranty_template"], let s: CivilDate = row["warranty_start"],
            let e: CivilDate = row["warranty_end"]
        {
            warranty = AssetWarranty(template: t, start: s, end: e)
        }
        self.init(
            serial: row["serial"], sku: row["sku"], customerID: row["customer_id"], installedOn: row["installed_on"],
            region: row["region"], forceGenericWarranty: row["force_generic"], warranty: warranty,
            needsReview: row["needs_review"])
    }
}

extension EntitlementRule {
    init(row: Row) {
        let tier: String = row["tier"]
        self.init(
            region: row["region"], tier: tier.isEmpty ? nil : tier, responseHours: row["response_hours"],
            travelCovered: row["travel_covered"], extensionMonths: row["extension_months"])
    }
}

extension Bin {
    init(row: Row) {
        self.init(
            id: row["id"], warehouse: row["warehouse"], region: row["region"], kind: row["kind"],
            technician: row["technician"])
    }
}
