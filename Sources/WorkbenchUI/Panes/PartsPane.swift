import ServiceCore
import TextUI
import Workbench

/// The case's visits and lines — parts, labour, travel, expenses — each with how coverage
/// splits it. (Reservations join this pane with the parts issue.)
@MainActor
final class PartsPane: Pane {
    let id = PaneID.parts
    private var detail: CaseDetail?
    private var rows: [TableRow] = []
    let table: TableView

    init() {
        table = TableView(columns: [
            TableColumn("#", width: .fixed(2), alignment: .right),
            TableColumn("Line", width: .flex(min: 10, weight: 4)),
            TableColumn("Amount", width: .fixed(9), alignment: .right),
            TableColumn("Covered", width: .fixed(9), alignment: .right),
            TableColumn("Customer", width: .fixed(9), alignment: .right),
            TableColumn("Class", width: .flex(min: 8, weight: 3)),
        ], source: ArrayTableSource([]), emptyMessage: "No lines yet: p part, l labour, t travel, e expense")
    }

    /// The line selected in the table, for classify and goodwill.
    var selectedLine: CaseLine? {
        guard let d = detail, let i = table.selectedIndex, d.lines.indices.contains(i) else { return nil }
        return d.lines[i]
    }

    func show(_ detail: CaseDetail?) {
        let keep = table.selectedIndex ?? 0
        self.detail = detail
        let coverage = Dictionary(uniqueKeysWithValues: (detail?.coverage ?? []).map { ($0.lineID, $0) })
        rows = (detail?.lines ?? []).map { l in
            let c = coverage[l.id]
            let covered = c.map { ($0.covered + $0.goodwill).description } ?? ""
            let cls = c.map { "\($0.classification.rawValue) \($0.reasonCode)" } ?? (l.manualClassification?.rawValue ?? "")
            return TableRow(["\(l.number)", l.description, l.amount.description, covered, c?.customer.description ?? "", cls],
                            role: c?.manual == true ? .warning : nil)
        }
        table.source = ArrayTableSource(rows)
        if !rows.isEmpty { table.select(min(keep, rows.count - 1)) }
    }

    func handle(_ key: Key) -> Bool { table.handle(key) }

    func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider, focused: Bool) {
        var footer: String? = nil
        if let d = detail, !d.lines.isEmpty {
            let total = Money.sum(d.lines.map(\.amount))
            let covered = Money.sum(d.coverage.map { $0.covered + $0.goodwill })
            footer = "total \(total) · covered \(covered) · customer \(total - covered)"
        }
        let inside = frame(&canvas, rect, title: PaneID.parts.title, footer: footer, styles: styles, focused: focused)
        var body = inside
        if let d = detail {
            let visits = d.visits.map { "visit \($0.id) \($0.technician) \($0.startsAt.minuteText.dropFirst(5)) \($0.status.rawValue)" }
            var info: [String] = visits.isEmpty ? ["no visit scheduled (s)"] : visits
            if d.serviceCase.noParts { info.append("no parts") }
            if d.serviceCase.noLabour { info.append("no labour") }
            let (line, rest) = inside.splitTop(1)
            canvas.put(info.joined(separator: " · "), x: line.x, y: line.y, limit: line.width, style: styles.style(.dim))
            body = rest
        }
        table.isFocused = focused
        table.render(on: &canvas, in: body, styles: styles)
    }

    var summary: (text: String, role: StyleRole) {
        guard let d = detail else { return ("Lines: —", .dim) }
        if d.lines.isEmpty { return ("Lines: none", .normal) }
        return ("Lines: \(d.lines.count) · \(Money.sum(d.lines.map(\.amount)))", .normal)
    }
}
