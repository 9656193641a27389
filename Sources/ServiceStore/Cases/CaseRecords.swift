internal import GRDB
import ServiceCore

/// What the entitlement engine reads about an asset: the asset, its item, the warranty
/// templates either names, what the asset's warranties have spent, its customer's contracts and
/// its site region's rules.
public struct EntitlementSources: Sendable {
    public var asset: Asset
    /// Nil when the asset's item no longer exists.
    public var item: Item?
    public var templates: [String: WarrantyTemplate]
    public var spent: [WarrantyKey: Money]
    public var contracts: [ServiceContract]
    public var rules: [EntitlementRule]
}

/// Everything the rules read about one case: its entitlement's sources, and its own rows.
public struct CaseRecords: Sendable {
    /// Nil when the case's asset no longer exists.
    public var sources: EntitlementSources?
    public var overrides: [OverrideRequest]
    public var lines: [CaseLine]
    public var visits: [Visit]
    public var outcomes: [BillingOutcome]
    /// The verification on record.
    public var record: EntitlementRecord?
    /// What its reservations still hold, part by part and bin by bin, in the order first
    /// reserved: all the closure checklist reads of them. A case reserving one unit at a time
    /// all day holds hundreds of open reservations, which every command would otherwise read
    /// one by one inside the write lock.
    public var held: [OpenReservation]
}

/// The statements of a case's own rows, given its id: the store's reads of each and `caseRecords`
/// run the same text.
enum CaseReads {
    static let serviceCase = "SELECT * FROM service_case WHERE id = ?"
    static let overrides = "SELECT * FROM override_request WHERE case_id = ? ORDER BY id"
    static let lines = "SELECT * FROM case_line WHERE case_id = ? ORDER BY number"
    static let visits = "SELECT * FROM visit WHERE case_id = ? ORDER BY starts_at, id"
    static let reservations = "SELECT * FROM reservation WHERE case_id = ? ORDER BY id"
    static let openReservations =
        "SELECT * FROM reservation WHERE case_id = ? AND used + released < quantity ORDER BY id"
    static let held = """
        SELECT sku, bin, SUM(quantity - used - released) AS held FROM reservation
        WHERE case_id = ? AND used + released < quantity GROUP BY sku, bin ORDER BY MIN(id)
        """
}

extension StoreTransaction {
    /// The entitlement's sources for the asset `serial`, in one round trip on PostgreSQL; nil
    /// when there is no such asset.
    public func entitlementSources(serial: String) throws -> EntitlementSources? {
        let sources = SourceRows()
        try db.readAll(sources.reads(serial))
        return sources.result
    }

    /// What the rules read about case `c`, in one round trip on PostgreSQL: every command that
    /// writes a case recomputes its closure state from these, so each round trip saved here
    /// is saved in every write.
    public func caseRecords(_ c: ServiceCase) throws -> CaseRecords {
        let sources = SourceRows()
        let outcomes = ActiveOutcomeRows()
        var overrides: [OverrideRequest] = []
        var lines: [CaseLine] = []
        var visits: [Visit] = []
        var records: [EntitlementRecord] = []
        var held: [OpenReservation] = []
        let id = c.id
        try db.readAll(
            sources.reads(c.serial) + outcomes.reads(id) + [
                RowRead(CaseReads.overrides, [id]) { overrides.append(OverrideRequest(row: $0)) },
                RowRead(CaseReads.lines, [id]) { lines.append(CaseLine(row: $0)) },
                RowRead(CaseReads.visits, [id]) { visits.append(Visit(row: $0)) },
                RowRead(latestEntitlementSQL, [id]) { records.append(try self.entitlementRecord($0)) },
                RowRead(CaseReads.held, [id]) {
                    held.append(OpenReservation(sku: $0["sku"], bin: $0["bin"], quantity: $0["held"]))
                },
            ])
        return CaseRecords(
            sources: sources.result, overrides: overrides, lines: lines, visits: visits, outcomes: outcomes.outcomes,
            record: records.first, held: held)
    }
}

/// The rows of an asset's entitlement sources as `readAll` hands them over. Every statement
/// finds its rows from the serial alone, through the asset's row, so none waits for another's
/// answer.
final class SourceRows {
    private var assets: [Asset] = []
    private var items: [Item] = []
    private var templates: [String: WarrantyTemplate] = [:]
    private var spent: [WarrantyKey: Money] = [:]
    private var contracts: [Row] = []
    private var lists: [String: [String: [String]]] = [:]
    private var rules: [EntitlementRule] = []

    /// The contracts' lists: table, and its column.
    private static let listed = [
        ("contract_region", "region"), ("contract_serial", "serial"), ("contract_exclusion", "category"),
    ]

    func reads(_ serial: String) -> [RowRead] {
        let ofCustomer = "JOIN asset a ON a.customer_id = c.customer_id WHERE a.serial = ?"
        return [
            RowRead("SELECT * FROM asset WHERE serial = ?", [serial]) { self.assets.append(Asset(row: $0)) },
            RowRead("SELECT i.* FROM item i JOIN asset a ON a.sku = i.sku WHERE a.serial = ?", [serial]) {
                self.items.append(Item(row: $0))
            },
            RowRead(
                """
                SELECT * FROM warranty_template WHERE id IN (SELECT warranty_template FROM asset WHERE serial = ?
                  UNION SELECT i.generic_warranty FROM item i JOIN asset a ON a.sku = i.sku WHERE a.serial = ?)
                """, [serial, serial]
            ) {
                let template = WarrantyTemplate(row: $0)
                self.templates[template.id] = template
            },
            RowRead(StoreTransaction.spentSQL, [serial]) { StoreTransaction.addSpent($0, to: &self.spent) },
            RowRead("SELECT c.* FROM contract c \(ofCustomer) ORDER BY c.number", [serial]) {
                self.contracts.append($0.copy())
            },
            RowRead(
                "SELECT r.* FROM entitlement_rule r JOIN asset a ON a.region = r.region WHERE a.serial = ? ORDER BY r.tier",
                [serial]
            ) {
                self.rules.append(EntitlementRule(row: $0))
            },
        ]
            + Self.listed.map { table, column in
                RowRead(
                    """
                    SELECT l.contract, l.\(column) AS value FROM \(table) l JOIN contract c ON c.number = l.contract
                    \(ofCustomer) ORDER BY l.contract, l.\(column)
                    """, [serial]
                ) { self.lists[table, default: [:]][$0["contract"], default: []].append($0["value"]) }
            }
    }

    var result: EntitlementSources? {
        guard let asset = assets.first else { return nil }
        let contracts = self.contracts.map { row in
            let number: String = row["number"]
            let list = { (table: String) in self.lists[table]?[number] ?? [] }
            return StoreTransaction.contract(
                from: row, regions: list("contract_region"), serials: list("contract_serial"),
                exclusions: list("contract_exclusion"))
        }
        return EntitlementSources(
            asset: asset, item: items.first, templates: templates, spent: spent, contracts: contracts, rules: rules)
    }
}

/// The rows of a case's active outcomes as `readAll` hands them over: the outcomes, and their
/// portions in one statement.
final class ActiveOutcomeRows {
    private var rows: [Row] = []
    private var portions: [OutcomeID: [Portion]] = [:]

    func reads(_ caseID: CaseID) -> [RowRead] {
        [
            RowRead(StoreTransaction.activeOutcomesSQL, [caseID]) { self.rows.append($0.copy()) },
            RowRead(StoreTransaction.activePortionsSQL, [caseID]) {
                self.portions[$0["outcome_id"], default: []].append(
                    Portion(lineID: $0["line_id"], kind: $0["kind"], amount: $0["amount"]))
            },
        ]
    }

    var outcomes: [BillingOutcome] {
        rows.map { StoreTransaction.outcome($0, portions: portions[$0["id"]] ?? []) }
    }
}
