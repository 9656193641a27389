import Foundation

/// A column of a CSV file: a field of the kind's JSON record, a dotted name for a nested one
/// (`coverage.parts` is `"coverage": {"parts": …}`).
struct Column: Sendable {
    enum Value: Sendable { case text, whole, flag, list }
    var name: String
    var value: Value
    var required: Bool
}

/// What separates the elements of a list in one CSV field: `NORTH;SOUTH`.
let listSeparator: Character = ";"

extension Dataset.Kind {
    /// The columns of this kind's CSV files, in the order export writes them. JSON records
    /// hold the same fields; README.md's tables of layouts are checked against these.
    var columns: [Column] {
        func t(_ n: String, _ r: Bool = false) -> Column { Column(name: n, value: .text, required: r) }
        func w(_ n: String, _ r: Bool = false) -> Column { Column(name: n, value: .whole, required: r) }
        func f(_ n: String) -> Column { Column(name: n, value: .flag, required: false) }
        func l(_ n: String, _ r: Bool = false) -> Column { Column(name: n, value: .list, required: r) }
        let coverage = ["parts", "labour", "travel", "expenses"].map { w("coverage." + $0, true) }
        switch self {
        case .users: return [t("account", true), t("name", true), t("role", true), t("labourRate"), f("disabled")]
        case .customers: return [t("id", true), t("name", true), t("region", true), t("contact")]
        case .warrantyTemplates:
            return [t("id", true), t("name", true)] + coverage
                + [t("perIncidentCap"), t("lifetimeCap"), w("months"), t("effective"), t("expiry")]
        case .items:
            return [
                t("sku", true), t("description", true), t("category", true), t("listPrice", true), f("serialized"),
                t("costing"), t("standardCost"), t("coreCharge"), t("genericWarranty"),
            ]
        case .assets:
            return [
                t("serial", true), t("sku", true), t("customer", true), t("installedOn", true), t("region", true),
                f("forceGenericWarranty"), t("warranty.template"), t("warranty.start"), t("warranty.end"),
            ]
        case .warrantySpend: return [t("serial", true), t("kind", true), t("template", true), t("spent", true)]
        case .contracts:
            return [
                t("number", true), t("customer", true), t("tier", true), l("regions", true), t("status", true),
                t("start", true), t("end", true),
            ] + coverage
                + [
                    l("serials", true), t("fee"), t("deductible"), l("excludedCategories"), w("balance.minutes"),
                    t("balance.money"),
                ]
        case .rules:
            return [t("region", true), t("tier"), w("responseHours"), f("travelCovered"), w("extensionMonths")]
        case .bins: return [t("id", true), t("warehouse", true), t("region", true), t("kind"), t("technician")]
        case .stock: return [t("sku", true), t("bin", true), w("onHand", true), t("unitCost", true)]
        case .resolutionCodes: return [t("code", true), t("description", true), f("retired")]
        case .cases:
            return [
                t("key", true), t("customer", true), t("serial", true), t("subject", true), t("reported", true),
                t("opened", true), w("priority", true), t("assignee", true), t("status", true), t("contact"),
                t("closed"),
                t("closedBy"), t("resolution"), t("notes"), t("cancelReason"),
            ]
        case .caseLines:
            return [
                t("case", true), w("number", true), t("kind", true), t("description", true), t("amount", true),
                t("sku"),
                w("quantity"), w("minutes"), t("technician"), t("classification"), t("reasonCode"),
            ]
        }
    }
}

/// Turns CSV rows into the JSON objects the records decode, and records back into rows.
struct CSVLayout {
    let kind: Dataset.Kind
    /// The file's columns, in the file's order.
    let header: [Column]

    /// Checks a file's header row against the kind's columns: every name known, none twice,
    /// every required one present.
    init(kind: Dataset.Kind, header names: [String], file: String, line: Int) throws {
        self.kind = kind
        let known = Dictionary(uniqueKeysWithValues: kind.columns.map { ($0.name, $0) })
        var seen = Set<String>()
        var header: [Column] = []
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let column = known[trimmed] else {
                throw LoadError(
                    file: file, line: line, field: trimmed,
                    message:
                        "not a column of \(kind.rawValue); the columns are \(kind.columns.map(\.name).joined(separator: ", "))"
                )
            }
            guard seen.insert(trimmed).inserted else {
                throw LoadError(file: file, line: line, field: trimmed, message: "the header names this column twice")
            }
            header.append(column)
        }
        let missing = kind.columns.filter { $0.required && !seen.contains($0.name) }.map(\.name)
        if !missing.isEmpty {
            throw LoadError(
                file: file, line: line, field: missing[0],
                message:
                    "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) in the header")
        }
        self.header = header
    }

    /// The JSON object of one row: an empty field is left out (a list is then empty).
    func object(_ fields: [String]) throws -> [String: Any] {
        guard fields.count == header.count else {
            throw FieldError(
                field: "",
                message: "\(fields.count) field\(fields.count == 1 ? "" : "s") where the header has \(header.count)")
        }
        var object: [String: Any] = [:]
        for (column, text) in zip(header, fields) {
            let value: Any
            switch column.value {
            case .list:
                value =
                    text.isEmpty
                    ? [String]() : text.split(separator: listSeparator).map { $0.trimmingCharacters(in: .whitespaces) }
            case _ where text.isEmpty:
                continue
            case .text: value = text
            case .whole:
                guard let n = Int(text) else {
                    throw FieldError(field: column.name, message: "'\(text)' is not a whole number")
                }
                value = n
            case .flag:
                switch text.lowercased() {
                case "true", "yes", "1": value = true
                case "false", "no", "0": value = false
                default: throw FieldError(field: column.name, message: "'\(text)' is not true or false")
                }
            }
            object.set(value, at: column.name.split(separator: ".").map(String.init))
        }
        return object
    }

    /// One row of `record`, encoded as JSON first, so that both layouts hold the same fields.
    static func row<R: Encodable>(_ record: R, columns: [Column]) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any] ?? [:]
        return try columns.map { column in
            var value: Any? = object
            for part in column.name.split(separator: ".") { value = (value as? [String: Any])?[String(part)] }
            switch (column.value, value) {
            case (_, nil), (_, is NSNull): return ""
            case (.list, let list as [String]):
                if let bad = list.first(where: { $0.contains(listSeparator) }) {
                    throw FieldError(
                        field: column.name,
                        message: "'\(bad)' holds '\(listSeparator)', which separates a list in CSV; export as JSON")
                }
                return list.joined(separator: String(listSeparator))
            case (.flag, let b as Bool): return b ? "true" : "false"
            case (.flag, let b as NSNumber): return b.boolValue ? "true" : "false"
            case (.whole, let n as Int): return String(n)
            case (.whole, let n as NSNumber): return String(n.intValue)
            case (_, let s as String): return s
            case (_, let v?): return "\(v)"
            }
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    fileprivate mutating func set(_ value: Any, at path: [String]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            self[first] = value
            return
        }
        var inner = self[first] as? [String: Any] ?? [:]
        inner.set(value, at: Array(path.dropFirst()))
        self[first] = inner
    }
}
