import Foundation
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// What a day's writes cost, without timing them: on PostgreSQL each statement is a round trip
/// to the server, and under the desk of two hundred (`Benchmarks/load.sh`) the round trips are
/// what a command's time is made of. A change that adds statements to a write shows here.
@Suite("A day's writes run no more statements than when they were measured")
struct WriteCostTests {
    /// The statements each command of a case's day ran when last measured, on each engine
    /// (SQLite's count takes in its triggers' statements).
    static let measured: [String: (sqlite: Int, postgres: Int)] = [
        "open": (55, 28), "schedule": (45, 34), "reserve": (45, 39), "release": (38, 33), "visit": (44, 31),
        "labour": (46, 34), "travel": (45, 33), "no-parts": (42, 31), "resolve": (41, 30), "bill": (75, 60),
        "close": (66, 47), "use": (54, 43),
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
            ran[result.command] = counter.value
        }
        let engine = desk.db.postgres == nil ? "sqlite" : "postgres"
        let bound = Self.measured.mapValues { engine == "sqlite" ? $0.sqlite : $0.postgres }
        let over = ran.filter { $0.value > bound[$0.key, default: 0] }
        #expect(over.isEmpty, "\(engine): \(ran.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
    }
}
