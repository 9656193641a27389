import Foundation
import ServiceCore

/// The writers of one crash round and what each is given to do, all drawn from the round's
/// seed: which work, as whom, and when the test kills it. The same seed and round make the same
/// writers; `description` is what the log holds, so a failing round can be read and run again.
struct CrashWriter: CustomStringConvertible {
    enum Work {
        /// A `batch` process working cases through to closing, in one agent's and technician's name.
        case cases(agent: String, technician: String, customer: String, serial: String)
        /// A `batch` process exporting postings, taking backups and receiving stock, as the admin.
        case admin
        /// One `import` process after another, each adding a customer.
        case importer
    }

    var index: Int
    var work: Work
    /// Seconds after the round starts at which the test kills it.
    var killAfter: Double
    /// The lines of a `batch` writer, in order (empty for the importer).
    var script: [String]

    var description: String {
        let head = "writer \(index) (\(work)), killed after \(String(format: "%.3f", killAfter)) s"
        return script.isEmpty ? head : head + ":\n" + script.map { "    " + $0 }.joined(separator: "\n")
    }

    /// The round's writers: case workers, an admin and an importer in turn, so that every kind
    /// of write is under way when the kills come, and more of each with more writers.
    static func round(
        _ round: Int, writers: Int, seed: UInt64, folders: CrashFolders
    ) -> [CrashWriter] {
        var rng = SeededGenerator(seed: seed)
        let cycle: [Work] = [
            .cases(agent: "agnes", technician: "tom", customer: "C-FJORD", serial: "SN-DAY-AFTER"), .admin,
            .cases(agent: "arun", technician: "tia", customer: "C-YAMADA", serial: "SN-CHARGEABLE"), .importer,
        ]
        return (0..<writers).map { w in
            let work = cycle[w % cycle.count]
            // Late enough that a debug build has opened its session — later with more writers
            // starting at once — and early enough to land amid the work.
            let killAfter = Double.random(in: 0.3...(1.5 + 0.4 * Double(writers)), using: &rng)
            let tag = "r\(round)w\(w)"
            var script: [String] = []
            switch work {
            case .cases(let agent, let technician, let customer, let serial):
                for i in 0..<40 {
                    script += [
                        "as \(agent)",
                        "open \(customer) \(serial) Reliability \(tag)i\(i) priority=3",
                        "schedule @ \(technician) 2026-06-15T13:00 2026-06-15T14:00",
                        "reserve @ P-FILTER 1 WH-N-A1",
                        "as \(technician)",
                        "visit @ done",
                        "use @ P-FILTER 1 WH-N-A1",
                        "labour @ 30",
                        "resolve @ REPLACED-PART Filter changed \(tag)i\(i)",
                        "as \(agent)",
                        "bill @",
                        "close @",
                    ]
                }
            case .admin:
                for i in 0..<40 {
                    script += [
                        "export postings jsonl \(folders.exports)/\(tag)i\(i).jsonl",
                        "backup \(folders.backups)/\(tag)i\(i).sqlite",
                        "receive P-FILTER 5 WH-N-A1 4.00",
                    ]
                }
            case .importer:
                break
            }
            return CrashWriter(index: w, work: work, killAfter: killAfter, script: script)
        }
    }

    /// The importer's `i`th file: one new customer, in a folder of its own (the file is named
    /// for its kind).
    static func importFile(round: Int, writer: Int, _ i: Int, folders: CrashFolders) throws -> (
        path: String, customer: String
    ) {
        let customer = "C-R\(round)W\(writer)I\(i)"
        let dir = "\(folders.imports)/r\(round)w\(writer)i\(i)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/customers.csv"
        try "id,name,region\n\(customer),Reliability customer \(i),NORTH\n".write(
            toFile: path, atomically: false, encoding: .utf8)
        return (path, customer)
    }
}

/// Where a crash test's writers put their files.
struct CrashFolders {
    var exports: String
    var backups: String
    var imports: String
    /// Where the checks write past batches again, to compare.
    var rewrites: String

    init(home: String) throws {
        exports = home + "/exports"
        backups = home + "/backups"
        imports = home + "/imports"
        rewrites = home + "/rewrites"
        for dir in [exports, backups, imports, rewrites] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }
}
