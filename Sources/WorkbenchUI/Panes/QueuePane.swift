import ServiceCore
import TextUI
import Workbench

/// The agent's list: one row per case in the chosen saved view, filtered as one types.
@MainActor
final class QueuePane: Pane {
    let id = PaneID.queue
    let source: QueueSource
    let table: TableView
    /// The filter being typed, while it is.
    private(set) var filterField: TextField?

    static let views: [QueueQuery.View] = [
        .open, .mine, .visits, .unverified, .dueToday, .readyToClose, .blockedAtClose, .all,
    ]

    /// Starts on `view` (`--view`), else on the role's: a technician on his own visits — the
    /// cases he is sent to, and those he has to finish — everyone else on the open cases.
    init(session: Session, view requested: QueueQuery.View? = nil) {
        let view = requested ?? (session.user.role == .technician ? .visits : .open)
        source = QueueSource(
            session: session, query: QueueQuery(view: view, account: session.user.account, today: session.today))
        table = TableView(
            columns: Self.columns(subject: false, numberWidth: Self.numberWidth(source)), source: source,
            emptyMessage: "No cases in this view")
        if source.rowCount > 0 { table.select(0) }
    }

    /// Five columns, or the highest case number's digits where it has more.
    private static func numberWidth(_ source: QueueSource) -> Int { max(5, source.numberDigits) }

    private static func columns(subject: Bool, numberWidth: Int) -> [TableColumn] {
        var c: [TableColumn] = [
            TableColumn("#", width: .fixed(numberWidth), alignment: .right),
            TableColumn("Age", width: .fixed(4), alignment: .right),
            TableColumn("Status", width: .fixed(11)),
            TableColumn("P", width: .fixed(1)),
            TableColumn("SLA due", width: .fixed(11)),
            TableColumn("Customer", width: .flex(min: 8, weight: 2)),
            TableColumn("Serial", width: .flex(min: 8, weight: 1)),
            TableColumn("Cover", width: .fixed(10)),
            TableColumn("Close", width: .fixed(5)),
        ]
        if subject { c.append(TableColumn("Subject", width: .flex(min: 10, weight: 5))) }
        return c
    }

    var selectedCase: CaseID? { table.selectedIndex.flatMap { source.row(at: $0)?.id } }

    /// Reads the queue again, keeping the selected case selected if it is still listed
    /// near where it was, else the same position.
    func reload() {
        let keep = selectedCase
        let position = table.selectedIndex ?? 0
        source.reload()
        table.source = source
        guard source.rowCount > 0 else { return }
        if let keep {
            let lo = max(0, position - 50)
            let hi = min(source.rowCount, position + 50)
            if let found = (lo..<hi).first(where: { source.row(at: $0)?.id == keep }) {
                table.select(found)
                return
            }
        }
        table.select(min(position, source.rowCount - 1))
    }

    func setView(_ view: QueueQuery.View) {
        source.query.view = view
        table.source = source
        table.select(0)
    }

    func cycleView() {
        let i = Self.views.firstIndex(of: source.query.view) ?? 0
        setView(Self.views[(i + 1) % Self.views.count])
    }

    func cycleSort() {
        let all = QueueQuery.Sort.allCases
        source.query.sort = all[((all.firstIndex(of: source.query.sort) ?? 0) + 1) % all.count]
        table.source = source
        table.select(0)
    }

    // MARK: Filtering as one types

    func startFilter() {
        filterField = TextField(value: source.query.search, placeholder: "subject, customer, serial or #")
        filterField?.moveCursor(to: source.query.search.count)
    }

    /// A key while the filter is being typed; every change narrows the queue at once.
    func handleFilter(_ key: Key) {
        guard let field = filterField else { return }
        switch field.handle(key) {
        case .changed:
            source.query.search = field.value
            table.source = source
            if source.rowCount > 0 { table.select(0) }
        case .submit, .next:
            filterField = nil
        case .cancel:
            filterField = nil
            clearFilter()
        default:
            break
        }
    }

    func clearFilter() {
        guard !source.query.search.isEmpty else { return }
        source.query.search = ""
        table.source = source
        if source.rowCount > 0 { table.select(0) }
    }

    // MARK: Pane

    func show(_ detail: CaseDetail?) {}

    func handle(_ key: Key) -> Bool { table.handle(key) }

    func select(at point: Point) -> Bool {
        guard let row = table.row(at: point) else { return false }
        table.select(row)
        return true
    }

    /// Where the filter's cursor is, while it is typed.
    private(set) var cursor: Point?

    func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider, focused: Bool) {
        let wantSubject = rect.width >= 110
        let numberWidth = Self.numberWidth(source)
        if wantSubject != source.showsSubject || table.columns.first?.width != .fixed(numberWidth) {
            source.showsSubject = wantSubject
            table.columns = Self.columns(subject: wantSubject, numberWidth: numberWidth)
        }
        let q = source.query
        var title = "Cases · \(q.view.rawValue) · \(source.countText) · by \(q.sort.rawValue)"
        if !q.search.isEmpty && filterField == nil { title += " · /\(q.search)" }
        let inside = frame(
            &canvas, rect, title: title, footer: source.rowCount > 0 ? table.positionText : nil,
            styles: styles, focused: focused)
        var body = inside
        cursor = nil
        if let field = filterField {
            let (line, rest) = inside.splitTop(1)
            let label = canvas.put("Find: ", x: line.x, y: line.y, style: styles.style(.title))
            field.isFocused = true
            cursor = field.render(
                on: &canvas, in: Rect(x: line.x + label, y: line.y, width: line.width - label, height: 1),
                styles: styles)
            body = rest
        }
        table.isFocused = focused
        table.render(on: &canvas, in: body, styles: styles)
    }

    var summary: (text: String, role: StyleRole) {
        ("Cases: \(source.countText) \(source.query.view.rawValue)", .normal)
    }
}
