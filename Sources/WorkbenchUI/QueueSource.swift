import ServiceCore
import TextUI
import Workbench

/// The case queue as a table source: it reads from the store only the window the table
/// shows (the queue may hold a million cases) and keeps the total until the data changes.
final class QueueSource: TableSource {
    private let session: Session
    var query: QueueQuery { didSet { reload() } }
    /// Why the last read failed, for the status line.
    private(set) var problem: String?
    private(set) var rowCount = 0
    private var window: (offset: Int, rows: [QueueRow]) = (0, [])
    private var windowValid = false
    /// Set to the columns' layout by the pane: wide screens show the subject too.
    var showsSubject = false

    init(session: Session, query: QueueQuery) {
        self.session = session
        self.query = query
        reload()
    }

    /// Forgets what was read: the next frame reads the count and its window again.
    func reload() {
        windowValid = false
        do {
            rowCount = try session.queueCount(query)
            problem = nil
        } catch {
            problem = "\(error)"
            rowCount = 0
        }
    }

    func row(at index: Int) -> QueueRow? {
        guard index >= 0, index < rowCount else { return nil }
        if !covers(index..<(index + 1)) { fetch(index..<(index + 1)) }
        let i = index - window.offset
        return window.rows.indices.contains(i) ? window.rows[i] : nil
    }

    private func covers(_ range: Range<Int>) -> Bool {
        windowValid && range.lowerBound >= window.offset && range.upperBound <= window.offset + window.rows.count
    }

    /// Reads the asked rows and a little around them, so a step up or down reads nothing.
    private func fetch(_ range: Range<Int>) {
        let margin = 16
        let offset = max(0, range.lowerBound - margin)
        do {
            window = (offset, try session.queueRows(query, offset: offset, limit: range.count + 2 * margin))
            windowValid = true
        } catch {
            problem = "\(error)"
            window = (offset, [])
        }
    }

    func rows(_ range: Range<Int>) -> [TableRow] {
        if !covers(range) { fetch(range) }
        let now = session.now
        return range.compactMap { index -> TableRow? in
            let i = index - window.offset
            guard window.rows.indices.contains(i) else { return nil }
            return Self.tableRow(window.rows[i], now: now, withSubject: showsSubject)
        }
    }

    static func tableRow(_ r: QueueRow, now: Timestamp, withSubject: Bool) -> TableRow {
        let hours = max(0, (now.seconds - r.openedAt.seconds) / 3600)
        let age = hours >= 48 ? "\(hours / 24)d" : "\(hours)h"
        let due = r.slaDue.map { String($0.minuteText.dropFirst(5)) } ?? "—" // "06-15 16:24"
        let closure = !r.status.isOpen ? "—" : r.failingChecks == 0 ? "ready" : "\(r.failingChecks) ✗"
        var cells = [
            "\(r.id)", age, r.status.rawValue, "\(r.priority)", due, r.customerName, r.serial,
            r.entitlement?.rawValue ?? "unverified", closure,
        ]
        if withSubject { cells.append(r.subject) }
        let overdue = r.status.isOpen && (r.slaDue.map { $0 < now } ?? false)
        let role: StyleRole? = !r.status.isOpen ? .dim : overdue ? .warning : nil
        return TableRow(cells, role: role)
    }
}
