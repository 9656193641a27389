import Foundation
import PostgresTestSupport
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    @Suite("Reservations across processes")
    struct RaceTests {
        /// The engines the race runs on: PostgreSQL where the test cluster is given.
        static let engines = ["SQLite"] + (PostgresTestServer.url == nil ? [] : ["PostgreSQL"])

        @Test(
            "Eight processes race for the last units of one bin: never over-allocated, no winner lost, losers told how many",
            arguments: engines)
        func eightProcessesRace(engine: String) throws {
            try Self.onDemoDesk(engine) { cb, db in try race(cb, on: db) }
        }

        /// Runs `body` on the demo desk: its SQLite file, or the same desk moved to PostgreSQL.
        static func onDemoDesk(_ engine: String, _ body: (Casebench, String) throws -> Void) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let file = cb.path("desk.sqlite")
            #expect(try cb.run(["demo", "--db", file]).status == 0)
            guard engine == "PostgreSQL" else { return try body(cb, file) }
            try PostgresTestServer.withSchema { _, url in
                let moved = try cb.run(["migrate", "--db", file, "--as", "ada", "--to", url.text])
                try #require(moved.status == 0, "\(moved.stderr)")
                try body(cb, url.text)
            }
        }

        private func race(_ cb: Casebench, on db: String) throws {
            // Given 30 filters in Tia's van, and agnes's case 1
            let setup = try cb.run(
                ["batch", "--db", db, "--as", "ada"], input: "transfer P-FILTER 30 WH-N-A1 VAN-TIA\n")
            #expect(setup.status == 0)

            // When 8 processes each try 30 times to reserve one of them, all at once
            let processes = 8
            let attempts = 30
            let script = String(repeating: "reserve 1 P-FILTER 1 VAN-TIA\n", count: attempts)
            var running: [(Process, Pipe, Pipe)] = []
            for _ in 0..<processes {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: Casebench.binary)
                p.arguments = ["batch", "--json", "--db", db, "--as", "agnes"]
                p.environment = cb.environment()
                let input = Pipe()
                let output = Pipe()
                p.standardInput = input
                p.standardOutput = output
                let errors = Pipe()
                p.standardError = errors
                try p.run()
                input.fileHandleForWriting.write(Data(script.utf8))
                try input.fileHandleForWriting.close()
                running.append((p, output, errors))
            }
            var results: [[String: Any]] = []
            // What a process said on standard error: why it answered nothing, if it did not.
            var complaints: [String] = []
            let deadline = Date().addingTimeInterval(120)
            for (p, output, errors) in running {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                if !said.isEmpty { complaints.append(said) }
                while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
                if p.isRunning { p.terminate() }
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    results.append(
                        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]))
                }
            }

            // Then every attempt was answered: 30 won, the other 210 were told there were none left
            #expect(results.count == processes * attempts, "standard error: \(complaints)")
            let winners = results.filter { $0["ok"] as? Bool == true }
            let losers = results.filter { $0["ok"] as? Bool != true }
            #expect(winners.count == 30)
            // (each told who holds them: the first three of the winners' reservations, by id)
            let told = Set(losers.compactMap { $0["message"] as? String })
            #expect(
                told == [
                    "reserve: only 0 × P-FILTER available in VAN-TIA, not 1; "
                        + "1 held by reservation 3 for case 1, 1 held by reservation 4 for case 1, 1 held by reservation 5 for case 1"
                ])
            // And the stock never promised more than it holds, and no winner's reservation is lost
            let ids = Set(winners.compactMap { ($0["ids"] as? [String: Int])?["reservation"] })
            #expect(ids.count == 30)
            let store = try AppDatabase.open(at: db)
            let level = try #require(try store.read { try $0.stockLevel(sku: "P-FILTER", bin: "VAN-TIA") })
            #expect(level.onHand == 30)
            #expect(level.reserved == 30)
            let held = try store.read { try $0.reservations(caseID: CaseID(1)) }.filter { $0.sku == "P-FILTER" }
            #expect(Set(held.map(\.id.rawValue)) == Set(ids.map(Int64.init)))
            #expect(held.allSatisfy { $0.quantity == 1 && $0.status == .reserved })
            // And the ledger, stock and reservations agree
            let verify = try cb.run(["verify", "--db", db, "--as", "ada"])
            #expect(verify.status == 0)
            #expect(verify.stdout.hasPrefix("ok: the ledger, stock, valuation, reservations and part lines agree"))
        }

        @Test("casebench verify finds a tampered stock row, and report reconcile a part line without its movements")
        func verifyAndReconcile() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("v.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            #expect(try cb.run(["verify", "--db", db, "--as", "ada"]).status == 0)
            let clean = try cb.run(["report", "reconcile", "--month", "2026-06", "--db", db, "--as", "sam"])
            #expect(clean.status == 0)
            #expect(clean.stdout.hasPrefix("ok: 2026-06: parts on cases and issue movements agree\n"))

            // Tamper behind the program's back, as a bad import or a hand edit would
            try tamper(db, "UPDATE stock SET on_hand = on_hand + 1 WHERE sku = 'P-SEAL' AND bin = 'WH-N-A1'")
            try tamper(
                db, "UPDATE case_line SET quantity = 3 WHERE id = (SELECT min(id) FROM case_line WHERE kind = 'part')")
            let verify = try cb.run(["verify", "--db", db, "--as", "ada"])
            #expect(verify.status == 1)
            #expect(
                verify.stdout.contains("P-SEAL in WH-N-A1: stock says 41 on hand, 0 reserved; the ledger says 40 and 0")
            )
            #expect(verify.stdout.contains("case 3 line 1: 3 × P-SEAL on the case, 2 issued by the ledger"))
            let report = try cb.run(["report", "reconcile", "--month", "2026-06", "--db", db, "--as", "sam"])
            #expect(report.stdout.contains("2026-06: 1 difference between parts on cases and issue movements"))
            // case 3, line 1: 3 on the case, 2 issued
            #expect(report.stdout.contains("\n    3        1  P-SEAL            3       2\n"))
            // Agents do not read reports
            let agent = try cb.run(["report", "reconcile", "--month", "2026-06", "--db", db, "--as", "agnes"])
            #expect(agent.status == 1)
            #expect(agent.stdout.hasPrefix("refused: agnes is an agent and may not read reports"))
        }

        private func tamper(_ path: String, _ sql: String) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.environment = ChildEnvironment.base
            p.arguments = [
                "python3", "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path, sql,
            ]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
    }
}
