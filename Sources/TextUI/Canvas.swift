/// One cell of the screen: a character (a wide one's second cell holds "") and its style.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// What the UI draws a frame into: a grid of cells. The terminal shows it in one flush;
/// tests read it as text. All text is made inert and measured by display width here, so no
/// widget can break the layout or send a control character to the terminal.
public struct Canvas: Sendable, Equatable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Style = .plain) {
        self.size = size
        cells = Array(repeating: Cell(" ", style: fill), count: max(0, size.width * size.height))
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    public func contains(_ p: Point) -> Bool { p.x >= 0 && p.y >= 0 && p.x < size.width && p.y < size.height }

    /// Writes `text` from (x, y) on one row, never past `limit` columns (or the row's end),
    /// and returns the columns used. A wide character that would not fit whole is left out.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, limit: Int? = nil, style: Style = .plain)
        -> Int
    {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let end = min(size.width, x + (limit ?? size.width))
        var col = x
        for c in DisplayWidth.inert(text) {
            let w = DisplayWidth.of(c)
            if w == 0 {
                // A lone combining mark: attach it to the previous cell.
                if col > x, col - 1 >= 0 { self[col - 1, y].text.append(c) }
                continue
            }
            if col + w > end { break }
            if col >= 0 {
                // Overwriting half of a wide character leaves its other half blank.
                if self[col, y].text.isEmpty, col > 0 { self[col - 1, y] = Cell(" ", style: self[col - 1, y].style) }
                self[col, y] = Cell(String(c), style: style)
                if w == 2 { self[col + 1, y] = Cell("", style: style) }
                if col + w < size.width, self[col + w, y].text.isEmpty {
                    self[col + w, y] = Cell(" ", style: self[col + w, y].style)
                }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain, with character: Character = " ") {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y] = Cell(String(character), style: style) }
        }
    }

    /// Applies `style` to the cells of a rectangle, keeping their text.
    public mutating func restyle(_ rect: Rect, style: Style) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y].style = style }
        }
    }

    /// Row `y` as text (wide characters once), trailing spaces kept.
    public func line(_ y: Int) -> String {
        (0..<size.width).map { self[$0, y].text }.joined()
    }

    /// The whole canvas as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<size.height).map { y in
            var l = Substring(line(y))
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
