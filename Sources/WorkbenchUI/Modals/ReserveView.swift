import ServiceCore
import TextUI
import Workbench

/// Reserving parts for a case: the part number (with completion), how many and from which
/// bin — with every bin's availability shown, best first, as the part number is typed.
@MainActor
final class ReserveView {
    enum Event {
        case editing
        case submit(String)
        case cancel
    }

    let caseID: CaseID
    private let session: Session
    let item: TextField
    let quantity = TextField(value: "1")
    let bin: TextField
    private var fields: [TextField] { [item, quantity, bin] }
    private(set) var focus = 0
    private(set) var levels: [StockLevel] = []

    init(session: Session, caseID: CaseID, item sku: String = "") {
        self.session = session
        self.caseID = caseID
        item = TextField(value: sku, placeholder: "part number") { prefix in
            session.completions(for: "reserve \(caseID) \(prefix)")
        }
        bin = TextField(placeholder: "the best one") { _ in [] }
        bin.completion = { [weak self] prefix in
            (self?.levels ?? []).map(\.bin.id).filter { $0.hasPrefix(prefix) }
        }
        item.moveCursor(to: sku.count)
        refresh()
    }

    private var wanted: Int { max(1, Int(quantity.value) ?? 1) }

    /// Reads the availability of the part being typed.
    private func refresh() {
        let sku = item.value.trimmingCharacters(in: .whitespaces)
        levels = sku.isEmpty ? [] : session.availability(of: sku, for: caseID, quantity: wanted)
    }

    func handle(_ key: Key) -> Event {
        let field = fields[focus]
        let before = (item.value, quantity.value)
        switch field.handle(key) {
        case .next: focus = (focus + 1) % fields.count
        case .previous: focus = (focus + fields.count - 1) % fields.count
        case .cancel: return .cancel
        case .submit:
            // As in every form: Enter saves once no later field needs a value — the quantity is
            // proposed and the bin may be left to the best one — so a part number and Enter reserve.
            if focus == 0 && item.value.trimmingCharacters(in: .whitespaces).isEmpty {
                focus += 1
                break
            }
            return submitted()
        case .ignored where key == .control("s"):
            return submitted()
        default: break
        }
        if (item.value, quantity.value) != before { refresh() }
        return .editing
    }

    private func submitted() -> Event {
        let sku = item.value.trimmingCharacters(in: .whitespaces)
        guard !sku.isEmpty else {
            item.message = "Required"
            focus = 0
            return .editing
        }
        guard let q = Int(quantity.value), q > 0 else {
            quantity.message = "a whole number above 0"
            focus = 1
            return .editing
        }
        let chosen = bin.value.trimmingCharacters(in: .whitespaces)
        return .submit(
            CommandText.line("reserve", [String(caseID.rawValue), sku, String(q)] + (chosen.isEmpty ? [] : [chosen])))
    }

    func render(on canvas: inout Canvas, in screen: Rect, styles: some StyleProvider) -> Point? {
        let rows = min(8, max(1, levels.count))
        let box = screen.centered(Size(width: min(screen.width - 2, 72), height: min(screen.height - 2, 10 + rows)))
        let inside = canvas.drawBox(
            box, title: "Reserve parts for case \(caseID)", role: .borderFocused, fill: .dialog, styles: styles)
        var cursor: Point? = nil
        let labels = ["Part", "Quantity", "From bin"]
        for (i, field) in fields.enumerated() {
            let y = inside.y + 1 + i
            canvas.put(DisplayWidth.fit(labels[i] + ":", to: 11), x: inside.x + 1, y: y, style: styles.style(.normal))
            field.isFocused = i == focus
            let at = field.render(
                on: &canvas, in: Rect(x: inside.x + 13, y: y, width: min(30, inside.width - 14), height: 1),
                styles: styles)
            if i == focus { cursor = at }
        }
        let top = inside.y + 5
        let sku = item.value.trimmingCharacters(in: .whitespaces)
        canvas.put(
            sku.isEmpty ? "Type a part number to see where it is." : "Available, best bin first:",
            x: inside.x + 1, y: top, limit: inside.width - 2, style: styles.style(.header))
        for (i, level) in levels.prefix(rows).enumerated() {
            let enough = level.available >= wanted
            let mark = i == 0 && enough && bin.value.isEmpty ? "  ← will be used" : ""
            let text =
                "\(DisplayWidth.fit(level.bin.id, to: 10)) \(DisplayWidth.fit(level.bin.kind.rawValue, to: 6)) \(DisplayWidth.fit(level.bin.region, to: 6)) available \(level.available)\(mark)"
            canvas.put(
                text, x: inside.x + 3, y: top + 1 + i, limit: inside.width - 4, style: styles.style(enough ? .ok : .dim)
            )
        }
        if !sku.isEmpty && levels.isEmpty {
            canvas.put(
                "No stock of \(sku) (Tab completes a part number).", x: inside.x + 3, y: top + 1,
                limit: inside.width - 4,
                style: styles.style(.warning))
        }
        canvas.put(
            "Tab next · Enter on the last field or C-s reserves · Esc cancels", x: inside.x + 1, y: inside.maxY - 1,
            limit: inside.width - 2, style: styles.style(.dim))
        if focus == 0 {
            item.renderCandidates(
                on: &canvas, below: Rect(x: inside.x + 13, y: inside.y + 1, width: 30, height: 1), styles: styles)
        }
        return cursor
    }
}
