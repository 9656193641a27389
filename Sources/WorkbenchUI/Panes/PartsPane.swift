import ServiceCore
import TextUI
import Workbench

/// The case's visits, open reservations and lines — parts, labour, travel, expenses — each
/// with how coverage splits it; under them the billing outcomes (or what `bill` would make),
/// how coverage reached its total, and what was posted.
@MainActor
final class PartsPane: Pane {
    let id = PaneID.parts
    private var detail: CaseDetail?
    /// What each row of the table is.
    enum Row {
        case reservation(Reservation)
        case line(CaseLine)
    }
    private(set) var rowItems: [Row] = []
    let table: TableView

    init() {
        table = TableView(
            columns: [
                TableColumn("#", width: .fixed(3), alignment: .right),
                TableColumn("Part, work", width: .flex(min: 10, weight: 3)),
                TableColumn("Amount", width: .fixed(8), alignment: .right),
                TableColumn("Covered", width: .fixed(8), alignment: .right),
                TableColumn("Customer", width: .fixed(8), alignment: .right),
                TableColumn("Class, state", width: .flex(min: 8, weight: 2)),
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
        let reservations = detail?.openReservations ?? []
        rowItems = reservations.map { .reservation($0) } + (detail?.lines ?? []).map { .line($0) }
        var rows = reservations.map { r in
            TableRow(
                [
                    "R\(r.id)", "\(r.quantity) × \(r.sku) in \(r.bin)", "", "", "",
                    r.used > 0 ? "\(r.status.rawValue), \(r.remaining) held" : r.status.rawValue,
                ], role: .warning)
        }
        // A closed case is not evaluated again: its split is what its outcomes hold.
        let portions = (detail?.outcomes ?? []).flatMap(\.draft.portions)
        func onOutcomes(_ l: CaseLine, _ kinds: Set<PortionKind>) -> String {
            Money.sum(portions.filter { $0.lineID == l.id && kinds.contains($0.kind) }.map(\.amount)).description
        }
        rows += (detail?.lines ?? []).map { l in
            let c = coverage[l.id]
            if l.kind == .part, (l.quantity ?? 0) == 0 {
                return TableRow(
                    ["\(l.id)", "\(l.sku ?? "") returned to \(l.bin ?? "its bin")", "0.00", "", "", "returned"],
                    role: .dim)
            }
            guard let c else {
                let settled = !portions.isEmpty
                return TableRow([
                    "\(l.id)", l.description, l.amount.description,
                    settled ? onOutcomes(l, [.covered, .goodwill]) : "",
                    settled ? onOutcomes(l, [.customer]) : "",
                    [l.manualClassification?.rawValue, l.reasonCode].compactMap { $0 }.joined(separator: " "),
                ])
            }
            return TableRow(
                [
                    "\(l.id)", l.description, l.amount.description, (c.covered + c.goodwill).description,
                    c.customer.description,
                    "\(c.classification.rawValue) \(c.reasonCode)",
                ], role: c.manual ? .warning : nil)
        }
        // Lines and reservations go by their ids, as the command language takes them; the
        // column grows with them (a large database has seven-digit ids).
        table.columns[0].width = .fixed(max(3, rows.map { $0.cells[0].count }.max() ?? 0))
        table.source = ArrayTableSource(rows)
        if !rows.isEmpty { table.select(min(keep, rows.count - 1)) }
    }

    func handle(_ key: Key) -> Bool { table.handle(key) }

    func select(at point: Point) -> Bool {
        guard let row = table.row(at: point) else { return false }
        table.select(row)
        return true
    }

    func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider, focused: Bool) {
        var footer: String? = nil
        if let d = detail, !d.lines.isEmpty {
            let (total, covered, customer) = d.split
            footer = "total \(total) · covered \(covered) · customer \(customer)"
        }
        let inside = frame(&canvas, rect, title: PaneID.parts.title, footer: footer, styles: styles, focused: focused)
        var body = inside
        if let d = detail {
            let visits = d.visits.map {
                "visit \($0.id) \($0.technician) \($0.startsAt.minuteText.dropFirst(5)) \($0.status.rawValue)"
            }
            var info: [String] = visits.isEmpty ? ["no visit scheduled (s)"] : visits
            if d.serviceCase.noParts { info.append("no parts") }
            if d.serviceCase.noLabour { info.append("no labour") }
            for core in d.cores where core.outstanding > 0 {
                info.append("core of \(core.sku) due back (\(core.days) d\(core.billable ? ", billable" : ""))")
            }
            let (line, rest) = inside.splitTop(1)
            canvas.put(
                info.joined(separator: " · "), x: line.x, y: line.y, limit: line.width, style: styles.style(.dim))
            body = rest
        }
        let notes = self.notes
        if !notes.isEmpty, body.height >= 6 {
            let (top, bottom) = body.splitBottom(min(notes.count + 1, body.height / 2))
            for (i, note) in notes.prefix(bottom.height - 1).enumerated() {
                canvas.put(
                    note.text, x: bottom.x, y: bottom.y + 1 + i, limit: bottom.width, style: styles.style(note.role))
            }
            body = top
        }
        table.isFocused = focused
        table.render(on: &canvas, in: body, styles: styles)
    }

    /// Under the table, most telling first: the outcomes (or what F7 would build from the
    /// lines), what was posted, then how coverage reached its total.
    var notes: [(text: String, role: StyleRole)] {
        guard let d = detail else { return [] }
        var out: [(String, StyleRole)] = []
        if d.outcomes.isEmpty {
            if !d.expectedOutcomes.isEmpty {
                out.append(("bill makes: " + d.expectedOutcomes.map(\.summary).joined(separator: " · "), .dim))
            }
        } else {
            out += d.outcomes.map { o in
                ("→ \(o.draft.summary)" + (o.claim == .none ? "" : " · claim \(o.claim.rawValue)"), .normal)
            }
        }
        if !d.postings.isEmpty {
            var net: [(PostingKind, Money)] = []
            for p in d.postings {
                if let i = net.firstIndex(where: { $0.0 == p.draft.kind }) {
                    net[i].1 = net[i].1 + p.draft.amount
                } else {
                    net.append((p.draft.kind, p.draft.amount))
                }
            }
            let reversed = d.postings.contains { $0.reverses != nil }
            out.append(
                (
                    "posted\(reversed ? " (net of reversals)" : ""): "
                        + net.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: " · "), StyleRole.ok
                ))
        }
        out += d.coverageSteps.map { ($0, .dim) }
        return out
    }

    var summary: (text: String, role: StyleRole) {
        guard let d = detail else { return ("Lines: —", .dim) }
        let held = d.openReservations.map(\.remaining).reduce(0, +)
        let parts = held > 0 ? "Parts: \(held) reserved · " : ""
        if d.lines.isEmpty { return (parts + "Lines: none", held > 0 ? .warning : .normal) }
        return (parts + "Lines: \(d.lines.count) · \(Money.sum(d.lines.map(\.amount)))", held > 0 ? .warning : .normal)
    }
}
