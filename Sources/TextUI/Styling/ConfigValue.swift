/// A parsed TOML value as plain Swift data. TOMLKit's tables are classes over C++ nodes and not
/// `Sendable`; the loaders copy a document into this once and never hold TOMLKit values.
indirect enum ConfigValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([ConfigValue])
    case table([String: ConfigValue])
    /// Dates and times, which no setting here takes: only their kind is kept, for the message.
    case other(kind: String)

    /// What the value is, for "must be a string, not an integer".
    var kind: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "true or false"
        case .array: "a list"
        case .table: "a table"
        case .other(let kind): kind
        }
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var boolean: Bool? { if case .boolean(let b) = self { b } else { nil } }
    var table: [String: ConfigValue]? { if case .table(let t) = self { t } else { nil } }
}
