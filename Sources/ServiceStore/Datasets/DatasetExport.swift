import Foundation
internal import GRDB
import ServiceCore

extension StoreTransaction {
    /// All master data, as a dataset: what `casebench export data` writes and an import reads
    /// back. Each kind in the order of its key; stock as counted, at each item's unit cost now.
    public func exportDataset() throws -> Dataset {
        var set = Dataset()
        set.users = try users()
        set.customers = try Row.fetchAll(db, sql: "SELECT * FROM customer ORDER BY id").map(Customer.init(row:))
        set.templates = try Row.fetchAll(db, sql: "SELECT * FROM warranty_template ORDER BY id").map(
            WarrantyTemplate.init(row:))
        set.items = try Row.fetchAll(db, sql: "SELECT * FROM item ORDER BY sku").map(Item.init(row:))
        set.assets = try Row.fetchAll(db, sql: "SELECT * FROM asset ORDER BY serial").map(Asset.init(row:))
        set.spend = try Row.fetchAll(db, sql: "SELECT * FROM warranty_spend ORDER BY serial, kind, template").compactMap
        { row in
            WarrantyKey.Kind(rawValue: row["kind"]).map {
                (WarrantyKey(serial: row["serial"], kind: $0, template: row["template"]), row["spent"])
            }
        }
        set.contracts = try allContracts()
        set.rules = try Row.fetchAll(db, sql: "SELECT * FROM entitlement_rule ORDER BY region, tier").map(
            EntitlementRule.init(row:))
        set.bins = try Row.fetchAll(db, sql: "SELECT * FROM bin ORDER BY id").map(Bin.init(row:))
        set.resolutionCodes = try resolutionCodes()
        var items: [String: Item] = [:]
        for i in set.items { items[i.sku] = i }
        set.cases = try historicalCases()
        set.caseLines = try historicalLines()
        set.stock = try Row.fetchAll(
            db,
            sql: """
                SELECT s.sku, s.bin, s.on_hand, v.quantity, v.value FROM stock s
                LEFT JOIN stock_valuation v ON v.sku = s.sku ORDER BY s.sku, s.bin
                """
        ).map { row in
            let sku: String = row["sku"]
            let valuation = Valuation(quantity: row["quantity"] ?? 0, value: row["value"] ?? .zero)
            return StockCount(
                sku: sku, bin: row["bin"], onHand: row["on_hand"],
                unitCost: items[sku].map(valuation.unitCost(for:)) ?? .zero)
        }
        return set
    }
}

extension Dataset {
    /// The files of this dataset in `format`, one per kind, named for it — an empty kind too
    /// (a header, or `[]`), so a folder written before holds nothing stale afterwards.
    public func files(_ format: Format) throws -> [(name: String, data: Data)] {
        func file<R: DatasetRecord>(_ kind: Kind, _ type: R.Type, _ models: [R.Model]) throws -> (
            name: String, data: Data
        ) {
            let records = models.map(R.init)
            let name = kind.rawValue + "." + format.rawValue
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                return (name, try encoder.encode(records) + Data("\n".utf8))
            case .csv:
                var text = CSVText.line(kind.columns.map(\.name))
                for (i, r) in records.enumerated() {
                    do { text += CSVText.line(try CSVLayout.row(r, columns: kind.columns)) } catch let e as FieldError {
                        throw LoadError(file: name, line: i + 2, field: e.field, message: e.message)
                    }
                }
                return (name, Data(text.utf8))
            }
        }
        return try [
            file(.users, UserRecord.self, users), file(.customers, CustomerRecord.self, customers),
            file(.warrantyTemplates, TemplateRecord.self, templates), file(.items, ItemRecord.self, items),
            file(.assets, AssetRecord.self, assets),
            file(.warrantySpend, SpendRecord.self, spend.map { (key: $0.0, spent: $0.1) }),
            file(.contracts, ContractRecord.self, contracts), file(.rules, RuleRecord.self, rules),
            file(.bins, BinRecord.self, bins), file(.stock, StockRecord.self, stock),
            file(.resolutionCodes, ResolutionCodeRecord.self, resolutionCodes),
            file(.cases, CaseRecord.self, cases), file(.caseLines, CaseLineRecord.self, caseLines),
        ]
    }
}
