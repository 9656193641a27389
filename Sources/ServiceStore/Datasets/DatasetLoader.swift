import Foundation
import ServiceCore

/// A bad input file: which file, line and field, and why. Nothing was written.
public struct LoadError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

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

/// Every problem found in a run's input, in file and line order. Nothing was written.
public struct LoadErrors: Error, CustomStringConvertible, Equatable {
    public var all: [LoadError]
    public init(all: [LoadError]) { self.all = all }

    /// `problems` in file and line order; those of one line in the order they were found.
    init(inOrder problems: [LoadError]) {
        all = problems.enumerated().sorted { a, b in
            (a.element.file, a.element.line ?? 0, a.offset) < (b.element.file, b.element.line ?? 0, b.offset)
        }.map(\.element)
    }
    public var description: String { all.map(\.description).joined(separator: "\n") }
}

/// Master data read from a dataset folder (the demo datasets) or from ERP export files:
/// one loader for both. Files are named for their kind (`customers.json`, `customers.csv`),
/// a JSON list of records or CSV with a header row. Everything is read and checked before
/// anything is written, and every bad record is reported, not only the first.
public struct Dataset: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        // In dependency order: a kind refers only to kinds before it.
        case users, customers
        case warrantyTemplates = "warranty-templates"
        case items, assets
        case warrantySpend = "warranty-spend"
        case contracts, rules, bins, stock
        case resolutionCodes = "resolution-codes"
        /// History: closed and cancelled cases, and their lines.
        case cases
        case caseLines = "case-lines"

        public var fileName: String { rawValue + ".json" }
    }

    /// The two ways a file may hold records.
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    public struct Description: Sendable, Equatable {
        public var name: String
        public var summary: String
        public var businessDate: CivilDate?
        /// Cases the generator adds on this master data when the dataset is loaded.
        public var generate: Generate?

        public struct Generate: Sendable, Equatable {
            public var cases: Int
            public var seed: UInt64
        }
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
    /// The codes a technician resolves a case with.
    public var resolutionCodes: [ResolutionCode] = []
    /// Cases from the ERP's history, and their lines.
    public var cases: [HistoricalCase] = []
    public var caseLines: [HistoricalLine] = []
    /// Where each record came from, to name the line of a reference that does not resolve.
    var origins: [String: (file: String, line: Int)] = [:]
    /// What was wrong with the input so far; `check()` throws them all.
    var problems: [LoadError] = []

    public init() {}

    public var counts: [(Kind, Int)] {
        let all: [(Kind, Int)] = [
            (.users, users.count), (.customers, customers.count), (.warrantyTemplates, templates.count),
            (.items, items.count), (.assets, assets.count), (.warrantySpend, spend.count),
            (.contracts, contracts.count), (.rules, rules.count), (.bins, bins.count), (.stock, stock.count),
            (.resolutionCodes, resolutionCodes.count),
            (.cases, cases.count), (.caseLines, caseLines.count),
        ]
        return all.filter { $0.1 > 0 }
    }

    public var recordCount: Int { counts.reduce(0) { $0 + $1.1 } }

    /// Reads every known file of a dataset folder; `dataset.json` describes it.
    public static func read(directory: String) throws -> Dataset {
        var set = Dataset()
        let descPath = (directory as NSString).appendingPathComponent("dataset.json")
        if FileManager.default.fileExists(atPath: descPath) {
            set.description = try readDescription(descPath)
        }
        // A misspelled file (customer.json) must not be skipped in silence.
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var found = false
        for file in files
        where file != "dataset.json" && Format.allCases.contains(where: { file.hasSuffix("." + $0.rawValue) }) {
            guard let kind = kind(ofFile: file) else {
                set.problems.append(LoadError(file: file, message: "not a dataset file; \(namingRule)"))
                continue
            }
            found = true
            try set.read((directory as NSString).appendingPathComponent(file), as: kind)
        }
        if !found && set.problems.isEmpty {
            throw LoadError(file: directory, message: "no dataset files here (expected e.g. customers.json)")
        }
        try set.check()
        return set
    }

    /// How files are named, for a message about one that is not.
    public static var namingRule: String {
        "the files are named for their kind, .json or .csv: " + Kind.allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// The kind a file holds, from its name: `customers.json` or `customers.csv` → customers.
    public static func kind(ofFile path: String) -> Kind? {
        let name = (path as NSString).lastPathComponent as NSString
        guard format(ofFile: path) != nil else { return nil }
        return Kind(rawValue: name.deletingPathExtension)
    }

    /// The format of a file, from its extension.
    public static func format(ofFile path: String) -> Format? {
        Format(rawValue: (path as NSString).pathExtension.lowercased())
    }

    /// Throws every problem found so far, if any.
    public func check() throws {
        if !problems.isEmpty { throw LoadErrors(all: problems) }
    }

    /// Throws every problem of every file at once, in file and line order: each record's own
    /// (its format, its fields) and every reference that names nothing, checked against this
    /// dataset and the database as `tx` sees it — so fixing what one run named never reveals more.
    public func checkAll(_ tx: StoreTransaction, importer: String? = nil) throws {
        var all = problems
        do { try checkReferences(tx, importer: importer) } catch let e as LoadErrors { all += e.all }
        guard !all.isEmpty else { return }
        throw LoadErrors(inOrder: all)
    }

    /// Reads one file of `kind`, JSON or CSV by its extension (JSON when it has neither).
    /// A problem in it is kept for `check()`, so the files after it are read as well.
    public mutating func read(_ path: String, as kind: Kind) throws {
        let file = (path as NSString).lastPathComponent
        do {
            let data = try Self.contents(of: path)
            let rows = try Self.rows(file: file, data: data, kind: kind, format: Self.format(ofFile: path) ?? .json)
            switch kind {
            case .users: users += convert(rows, UserRecord.self, file: file)
            case .customers: customers += convert(rows, CustomerRecord.self, file: file)
            case .warrantyTemplates: templates += convert(rows, TemplateRecord.self, file: file)
            case .items: items += convert(rows, ItemRecord.self, file: file)
            case .assets: assets += convert(rows, AssetRecord.self, file: file)
            case .warrantySpend: spend += convert(rows, SpendRecord.self, file: file).map { ($0.key, $0.spent) }
            case .contracts: contracts += convert(rows, ContractRecord.self, file: file)
            case .rules: rules += convert(rows, RuleRecord.self, file: file)
            case .bins: bins += convert(rows, BinRecord.self, file: file)
            case .stock: stock += convert(rows, StockRecord.self, file: file)
            case .resolutionCodes: resolutionCodes += convert(rows, ResolutionCodeRecord.self, file: file)
            case .cases: cases += convert(rows, CaseRecord.self, file: file)
            case .caseLines: caseLines += convert(rows, CaseLineRecord.self, file: file)
            }
        } catch let e as LoadError {
            problems.append(e)
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
            throw loadError(e, file: file, line: map.line(for:))
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

    /// Names the first line that is not UTF-8 (a file saved in Latin-1, or cut off mid-character),
    /// and in a CSV file its column.
    static func checkText(file: String, bytes: [UInt8], csv: Bool = false) throws {
        var line = 1
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") || i == bytes.count - 1 {
            let end = b == UInt8(ascii: "\n") ? i : i + 1
            if String(validating: bytes[start..<end], as: UTF8.self) == nil {
                var field: String? = nil
                if csv {
                    let text = bytes[start..<end]
                    field = csvColumn(
                        CSVText.column(of: firstNonUTF8(text), in: text), header: CSVText.headerNames(bytes))
                }
                throw LoadError(file: file, line: line, field: field, message: "not valid UTF-8 text")
            }
            line += 1
            start = i + 1
        }
    }

    /// Where the first byte that is no UTF-8 stands in `bytes`.
    static func firstNonUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while case .scalarValue(let s) = decoder.decode(&iterator) { offset += UTF8.width(s) }
        return offset
    }

    /// A CSV column by its header's name, or by its place when the header has none there.
    static func csvColumn(_ column: Int, header: [String]) -> String {
        header.indices.contains(column - 1) && !header[column - 1].isEmpty ? header[column - 1] : "column \(column)"
    }

    static func sourceMap(file: String, data: Data) throws -> JSONSourceMap {
        let bytes = [UInt8](data)
        try checkText(file: file, bytes: bytes)
        do {
            return try JSONSourceMap(bytes)
        } catch let e as JSONSourceMap.SyntaxError {
            throw LoadError(file: file, line: e.line, message: "\(e.message) (column \(e.column))")
        }
    }

    /// One record of a file before it is decoded: its line, and its JSON text.
    struct RawRow {
        var line: Int
        var json: Data
        /// The line of a field, by its coding path inside the record.
        var lineOf: ([any CodingKey]) -> Int
    }

    /// The records of a file as JSON objects, each with its line: a JSON list's elements, or a
    /// CSV file's rows made into objects by the kind's columns. A CSV row that cannot be made
    /// into an object is a problem of its own; the other rows are still returned.
    static func rows(file: String, data: Data, kind: Kind, format: Format) throws -> [Result<RawRow, LoadError>] {
        switch format {
        case .json:
            let map = try sourceMap(file: file, data: data)
            guard case .array(_, let items) = map.root else {
                throw LoadError(
                    file: file, line: map.root.line, message: "expected a list of records: [ {...}, {...} ]")
            }
            // Each element is decoded alone, so one bad record does not hide the next. The scan
            // above has accepted the document, so Foundation failing here is a parser limit, and
            // it is said, never taken for an empty list.
            let elements: [Any]
            do {
                guard let list = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [Any],
                    list.count == items.count
                else {
                    throw LoadError(file: file, line: map.root.line, message: "the list could not be read as JSON")
                }
                elements = list
            } catch let e as LoadError {
                throw e
            } catch {
                throw LoadError(
                    file: file, line: map.root.line, message: "not readable as JSON: \(error.localizedDescription)")
            }
            return zip(items.indices, elements).map { i, element in
                Result {
                    RawRow(
                        line: items[i].line,
                        json: try JSONSerialization.data(withJSONObject: element, options: [.fragmentsAllowed]),
                        lineOf: { map.line(for: [IndexKey(i)] + $0) })
                }.mapError { LoadError(file: file, line: items[i].line, message: "\($0)") }
            }
        case .csv:
            let bytes = [UInt8](data)
            try checkText(file: file, bytes: bytes, csv: true)
            let records: [CSVText.Record]
            do { records = try CSVText.parse(bytes) } catch let e as CSVText.SyntaxError {
                let field = e.column.map { csvColumn($0, header: CSVText.headerNames(bytes)) }
                throw LoadError(file: file, line: e.line, field: field, message: e.message)
            }
            guard let head = records.first else {
                throw LoadError(
                    file: file, line: 1,
                    message: "the file is empty; a CSV file starts with a header row naming its columns")
            }
            let layout = try CSVLayout(kind: kind, header: head.fields, file: file, line: head.line)
            return records.dropFirst().map { r in
                Result {
                    RawRow(
                        line: r.line, json: try JSONSerialization.data(withJSONObject: try layout.object(r.fields)),
                        lineOf: { _ in r.line })
                }.mapError { e in
                    let f = e as? FieldError
                    return LoadError(
                        file: file, line: r.line, field: f?.field.isEmpty == false ? f?.field : nil,
                        message: f?.message ?? "\(e)")
                }
            }
        }
    }

    /// Decodes each row and converts it to its model, keeping a problem for each bad one.
    mutating func convert<R: DatasetRecord>(_ rows: [Result<RawRow, LoadError>], _ type: R.Type, file: String) -> [R
        .Model]
    {
        var models: [R.Model] = []
        for row in rows {
            do {
                let raw = try row.get()
                try Self.checkText(raw, file: file)
                let record: R
                do { record = try JSONDecoder().decode(R.self, from: raw.json) } catch let e as DecodingError {
                    throw Self.loadError(e, file: file, line: raw.lineOf)
                }
                do {
                    let model = try record.model()
                    let key = R.kind.rawValue + ":" + record.key
                    if let first = origins[key] {
                        let place =
                            first.file == file ? "on line \(first.line)" : "in \(first.file), line \(first.line)"
                        throw LoadError(
                            file: file, line: raw.line, field: R.keyField,
                            message: "duplicate \(record.key) (first \(place))")
                    }
                    origins[key] = (file, raw.line)
                    models.append(model)
                } catch let e as FieldError {
                    // A nested field ("warranty.end") is a path of names, so its own line is found.
                    let path: [any CodingKey] = e.field.split(separator: ".").map { NameKey(String($0)) }
                    throw LoadError(file: file, line: raw.lineOf(path), field: e.field, message: e.message)
                }
            } catch let e as LoadError {
                problems.append(e)
            } catch {
                problems.append(LoadError(file: file, message: "\(error)"))
            }
        }
        return models
    }

    /// Fields that hold several lines (a technician's notes): line breaks are allowed there.
    static let multiLineFields: Set<String> = ["notes"]

    /// Refuses a record whose text holds NUL or another control character (`InputBounds`),
    /// naming the field and its line: SQLite would cut a NUL short, and the audit trail would
    /// then read as edited.
    static func checkText(_ raw: RawRow, file: String) throws {
        func walk(_ value: Any, _ path: [any CodingKey]) throws {
            switch value {
            case let text as String:
                let names = path.filter { $0.intValue == nil }.map(\.stringValue)
                let field = names.joined(separator: ".")
                if let problem = InputBounds.textProblem(
                    text, multiLine: names.last.map(multiLineFields.contains) ?? false)
                {
                    throw LoadError(
                        file: file, line: raw.lineOf(path), field: field.isEmpty ? nil : field, message: problem)
                }
            case let object as [String: Any]:
                for key in object.keys.sorted() { try walk(object[key]!, path + [NameKey(key)]) }
            case let list as [Any]:
                for (i, element) in list.enumerated() { try walk(element, path + [IndexKey(i)]) }
            default:
                break
            }
        }
        guard let object = try? JSONSerialization.jsonObject(with: raw.json, options: [.fragmentsAllowed]) else {
            return
        }
        try walk(object, [])
    }

    static func loadError(_ error: DecodingError, file: String, line: ([any CodingKey]) -> Int) -> LoadError {
        func field(_ path: [any CodingKey]) -> String? {
            let names = path.filter { $0.intValue == nil }.map(\.stringValue)
            return names.isEmpty ? nil : names.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return LoadError(
                file: file, line: line(ctx.codingPath), field: field(ctx.codingPath + [key]), message: "missing")
        case .typeMismatch(let type, let ctx):
            return LoadError(
                file: file, line: line(ctx.codingPath), field: field(ctx.codingPath),
                message: ctx.codingPath.isEmpty
                    ? "expected a record: { \"name\": value, ... }" : "expected \(describe(type))")
        case .valueNotFound(let type, let ctx):
            return LoadError(
                file: file, line: line(ctx.codingPath), field: field(ctx.codingPath),
                message: "expected \(describe(type)), found null")
        case .dataCorrupted(let ctx):
            return LoadError(
                file: file, line: line(ctx.codingPath), field: field(ctx.codingPath), message: ctx.debugDescription)
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
        self.sku = sku
        self.bin = bin
        self.onHand = onHand
        self.unitCost = unitCost
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
