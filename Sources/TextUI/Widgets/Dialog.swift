public enum DialogEvent: Hashable, Sendable {
    /// Still open.
    case pending
    /// The button at this index was picked.
    case chosen(Int)
    /// Esc: the same as picking the safe button, said plainly.
    case cancelled
}

/// A modal question with buttons, such as "Close case C-1042?" — Close case / Cancel.
/// When `dangerous`, the safe button (the last one, by convention "Cancel") is the default,
/// so an Enter pressed by habit does no harm.
public final class Dialog {
    public var title: String
    public var message: [String]
    public let buttons: [String]
    public let isDangerous: Bool
    /// The button Enter would pick.
    public private(set) var focusedButton: Int
    /// Columns the dialog's inside may grow to before the message wraps.
    public var maxWidth = 60

    public init(title: String, message: [String], buttons: [String] = ["OK", "Cancel"], dangerous: Bool = false) {
        self.title = title
        self.message = message
        self.buttons = buttons.isEmpty ? ["OK"] : buttons
        isDangerous = dangerous
        focusedButton = dangerous ? self.buttons.count - 1 : 0
    }

    /// Left/Right/Tab/S-Tab move between buttons, Enter picks, Esc cancels, and a button's
    /// first letter picks it — unless several buttons share that letter ("Close case" and
    /// "Cancel"): then the letter only moves among them, so no guess closes a case.
    public func handle(_ key: Key) -> DialogEvent {
        switch key {
        case .left, .backTab: focusedButton = (focusedButton + buttons.count - 1) % buttons.count
        case .right, .tab: focusedButton = (focusedButton + 1) % buttons.count
        case .enter: return .chosen(focusedButton)
        case .escape: return .cancelled
        case .character(let c):
            let letter = c.lowercased()
            let matching = buttons.indices.filter { buttons[$0].first.map { $0.lowercased() } == letter }
            if matching.count == 1 { return .chosen(matching[0]) }
            if let next = matching.first(where: { $0 > focusedButton }) ?? matching.first { focusedButton = next }
        default: break
        }
        return .pending
    }

    /// Draws the dialog centred in `area`, sized to its text. On a small screen the message
    /// is cut before the buttons are.
    public func render(on canvas: inout Canvas, in area: Rect, styles: some StyleProvider) {
        let labels = buttons.map { "[ \($0) ]" }
        let buttonsWidth = labels.map { DisplayWidth.of($0) }.reduce(0, +) + 2 * (labels.count - 1)
        let widest = max(buttonsWidth, DisplayWidth.of(title) + 2, message.map { DisplayWidth.of($0) }.max() ?? 0)
        let innerWidth = min(widest, maxWidth, max(0, area.width - 4))
        let lines = message.flatMap { DisplayWidth.wrap($0, to: innerWidth) }
        let box = area.centered(Size(width: innerWidth + 4, height: lines.count + 5))
        let inner = canvas.drawBox(box, title: title, fill: .dialog, styles: styles)
        guard !inner.isEmpty else { return }
        let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        // Rows from the top: a gap, the message, a gap, the buttons; gaps go first when short.
        let spare = content.height - 1 - lines.count
        let topGap = spare >= 2 ? 1 : 0
        let bottomGap = spare >= 1 ? 1 : 0
        let shown = min(lines.count, max(0, content.height - 1 - topGap - bottomGap))
        for (i, line) in lines.prefix(shown).enumerated() {
            let cut = i == shown - 1 && shown < lines.count
            let text = cut ? DisplayWidth.clip(line, to: max(0, content.width - 1)) + "…" : line
            canvas.put(
                text, x: content.x, y: content.y + topGap + i, limit: content.width, role: .dialog, styles: styles)
        }
        drawButtons(labels, width: buttonsWidth, y: content.maxY - 1, in: content, on: &canvas, styles: styles)
    }

    private func drawButtons(
        _ labels: [String], width: Int, y: Int, in content: Rect, on canvas: inout Canvas,
        styles: some StyleProvider
    ) {
        var labels = labels
        var width = width
        if width > content.width {
            // Tight: drop the brackets' padding and the gaps before cutting words.
            labels = buttons.map { "[\($0)]" }
            width = labels.map { DisplayWidth.of($0) }.reduce(0, +) + labels.count - 1
        }
        if width > content.width {
            // Tighter: every button keeps an equal share, so the selected one still shows.
            let share = max(3, (content.width - (labels.count - 1)) / labels.count)
            labels = buttons.map { "[" + DisplayWidth.shorten($0, to: share - 2) + "]" }
            width = labels.map { DisplayWidth.of($0) }.reduce(0, +) + labels.count - 1
        }
        let gap =
            width > content.width || labels.count < 2
            ? 1 : (width - labels.map { DisplayWidth.of($0) }.reduce(0, +)) / (labels.count - 1)
        var x = content.x + max(0, (content.width - width) / 2)
        for (i, label) in labels.enumerated() {
            guard x < content.maxX else { break }
            x +=
                canvas.put(
                    label, x: x, y: y, limit: content.maxX - x,
                    role: i == focusedButton ? .selected : .dialog, styles: styles) + gap
        }
    }
}
