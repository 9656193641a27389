import Foundation
import ServiceCore

/// A bad input file: which file, line and field, and why. Nothing was written.
public struct LoadError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "field '\(field)': " }
        return s + message
    }
}

/// A field that does not hold what it should.
struct FieldError: Error {
    var field: String
    var message: String
}

/// Master data read from a dataset folder (the demo datasets) or from ERP export files:
/// one loader for both. Files are named for their kind (`customers.json`), each a JSON list
/// of records. Everything is read and checked before anything is written.
public struct Dataset: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        // In dependency order: a kind refers only to kinds before it.
        case users, customers
        case warrantyTemplates = "warranty-templates"
        case items, assets
        case warrantySpend = "warranty-spend"
        case contracts, rules, bins, stock

        public var fileName: String { rawValue + ".json" }
    }

    public struct Description: Sendable, Equatable {
        public var name: String
        public var summary: String
        public var businessDate: CivilDate?
    }

    public var description: Description?
    public var users: [User] = []
    public var customers: [Customer] = []
    public var templates: [WarrantyTemplate] = []
    public var items: [Item] = []
    public var assets: [Asset] = []
    public var spend: [(WarrantyKey, Money)] = []
    public var contracts: [ServiceContract] = []
    public var rules: [EntitlementRule] = []
    public var bins: [Bin] = []
    /// Counted stock per item and bin, with the unit cost it came at.
    public var stock: [StockCount] = []
    /// Where each record came from, to name the line of a reference that does not resolve.
    var origins: [String: (file: String, line: Int)] = [:]

    public init() {}

    public var counts: [(Kind, Int)] {
        [(.users, users.count), (.customers, customers.count), (.warrantyTemplates, templates.count),
         (.items, items.count), (.assets, assets.count), (.warrantySpend, spend.count),
         (.contracts, contracts.count), (.rules, rules.count), (.bins, bins.count), (.stock, stock.count)].filter { $0.1 > 0 }
    }

    /// Reads every known file of a dataset folder; `dataset.json` describes it.
    public static func read(directory: String) throws -> Dataset {
        var set = Dataset()
        let descPath = (directory as NSString).appendingPathComponent("dataset.json")
        if FileManager.default.fileExists(atPath: descPath) {
            set.description = try readDescription(descPath)
        }
        // A misspelled file (customer.json) must not be skipped in silence.
        let known = Set(Kind.allCases.map(\.fileName) + ["dataset.json"])
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if let stranger = files.sorted().first(where: { $0.hasSuffix(".json") && !known.contains($0) }) {
            throw LoadError(file: stranger,
                            message: "not a dataset file; the files are named \(Kind.allCases.map(\.fileName).joined(separator: ", "))")
        }
        var found = false
        for kind in Kind.allCases {
            let path = (directory as NSString).appendingPathComponent(kind.fileName)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            found = true
            try set.read(path, as: kind)
        }
        if !found { throw LoadError(file: directory, message: "no dataset files here (expected e.g. customers.json)") }
        return set
    }

    /// The kind a file holds, from its name: `customers.json` → customers.
    public static func kind(ofFile path: String) -> Kind? {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return Kind(rawValue: name)
    }

    public mutating func read(_ path: String, as kind: Kind) throws {
        let file = (path as NSString).lastPathComponent
        let data = try Self.contents(of: path)
        switch kind {
        case .users: users += try Self.records(UserRecord.self, file: file, data: data, origins: &origins)
        case .customers: customers += try Self.records(CustomerRecord.self, file: file, data: data, origins: &origins)
        case .warrantyTemplates: templates += try Self.records(TemplateRecord.self, file: file, data: data, origins: &origins)
        case .items: items += try Self.records(ItemRecord.self, file: file, data: data, origins: &origins)
        case .assets: assets += try Self.records(AssetRecord.self, file: file, data: data, origins: &origins)
        case .warrantySpend: spend += try Self.records(SpendRecord.self, file: file, data: data, origins: &origins).map { ($0.key, $0.spent) }
        case .contracts: contracts += try Self.records(ContractRecord.self, file: file, data: data, origins: &origins)
        case .rules: rules += try Self.records(RuleRecord.self, file: file, data: data, origins: &origins)
        case .bins: bins += try Self.records(BinRecord.self, file: file, data: data, origins: &origins)
        case .stock: stock += try Self.records(StockRecord.self, file: file, data: data, origins: &origins)
        }
    }

    static func readDescription(_ path: String) throws -> Description {
        let file = (path as NSString).lastPathComponent
        let data = try contents(of: path)
        let map = try sourceMap(file: file, data: data)
        do {
            let r = try JSONDecoder().decode(DescriptionRecord.self, from: data)
            return try r.model()
        } catch let e as DecodingError {
            throw loadError(e, file: file, map: map)
        } catch let e as FieldError {
            throw LoadError(file: file, line: map.line(for: [NameKey(e.field)]), field: e.field, message: e.message)
        }
    }

    /// A file's bytes, without the UTF-8 byte order mark that Windows tools put in front.
    static func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(file: path, message: "cannot read the file")
        }
        return data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
    }

    static func sourceMap(file: String, data: Data) throws -> JSONSourceMap {
        let bytes = [UInt8](data)
        var line = 1
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") || i == bytes.count - 1 {
            let end = b == UInt8(ascii: "\n") ? i : i + 1
            if String(validating: bytes[start..<end], as: UTF8.self) == nil {
                throw LoadError(file: file, line: line, message: "not valid UTF-8 text")
            }
            line += 1
            start = i + 1
        }
        do {
            return try JSONSourceMap(bytes)
        } catch let e as JSONSourceMap.SyntaxError {
            throw LoadError(file: file, line: e.line, message: "\(e.message) (column \(e.column))")
        }
    }

    /// Decodes a JSON list of records and converts each to its model, naming file and line of any fault.
    static func records<R: DatasetRecord>(_ type: R.Type, file: String, data: Data,
                                          origins: inout [String: (file: String, line: Int)]) throws -> [R.Model] {
        let map = try sourceMap(file: file, data: data)
        guard case .array(_, let items) = map.root else {
            throw LoadError(file: file, line: map.root.line, message: "expected a list of records: [ {...}, {...} ]")
        }
        let decoded: [R]
        do {
            decoded = try JSONDecoder().decode([R].self, from: data)
        } catch let e as DecodingError {
            throw loadError(e, file: file, map: map)
        }
        var models: [R.Model] = []
        var seen: [String: Int] = [:]
        for (i, r) in decoded.enumerated() {
            let line = items[i].line
            do {
                let model = try r.model()
                let key = R.kind.rawValue + ":" + r.key
                if let first = seen[key] {
                    throw LoadError(file: file, line: line, field: R.keyField, message: "duplicate \(r.key) (first on line \(first))")
                }
                seen[key] = line
                origins[key] = (file, line)
                models.append(model)
            } catch let e as FieldError {
                // A nested field ("warranty.end") is a path of names, so its own line is found.
                let path: [any CodingKey] = [IndexKey(i)] + e.field.split(separator: ".").map { NameKey(String($0)) }
                throw LoadError(file: file, line: map.line(for: path), field: e.field, message: e.message)
            }
        }
        return models
    }

    static func loadError(_ error: DecodingError, file: String, map: JSONSourceMap) -> LoadError {
        func field(_ path: [any CodingKey]) -> String? {
            let names = path.filter { $0.intValue == nil }.map(\.stringValue)
            return names.isEmpty ? nil : names.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return LoadError(file: file, line: map.line(for: ctx.codingPath), field: field(ctx.codingPath + [key]), message: "missing")
        case .typeMismatch(let type, let ctx):
            return LoadError(file: file, line: map.line(for: ctx.codingPath), field: field(ctx.codingPath),
                             message: "expected \(describe(type))")
        case .valueNotFound(let type, let ctx):
            return LoadError(file: file, line: map.line(for: ctx.codingPath), field: field(ctx.codingPath),
                             message: "expected \(describe(type)), found null")
        case .dataCorrupted(let ctx):
            return LoadError(file: file, line: map.line(for: ctx.codingPath), field: field(ctx.codingPath), message: ctx.debugDescription)
        @unknown default:
            return LoadError(file: file, message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text in double quotes"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: type == [String].self ? "a list of texts" : "\(type)"
        }
    }
}

/// How many of an item a bin holds, as counted, and what one unit cost.
public struct StockCount: Sendable, Equatable {
    public var sku: String
    public var bin: String
    public var onHand: Int
    public var unitCost: Money

    public init(sku: String, bin: String, onHand: Int, unitCost: Money) {
        self.sku = sku; self.bin = bin; self.onHand = onHand; self.unitCost = unitCost
    }
}

struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ i: Int) { intValue = i }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
