/// An instant, in whole seconds since 1970-01-01T00:00Z. Times are kept and shown in UTC.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    public var date: CivilDate {
        CivilDate(dayNumber: Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400))
    }

    public var secondOfDay: Int { Int(seconds - Int64(date.dayNumber) * 86_400) }

    /// The instants of a calendar month, its first midnight to the next month's; nil for no such month.
    public static func month(year: Int, month: Int) -> Range<Timestamp>? {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
        return Timestamp(date: first)..<Timestamp(date: first.adding(months: 1))
    }

    public func adding(hours: Int) -> Timestamp { Timestamp(seconds: seconds + Int64(hours) * 3600) }
    public func adding(seconds s: Int64) -> Timestamp { Timestamp(seconds: seconds + s) }
}

extension Timestamp: CustomStringConvertible {
    /// "2026-06-16T09:00Z" (seconds shown only when not zero).
    public var description: String {
        let sod = secondOfDay
        let h = sod / 3600
        let m = sod / 60 % 60
        let s = sod % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(two(h)):\(two(m))\(s == 0 ? "" : ":" + two(s))Z"
    }

    /// "2026-06-16 09:00": what people read on screen (UTC, to the minute).
    public var minuteText: String {
        let sod = secondOfDay
        let h = sod / 3600
        let m = sod / 60 % 60
        return "\(date) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    /// Parses "YYYY-MM-DDTHH:MM[:SS][Z]" (also with a space for T); a bare date means midnight.
    public init?(parsing text: String) {
        var t = Substring(text)
        if t.hasSuffix("Z") { t = t.dropLast() }
        let sep = t.firstIndex(where: { $0 == "T" || $0 == " " })
        guard let date = CivilDate(parsing: String(sep.map { t[..<$0] } ?? t)) else { return nil }
        guard let sep else {
            self.init(date: date)
            return
        }
        let clock = t[t.index(after: sep)...].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3,
            clock.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let h = Int(clock[0]), let m = Int(clock[1]), h < 24, m < 60
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2])! : 0
        guard s < 60 else { return nil }
        self.init(date: date, hour: h, minute: m, second: s)
    }
}
