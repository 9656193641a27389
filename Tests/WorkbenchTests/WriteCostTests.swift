import Foundation
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// What a day's writes cost, without timing them: under the desk of two hundred
/// (`Benchmarks/load.sh`) a command's time on PostgreSQL is made of its round trips to the
/// server, each a wait to be scheduled again on a shared machine. A change that adds round
/// trips to a write on PostgreSQL, or statements to one on SQLite, shows here.
@Suite("A day's writes make no more round trips than when they were measured")
struct WriteCostTests {
    /// What each command of a case's day cost when last measured: on SQLite the statements it
    /// ran (its triggers' included), on PostgreSQL its round trips.
    static let measured: [String: (sqlite: Int, postgres: Int)] = [
        "open": (59, 10), "schedule": (49, 9), "reserve": (49, 14), "release": (42, 10), "visit": (48, 7),
        "labour": (50, 10), "travel": (49, 9), "no-parts": (46, 8), "resolve": (45, 7), "bill": (55, 7),
        "close": (61, 10), "use": (58, 16),
    ]

    @Test("open, schedule, reserve, release, visit, labour, travel, no-parts, use, resolve, bill, close")
    func aCaseDay() throws {
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        let tom = try desk.session("tom")
        let day: [(Session, String)] = [
            (agnes, "open C-W SN-W Unit stops"), (agnes, "schedule 1 tom 2026-06-15T10:00 2026-06-15T12:00"),
            (agnes, "reserve 1 P-SEAL 1 B-1"), (agnes, "release 1 1"), (tom, "visit 1 done"), (tom, "labour 1 30"),
            (tom, "travel 1 45.00"), (tom, "no-parts 1"), (tom, "use 1 P-SEAL 1 B-1"),
            (tom, "resolve 1 FIXED Fixed on site"), (agnes, "bill 1"), (agnes, "close 1"),
        ]
        var ran: [String: Int] = [:]
        for (session, line) in day {
            let counter = desk.db.countStatements()
            let result = try #require(session.run(line))
            #expect(result.ok, "\(line): \(result.message)")
            ran[result.command] = desk.db.postgres == nil ? counter.value : counter.roundTrips
        }
        let engine = desk.db.postgres == nil ? "sqlite" : "postgres"
        let bound = Self.measured.mapValues { engine == "sqlite" ? $0.sqlite : $0.postgres }
        let over = ran.filter { $0.value > bound[$0.key, default: 0] }
        #expect(over.isEmpty, "\(engine): \(ran.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
    }
}
