import ServiceCore
import TextUI
import Workbench

/// The case queue as a table source: it reads from the store only the window the table
/// shows (the queue may hold a million cases) and keeps the total until the data changes.
final class QueueSource: TableSource {
    private let session: Session
    var query: QueueQuery {
        didSet {
            var unsearched = query
            unsearched.search = ""
            if oldValue.search.isEmpty, !query.search.isEmpty, oldValue == unsearched {
                beforeSearch = (oldValue, held)
            } else if beforeSearch?.query != unsearched {
                beforeSearch = nil // another view or order: what was kept is not this query's
            }
            if query.search.isEmpty, let kept = beforeSearch {
                held = kept.held
                beforeSearch = nil
            } else {
                readCount()
            }
        }
    }
    /// Why the last read failed, for the status line.
    var problem: String? { held.problem }
    var rowCount: Int { held.rowCount }
    /// A search stops counting past this many cases (or sooner for a common term), and shows "10,000+".
    var searchCountCap = 10_000
    /// Whether `rowCount` stopped early: there are more.
    var countIsCapped: Bool { held.countIsCapped }
    /// The count as the title shows it: "1,234", or "10,000+".
    var countText: String { countIsCapped ? "\(rowCount.grouped)+" : rowCount.grouped }
    /// Digits in the highest case number, which the number column must fit ("1000000", not "1000…").
    var numberDigits: Int { held.numberDigits }
    /// Set to the columns' layout by the pane: wide screens show the subject too.
    var showsSubject = false

    /// What has been read of the query's cases.
    private struct Held {
        var problem: String?
        var rowCount = 0
        var countIsCapped = false
        var numberDigits = 1
        var window: (offset: Int, rows: [QueueRow]) = (0, [])
        var windowValid = false
    }
    private var held = Held()
    /// What was read before a search narrowed the queue, for clearing it (Esc) to put back
    /// without reading the count again: 6 ms of a million cases' open view. Forgotten when the
    /// data changes (`reload()`).
    private var beforeSearch: (query: QueueQuery, held: Held)?

    // The held state's parts, as the paging below reads and writes them.
    private var window: (offset: Int, rows: [QueueRow]) {
        get { held.window }
        set { held.window = newValue }
    }
    private var windowValid: Bool {
        get { held.windowValid }
        set { held.windowValid = newValue }
    }

    init(session: Session, query: QueueQuery) {
        self.session = session
        self.query = query
        readCount()
    }

    /// Forgets what was read, because the data changed: the next frame reads the count and
    /// its window again.
    func reload() {
        beforeSearch = nil
        readCount()
    }

    /// Reads the query's count; its window is read when a frame asks for rows.
    private func readCount() {
        windowValid = false
        do {
            let tally = try session.queueTally(query, cap: searchCountCap)
            held.rowCount = tally.count
            held.countIsCapped = tally.isAtLeast
            held.numberDigits = String(try session.largestCaseNumber()).count
            held.problem = nil
        } catch {
            held.problem = "\(error)"
            held.rowCount = 0
        }
    }

    func row(at index: Int) -> QueueRow? {
        guard index >= 0, index < rowCount else { return nil }
        read(index..<(index + 1))
        let i = index - window.offset
        return window.rows.indices.contains(i) ? window.rows[i] : nil
    }

    /// Makes sure the rows of `range` are held; at the end of a count that stopped early, reads
    /// on past it.
    private func read(_ range: Range<Int>) {
        if !covers(range) { fetch(range) }
        guard countIsCapped, windowValid, range.upperBound >= rowCount, let last = window.rows.last,
            window.offset + window.rows.count == rowCount
        else { return }
        do {
            try append(after: last, limit: 32)
        } catch {
            held.problem = "\(error)"
        }
    }

    private func covers(_ range: Range<Int>) -> Bool {
        windowValid && range.lowerBound >= window.offset && range.upperBound <= window.offset + window.rows.count
    }

    /// Reads the asked rows and a little around them, so a step up or down reads nothing.
    /// Next to the rows it holds it pages on from the nearest row's key — an index seek, however
    /// deep in a million cases (skipping N rows by position reads all N); a jump far from them
    /// reads by position, or backwards from the end when that is nearer (End).
    private func fetch(_ range: Range<Int>) {
        let margin = 16
        let reach = range.count + 2 * margin
        do {
            let end = window.offset + window.rows.count
            var extended = false
            if windowValid, let last = window.rows.last, range.upperBound > end, range.lowerBound <= end + reach {
                try append(after: last, limit: range.upperBound - end + margin)
                extended = true
            }
            if windowValid, let first = window.rows.first, range.lowerBound < window.offset,
                range.upperBound >= window.offset - reach
            {
                let before = try session.queueRows(
                    query, page: .before(query.key(of: first)),
                    limit: min(window.offset, window.offset - range.lowerBound + margin))
                window = (window.offset - before.count, before + window.rows)
                extended = true
            }
            if !extended {
                // Backwards from the end only when the count is the whole of it.
                if range.lowerBound > rowCount / 2, !countIsCapped {
                    let rows = try session.queueRows(
                        query, page: .before(nil), limit: min(rowCount, rowCount - range.lowerBound + margin))
                    window = (rowCount - rows.count, rows)
                } else {
                    let offset = max(0, range.lowerBound - margin)
                    window = (offset, try session.queueRows(query, page: .offset(offset), limit: reach))
                    countOn(found: window.rows.count, of: reach)
                }
            }
            trimWindow(around: range, keeping: max(256, 4 * reach))
            windowValid = true
        } catch {
            held.problem = "\(error)"
            window = (range.lowerBound, [])
        }
    }

    /// Reads up to `limit` rows after `last`, the last row held, onto the window.
    private func append(after last: QueueRow, limit: Int) throws {
        let more = try session.queueRows(query, page: .after(query.key(of: last)), limit: limit)
        window.rows += more
        countOn(found: more.count, of: limit)
    }

    /// A count that stopped early grows with the rows read past it, and becomes exact when a
    /// read finds fewer rows than it asked for: scrolling a common search goes on past "200+".
    private func countOn(found: Int, of asked: Int) {
        guard countIsCapped else { return }
        let end = window.offset + window.rows.count
        if found < asked {
            held.rowCount = end
            held.countIsCapped = false
        } else {
            held.rowCount = max(rowCount, end)
        }
    }

    /// Drops the held rows farthest from `range` beyond `keeping`, so a long scroll holds no
    /// more than a few screens.
    private func trimWindow(around range: Range<Int>, keeping: Int) {
        let excess = window.rows.count - keeping
        guard excess > 0 else { return }
        let fromFront = min(excess, max(0, range.lowerBound - window.offset))
        window = (window.offset + fromFront, Array(window.rows.dropFirst(fromFront).dropLast(excess - fromFront)))
    }

    func rows(_ range: Range<Int>) -> [TableRow] {
        read(range)
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
