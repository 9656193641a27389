import ServiceCore
import ServiceStore

/// Who and what a generator works with, read off a desk's master data: the agents, the
/// technicians of each region with their vans, each region's depot, and the parts that fit
/// each category of product.
struct SyntheticDesk {
    static let regions = ["NORTH", "SOUTH", "EAST", "WEST"]
    static let tiers = ["Gold", "Silver", "Bronze"]
    /// The codes a generated desk resolves cases with, in the order a seed draws them from.
    static let workedResolutions = ["REPLACED-PART", "ADJUSTED", "CLEANED", "NO-FAULT-FOUND"]
    /// A generated desk's list of resolution codes, as the demo datasets ship it: the worked
    /// ones and FIXED, which a technician types on site.
    static let resolutionCodes = [
        ResolutionCode(code: "ADJUSTED", description: "Adjusted, set up or recalibrated"),
        ResolutionCode(code: "CLEANED", description: "Cleaned or descaled"),
        ResolutionCode(code: "FIXED", description: "Repaired on site without parts"),
        ResolutionCode(code: "NO-FAULT-FOUND", description: "No fault found; tested with the customer"),
        ResolutionCode(code: "REPLACED-PART", description: "Replaced a part"),
    ]

    let dataset: Dataset
    /// Parts by the category of product they fit.
    var partsFor: [String: [Item]] = [:]
    var allParts: [Item] = []
    var agents: [String] = []
    var techniciansIn: [String: [User]] = [:]
    var allTechnicians: [User] = []
    var depotOf: [String: String] = [:]
    var vanOf: [String: String] = [:]

    /// Reads the roles off master data (generated, or a dataset's files).
    init(_ d: Dataset) {
        dataset = d
        agents = d.users.filter { $0.role == .agent && !$0.disabled }.map(\.account).sorted()
        let technicians = Dictionary(
            uniqueKeysWithValues: d.users.filter { $0.role == .technician && !$0.disabled && $0.labourRate != nil }
                .map { ($0.account, $0) })
        for bin in d.bins.sorted(by: { $0.id < $1.id }) {
            if bin.kind == .van, let account = bin.technician, let tech = technicians[account] {
                vanOf[account] = bin.id
                techniciansIn[bin.region, default: []].append(tech)
                allTechnicians.append(tech)
            }
            if bin.kind == .shelf, depotOf[bin.region] == nil { depotOf[bin.region] = bin.id }
        }
        let products = Set(d.assets.map(\.sku))
        allParts = d.items.filter { !products.contains($0.sku) }.sorted { $0.sku < $1.sku }
        for category in Set(d.items.filter { products.contains($0.sku) }.map(\.category)) {
            let fitting = allParts.filter { $0.category == category }
            partsFor[category] = fitting.isEmpty ? allParts : fitting
        }
    }

    /// The master data of a generated service desk, scaled to the number of cases and drawn
    /// from the seed: regions with depots and technicians' vans, a catalogue of products and
    /// parts, warranty terms, customers with installed assets, service contracts and the rules.
    static func masterData(cases: Int, businessDate: CivilDate, rng: inout SeededGenerator) -> Dataset {
        let scale = max(1, cases / 1000)
        var d = Dataset()
        // People: about one agent per 4,000 cases a year, one technician per 2,500.
        d.users = [
            User(account: "ada", name: "Ada Quist", role: .admin),
            User(account: "sam", name: "Sam Supervisor", role: .supervisor),
            User(account: "sofia", name: "Sofia Supervisor", role: .supervisor),
        ]
        let agentCount = min(400, max(4, cases / 4000))
        let techCount = min(800, max(4, cases / 2500))
        d.users += (1...agentCount).map { User(account: "agent\($0)", name: "Agent \($0)", role: .agent) }
        // Bins: a depot per region, a van per technician.
        for region in Self.regions {
            d.bins.append(Bin(id: "WH-\(region)", warehouse: "\(region.capitalized) depot", region: region))
        }
        for i in 1...techCount {
            let region = Self.regions[i % Self.regions.count]
            let tech = User(
                account: "tech\(i)", name: "Technician \(i)", role: .technician,
                labourRate: Money(minorUnits: Int64(6000 + 500 * Int(rng.next() % 7))))
            d.users.append(tech)
            d.bins.append(
                Bin(
                    id: "VAN-TECH\(i)", warehouse: "Van of \(tech.name)", region: region, kind: .van,
                    technician: tech.account))
        }
        // Warranty terms: an asset warranty, a capped one, and the products' generic warranties.
        d.templates = [
            WarrantyTemplate(
                id: "WT-STD", name: "Standard asset warranty",
                coverage: .init(parts: 100, labour: 100, travel: 0, expenses: 0),
                lifetimeCap: money(3000)),
            WarrantyTemplate(
                id: "WT-CAP", name: "Capped asset warranty",
                coverage: .init(parts: 100, labour: 50, travel: 0, expenses: 0),
                perIncidentCap: money(400), lifetimeCap: money(1200)),
            WarrantyTemplate(
                id: "WT-GEN24", name: "Generic warranty, 24 months",
                coverage: .init(parts: 100, labour: 0, travel: 0, expenses: 0),
                months: 24, effective: CivilDate(year: 2018, month: 1, day: 1)),
        ]
        // Products (the assets) and the parts that fit them.
        let products: [(String, String, String, Int)] = [
            ("PUMP", "Pump", "Mechanical", 1200), ("BOILER", "Boiler", "Mechanical", 3500),
            ("HEATER", "Water heater", "Mechanical", 900), ("CTRL", "Controller", "Electronic Parts", 700),
        ]
        for (i, p) in products.enumerated() {
            d.items.append(
                Item(
                    sku: "\(p.0)-\(i + 1)", description: "\(p.1) \(i + 1)", category: p.2, serialized: true,
                    standardCost: money(p.3 / 2), listPrice: money(p.3), genericWarranty: "WT-GEN24"))
        }
        let parts: [(String, String, String, Int, Int, Bool)] = [
            ("P-SEAL", "Seal kit", "Mechanical", 12, 45, false), ("P-FAN", "Fan motor", "Mechanical", 40, 110, false),
            ("P-FILTER", "Filter", "Mechanical", 4, 18, false), ("P-VALVE", "Valve", "Mechanical", 25, 80, true),
            ("P-BOARD", "Control board", "Electronic Parts", 150, 420, true),
            ("P-SENSOR", "Sensor", "Electronic Parts", 20, 75, false),
        ]
        for p in parts {
            d.items.append(
                Item(
                    sku: p.0, description: p.1, category: p.2, costing: p.5 ? .movingAverage : .standard,
                    standardCost: money(p.3), listPrice: money(p.4)))
        }
        // Opening stock: every part in every depot and van, enough for the first weeks.
        for part in d.items where part.sku.hasPrefix("P-") {
            for bin in d.bins {
                let depot = bin.kind == .shelf
                d.stock.append(
                    StockCount(sku: part.sku, bin: bin.id, onHand: depot ? 20 * scale : 4, unitCost: part.standardCost))
            }
        }
        d.resolutionCodes = Self.resolutionCodes
        // Rules: a response target per region, and by tier.
        for (i, region) in Self.regions.enumerated() {
            d.rules.append(
                EntitlementRule(
                    region: region, responseHours: 24 + 24 * (i % 2), extensionMonths: region == "SOUTH" ? 6 : 0))
            for (t, tier) in Self.tiers.enumerated() {
                d.rules.append(
                    EntitlementRule(region: region, tier: tier, responseHours: [4, 8, 24][t], travelCovered: t == 0))
            }
        }
        // Customers, a few assets each; a third of them under contract.
        let customerCount = max(8, cases / 8)
        let startOfYear = businessDate.adding(days: -365)
        for c in 1...customerCount {
            let region = Self.regions[Int(rng.next() % UInt64(Self.regions.count))]
            let id = "C-\(c)"
            d.customers.append(
                Customer(id: id, name: "Customer \(c)", region: region, contact: "Desk \(c) 555-\(1000 + c % 9000)"))
            var serials: [String] = []
            for a in 1...(1 + Int(rng.next() % 3)) {
                let product = d.items[Int(rng.next() % UInt64(products.count))]
                let installed = startOfYear.adding(days: -Int(rng.next() % 1500))
                let serial = "SN-\(c)-\(a)"
                var asset = Asset(
                    serial: serial, sku: product.sku, customerID: id, installedOn: installed, region: region)
                switch rng.next() % 10 {
                case 0..<5:
                    asset.warranty = AssetWarranty(
                        template: "WT-STD", start: installed, end: installed.endOfTerm(months: 36))
                case 5:
                    asset.warranty = AssetWarranty(
                        template: "WT-CAP", start: installed, end: installed.endOfTerm(months: 60))
                default: break
                }
                d.assets.append(asset)
                serials.append(serial)
            }
            if rng.next() % 3 == 0 {
                let t = Int(rng.next() % 3)
                let start = startOfYear.adding(days: Int(rng.next() % 90))
                d.contracts.append(
                    ServiceContract(
                        number: "SC-\(c)", customerID: id, tier: Self.tiers[t], regions: [region],
                        status: rng.next() % 20 == 0 ? .blocked : .released,
                        start: start, end: start.endOfTerm(months: 24), fee: money([4800, 2400, 1200][t]),
                        coveredSerials: Set(serials),
                        excludedCategories: t == 2 ? ["Electronic Parts"] : [],
                        coverage: .init(parts: 100, labour: [100, 100, 50][t], travel: t == 0 ? 100 : 0, expenses: 0),
                        deductible: money([0, 50, 100][t])))
            }
        }
        return d
    }

    private static func money(_ units: Int) -> Money { Money(minorUnits: Int64(units) * 100) }
}
