/// A table over a `TableSource`: a header row, then as many rows as fit, with a selection
/// the window follows. It reads only the rows it draws.
public final class TableView {
    public var columns: [TableColumn]
    /// Replace the source when the data changes; selection and window are clamped to it.
    public var source: any TableSource {
        didSet { state.fit(count: source.rowCount) }
    }
    /// Draws the selection in `.selected` when focused, `.selectedUnfocused` otherwise.
    public var isFocused = true
    /// Shown when the source has no rows.
    public var emptyMessage: String
    /// Columns between neighbouring columns.
    public var columnGap = 1
    private var state = ScrollState()
    /// Where the last frame drew the rows (below the header): what a click is measured against.
    private var drawnRows: Rect?

    public init(columns: [TableColumn], source: any TableSource, emptyMessage: String = "No rows") {
        self.columns = columns
        self.source = source
        self.emptyMessage = emptyMessage
    }

    public var rowCount: Int { source.rowCount }

    /// The selected row's index; nil when there are no rows.
    public var selectedIndex: Int? {
        let count = source.rowCount
        guard count > 0 else { return nil }
        return min(state.selection, count - 1)
    }

    /// The first row shown.
    public var scrollOffset: Int { state.offset }

    /// The number of rows the last frame showed: what a page is.
    public var pageSize: Int { state.visible }

    /// "12/340": the selected row's position, for a pane's border; "0/0" when empty.
    public var positionText: String {
        let count = source.rowCount
        guard let selected = selectedIndex else { return "0/\(count)" }
        return "\(selected + 1)/\(count)"
    }

    /// Selects row `index` (clamped to the rows there are) and scrolls to it.
    public func select(_ index: Int) {
        state.selection = index
        state.fit(count: source.rowCount)
    }

    /// The row drawn at `point` in the last frame; nil for the header, the empty space below
    /// the last row, or a point outside the table.
    public func row(at point: Point) -> Int? {
        guard let rows = drawnRows, rows.contains(point) else { return nil }
        let index = state.offset + point.y - rows.y
        return index < source.rowCount ? index : nil
    }

    /// Moves the selection by `delta` rows, for actions bound to other keys than arrows.
    public func move(by delta: Int) { select(state.selection + delta) }

    /// Handles Up, Down, PageUp, PageDown, Home and End, and answers whether the key was
    /// one of them (even at the edge, where it changes nothing): other keys are the caller's.
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        state.selectionKey(key, count: source.rowCount) ?? false
    }

    public func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider) {
        drawnRows = nil
        guard !rect.isEmpty else { return }
        canvas.fill(rect, role: .normal, styles: styles)
        let mark = styles.selectionMark
        let cells = rect.droppingLeft(mark.margin)
        let widths = TableColumn.widths(of: columns, total: cells.width, gap: columnGap)
        canvas.fill(cells.row(0), role: .header, styles: styles)
        drawCells(columns.map(\.title), widths: widths, y: rect.y, in: cells, style: styles.style(.header), on: &canvas)

        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        drawnRows = body
        let count = source.rowCount
        state.fit(count: count, visible: body.height)
        guard body.height > 0 else { return }
        guard count > 0 else {
            let message = DisplayWidth.fit(emptyMessage, to: body.width, align: .center, ellipsis: true)
            canvas.put(message, x: body.x, y: body.y, limit: body.width, role: .dim, styles: styles)
            return
        }
        let window = state.offset..<min(count, state.offset + body.height)
        for (i, row) in source.rows(window).prefix(window.count).enumerated() {
            let index = window.lowerBound + i
            let y = body.y + i
            let selected = index == state.selection
            let role = mark.role(of: row.role, selected: selected, focused: isFocused)
            let style = styles.style(role)
            canvas.fill(body.row(i), style: style)
            if selected { mark.drawArrow(row: body.row(i), focused: isFocused, on: &canvas, styles: styles) }
            drawCells(row.cells, widths: widths, y: y, in: cells, style: style, on: &canvas)
        }
    }

    private func drawCells(
        _ cells: [String], widths: [Int], y: Int, in rect: Rect, style: Style, on canvas: inout Canvas
    ) {
        var x = rect.x
        for (i, column) in columns.enumerated() {
            let room = min(widths[i], rect.maxX - x)
            guard room > 0 else { break }
            let text = i < cells.count ? cells[i] : ""
            // A column the rectangle cuts is shortened to what shows, so the cut is marked.
            let shown = DisplayWidth.fit(text, to: room, align: column.alignment, ellipsis: true)
            canvas.put(shown, x: x, y: y, limit: room, style: style)
            x += widths[i] + columnGap
        }
    }
}
