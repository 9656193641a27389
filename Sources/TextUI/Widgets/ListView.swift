/// One line of a `ListView`, optionally in a role of its own.
public struct ListLine: Hashable, Sendable {
    public var text: String
    public var role: StyleRole?
    public init(_ text: String, role: StyleRole? = nil) {
        self.text = text
        self.role = role
    }
}

/// Lines of text in a pane, more or longer than it holds: Up/Down/PageUp/PageDown/Home/End
/// scroll (or move the selection, when the list is selectable) and Left/Right scroll
/// sideways when some line is wider than the pane.
public final class ListView {
    public var lines: [ListLine] {
        didSet { keepInside() }
    }
    /// With a selection the keys move it and the window follows; without, they scroll.
    public var isSelectable: Bool
    /// Draws the selection in `.selected` when focused, `.selectedUnfocused` otherwise.
    public var isFocused = true
    /// Shown, dimmed, when there are no lines.
    public var emptyMessage = ""
    /// Columns Left and Right scroll by.
    public var horizontalStep = 8
    /// Columns scrolled off to the left.
    public private(set) var columnOffset = 0
    private var state = ScrollState()
    /// The width last drawn: nil before the first frame, when nothing is known to be hidden.
    private var lastWidth: Int?
    /// Where the last frame drew the lines: what a click is measured against.
    private var drawnRect: Rect?

    public init(lines: [ListLine] = [], selectable: Bool = false) {
        self.lines = lines
        isSelectable = selectable
    }

    public convenience init(text lines: [String], selectable: Bool = false) {
        self.init(lines: lines.map { ListLine($0) }, selectable: selectable)
    }

    /// The selected line; nil when not selectable or empty.
    public var selectedIndex: Int? { isSelectable && !lines.isEmpty ? state.selection : nil }

    /// The first line shown.
    public var scrollOffset: Int { state.offset }

    private func keepInside(visible: Int? = nil) {
        if isSelectable {
            state.fit(count: lines.count, visible: visible)
        } else {
            state.clampOffset(count: lines.count, visible: visible)
        }
    }

    public func select(_ index: Int) {
        state.selection = index
        state.fit(count: lines.count)
    }

    /// Scrolls so `index` is the first line shown (or as near as the end allows).
    public func scroll(to index: Int) {
        state.offset = index
        state.clampOffset(count: lines.count)
        if isSelectable { state.selection = min(max(state.selection, state.offset), state.offset + state.visible - 1) }
        keepInside()
    }

    /// The line drawn at `point` in the last frame; nil outside the list or below its last line.
    public func line(at point: Point) -> Int? {
        guard let rect = drawnRect, rect.contains(point) else { return nil }
        let index = state.offset + point.y - rect.y
        return index < lines.count ? index : nil
    }

    private var widest: Int { lines.map { DisplayWidth.of($0.text) }.max() ?? 0 }

    /// Answers whether the key was used: the vertical keys always are; Left and Right only
    /// when a line is wider than the pane, so the caller may bind them otherwise.
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        switch key {
        case .left, .right:
            guard let lastWidth else { return false }
            let most = max(0, widest - lastWidth)
            guard most > 0 else { return false }
            columnOffset = max(0, min(most, columnOffset + (key == .left ? -horizontalStep : horizontalStep)))
            return true
        default:
            if isSelectable { return state.selectionKey(key, count: lines.count) ?? false }
            return state.scrollKey(key, count: lines.count) ?? false
        }
    }

    public func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider) {
        drawnRect = rect.isEmpty ? nil : rect
        guard !rect.isEmpty else { return }
        canvas.fill(rect, role: .normal, styles: styles)
        // Only a list with a selection gives the arrow a column.
        let mark = isSelectable ? styles.selectionMark : .bar
        let text = rect.droppingLeft(mark.margin)
        lastWidth = text.width
        columnOffset = max(0, min(columnOffset, widest - text.width))
        keepInside(visible: rect.height)
        if lines.isEmpty {
            canvas.put(emptyMessage, x: rect.x, y: rect.y, limit: rect.width, role: .dim, styles: styles)
            return
        }
        for row in 0..<min(rect.height, lines.count - state.offset) {
            let index = state.offset + row
            let selected = index == selectedIndex
            let role = mark.role(of: lines[index].role, selected: selected, focused: isFocused)
            canvas.fill(rect.row(row), role: role, styles: styles)
            if selected { mark.drawArrow(row: rect.row(row), focused: isFocused, on: &canvas, styles: styles) }
            canvas.put(
                DisplayWidth.dropColumns(lines[index].text, columnOffset), x: text.x, y: rect.y + row,
                limit: text.width, role: role, styles: styles)
        }
    }
}
