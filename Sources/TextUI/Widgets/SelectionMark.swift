/// How a list or table shows its selected row.
public enum SelectionMark: String, CaseIterable, Hashable, Sendable {
    /// The whole row in the selection's colours: the easiest to find at a glance.
    case bar
    /// A "▶" in a column of its own before the rows, which keep their own colours. Moving the
    /// selection then rewrites two cells instead of two whole rows — about 30 bytes where the bar
    /// takes 200 at 80 columns — which a technician on a slow link feels (mutt's `arrow_cursor`).
    case arrow

    /// What the arrow is drawn with.
    static let arrowGlyph = "▶"

    /// The columns a row's own text starts after: the arrow's column, or none.
    var margin: Int { self == .arrow ? 1 : 0 }

    /// The role a row is drawn in: its own, or the selection's when the bar marks it.
    func role(of row: StyleRole?, selected: Bool, focused: Bool) -> StyleRole {
        guard selected, self == .bar else { return row ?? .normal }
        return focused ? .selected : .selectedUnfocused
    }

    /// Draws the arrow at the start of the selected row (`rect`, a row of the list already
    /// filled in its own role, which leaves the column blank on every other row).
    func drawArrow(row rect: Rect, focused: Bool, on canvas: inout Canvas, styles: some StyleProvider) {
        guard self == .arrow, !rect.isEmpty else { return }
        canvas.put(
            Self.arrowGlyph, x: rect.x, y: rect.y, limit: 1, role: focused ? .selected : .selectedUnfocused,
            styles: styles)
    }
}

extension Rect {
    /// The rectangle without its first `columns` columns.
    func droppingLeft(_ columns: Int) -> Rect {
        let n = Swift.min(Swift.max(0, columns), width)
        return Rect(x: x + n, y: y, width: width - n, height: height)
    }
}
