// Master data as the ERP hands it over: the facts the rules read.

public struct Customer: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var region: String
    public var contact: String
    /// Created on the spot for a caller not yet in master data; someone must review it.
    public var needsReview: Bool

    public init(id: String, name: String, region: String, contact: String = "", needsReview: Bool = false) {
        self.id = id
        self.name = name
        self.region = region
        self.contact = contact
        self.needsReview = needsReview
    }
}

public enum CostingMethod: String, Sendable, Codable, CaseIterable {
    case standard
    case movingAverage = "moving-average"
}

public struct Item: Hashable, Sendable, Codable {
    public var sku: String
    public var description: String
    public var category: String
    public var serialized: Bool
    public var costing: CostingMethod
    public var standardCost: Money
    public var listPrice: Money
    /// Charged when the defective core of an exchange part does not come back.
    public var coreCharge: Money
    public var genericWarranty: String?

    public init(
        sku: String, description: String, category: String, serialized: Bool = false,
        costing: CostingMethod = .standard, standardCost: Money = .zero, listPrice: Money,
        coreCharge: Money = .zero, genericWarranty: String? = nil
    ) {
        self.sku = sku
        self.description = description
        self.category = category
        self.serialized = serialized
        self.costing = costing
        self.standardCost = standardCost
        self.listPrice = listPrice
        self.coreCharge = coreCharge
        self.genericWarranty = genericWarranty
    }
}

/// The four cost types a line can be; coverage is given per cost type.
public enum CostType: String, Sendable, Codable, CaseIterable {
    case parts, labour, travel, expenses
}

/// Covered percentage (0...100) per cost type.
public struct CoveragePercents: Hashable, Sendable, Codable {
    public var parts: Int
    public var labour: Int
    public var travel: Int
    public var expenses: Int

    public init(parts: Int, labour: Int, travel: Int, expenses: Int) {
        self.parts = parts
        self.labour = labour
        self.travel = travel
        self.expenses = expenses
    }

    public static let none = CoveragePercents(parts: 0, labour: 0, travel: 0, expenses: 0)

    public subscript(type: CostType) -> Int {
        get {
            switch type {
            case .parts: parts
            case .labour: labour
            case .travel: travel
            case .expenses: expenses
            }
        }
        set {
            switch type {
            case .parts: parts = newValue
            case .labour: labour = newValue
            case .travel: travel = newValue
            case .expenses: expenses = newValue
            }
        }
    }

    public var isValid: Bool { CostType.allCases.allSatisfy { (0...100).contains(self[$0]) } }

    public var summary: String {
        "parts \(parts) %, labour \(labour) %, travel \(travel) %, expenses \(expenses) %"
    }
}

/// Shared warranty terms. A generic warranty also has a duration and effective/expiry dates.
public struct WarrantyTemplate: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var coverage: CoveragePercents
    public var perIncidentCap: Money?
    public var lifetimeCap: Money?
    public var months: Int?
    public var effective: CivilDate?
    public var expiry: CivilDate?

    public init(
        id: String, name: String, coverage: CoveragePercents, perIncidentCap: Money? = nil,
        lifetimeCap: Money? = nil, months: Int? = nil, effective: CivilDate? = nil, expiry: CivilDate? = nil
    ) {
        self.id = id
        self.name = name
        self.coverage = coverage
        self.perIncidentCap = perIncidentCap
        self.lifetimeCap = lifetimeCap
        self.months = months
        self.effective = effective
        self.expiry = expiry
    }
}

/// An asset's own warranty: a template plus this asset's dates.
public struct AssetWarranty: Hashable, Sendable, Codable {
    public var template: String
    public var start: CivilDate
    public var end: CivilDate

    public init(template: String, start: CivilDate, end: CivilDate) {
        self.template = template
        self.start = start
        self.end = end
    }
}

public struct Asset: Hashable, Sendable, Codable {
    public var serial: String
    public var sku: String
    public var customerID: String
    public var installedOn: CivilDate
    public var region: String
    public var forceGenericWarranty: Bool
    public var warranty: AssetWarranty?
    public var needsReview: Bool

    public init(
        serial: String, sku: String, customerID: String, installedOn: CivilDate, region: String,
        forceGenericWarranty: Bool = false, warranty: AssetWarranty? = nil, needsReview: Bool = false
    ) {
        self.serial = serial
        self.sku = sku
        self.customerID = customerID
        self.installedOn = installedOn
        self.region = region
        self.forceGenericWarranty = forceGenericWarranty
        self.warranty = warranty
        self.needsReview = needsReview
    }
}

/// Which warranty a spent amount counts against: the spent amount is kept per asset and
/// warranty, never on the shared template.
public struct WarrantyKey: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case asset, generic }
    public var serial: String
    public var kind: Kind
    public var template: String
    public init(serial: String, kind: Kind, template: String) {
        self.serial = serial
        self.kind = kind
        self.template = template
    }
}

public enum ContractStatus: String, Sendable, Codable, CaseIterable {
    case inPreparation = "in-preparation"
    case released, expired, blocked, cancelled

    public var label: String {
        switch self {
        case .inPreparation: "in preparation"
        default: rawValue
        }
    }
}

/// A prepaid contract balance: minutes of labour or money.
public enum PrepaidBalance: Hashable, Sendable, Codable {
    case minutes(Int)
    case money(Money)

    public var description: String {
        switch self {
        case .minutes(let m): "\(m) min"
        case .money(let m): m.description
        }
    }
}

public struct ServiceContract: Hashable, Sendable, Codable {
    public var number: String
    public var customerID: String
    public var tier: String
    public var regions: [String]
    public var status: ContractStatus
    public var start: CivilDate
    public var end: CivilDate
    /// The fee for the whole term, start to end: contract profitability weighs it, earned day
    /// by day, against the cost of the covered work.
    public var fee: Money
    public var coveredSerials: Set<String>
    public var excludedCategories: Set<String>
    public var coverage: CoveragePercents
    public var deductible: Money
    /// What is left of the prepaid balance, if the contract has one.
    public var balance: PrepaidBalance?

    public init(
        number: String, customerID: String, tier: String, regions: [String], status: ContractStatus,
        start: CivilDate, end: CivilDate, fee: Money = .zero, coveredSerials: Set<String>,
        excludedCategories: Set<String> = [], coverage: CoveragePercents, deductible: Money = .zero,
        balance: PrepaidBalance? = nil
    ) {
        self.number = number
        self.customerID = customerID
        self.tier = tier
        self.regions = regions
        self.status = status
        self.start = start
        self.end = end
        self.fee = fee
        self.coveredSerials = coveredSerials
        self.excludedCategories = excludedCategories
        self.coverage = coverage
        self.deductible = deductible
        self.balance = balance
    }
}

/// Regional rules, optionally per contract tier. The tier-less rule of a region is the
/// region's default; it alone carries the warranty extension.
public struct EntitlementRule: Hashable, Sendable, Codable {
    public var region: String
    public var tier: String?
    public var responseHours: Int?
    /// Overrides the terms' travel percentage: true covers travel fully, false not at all.
    public var travelCovered: Bool?
    public var extensionMonths: Int

    public init(
        region: String, tier: String? = nil, responseHours: Int? = nil, travelCovered: Bool? = nil,
        extensionMonths: Int = 0
    ) {
        self.region = region
        self.tier = tier
        self.responseHours = responseHours
        self.travelCovered = travelCovered
        self.extensionMonths = extensionMonths
    }
}

public enum BinKind: String, Sendable, Codable, CaseIterable {
    case shelf, van, cores, refurb
}

public struct Bin: Hashable, Sendable, Codable {
    public var id: String
    public var warehouse: String
    public var region: String
    public var kind: BinKind
    /// The technician whose van this is.
    public var technician: String?

    public init(id: String, warehouse: String, region: String, kind: BinKind = .shelf, technician: String? = nil) {
        self.id = id
        self.warehouse = warehouse
        self.region = region
        self.kind = kind
        self.technician = technician
    }
}
