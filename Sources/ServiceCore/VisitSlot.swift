/// When a technician can next be sent: the first window of a visit's length, from a given
/// time, that overlaps none of his planned visits. Working hours are not modelled — the desk
/// moves a proposed window that falls at night.
public enum VisitSlot {
    /// How long a visit is when nobody says: the window an agent books by default.
    public static let defaultLength: Int64 = 2 * 3600

    /// The first start at or after `from` whose window of `length` seconds overlaps no window
    /// in `busy` (each `start..<end`; a visit ending at 10:00 leaves 10:00 free).
    public static func firstFree(from: Timestamp, length: Int64, busy: [(start: Timestamp, end: Timestamp)])
        -> Timestamp
    {
        var start = from
        for visit in busy.sorted(by: { $0.start < $1.start }) {
            if visit.end <= start { continue }
            if visit.start >= start.adding(seconds: length) { break }
            start = visit.end
        }
        return start
    }

    /// The next whole hour after `now`: where a proposed visit starts.
    public static func nextHour(after now: Timestamp) -> Timestamp {
        Timestamp(seconds: (now.seconds / 3600 + 1) * 3600)
    }
}
