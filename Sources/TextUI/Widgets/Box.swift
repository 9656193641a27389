extension Canvas {
    /// Draws a frame of box-drawing characters around `rect`, with `title` near the left of
    /// the top edge and `footer` near the right of the bottom edge, and returns the rectangle
    /// inside it. `fill` clears the inside first, for boxes drawn over other content.
    /// A rectangle under 2×2 has no room for a frame: nothing is drawn and the inside is empty.
    @discardableResult
    public mutating func drawBox(
        _ rect: Rect, title: String? = nil, footer: String? = nil,
        role: StyleRole = .border, titleRole: StyleRole = .title,
        fill: StyleRole? = nil, styles: some StyleProvider
    ) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let border = styles.style(role)
        let inner = rect.inset(by: 1)
        if let fill { self.fill(inner, role: fill, styles: styles) }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        put("┌" + horizontal + "┐", x: rect.x, y: rect.y, limit: rect.width, style: border)
        put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, limit: rect.width, style: border)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put("│", x: rect.x, y: y, style: border)
            put("│", x: rect.maxX - 1, y: y, style: border)
        }
        // "┌─ Title ─┐": a title needs a corner, a rule and a space on each side.
        let room = rect.width - 4
        if let title, !title.isEmpty, room >= 3 {
            let text = " " + DisplayWidth.shorten(title, to: room - 2) + " "
            put(text, x: rect.x + 2, y: rect.y, limit: room, role: titleRole, styles: styles)
        }
        if let footer, !footer.isEmpty, room >= 3 {
            let text = " " + DisplayWidth.shorten(footer, to: room - 2) + " "
            put(text, x: rect.maxX - 2 - DisplayWidth.of(text), y: rect.maxY - 1, limit: room, style: border)
        }
        return inner
    }
}
