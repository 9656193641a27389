import ServiceCore

/// One record of a dataset file as written in JSON (a CSV row is made into the same object by
/// its kind's columns): texts for money and dates, which `model()` checks and converts, naming
/// the field at fault. `init(_:)` is the way back, for export: a field at its default is left out.
protocol DatasetRecord: Codable {
    associatedtype Model
    static var kind: Dataset.Kind { get }
    static var keyField: String { get }
    var key: String { get }
    func model() throws -> Model
    init(_ model: Model)
}

/// `value` unless it is the default, which a file leaves out.
private func unlessDefault<T: Equatable>(_ value: T, _ defaultValue: T) -> T? { value == defaultValue ? nil : value }
private func text(_ m: Money, unless defaultValue: Money? = nil) -> String? { m == defaultValue ? nil : m.description }

// MARK: - Field checks

func required(_ text: String, _ field: String) throws -> String {
    guard !text.allSatisfy(\.isWhitespace) else { throw FieldError(field: field, message: "must not be empty") }
    return text
}

func money(_ text: String?, _ field: String) throws -> Money? {
    guard let text else { return nil }
    guard let m = Money(parsing: text), m >= .zero else {
        throw FieldError(field: field, message: "'\(text)' is not an amount like \"120.00\"")
    }
    guard m <= InputBounds.amount.upperBound else {
        throw FieldError(
            field: field, message: "\(text) is more than \(InputBounds.amount.upperBound.grouped)")
    }
    return m
}

/// Refuses a count past its bound (`InputBounds`).
func within(_ most: Int, _ value: Int, _ field: String) throws {
    guard value <= most else {
        throw FieldError(field: field, message: "\(value) is more than \(most.grouped)")
    }
}

func date(_ text: String?, _ field: String) throws -> CivilDate? {
    guard let text else { return nil }
    guard let d = CivilDate(parsing: text) else {
        throw FieldError(field: field, message: "'\(text)' is not a date (YYYY-MM-DD)")
    }
    return d
}

func oneOf<E: RawRepresentable & CaseIterable>(_ text: String?, _ field: String, default value: E? = nil) throws -> E
where E.RawValue == String {
    guard let text else {
        if let value { return value }
        throw FieldError(field: field, message: "missing")
    }
    guard let e = E(rawValue: text) else {
        throw FieldError(
            field: field, message: "'\(text)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return e
}

struct CoverageRecord: Codable {
    var parts: Int
    var labour: Int
    var travel: Int
    var expenses: Int

    init(_ c: CoveragePercents) {
        parts = c.parts
        labour = c.labour
        travel = c.travel
        expenses = c.expenses
    }

    func model(_ field: String) throws -> CoveragePercents {
        let c = CoveragePercents(parts: parts, labour: labour, travel: travel, expenses: expenses)
        for t in CostType.allCases where !(0...100).contains(c[t]) {
            throw FieldError(field: "\(field).\(t.rawValue)", message: "\(c[t]) is not a percentage from 0 to 100")
        }
        return c
    }
}

// MARK: - Records

struct DescriptionRecord: Decodable {
    struct Generate: Decodable {
        var cases: Int
        var seed: UInt64
    }
    var name: String
    var description: String?
    var businessDate: String?
    var generate: Generate?

    func model() throws -> Dataset.Description {
        if let g = generate, g.cases <= 0 { throw FieldError(field: "generate.cases", message: "must be at least 1") }
        return Dataset.Description(
            name: try required(name, "name"), summary: description ?? "",
            businessDate: try date(businessDate, "businessDate"),
            generate: generate.map { Dataset.Description.Generate(cases: $0.cases, seed: $0.seed) })
    }
}

struct UserRecord: DatasetRecord {
    static let kind = Dataset.Kind.users
    static let keyField = "account"
    var account: String
    var name: String
    var role: String
    var labourRate: String?
    var disabled: Bool?
    var key: String { account }

    init(_ u: User) {
        account = u.account
        name = u.name
        role = u.role.rawValue
        labourRate = u.labourRate?.description
        disabled = unlessDefault(u.disabled, false)
    }

    func model() throws -> User {
        User(
            account: try required(account, "account"), name: try required(name, "name"), role: try oneOf(role, "role"),
            labourRate: try money(labourRate, "labourRate"), disabled: disabled ?? false)
    }
}

struct CustomerRecord: DatasetRecord {
    static let kind = Dataset.Kind.customers
    static let keyField = "id"
    var id: String
    var name: String
    var region: String
    var contact: String?
    var key: String { id }

    init(_ c: Customer) {
        id = c.id
        name = c.name
        region = c.region
        contact = unlessDefault(c.contact, "")
    }

    func model() throws -> Customer {
        Customer(
            id: try required(id, "id"), name: try required(name, "name"), region: try required(region, "region"),
            contact: contact ?? "")
    }
}

struct TemplateRecord: DatasetRecord {
    static let kind = Dataset.Kind.warrantyTemplates
    static let keyField = "id"
    var id: String
    var name: String
    var coverage: CoverageRecord
    var perIncidentCap: String?
    var lifetimeCap: String?
    var months: Int?
    var effective: String?
    var expiry: String?
    var key: String { id }

    init(_ t: WarrantyTemplate) {
        id = t.id
        name = t.name
        coverage = CoverageRecord(t.coverage)
        perIncidentCap = t.perIncidentCap?.description
        lifetimeCap = t.lifetimeCap?.description
        months = t.months
        effective = t.effective?.description
        expiry = t.expiry?.description
    }

    func model() throws -> WarrantyTemplate {
        if let months, months <= 0 { throw FieldError(field: "months", message: "must be a positive number of months") }
        let eff = try date(effective, "effective")
        let exp = try date(expiry, "expiry")
        if let eff, let exp, exp < eff {
            throw FieldError(field: "expiry", message: "\(exp) is before effective \(eff)")
        }
        return WarrantyTemplate(
            id: try required(id, "id"), name: try required(name, "name"),
            coverage: try coverage.model("coverage"), perIncidentCap: try money(perIncidentCap, "perIncidentCap"),
            lifetimeCap: try money(lifetimeCap, "lifetimeCap"), months: months, effective: eff, expiry: exp)
    }
}

struct ItemRecord: DatasetRecord {
    static let kind = Dataset.Kind.items
    static let keyField = "sku"
    var sku: String
    var description: String
    var category: String
    var serialized: Bool?
    var costing: String?
    var standardCost: String?
    var listPrice: String
    var coreCharge: String?
    var genericWarranty: String?
    var key: String { sku }

    init(_ i: Item) {
        sku = i.sku
        description = i.description
        category = i.category
        serialized = unlessDefault(i.serialized, false)
        costing = unlessDefault(i.costing, .standard)?.rawValue
        standardCost = text(i.standardCost, unless: .zero)
        listPrice = i.listPrice.description
        coreCharge = text(i.coreCharge, unless: .zero)
        genericWarranty = i.genericWarranty
    }

    func model() throws -> Item {
        Item(
            sku: try required(sku, "sku"), description: try required(description, "description"),
            category: try required(category, "category"), serialized: serialized ?? false,
            costing: try oneOf(costing, "costing", default: CostingMethod.standard),
            standardCost: try money(standardCost, "standardCost") ?? .zero,
            listPrice: try money(listPrice, "listPrice")!, coreCharge: try money(coreCharge, "coreCharge") ?? .zero,
            genericWarranty: genericWarranty)
    }
}

struct AssetWarrantyRecord: Codable {
    var template: String
    var start: String
    var end: String
}

struct AssetRecord: DatasetRecord {
    static let kind = Dataset.Kind.assets
    static let keyField = "serial"
    var serial: String
    var sku: String
    var customer: String
    var installedOn: String
    var region: String
    var forceGenericWarranty: Bool?
    var warranty: AssetWarrantyRecord?
    var key: String { serial }

    init(_ a: Asset) {
        serial = a.serial
        sku = a.sku
        customer = a.customerID
        installedOn = a.installedOn.description
        region = a.region
        forceGenericWarranty = unlessDefault(a.forceGenericWarranty, false)
        warranty = a.warranty.map {
            AssetWarrantyRecord(template: $0.template, start: $0.start.description, end: $0.end.description)
        }
    }

    func model() throws -> Asset {
        var w: AssetWarranty?
        if let warranty {
            let s = try date(warranty.start, "warranty.start")!
            let e = try date(warranty.end, "warranty.end")!
            if e < s { throw FieldError(field: "warranty.end", message: "\(e) is before the start \(s)") }
            w = AssetWarranty(template: try required(warranty.template, "warranty.template"), start: s, end: e)
        }
        return Asset(
            serial: try required(serial, "serial"), sku: try required(sku, "sku"),
            customerID: try required(customer, "customer"), installedOn: try date(installedOn, "installedOn")!,
            region: try required(region, "region"), forceGenericWarranty: forceGenericWarranty ?? false, warranty: w)
    }
}

struct SpendRecord: DatasetRecord {
    static let kind = Dataset.Kind.warrantySpend
    static let keyField = "serial"
    var serial: String
    var kind: String
    var template: String
    var spent: String
    var key: String { "\(serial)/\(kind)/\(template)" }

    init(_ m: (key: WarrantyKey, spent: Money)) {
        serial = m.key.serial
        kind = m.key.kind.rawValue
        template = m.key.template
        spent = m.spent.description
    }

    func model() throws -> (key: WarrantyKey, spent: Money) {
        (
            WarrantyKey(
                serial: try required(serial, "serial"), kind: try oneOf(kind, "kind"),
                template: try required(template, "template")),
            try money(spent, "spent")!
        )
    }
}

extension WarrantyKey.Kind: CaseIterable {
    public static let allCases: [WarrantyKey.Kind] = [.asset, .generic]
}

struct BalanceRecord: Codable {
    var minutes: Int?
    var money: String?
}

struct ContractRecord: DatasetRecord {
    static let kind = Dataset.Kind.contracts
    static let keyField = "number"
    var number: String
    var customer: String
    var tier: String
    var regions: [String]
    var status: String
    var start: String
    var end: String
    var fee: String?
    var coverage: CoverageRecord
    var deductible: String?
    var balance: BalanceRecord?
    var serials: [String]
    var excludedCategories: [String]?
    var key: String { number }

    init(_ c: ServiceContract) {
        number = c.number
        customer = c.customerID
        tier = c.tier
        regions = c.regions
        status = c.status.rawValue
        start = c.start.description
        end = c.end.description
        fee = text(c.fee, unless: .zero)
        coverage = CoverageRecord(c.coverage)
        deductible = text(c.deductible, unless: .zero)
        switch c.balance {
        case .minutes(let m)?: balance = BalanceRecord(minutes: m)
        case .money(let m)?: balance = BalanceRecord(money: m.description)
        case nil: balance = nil
        }
        serials = c.coveredSerials.sorted()
        excludedCategories = c.excludedCategories.isEmpty ? nil : c.excludedCategories.sorted()
    }

    func model() throws -> ServiceContract {
        let s = try date(start, "start")!
        let e = try date(end, "end")!
        if e < s { throw FieldError(field: "end", message: "\(e) is before the start \(s)") }
        if regions.isEmpty { throw FieldError(field: "regions", message: "a contract covers at least one region") }
        var b: PrepaidBalance?
        switch (balance?.minutes, balance?.money) {
        case (nil, nil): b = nil
        case (let m?, nil):
            guard m >= 0 else { throw FieldError(field: "balance.minutes", message: "must not be negative") }
            b = .minutes(m)
        case (nil, let m?): b = .money(try ServiceStore.money(m, "balance.money")!)
        default: throw FieldError(field: "balance", message: "give minutes or money, not both")
        }
        return ServiceContract(
            number: try required(number, "number"), customerID: try required(customer, "customer"),
            tier: try required(tier, "tier"), regions: regions, status: try oneOf(status, "status"),
            start: s, end: e, fee: try ServiceStore.money(fee, "fee") ?? .zero, coveredSerials: Set(serials),
            excludedCategories: Set(excludedCategories ?? []), coverage: try coverage.model("coverage"),
            deductible: try ServiceStore.money(deductible, "deductible") ?? .zero, balance: b)
    }
}

struct RuleRecord: DatasetRecord {
    static let kind = Dataset.Kind.rules
    static let keyField = "region"
    var region: String
    var tier: String?
    var responseHours: Int?
    var travelCovered: Bool?
    var extensionMonths: Int?
    var key: String { "\(region)/\(tier ?? "")" }

    init(_ r: EntitlementRule) {
        region = r.region
        tier = r.tier
        responseHours = r.responseHours
        travelCovered = r.travelCovered
        extensionMonths = unlessDefault(r.extensionMonths, 0)
    }

    func model() throws -> EntitlementRule {
        if let h = responseHours, h <= 0 {
            throw FieldError(field: "responseHours", message: "must be a positive number of hours")
        }
        if let m = extensionMonths, m < 0 {
            throw FieldError(field: "extensionMonths", message: "must not be negative")
        }
        return EntitlementRule(
            region: try required(region, "region"), tier: tier, responseHours: responseHours,
            travelCovered: travelCovered, extensionMonths: extensionMonths ?? 0)
    }
}

struct BinRecord: DatasetRecord {
    static let kind = Dataset.Kind.bins
    static let keyField = "id"
    var id: String
    var warehouse: String
    var region: String
    var kind: String?
    var technician: String?
    var key: String { id }

    init(_ b: Bin) {
        id = b.id
        warehouse = b.warehouse
        region = b.region
        kind = unlessDefault(b.kind, .shelf)?.rawValue
        technician = b.technician
    }

    func model() throws -> Bin {
        Bin(
            id: try required(id, "id"), warehouse: try required(warehouse, "warehouse"),
            region: try required(region, "region"),
            kind: try oneOf(kind, "kind", default: BinKind.shelf), technician: technician)
    }
}

struct StockRecord: DatasetRecord {
    static let kind = Dataset.Kind.stock
    static let keyField = "sku"
    var sku: String
    var bin: String
    var onHand: Int
    var unitCost: String
    var key: String { "\(sku)/\(bin)" }

    init(_ s: StockCount) {
        sku = s.sku
        bin = s.bin
        onHand = s.onHand
        unitCost = s.unitCost.description
    }

    func model() throws -> StockCount {
        guard onHand >= 0 else { throw FieldError(field: "onHand", message: "must not be negative") }
        try within(InputBounds.quantity.upperBound, onHand, "onHand")
        return StockCount(
            sku: try required(sku, "sku"), bin: try required(bin, "bin"), onHand: onHand,
            unitCost: try money(unitCost, "unitCost")!)
    }
}

struct ResolutionCodeRecord: DatasetRecord {
    static let kind = Dataset.Kind.resolutionCodes
    static let keyField = "code"
    var code: String
    var description: String
    var retired: Bool?
    var key: String { ResolutionCode.normalised(code) }

    init(_ r: ResolutionCode) {
        code = r.code
        description = r.description
        retired = unlessDefault(!r.active, false)
    }

    /// A code in small letters is taken in capitals, as `resolve` takes it; anything else a
    /// technician could not type back is refused.
    func model() throws -> ResolutionCode {
        let normalised = ResolutionCode.normalised(try required(code, "code"))
        guard ReasonCode.isWellFormed(normalised) else {
            throw FieldError(
                field: "code", message: "'\(code)' is not a code: letters, digits and dashes, e.g. REPLACED-PART")
        }
        return ResolutionCode(
            code: normalised, description: try required(description, "description"), active: !(retired ?? false))
    }
}

// MARK: - History

func timestamp(_ text: String?, _ field: String) throws -> Timestamp? {
    guard let text else { return nil }
    guard let t = Timestamp(parsing: text) else {
        throw FieldError(field: field, message: "'\(text)' is not a time (YYYY-MM-DDTHH:MM)")
    }
    return t
}

struct CaseRecord: DatasetRecord {
    static let kind = Dataset.Kind.cases
    static let keyField = "key"
    var key: String
    var customer: String
    var serial: String
    var subject: String
    var reported: String
    var opened: String
    var priority: Int
    var assignee: String
    var status: String
    var contact: String?
    var closed: String?
    var closedBy: String?
    var resolution: String?
    var notes: String?
    var cancelReason: String?

    init(_ h: HistoricalCase) {
        key = h.key
        customer = h.customerID
        serial = h.serial
        subject = h.subject
        reported = h.reportedOn.description
        opened = h.openedAt.description
        priority = h.priority
        assignee = h.assignee
        status = h.status.rawValue
        contact = unlessDefault(h.contact, "")
        closed = h.closedAt?.description
        closedBy = h.closedBy
        resolution = h.resolutionCode
        notes = unlessDefault(h.notes, "")
        cancelReason = h.cancelReason
    }

    func model() throws -> HistoricalCase {
        let state: CaseStatus = try oneOf(status, "status")
        guard state == .closed || state == .cancelled else {
            throw FieldError(field: "status", message: "history is closed or cancelled, not \(status)")
        }
        guard ServiceCase.priorities.contains(priority) else {
            throw FieldError(field: "priority", message: "\(priority) is not 1 to 4")
        }
        let openedAt = try timestamp(opened, "opened")!
        let closedAt = try timestamp(closed, "closed")
        if state == .closed && closedAt == nil {
            throw FieldError(field: "closed", message: "a closed case needs the time it was closed")
        }
        if let closedAt, closedAt < openedAt {
            throw FieldError(field: "closed", message: "\(closedAt) is before it was opened, \(openedAt)")
        }
        return HistoricalCase(
            key: try required(key, "key"), customerID: try required(customer, "customer"),
            serial: try required(serial, "serial"),
            subject: try required(subject, "subject"), reportedOn: try date(reported, "reported")!, openedAt: openedAt,
            priority: priority, assignee: try required(assignee, "assignee"), contact: contact ?? "", status: state,
            closedAt: closedAt, closedBy: closedBy, resolutionCode: resolution, notes: notes ?? "",
            cancelReason: cancelReason)
    }
}

struct CaseLineRecord: DatasetRecord {
    static let kind = Dataset.Kind.caseLines
    static let keyField = "number"
    var `case`: String
    var number: Int
    var kind: String
    var description: String
    var amount: String
    var sku: String?
    var quantity: Int?
    var minutes: Int?
    var technician: String?
    var classification: String?
    var reasonCode: String?
    var key: String { "\(`case`)/\(number)" }

    init(_ l: HistoricalLine) {
        `case` = l.caseKey
        number = l.number
        kind = l.kind.rawValue
        description = l.description
        amount = l.amount.description
        sku = l.sku
        quantity = l.quantity
        minutes = l.minutes
        technician = l.technician
        classification = l.classification?.rawValue
        reasonCode = l.reasonCode
    }

    func model() throws -> HistoricalLine {
        guard number > 0 else { throw FieldError(field: "number", message: "a line number starts at 1") }
        if let q = quantity, q < 0 { throw FieldError(field: "quantity", message: "must not be negative") }
        if let m = minutes, m <= 0 {
            throw FieldError(field: "minutes", message: "must be a positive number of minutes")
        }
        if let q = quantity { try within(InputBounds.quantity.upperBound, q, "quantity") }
        if let m = minutes { try within(InputBounds.minutes.upperBound, m, "minutes") }
        let k: LineKind = try oneOf(kind, "kind")
        if k == .part && (sku == nil || quantity == nil) {
            throw FieldError(field: sku == nil ? "sku" : "quantity", message: "a part line needs sku and quantity")
        }
        return HistoricalLine(
            caseKey: try required(`case`, "case"), number: number, kind: k,
            description: try required(description, "description"),
            amount: try money(amount, "amount")!, sku: sku, quantity: quantity, minutes: minutes,
            technician: technician,
            classification: try classification.map { try oneOf($0, "classification") as Classification },
            reasonCode: reasonCode)
    }
}
