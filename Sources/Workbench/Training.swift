import Foundation
import ServiceCore
import ServiceStore

/// Training databases: made from a demo dataset in `data/`, reset at will, never production.
public enum Training {
    public struct Prepared {
        public var database: AppDatabase
        public var created: Bool
        public var summary: [String]
    }

    /// The folder of dataset `name`, among the shipped files.
    public static func datasetDirectory(named name: String, environment: [String: String], executable: String)
        -> String?
    {
        ShippedFiles.locate(datasetFile(name), environment: environment, executable: executable)
            .map { ($0 as NSString).deletingLastPathComponent }
    }

    /// Where a dataset is, relative to a root of the shipped files: a folder of `data/` is a
    /// dataset when it holds this file.
    static func datasetFile(_ name: String) -> String { "data/\(name)/dataset.json" }

    /// The names of the datasets `datasetDirectory` can find: the folders of `data/` holding a
    /// `dataset.json`, under every place the shipped files are looked for, sorted, each once.
    public static func datasetNames(environment: [String: String], executable: String) -> [String] {
        var names = Set<String>()
        for root in ShippedFiles.roots(environment: environment, executable: executable) {
            let data = (root as NSString).appendingPathComponent("data")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []
            where FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(datasetFile(name))) {
                names.insert(name)
            }
        }
        return names.sorted()
    }

    /// Opens the training database at `path`, creating it from the dataset if it is missing
    /// or `reset` is asked. A production database is never touched; only a trainer resets.
    public static func prepare(
        path: String, datasetDirectory: String, reset: Bool, account: String,
        clock: @escaping @Sendable () -> Timestamp = Session.systemClock,
        progress: ProgressSink? = nil
    ) throws -> Prepared {
        if FileManager.default.fileExists(atPath: path) {
            let existing: AppDatabase
            do { existing = try AppDatabase.open(at: path) } catch StoreError.unfinished(_, _, .training) {
                // Its making stopped half-way: nothing in it was anyone's work yet.
                guard reset else {
                    throw StoreError.invalid(
                        "\(path) is unfinished: making it stopped half-way; `casebench demo --reset` makes it anew")
                }
                return try make(
                    path, replacing: true, datasetDirectory: datasetDirectory, account: account, clock: clock,
                    progress: progress)
            }
            let info = try existing.info()
            guard info.kind == .training else {
                throw StoreError.wrongKind(path: path, expected: .training, found: info.kind)
            }
            guard reset else { return Prepared(database: existing, created: false, summary: []) }
            let me = try existing.read { try $0.user(account) }
            guard me?.role.may(.resetTraining) == true else {
                let message = "\(account) may not reset \(path): only a trainer of this training database resets it"
                try existing.recordSecurityEvent(
                    actor: Actor(account: account), at: clock(), command: "demo --reset",
                    caseID: nil, message: message)
                throw IdentityError(message: message)
            }
            return try make(
                path, replacing: true, datasetDirectory: datasetDirectory, account: account, clock: clock,
                progress: progress)
        }
        return try make(
            path, replacing: false, datasetDirectory: datasetDirectory, account: account, clock: clock,
            progress: progress)
    }

    /// Makes the training database at `path` from the dataset, first removing the one there when `replacing`.
    private static func make(
        _ path: String, replacing: Bool, datasetDirectory: String, account: String,
        clock: @escaping @Sendable () -> Timestamp, progress: ProgressSink?
    ) throws -> Prepared {
        if replacing { AppDatabase.removeFiles(at: path) }
        let dataset = try Dataset.read(directory: datasetDirectory)
        let trainer = User(account: account, name: account, role: .trainer)
        let db = try AppDatabase.create(
            at: path, kind: .training, creator: trainer, at: clock(),
            businessDate: dataset.description?.businessDate)
        do {
            let summary = try load(
                dataset, into: db, account: account, directory: datasetDirectory, clock: clock, progress: progress)
            return Prepared(database: db, created: true, summary: summary)
        } catch {
            AppDatabase.removeFiles(at: path)
            throw error
        }
    }

    /// Loads master data in one command, has the generator add the cases the dataset asks
    /// for, then runs the dataset's `setup.cb` script (its stories' opening moves), as audited
    /// commands without undo history.
    static func load(
        _ dataset: Dataset, into db: AppDatabase, account: String, directory: String,
        clock: @escaping @Sendable () -> Timestamp, progress: ProgressSink? = nil
    ) throws -> [String] {
        let name = dataset.description?.name ?? (directory as NSString).lastPathComponent
        let record = CommandRecord(
            actor: Actor(account: account), at: clock(), text: "load dataset \(name)",
            label: "load dataset \(name)", undoable: false)
        _ = try db.perform(record) { tx in try dataset.write(into: tx, by: account, at: record.at) }
        var summary = ["dataset \(name): " + dataset.counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")]
        if let g = dataset.description?.generate {
            let made = try Generator.generate(
                into: db, cases: g.cases, seed: g.seed, account: account, at: clock(), progress: progress)
            summary += made.summaryLines
        }
        let script = (directory as NSString).appendingPathComponent("setup.cb")
        if let text = try? String(contentsOfFile: script, encoding: .utf8) {
            let session = try Session(database: db, account: account, clock: clock)
            session.recordsUndo = false
            var failures: [String] = []
            let run = BatchRunner.run(
                text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                session: session, json: false
            ) { out in
                if !out.hasPrefix("ok") { failures.append(out) }
            }
            if run.failures > 0 {
                throw InputError("setup.cb of dataset \(name) failed:\n" + failures.joined(separator: "\n"))
            }
            summary.append("setup.cb: \(run.commands) commands")
        }
        return summary
    }

    /// The exercises of a dataset: command-language scripts in its `exercises/` folder, each
    /// setting up a situation for a class ("the last part is reserved by a colleague").
    public static func exercises(datasetDirectory: String) -> [String] {
        let dir = (datasetDirectory as NSString).appendingPathComponent("exercises")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".cb") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// Runs exercise `name` on a training database as its trainer: its opening comment (the
    /// brief for the class) and each command's result, in order. A command that fails stops
    /// it and is named by line; what ran before it stays, so the trainer resets the database
    /// (`demo --reset`) before trying again.
    public static func runExercise(_ name: String, datasetDirectory: String, session: Session) throws -> [String] {
        let path = (datasetDirectory as NSString).appendingPathComponent("exercises/\(name).cb")
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard plain, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let known = exercises(datasetDirectory: datasetDirectory)
            throw InputError(
                "no exercise '\(name)' in \(datasetDirectory); "
                    + (known.isEmpty ? "this dataset has none" : "the exercises are " + known.joined(separator: ", ")))
        }
        guard session.info.kind == .training else { throw InputError("exercises run on training databases only") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = lines.prefix { $0.hasPrefix("#") }.map { String($0.dropFirst().drop { $0 == " " }) }
        var failed: String?
        let previous = session.recordsUndo
        session.recordsUndo = false
        defer { session.recordsUndo = previous }
        _ = BatchRunner.run(lines, session: session, json: false, stopOnError: true) { result in
            out.append(result)
            if !result.hasPrefix("ok") { failed = result }
        }
        if let failed { throw InputError("exercise \(name) could not be set up: \(failed)") }
        return out
    }
}
