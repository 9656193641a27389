import Foundation
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// A desk's day at once: several agents and technicians, each its own process, working
    /// their own cases through while the others do. On PostgreSQL these writes share the desk
    /// (`WriteScope`): what they still share — case numbers, a technician's calendar, a bin,
    /// the audit trail — must come out as if they had taken turns.
    @Suite("Case writes from many processes at once")
    struct CaseWritersTests {
        @Test(
            "Six processes open and schedule cases at once, then work them through to closing, using parts from two bins: numbers without gaps, no visit over another, the stock and every trail hold",
            arguments: RaceTests.engines)
        func sixProcessesWorkTheirCases(engine: String) throws {
            try RaceTests.onDemoDesk(engine) { cb, db in try workCases(cb, on: db) }
        }

        /// What each process answered, line by line (`batch --json`), all started at once.
        private func atOnce(_ cb: Casebench, on db: String, _ scripts: [String]) throws -> [[[String: Any]]] {
            let answers = Answers(count: scripts.count)
            let done = DispatchGroup()
            for (index, script) in scripts.enumerated() {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    let run = Result {
                        try Casebench.spawn(
                            Casebench.binary, ["batch", "--json", "--db", db, "--as", "agnes"], input: script,
                            environment: cb.environment(), directory: cb.home)
                    }
                    answers.set(index, run)
                }
            }
            #expect(done.wait(timeout: .now() + 300) == .success, "the processes did not end within 5 minutes")
            return try answers.all.map { result in
                let run = try result.get()
                #expect(run.stderr.isEmpty, "standard error: \(run.stderr)")
                return try run.lines.map {
                    try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
                }
            }
        }

        private func workCases(_ cb: Casebench, on db: String) throws {
            let (before, tiasBefore) = try AppDatabase.open(at: db).read {
                (try $0.count(table: "service_case"), try $0.plannedVisits(technician: "tia").count)
            }
            let processes = 6
            let rounds = 3
            let assets = [
                "C-ACME SN-WARRANTY-OK", "C-YAMADA SN-CHARGEABLE", "C-BLUM SN-CONTRACT-OK", "C-MUELLER SN-EXTENDED",
                "C-ACME SN-WARRANTY-OK", "C-YAMADA SN-CHARGEABLE",
            ]

            // When six agents each open three cases and schedule Tia's next free slot for each, at once
            let opened = try atOnce(
                cb, on: db,
                (0..<processes).map { p in
                    (0..<rounds).map { r in "open \(assets[p]) Call \(p)-\(r)\nschedule @ tia\n" }.joined()
                })
            for answers in opened {
                #expect(answers.count == 2 * rounds)
                #expect(
                    answers.allSatisfy { $0["ok"] as? Bool == true }, "\(answers.filter { $0["ok"] as? Bool != true })")
            }
            // Then the cases are numbered on from the desk's last, without a gap or a number twice
            let cases = opened.flatMap { $0 }.compactMap { ($0["ids"] as? [String: Int])?["case"] }
            #expect(cases.sorted() == Array((before + 1)...(before + processes * rounds)))
            // And no two of Tia's planned visits overlap: each took a slot the others had not
            let store = try AppDatabase.open(at: db)
            let planned = try store.read { try $0.plannedVisits(technician: "tia") }
            #expect(planned.count == tiasBefore + processes * rounds)
            for (a, b) in zip(planned, planned.dropFirst()) {
                #expect(a.endsAt <= b.startsAt, "visit \(a.id) (\(a.startsAt)–\(a.endsAt)) overlaps visit \(b.id)")
            }

            // When six processes work those cases through, as agent and technician, at once: each
            // reserves a filter and uses it, three from one bin and three from another (the
            // bins' rows apart, the part's valuation shared)
            let bins = ["WH-N-A1", "WH-S-B1"]
            let onHand = try store.read { tx in
                try bins.map { try #require(try tx.stockLevel(sku: "P-FILTER", bin: $0)).onHand }
            }
            let visits = opened.map { answers in answers.compactMap { ($0["ids"] as? [String: Int])?["visit"] } }
            let caseOf = opened.map { answers in answers.compactMap { ($0["ids"] as? [String: Int])?["case"] } }
            let worked = try atOnce(
                cb, on: db,
                (0..<processes).map { p in
                    zip(caseOf[p], visits[p]).map { c, v in
                        """
                        reserve \(c) P-FILTER 1 \(bins[p % 2])
                        as tia
                        visit \(v) done
                        use \(c) P-FILTER 1 \(bins[p % 2])
                        labour \(c) 30
                        travel \(c) 20.00
                        resolve \(c) FIXED Fixed on site
                        bill \(c)
                        as agnes
                        close \(c)

                        """
                    }.joined()
                })
            // Then every command did what it said
            for answers in worked {
                #expect(answers.count == 10 * rounds)
                #expect(
                    answers.allSatisfy { $0["ok"] as? Bool == true }, "\(answers.filter { $0["ok"] as? Bool != true })")
            }
            // And every case is closed, each bin gave nine filters and holds none reserved, and the
            // ledger, the valuation and the trail hold
            let closed = try store.read { tx in try cases.map { try tx.serviceCase(CaseID(Int64($0)))?.status } }
            #expect(closed.allSatisfy { $0 == .closed })
            for (bin, before) in zip(bins, onHand) {
                let level = try #require(try store.read { try $0.stockLevel(sku: "P-FILTER", bin: bin) })
                #expect(level.onHand == before - 9 && level.reserved == 0, "\(bin)")
            }
            let verify = try cb.run(["verify", "--db", db, "--as", "ada"])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let audit = try cb.run(["audit", "verify", "--db", db, "--as", "ada"])
            #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        }
    }
}

/// Each process's run, gathered from the threads that waited for them.
private final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Result<Casebench.Run, any Error>]

    init(count: Int) { runs = Array(repeating: .failure(CocoaError(.featureUnsupported)), count: count) }
    func set(_ index: Int, _ run: Result<Casebench.Run, any Error>) { lock.withLock { runs[index] = run } }
    var all: [Result<Casebench.Run, any Error>] { lock.withLock { runs } }
}
