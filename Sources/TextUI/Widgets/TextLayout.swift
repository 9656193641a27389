// Width-aware text helpers the widgets share. They extend `DisplayWidth` rather than change
// it, so every measurement still goes through its one `of(_:)`.

extension DisplayWidth {
    /// What is left of `s` once its first `columns` columns are scrolled off to the left. A
    /// wide character cut in half becomes a space, so what follows keeps its column.
    public static func dropColumns(_ s: some StringProtocol, _ columns: Int) -> String {
        guard columns > 0 else { return String(s) }
        var used = 0
        var index = s.startIndex
        while index < s.endIndex, used < columns {
            used += of(s[index])
            index = s.index(after: index)
        }
        let rest = String(s[index...])
        return used > columns ? " " + rest : rest
    }

    /// The end of `s` that fits in `columns`, led by "…" when something was cut: for text
    /// whose end matters more than its start.
    public static func clipHead(_ s: some StringProtocol, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if of(s) <= columns { return String(s) }
        guard columns > 1 else { return "…" }
        var tail: [Character] = []
        var used = 0
        for c in s.reversed() {
            let w = of(c)
            if used + w > columns - 1 { break }
            tail.append(c)
            used += w
        }
        // "…TRAINING" rather than "… TRAINING": the ellipsis already marks the cut.
        return "…" + String(tail.reversed().drop { $0 == " " })
    }

    /// `s` clipped to `columns` with "…" marking a cut, not padded.
    public static func shorten(_ s: some StringProtocol, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if of(s) <= columns { return String(s) }
        return columns > 1 ? clip(s, to: columns - 1) + "…" : clip(s, to: columns)
    }

    /// `s` broken into lines of at most `columns` columns, at spaces where it can be and
    /// inside a word only when the word alone is too wide. Always at least one line.
    public static func wrap(_ s: some StringProtocol, to columns: Int) -> [String] {
        guard columns > 0 else { return [""] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            let wordWidth = of(word)
            if lineWidth > 0, lineWidth + 1 + wordWidth <= columns {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            while of(word) > columns {
                var piece = clip(word, to: columns)
                if piece.isEmpty { piece = String(word.first!) } // a wide character in one column
                lines.append(piece)
                word = word.dropFirst(piece.count)
            }
            line = String(word)
            lineWidth = of(word)
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }
}

extension Rect {
    /// A rectangle of at most `size`, centred in this one (and never larger than it).
    public func centered(_ size: Size) -> Rect {
        let w = min(max(0, size.width), width)
        let h = min(max(0, size.height), height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }
}

extension Canvas {
    /// `put` in the style a role has under `styles`.
    @discardableResult
    mutating func put(
        _ text: some StringProtocol, x: Int, y: Int, limit: Int? = nil, role: StyleRole,
        styles: some StyleProvider
    ) -> Int {
        put(text, x: x, y: y, limit: limit, style: styles.style(role))
    }

    /// Fills a rectangle with spaces in the style of `role`.
    mutating func fill(_ rect: Rect, role: StyleRole, styles: some StyleProvider) {
        fill(rect, style: styles.style(role))
    }
}
