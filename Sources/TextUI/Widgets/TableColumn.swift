/// A table column: its heading, how wide it is, and how its cells line up.
public struct TableColumn: Hashable, Sendable {
    public enum Width: Hashable, Sendable {
        /// Exactly this many columns.
        case fixed(Int)
        /// At least `min` columns, plus a share of the spare width in proportion to `weight`.
        case flex(min: Int, weight: Int)
    }

    public var title: String
    public var width: Width
    public var alignment: DisplayWidth.Alignment

    public init(_ title: String, width: Width = .flex(min: 1, weight: 1), alignment: DisplayWidth.Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }

    /// The width of each column when a table is `total` columns wide with `gap` columns
    /// between neighbours. Spare width goes to flexible columns by weight (the remainder,
    /// one column each, from the left); when even the minimums do not fit, the widths stay
    /// and the table clips on the right.
    public static func widths(of columns: [TableColumn], total: Int, gap: Int = 1) -> [Int] {
        var widths = columns.map { column -> Int in
            switch column.width {
            case .fixed(let n): max(0, n)
            case .flex(let minimum, _): max(0, minimum)
            }
        }
        let weights = columns.map { column -> Int in
            if case .flex(_, let weight) = column.width { return max(0, weight) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        let spare = total - widths.reduce(0, +) - gap * max(0, columns.count - 1)
        guard spare > 0, totalWeight > 0 else { return widths }
        var given = 0
        for i in widths.indices where weights[i] > 0 {
            let share = spare * weights[i] / totalWeight
            widths[i] += share
            given += share
        }
        for i in widths.indices where weights[i] > 0 && given < spare {
            widths[i] += 1
            given += 1
        }
        return widths
    }
}
