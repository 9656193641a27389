/// A value sent with a statement, for one `$n`: typed here, sent as text, which the server reads
/// as the type the statement gives its place (`$1::bigint` where it cannot tell).
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)
    case boolean(Bool)
    /// For a `bytea` place.
    case bytes([UInt8])

    /// The value as libpq sends it: nil for NULL. PostgreSQL's text holds no NUL character, so
    /// text with one is refused here, naming the parameter, before anything is sent.
    func text(parameter: Int) throws(PostgresError) -> String? {
        switch self {
        case .null: return nil
        case .text(let text):
            guard !text.utf8.contains(0) else {
                throw PostgresError(
                    sqlState: nil,
                    message: "value $\(parameter) holds a NUL character, which PostgreSQL text cannot hold")
            }
            return text
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .bytes(let bytes): return "\\x" + AuditChain.hex(bytes)
        }
    }
}

/// The rows a statement returned, each value as the server wrote it in text (nil for NULL).
public struct PostgresRows: Sendable, Equatable {
    public let columns: [String]
    public let values: [[String?]]
    /// Each column's type, by its object id in `pg_type` (`PQftype`).
    public var types: [UInt32] = []
    /// How many rows the statement inserted, updated or deleted (`PQcmdTuples`).
    public var affected = 0

    public init(columns: [String], values: [[String?]], types: [UInt32] = [], affected: Int = 0) {
        self.columns = columns
        self.values = values
        self.types = types
        self.affected = affected
    }

    public var count: Int { values.count }

    /// Row `row`'s value in `column`, as a number; nil for NULL or text that is not one.
    public func integer(_ row: Int, _ column: String) -> Int64? {
        text(row, column).flatMap { Int64($0) }
    }

    /// Row `row`'s value in `column`; nil for NULL, and when there is no such row or column.
    public func text(_ row: Int, _ column: String) -> String? {
        guard values.indices.contains(row), let index = columns.firstIndex(of: column) else { return nil }
        return values[row][index]
    }
}
