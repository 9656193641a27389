/// One row of a table: its cells, in column order, and optionally a role for the whole row
/// (an overdue case in `.warning`, say). The selection's role wins over the row's.
public struct TableRow: Hashable, Sendable {
    public var cells: [String]
    public var role: StyleRole?
    public init(_ cells: [String], role: StyleRole? = nil) {
        self.cells = cells
        self.role = role
    }
}

/// Where a table's rows come from. The table asks only for the rows it shows, so a source
/// can be a windowed database query over a million rows.
public protocol TableSource {
    /// Read on every frame and key: a database source should keep it until its data changes.
    var rowCount: Int { get }
    /// The rows in `range` (always inside `0..<rowCount` as last read). A source that
    /// shrank meanwhile may return fewer.
    func rows(_ range: Range<Int>) -> [TableRow]
}

/// Rows held in memory: for short tables and tests.
public struct ArrayTableSource: TableSource, Sendable {
    public var rows: [TableRow]
    public init(_ rows: [TableRow]) { self.rows = rows }
    public var rowCount: Int { rows.count }
    public func rows(_ range: Range<Int>) -> [TableRow] {
        Array(rows[range.clamped(to: 0..<rows.count)])
    }
}
