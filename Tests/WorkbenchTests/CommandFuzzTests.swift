import Foundation
import ReliabilitySupport
import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

/// The training desk as a class finds it: the dataset and its setup script's cases under way.
func trainingDesk() throws -> Desk {
    let desk = try Desk(try Dataset.read(directory: TrainingDatasetTests.directory))
    _ = try desk.run(try String(contentsOfFile: TrainingDatasetTests.directory + "/setup.cb", encoding: .utf8))
    return desk
}

/// Command-line fuzzing (issue 17): random and mutated lines of the command language, run
/// in-process on the training desk as its trainer, who plays every role. Whatever a line
/// holds, nothing crashes; a line that is refused says why — naming the command, or the
/// character or quote that stops the line being read — and changes nothing at all (a refusal
/// for lack of permission adds its security event to the trail, and nothing else). Seeded:
/// input N of a seed is the same line on every run, and the failure message gives it.
@Suite("Fuzzing the command language")
struct CommandFuzzTests {
    /// Good lines to start from: the training setup and exercises, and one of each command
    /// that they do not use.
    static func corpus() throws -> [String] {
        let dir = TrainingDatasetTests.directory
        let scripts = ["setup.cb"] + Training.exercises(datasetDirectory: dir).map { "exercises/\($0).cb" }
        var lines = try scripts.flatMap {
            try String(contentsOfFile: "\(dir)/\($0)", encoding: .utf8).split(separator: "\n").map(String.init)
        }.filter { !$0.hasPrefix("#") }
        lines += [
            "reserve 1 P-SEAL 1 WH-N-A1", "release 1", "release 2 1", "return 1 1", "stock P-SEAL case=1 quantity=2",
            "core receive 1", "core charge 1", "labour 3 30 technician=tia", "travel 3 35.00 note=x",
            "expense 3 10.00 Call-out", "note 3 more text", "no-parts 1", "no-labour 1", "classify 1 billable GOODWILL",
            "classify 1 proposed", "bill 3 zero", "close 3", "cancel 5 customer withdrew", "verify 1",
            "request goodwill 1 10.00 LOYAL note=x", "request extend-cap 1 100.00 CAP", "request reopen 6 WRONG",
            "request waive-deductible 3 LOYAL", "request cover-object 1 SC-100 NEW", "request release 1 NEED for=2",
            "approve 1 note=ok", "reject 1", "approvals", "claim open 1", "claim accept 1 10.00", "claim reject 1",
            "queue view=all sort=age limit=5 offset=0", "show 1", "checklist 1", "receive P-SEAL 5 WH-N-A1 18.00",
            "transfer P-SEAL 1 WH-N-A1 VAN-TOM", "adjust P-SEAL WH-N-A1 -1 COUNT", "scrap P-SEAL 1 WH-N-A1 DAMAGED",
            "refurbish P-SEAL 1 CORES-N REFURB-N 5.00", "set core-return-days 30", "verify database", "audit verify",
            "audit show 1 limit=5", "audit security since=2026-06-01 limit=5", "report kpi format=csv",
            "report sla format=json month=2026-06 risk=4", "report leakage size=3 seed=1", "report case 1",
            "report reconcile 2026-06", "report profitability", "report warranty-cost format=json",
            "contract status SC-100 released", "contract cover SC-100 SN-CHARGEABLE", "contract uncover SC-100 SN-X",
            "asset region SN-WARRANTY-OK NORTH", "asset warranty SN-WARRANTY-OK WT-STD 2025-01-01 2027-01-01",
            "asset force-generic SN-WARRANTY-OK on", "asset reviewed SN-X", "customer reviewed C-ACME",
            "template dates WT-STD 2025-01-01 2030-01-01", "user add bob agent name=Bob", "user rate tom 61.00",
            "user set-role bob technician", "user list", "undo", "redo", "history", "as sam", "as tom", "as ada",
            "as agnes", "whoami", "help close", "help", "backup copy.sqlite", "audit rehead",
        ]
        return lines
    }

    /// What the command language's first words can be (`export` aside: it writes files where
    /// the line says, and the crash rounds run it).
    static let commandNames = CommandCatalogue.all.map(\.name).filter { !$0.hasPrefix("export") }

    /// Input `index` of `seed`: a mutated good line, most often, or a random one.
    static func line(_ seed: UInt64, _ index: Int, corpus: [String]) -> String {
        var rng = SeededGenerator(seed: ReliabilityRun.seed(seed, index))
        var line: String
        if Int.random(in: 0..<5, using: &rng) == 0 {
            let words = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                (FuzzMutations.numbers + FuzzMutations.oddities + FuzzMutations.syntax + [
                    FuzzMutations.randomWord(&rng)
                ])
                .randomElement(using: &rng)!
            }
            line = ([commandNames.randomElement(using: &rng)!] + words).joined(separator: " ")
        } else {
            line = corpus.randomElement(using: &rng)!
        }
        for _ in 0..<Int.random(in: 1...3, using: &rng) { line = FuzzMutations.mutate(line, &rng) }
        // A line that would write a file where it says is kept to the commands that do not.
        if line.split(separator: " ").first.map({ $0.hasPrefix("export") }) == true { line = "# " + line }
        return line
    }

    @Test(
        "Thousands of random and mutated command lines: no crash, every refusal says why, and a refused line changes nothing"
    )
    func fuzzLines() throws {
        let seed = ReliabilityRun.seed(default: 17)
        let count = ReliabilityRun.count("LINES", default: 2_500)
        // Where to start (CASEBENCH_RELIABILITY_FIRST): from a multiple of 500, the desk is
        // the one the same inputs of a whole run found, so a block replays alone.
        let first = ReliabilityRun.count("FIRST", default: 0)
        let corpus = try Self.corpus()
        let log = try InputLog("command-lines")
        var figures = Figures(harness: "command-lines", seed: seed)
        var failures = 0
        var desk = try trainingDesk()
        var session = try desk.session()
        var before = try everyRow(desk.db)
        for index in first..<(first + count) {
            // A fresh desk now and then: a run of lines can disable every user, or use up the stock.
            if index > first && index % 500 == 0 {
                desk = try trainingDesk()
                session = try desk.session()
                before = try everyRow(desk.db)
            }
            let line = Self.line(seed, index, corpus: corpus)
            log.write("\(index)\t\(line.debugDescription)")
            let changes = try rowChanges(desk.db)
            let result = session.run(line)
            log.write("\(index)\t→ \(String((result?.text() ?? "nothing").prefix(300)).debugDescription)")
            // A line that had SQLite change no row at all (most are refused before they read
            // anything) left every table as it was; any other is compared, table by table.
            let unchanged = try changes != nil && rowChanges(desk.db) == changes
            let after = unchanged ? before : try everyRow(desk.db)
            var problems: [String] = []
            if let result, !result.ok {
                problems += Self.unclear(result, line: line)
                var written = after
                if result.failure == .refused {
                    // Its security event, and nothing else (but the number the next entry takes)
                    if rows(written["audit_entry"]) != rows(before["audit_entry"]) + 1 {
                        problems.append("a refusal for permission did not record one security event")
                    }
                    written["audit_entry"] = before["audit_entry"]
                    // On PostgreSQL the head kept in the database moves with the trail
                    written["audit_head"] = before["audit_head"]
                    written["sqlite_sequence"] = before["sqlite_sequence"]
                    written["id_counters"] = before["id_counters"]
                }
                if written != before {
                    problems.append(
                        "refused, and changed \(written.keys.filter { written[$0] != before[$0] }.sorted())")
                }
            } else if result == nil && after != before {
                problems.append("a blank or comment line changed the database")
            }
            before = after
            if !problems.isEmpty {
                failures += 1
                log.write("\(index) FAILED: \(problems)")
            }
            #expect(
                problems.isEmpty,
                "seed \(seed), input \(index): \(line.debugDescription) → \(result?.text() ?? "nothing"): \(problems)")
            figures.inputs += 1
            if failures >= 20 { break }
        }
        // Whatever the lines did, they did as commands: the ledger and the trail hold
        #expect(try desk.read { try $0.stockProblems() } == [])
        #expect(try desk.db.verifyAudit().problem == nil)
        figures.violations = failures
        figures.report()
        log.finish(failed: failures > 0)
    }

    /// Why a refusal's message does not say what went wrong: it is empty, or it names nothing
    /// the user typed — neither the command, nor a word of the line, nor (for a line that
    /// cannot be read as words) what stopped it, nor (for a missing permission) what the
    /// user may not do.
    static func unclear(_ result: CommandResult, line: String) -> [String] {
        let message = result.message
        if message.trimmingCharacters(in: .whitespaces).isEmpty { return ["the refusal says nothing"] }
        // The line's words as the command language reads them, and the message's
        let words = ((try? CommandLexer.words(line)) ?? []).map(\.text)
        let said = Set(message.split(whereSeparator: { " ,;:()'\"".contains($0) }).map(String.init))
        let named: Bool
        if message.hasPrefix("unknown command") {
            named = message.hasPrefix("unknown command '\(words.first ?? "")'")
        } else if result.command.isEmpty {
            // The line could not be read as words: what stopped it
            named = ["character", "quote", "escape"].contains { message.contains($0) }
        } else {
            // The command, a word or number of the line (a record, a value), the record an `@`
            // stood for, or what the user may not do
            let numbers = Set(words.compactMap { Int($0) })
            // An option's value stands alone in a message ("no user t" for technician=t)
            let values = words + words.compactMap { $0.split(separator: "=", maxSplits: 1).last.map(String.init) }
            named =
                message.contains(result.command)
                || values.contains { $0.count > 1 ? message.contains($0) : said.contains($0) }
                || said.contains { Int($0).map(numbers.contains) == true }
                || (words.contains { $0.hasPrefix("@") }
                    && message.contains(#/(case|visit|line|reservation|override|outcome) [0-9]+/#))
                || (result.failure == .refused && message.contains(" may "))
        }
        return named ? [] : ["the refusal names nothing in the line: \(message)"]
    }
}

/// The rows an `everyRow` table text holds.
private func rows(_ table: String?) -> Int { Int(table?.prefix { $0 != ":" } ?? "") ?? 0 }
