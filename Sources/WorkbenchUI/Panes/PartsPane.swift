import ServiceCore
import TextUI
import Workbench

/// The case's visits and lines — parts, labour, travel, expenses — each with how coverage
/// splits it. (Reservations join this pane with the parts issue.)
@MainActor
final class PartsPane: Pane {
    let id = PaneID.parts
    private var detail: CaseDetail?
    /// What each row of the table is.
    enum Row { case reservation(Reservation), line(CaseLine) }
    private(set) var rowItems: [Row] = []
    let table: TableView

    init() {
        table = TableView(columns: [
            TableColumn("#", width: .fixed(3), alignment: .right),
            TableColumn("Part, work", width: .flex(min: 10, weight: 4)),
            TableColumn("Amount", width: .fixed(9), alignment: .right),
            TableColumn("Covered", width: .fixed(9), alignment: .right),
            TableColumn("Customer", width: .fixed(9), alignment: .right),
            TableColumn("Class, state", width: .flex(min: 8, weight: 3)),
        ], source: ArrayTableSource([]), emptyMessage: "Nothing yet: r reserves, p records a part, l labour")
    }

    var selectedRow: Row? {
        guard let i = table.selectedIndex, rowItems.indices.contains(i) else { return nil }
        return rowItems[i]
    }

    /// The line selected in the table, for classify and goodwill.
    var selectedLine: CaseLine? {
        if case .line(let l)? = selectedRow { return l }
        return nil
    }

    var selectedReservation: Reservation? {
        if case .reservation(let r)? = selectedRow { return r }
        return nil
    }

    func show(_ detail: CaseDetail?) {
        let keep = table.selectedIndex ?? 0
        self.detail = detail
        let coverage = Dictionary(uniqueKeysWithValues: (detail?.coverage ?? []).map { ($0.lineID, $0) })
        // Open reservations first (what is still to be used), then the lines; closed
        // reservations are history and stay in `show`.
        let reservations = (detail?.reservations ?? []).filter(\.isOpen)
        rowItems = reservations.map { .reservation($0) } + (detail?.lines ?? []).map { .line($0) }
        var rows = reservations.map { r in
            TableRow(["R\(r.id)", "\(r.quantity) × \(r.sku) in \(r.bin)", "", "", "",
                      r.used > 0 ? "\(r.status.rawValue), \(r.remaining) held" : r.status.rawValue], role: .warning)
        }
        rows += (detail?.lines ?? []).map { l in
            let c = coverage[l.id]
            if l.kind == .part, (l.quantity ?? 0) == 0 {
                return TableRow(["\(l.number)", "\(l.sku ?? "") returned to \(l.bin ?? "its bin")", "0.00", "", "", "returned"], role: .dim)
            }
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
            for core in d.cores where core.outstanding > 0 {
                info.append("core of \(core.sku) due back (\(core.days) d\(core.billable ? ", billable" : ""))")
            }
            let (line, rest) = inside.splitTop(1)
            canvas.put(info.joined(separator: " · "), x: line.x, y: line.y, limit: line.width, style: styles.style(.dim))
            body = rest
        }
        table.isFocused = focused
        table.render(on: &canvas, in: body, styles: styles)
    }

    var summary: (text: String, role: StyleRole) {
        guard let d = detail else { return ("Lines: —", .dim) }
        let held = d.reservations.filter(\.isOpen).map(\.remaining).reduce(0, +)
        let parts = held > 0 ? "Parts: \(held) reserved · " : ""
        if d.lines.isEmpty { return (parts + "Lines: none", held > 0 ? .warning : .normal) }
        return (parts + "Lines: \(d.lines.count) · \(Money.sum(d.lines.map(\.amount)))", held > 0 ? .warning : .normal)
    }
}
