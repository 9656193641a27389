import TextUI

/// Lines of text wrapped to a pane's width, continuation lines indented under their first,
/// each remembering which item it came from.
struct WrappedLines {
    var lines: [ListLine] = []
    /// For each wrapped line, the index of the item it belongs to.
    var owners: [Int] = []
    var width = 0

    init() {}

    init(_ items: [ListLine], width: Int) {
        self.width = width
        for (i, item) in items.enumerated() {
            // Width 0: the pane is not laid out (at 80×24 only the focused pane is drawn), and
            // wrapping at one column cost more than reading the case; it wraps when drawn.
            if width <= 0 || DisplayWidth.of(item.text) <= width {
                // A line that fits keeps its own spacing (aligned labels).
                lines.append(item)
                owners.append(i)
                continue
            }
            let indent = item.text.prefix { $0 == " " }.count
            let body = String(item.text.dropFirst(indent))
            let first = max(1, width - indent)
            let rest = max(1, width - indent - 2)
            var pieces = DisplayWidth.wrap(body, to: first)
            if pieces.count > 1 {
                // Re-wrap what follows the first line at the narrower, indented width.
                let tail = pieces.dropFirst().joined(separator: " ")
                pieces = [pieces[0]] + DisplayWidth.wrap(tail, to: rest)
            }
            if pieces.isEmpty { pieces = [""] }
            for (n, piece) in pieces.enumerated() {
                let pad = String(repeating: " ", count: indent + (n == 0 ? 0 : 2))
                lines.append(ListLine(pad + piece, role: item.role))
                owners.append(i)
            }
        }
    }
}
