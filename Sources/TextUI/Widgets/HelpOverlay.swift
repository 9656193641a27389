/// One line of help: the keys ("C-s", "F7 c"), what they do, and why it is not available
/// now when it is not (shown, in `.disabled`, never hidden).
public struct HelpEntry: Hashable, Sendable {
    public var keys: String
    public var description: String
    public var disabledReason: String?

    public init(_ keys: String, _ description: String, disabled reason: String? = nil) {
        self.keys = keys
        self.description = description
        disabledReason = reason
    }
}

public struct HelpSection: Hashable, Sendable {
    public var title: String
    public var entries: [HelpEntry]
    public init(_ title: String, entries: [HelpEntry]) {
        self.title = title
        self.entries = entries
    }
}

public enum HelpEvent: Hashable, Sendable {
    case open
    /// Esc, q, ? or F1: the caller removes the overlay.
    case closed
}

/// A large centred box listing keys by section, scrolled with the arrow and page keys.
public final class HelpOverlay {
    public var title: String
    public var sections: [HelpSection]
    /// The widest the box grows on a wide screen, to keep lines readable.
    public var maxWidth = 100
    /// The widest the keys column grows; longer key texts wrap.
    public var maxKeysWidth = 20
    private var state = ScrollState()
    private var lineCount = 0

    public init(title: String = "Help", sections: [HelpSection]) {
        self.title = title
        self.sections = sections
    }

    /// The first line shown.
    public var scrollOffset: Int { state.offset }

    public func handle(_ key: Key) -> HelpEvent {
        switch key {
        case .escape, .character("q"), .character("?"), .function(1): return .closed
        default:
            _ = state.scrollKey(key, count: lineCount)
            return .open
        }
    }

    private struct Part {
        var x: Int
        var text: String
        var role: StyleRole
    }

    /// The content laid out for a width: each line a few parts at columns.
    private func lines(width: Int) -> [[Part]] {
        let keysWidth = min(
            maxKeysWidth, max(1, width / 3),
            sections.flatMap(\.entries).map { DisplayWidth.of($0.keys) }.max() ?? 0)
        let textX = keysWidth + 2
        var lines: [[Part]] = []
        for section in sections {
            if !lines.isEmpty { lines.append([]) }
            lines.append([Part(x: 0, text: section.title, role: .title)])
            for entry in section.entries {
                var description = entry.description
                if let reason = entry.disabledReason { description += " (disabled: \(reason))" }
                let role: StyleRole = entry.disabledReason == nil ? .dialog : .disabled
                let keys = DisplayWidth.wrap(entry.keys, to: keysWidth)
                let text = width - textX >= 10 ? DisplayWidth.wrap(description, to: width - textX) : [description]
                for i in 0..<max(keys.count, text.count) {
                    var line: [Part] = []
                    if i < keys.count { line.append(Part(x: 0, text: keys[i], role: role)) }
                    if i < text.count { line.append(Part(x: textX, text: text[i], role: role)) }
                    lines.append(line)
                }
            }
        }
        return lines
    }

    public func render(on canvas: inout Canvas, in area: Rect, styles: some StyleProvider) {
        let size = Size(
            width: area.width >= 24 ? min(area.width - 4, maxWidth) : area.width,
            height: area.height >= 8 ? area.height - 2 : area.height)
        let box = area.centered(size)
        // Laid out for the inside first, to know whether the footer shows a position.
        let width = max(0, box.width - 4)
        let lines = lines(width: width)
        lineCount = lines.count
        state.clampOffset(count: lines.count, visible: box.height - 2)
        let last = min(lines.count, state.offset + state.visible)
        let footer =
            lines.count > state.visible ? "\(state.offset + 1)–\(last)/\(lines.count) · Esc close" : "Esc close"
        let inner = canvas.drawBox(box, title: title, footer: footer, fill: .dialog, styles: styles)
        guard inner.width > 2 else { return }
        let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        for (row, line) in lines[state.offset..<last].enumerated() where row < content.height {
            for part in line where part.x < content.width {
                canvas.put(
                    part.text, x: content.x + part.x, y: content.y + row, limit: content.width - part.x,
                    role: part.role, styles: styles)
            }
        }
    }
}
