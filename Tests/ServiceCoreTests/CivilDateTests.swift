import Foundation
import PropertyBased
import Testing

@testable import ServiceCore

@Suite("CivilDate: the month rule, leap years, day numbers and text")
struct CivilDateTests {
    @Test(
        "N months from D ends on (D + N months, day clamped) − 1 day",
        arguments: [
            // The rules' own example: 2024-01-31 + 1 month = 2024-02-29 (clamped, leap year) − 1 = 2024-02-28
            ("2024-01-31", 1, "2024-02-28"),
            // not a leap year: 2023-01-31 + 1 month = 2023-02-28 (clamped) − 1 = 2023-02-27
            ("2023-01-31", 1, "2023-02-27"),
            // 2024-03-15 + 12 months = 2025-03-15 − 1 = 2025-03-14
            ("2024-03-15", 12, "2025-03-14"),
            // a calendar year: 2024-01-01 + 12 months = 2025-01-01 − 1 = 2024-12-31
            ("2024-01-01", 12, "2024-12-31"),
            // from a leap day: 2024-02-29 + 12 months = 2025-02-28 (clamped) − 1 = 2025-02-27
            ("2024-02-29", 12, "2025-02-27"),
            // across a year end into a leap February: 2023-12-31 + 2 = 2024-02-29 (clamped) − 1 = 2024-02-28
            ("2023-12-31", 2, "2024-02-28"),
            // 2024-03-01 + 1 month = 2024-04-01 − 1 = 2024-03-31
            ("2024-03-01", 1, "2024-03-31"),
            // 18 months: 2024-03-15 + 18 = 2025-09-15 − 1 = 2025-09-14
            ("2024-03-15", 18, "2025-09-14"),
        ])
    func endOfTerm(start: String, months: Int, expected: String) {
        // Given a term starting on `start`
        // When it runs for `months`
        let end = day(start).endOfTerm(months: months)
        // Then its last (inclusive) day is as the month rule computes it
        #expect(end == day(expected))
    }

    @Test(
        "Adding months keeps the day, clamped to the target month's length",
        arguments: [
            ("2024-01-31", 1, "2024-02-29"), ("2023-01-31", 1, "2023-02-28"), ("2024-11-30", 3, "2025-02-28"),
            ("2024-12-15", 1, "2025-01-15"), ("2024-03-31", -1, "2024-02-29"), ("2024-05-31", 1, "2024-06-30"),
            ("2024-01-10", 0, "2024-01-10"), ("2024-01-10", 24, "2026-01-10"),
        ])
    func addingMonths(start: String, months: Int, expected: String) {
        // Given a date, When whole months are added, Then the day is kept or clamped
        #expect(day(start).adding(months: months) == day(expected))
    }

    @Test("Leap years follow the Gregorian rule")
    func leapYears() {
        // Given years divisible by 4, by 100, by 400
        // When asked whether they are leap years
        // Then 2024 and 2000 are, 2023 and 1900 are not, and February has 29 days only then
        #expect(CivilDate.isLeap(2024))
        #expect(CivilDate.isLeap(2000))
        #expect(!CivilDate.isLeap(2023))
        #expect(!CivilDate.isLeap(1900))
        #expect(CivilDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilDate.daysIn(month: 4, year: 2025) == 30)
        #expect(CivilDate.daysIn(month: 12, year: 2025) == 31)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    }

    @Test(
        "Dates that do not exist are refused",
        arguments: [
            (2025, 2, 29), (1900, 2, 29), (2024, 13, 1), (2024, 0, 10), (2024, 4, 31), (2024, 1, 0),
            (2024, 1, 32), (0, 1, 1), (10_000, 1, 1),
        ])
    func invalidDatesRejected(year: Int, month: Int, day: Int) {
        // Given a year, month and day that name no date, When a date is made, Then there is none
        #expect(CivilDate(year: year, month: month, day: day) == nil)
    }

    @Test(
        "Day numbers count days from 1970-01-01",
        arguments: [
            ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1),
            // 1970…1999 is 30 years with 7 leap days: 30 × 365 + 7 = 10957; + Jan 31 + Feb 29 = 11017
            ("2000-03-01", 11_017),
            // 1970…2023 is 54 years with 13 leap days: 54 × 365 + 13 = 19723
            ("2024-01-01", 19_723),
        ])
    func dayNumbers(text: String, expected: Int) {
        // Given a date, When its day number is taken, Then it is the count of days since 1970-01-01
        #expect(day(text).dayNumber == expected)
        // and the day number gives the date back
        #expect(CivilDate(dayNumber: expected) == day(text))
    }

    @Test("Every day number in years 1…9999 round-trips, and the next day is the next date")
    func dayNumberRoundTrip() async {
        let first = CivilDate(year: 1, month: 1, day: 1)!.dayNumber
        let last = CivilDate(year: 9999, month: 12, day: 31)!.dayNumber
        await propertyCheck(count: 500, input: Gen.int(in: first...(last - 1))) { n in
            // Given a day number
            // When it becomes a date and back
            let date = CivilDate(dayNumber: n)
            // Then it is the same number, the fields make a valid date, and n + 1 is the following day
            #expect(date.dayNumber == n)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day) == date)
            let next = CivilDate(dayNumber: n + 1)
            if date.day < CivilDate.daysIn(month: date.month, year: date.year) {
                #expect(next.year == date.year && next.month == date.month && next.day == date.day + 1)
            } else if date.month < 12 {
                #expect(next.year == date.year && next.month == date.month + 1 && next.day == 1)
            } else {
                #expect(next.year == date.year + 1 && next.month == 1 && next.day == 1)
            }
            #expect(date < next)
        }
    }

    @Test("Days between dates count a leap day")
    func daysBetween() {
        // Given the end of February in a leap and a common year
        // When the days until 1 March are counted
        // Then 2024 has 2 (28 → 29 → 1) and 2023 has 1
        #expect(day("2024-02-28").days(until: day("2024-03-01")) == 2)
        #expect(day("2023-02-28").days(until: day("2023-03-01")) == 1)
        #expect(day("2024-03-01").adding(days: -1) == day("2024-02-29"))
        #expect(day("2024-12-31").adding(days: 1) == day("2025-01-01"))
    }

    @Test("Dates parse only as YYYY-MM-DD and print the same way")
    func parseAndFormat() {
        // Given text, When it is parsed, Then only an exact existing YYYY-MM-DD is a date
        #expect(CivilDate(parsing: "2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        for bad in [
            "2023-02-29", "2024-2-29", "24-02-29", "2024/02/29", "2024-02-29T00:00", "", "2024-02",
            "+024-02-01", "2024-02-1a", "2024--2-01", "2024-13-01",
        ] {
            #expect(CivilDate(parsing: bad) == nil, "\(bad) must not parse")
        }
        // and printing pads to four, two and two digits
        #expect(CivilDate(year: 5, month: 3, day: 7)!.description == "0005-03-07")
        #expect(day("2026-12-31").description == "2026-12-31")
    }

    @Test("Dates encode as their text and refuse text that is no date")
    func codable() throws {
        // Given a date
        let date = day("2024-02-29")
        // When it is encoded as JSON
        let json = String(decoding: try JSONEncoder().encode([date]), as: UTF8.self)
        // Then it is the YYYY-MM-DD string, and decodes back
        #expect(json == #"["2024-02-29"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: Data(json.utf8)) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2025-02-29"]"#.utf8))
        }
    }

    @Test(
        "Extending a term end counts whole months from the day after it",
        arguments: [
            // 2025-01-30 + 6: from 2025-01-31, + 6 months = 2025-07-31 − 1 = 2025-07-30,
            // the same as an 18-month term from 2024-01-31 (2025-07-31 − 1)
            ("2025-01-30", 6, "2025-07-30"),
            // a month-end stays a month-end: 2024-02-29 + 1 → from 2024-03-01 + 1 = 2024-04-01 − 1 = 2024-03-31
            ("2024-02-29", 1, "2024-03-31"),
            // 2024-12-31 + 2 → from 2025-01-01 + 2 = 2025-03-01 − 1 = 2025-02-28
            ("2024-12-31", 2, "2025-02-28"),
            // 2026-03-01 + 6 → from 2026-03-02 + 6 = 2026-09-02 − 1 = 2026-09-01
            ("2026-03-01", 6, "2026-09-01"),
            // no extension leaves the end alone
            ("2026-03-01", 0, "2026-03-01"),
        ])
    func extendingTermEnd(end: String, months: Int, expected: String) {
        // Given the last day of a term, When it is extended by whole months, Then it ends as computed
        #expect(day(end).extendingTermEnd(byMonths: months) == day(expected))
    }

    @Test("Extending the end of an N-month term by M months ends like an (N + M)-month term")
    func extensionAgreesWithLongerTerm() async {
        let first = CivilDate(year: 2000, month: 1, day: 1)!.dayNumber
        let last = CivilDate(year: 2100, month: 12, day: 31)!.dayNumber
        await propertyCheck(count: 300, input: Gen.int(in: first...last), Gen.int(in: 1...60), Gen.int(in: 0...24)) {
            n, months, ext in
            // Given a term start and its length, When its end is extended
            let start = CivilDate(dayNumber: n)
            let extended = start.endOfTerm(months: months).extendingTermEnd(byMonths: ext)
            // Then it ends where the longer term would end, at least when the start day exists in
            // every month (day ≤ 28); month-end starts may end earlier, never later
            if start.day <= 28 {
                #expect(extended == start.endOfTerm(months: months + ext))
            } else {
                let longer = start.endOfTerm(months: months + ext)
                #expect(extended <= longer && extended >= longer.adding(days: -3))
            }
        }
    }
}

@Suite("Timestamp: whole seconds in UTC")
struct TimestampTests {
    @Test("Timestamps parse and print in UTC")
    func parseAndPrint() {
        // Given text with and without seconds
        let t = Timestamp(parsing: "2026-06-16T09:00Z")
        let withSeconds = Timestamp(parsing: "2026-06-16 09:30:15")
        // When parsed, Then the date and time of day are kept and print back
        #expect(t == Timestamp(date: day("2026-06-16"), hour: 9))
        #expect(t?.secondOfDay == 9 * 3600)
        #expect(t?.description == "2026-06-16T09:00Z")
        #expect(withSeconds?.description == "2026-06-16T09:30:15Z")
        #expect(Timestamp(parsing: "2026-06-16") == Timestamp(date: day("2026-06-16")))
        for bad in [
            "2026-06-16T24:00", "2026-06-16T09:60", "2026-06-16T9:00", "2026-06-31T09:00", "2026-06-16T09:00:60",
        ] {
            #expect(Timestamp(parsing: bad) == nil, "\(bad) must not parse")
        }
    }

    @Test("A second before 1970 belongs to 1969-12-31")
    func beforeEpoch() {
        // Given one second before the epoch
        let t = Timestamp(seconds: -1)
        // When its date is taken, Then it is the last second of 1969-12-31
        #expect(t.date == day("1969-12-31"))
        #expect(t.secondOfDay == 86_399)
        #expect(t.description == "1969-12-31T23:59:59Z")
        // and adding hours moves across midnight: 23:00 + 4 h = 03:00 next day
        #expect(
            Timestamp(date: day("2025-12-31"), hour: 23).adding(hours: 4) == Timestamp(date: day("2026-01-01"), hour: 3)
        )
    }
}
