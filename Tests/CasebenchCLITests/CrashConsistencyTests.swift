import Foundation
import ReliabilitySupport
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// Crash consistency (issue 17): rounds in which several writers — real `casebench`
    /// processes — close cases, reserve and use parts, export postings, back up and import on
    /// one database, and are killed (SIGKILL) at moments drawn from the round's seed. After each
    /// round, on the same database: `verify` and `audit verify` pass, no closed case lacks its
    /// postings, no bin promises more than it holds, every export batch's file is its batch and
    /// no temporary file outlives the next export or backup, and every write a writer had
    /// acknowledged ("ok" printed) is there. `swift test` runs a few rounds; `Reliability/run.sh`
    /// many (CASEBENCH_RELIABILITY_ROUNDS, _WRITERS, _SEED).
    @Suite("Crash consistency")
    struct CrashConsistencyTests {
        @Test(
            "Writers killed amid closing, reserving, using, exporting, importing and backing up lose no acknowledged write, and every check holds"
        )
        func killRounds() throws {
            let seed = ReliabilityRun.seed(default: 17)
            let rounds = ReliabilityRun.count("ROUNDS", default: 6)
            let writers = ReliabilityRun.count("WRITERS", default: 4)
            var figures = Figures(harness: "crash-consistency", seed: seed)
            let log = try InputLog("crash-consistency")
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("crash.sqlite")
            let folders = try CrashFolders(home: cb.home)
            try #require(try cb.run(["demo", "--db", db]).status == 0)
            // Enough filters for every case of every round
            try #require(
                try cb.run(["batch", "--db", db, "--as", "ada"], input: "receive P-FILTER 1000000 WH-N-A1 4.00\n")
                    .status == 0)

            var state = CrashState(db: db, folders: folders)
            var failed = false
            for r in 0..<rounds {
                let roundSeed = ReliabilityRun.seed(seed, r)
                let crew = CrashWriter.round(r, writers: writers, seed: roundSeed, folders: folders)
                log.write(
                    "round \(r), seed \(seed), round seed \(roundSeed)\n"
                        + crew.map(\.description).joined(separator: "\n"))
                let ran = try state.run(crew, round: r, cb)
                log.write("round \(r): \(ran.summary)")
                let found = try state.check(round: r, cb)
                figures.inputs += ran.commands
                figures.crashes += ran.crashes.count
                figures.violations += found.violations.count
                figures.lostWrites += found.lost.count
                let problems = ran.crashes + found.violations + found.lost
                if !problems.isEmpty {
                    failed = true
                    log.write("round \(r) FAILED:\n" + problems.joined(separator: "\n"))
                }
                #expect(
                    problems.isEmpty,
                    "round \(r) of seed \(seed) (round seed \(roundSeed)); the writers are in \(log.path):\n\(problems.joined(separator: "\n"))"
                )
            }
            figures.report()
            log.finish(failed: failed)
        }
    }
}
