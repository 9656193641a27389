import Foundation
import ServiceCore
import ServiceStore

/// A write a writer acknowledged: `batch --json` printed "ok" for it, or `import` ended well.
struct Acknowledged {
    /// Whose name it was done in (the user acted as), and the command as typed.
    var user: String
    var text: String
    var command: String
    var ids: [String: Int64]
    /// The case the writer was working on (for `close @`).
    var caseID: Int64?
    /// The customer an import added.
    var customer: String?
}

/// What a round's writers did before they were killed.
struct RoundRun {
    var commands = 0
    var acknowledged: [Acknowledged] = []
    var crashes: [String] = []
    var killed = 0
    var summary: String {
        "\(commands) results read, \(acknowledged.count) writes acknowledged, \(killed) writers killed"
    }
}

/// The database the rounds share, and what every round so far acknowledged: a write
/// acknowledged in round 1 must still be there after round 9.
struct CrashState {
    let db: String
    let folders: CrashFolders
    /// The newest audit entry before the round: the round's writes are the entries after it.
    var trailBefore: Int64 = 0
    /// The round's acknowledged writes, for `check`.
    var acknowledged: [Acknowledged] = []
    /// The export batches checked already.
    var checkedBatches: Int64 = 0

    init(db: String, folders: CrashFolders) {
        self.db = db
        self.folders = folders
    }

    /// Starts the writers, kills each at its moment, and collects what they acknowledged.
    mutating func run(_ crew: [CrashWriter], round: Int, _ cb: Casebench) throws -> RoundRun {
        var result = RoundRun()
        trailBefore = try AppDatabase.open(at: db).read { try $0.auditEntries(limit: 1).last?.id ?? 0 }
        let start = Date()
        var batches: [(CrashWriter, LiveProcess)] = []
        for w in crew where !w.script.isEmpty {
            let asAdmin: [String] = if case .admin = w.work { ["--as", "ada"] } else { [] }
            let p = try LiveProcess(
                ["batch", "--json", "--db", db] + asAdmin, environment: cb.environment(), directory: cb.home)
            p.send(w.script.joined(separator: "\n") + "\n")
            p.closeInput()
            batches.append((w, p))
        }
        // Importers: one `import` after another until the writer's moment comes.
        var importers = crew.filter { $0.script.isEmpty }.map {
            (writer: $0, next: 0, current: nil as LiveProcess?, customer: "")
        }
        var imported: [(String, LiveProcess)] = []
        while true {
            let elapsed = Date().timeIntervalSince(start)
            for (w, p) in batches where elapsed >= w.killAfter { p.kill() }
            for i in importers.indices {
                let w = importers[i].writer
                if let p = importers[i].current, !p.isRunning {
                    imported.append((importers[i].customer, p))
                    importers[i].current = nil
                }
                if elapsed >= w.killAfter {
                    importers[i].current?.kill()
                    continue
                }
                if importers[i].current == nil {
                    let file = try CrashWriter.importFile(
                        round: round, writer: w.index, importers[i].next, folders: folders)
                    importers[i].next += 1
                    importers[i].customer = file.customer
                    importers[i].current = try LiveProcess(
                        ["import", "--db", db, "--as", "ada", file.path], environment: cb.environment(),
                        directory: cb.home)
                }
            }
            let running = batches.contains { $0.1.isRunning } || importers.contains { $0.current?.isRunning == true }
            if !running && elapsed >= (crew.map(\.killAfter).max() ?? 0) { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        for imp in importers { if let p = imp.current { imported.append((imp.customer, p)) } }

        for (w, p) in batches {
            p.finish()
            if p.killed { result.killed += 1 }
            if p.crashed {
                result.crashes.append(
                    "writer \(w.index) crashed: \(p.process.terminationReason) \(p.process.terminationStatus); \(p.stderr)"
                )
            }
            result.acknowledged += acknowledgements(of: w, p.lines, &result.commands)
        }
        for (customer, p) in imported {
            p.finish()
            if p.killed { result.killed += 1 }
            result.commands += 1
            if p.crashed {
                result.crashes.append("import of \(customer) crashed: \(p.process.terminationStatus); \(p.stderr)")
            }
            if !p.killed && p.process.terminationStatus == 0 && p.lines.first?.hasPrefix("imported") == true {
                result.acknowledged.append(
                    Acknowledged(user: "ada", text: "import", command: "import", ids: [:], customer: customer))
            }
        }
        acknowledged = result.acknowledged
        return result
    }

    /// The writes a batch writer's printed results acknowledge, in order.
    private func acknowledgements(of w: CrashWriter, _ lines: [String], _ commands: inout Int) -> [Acknowledged] {
        var user = if case .admin = w.work { "ada" } else { "" }
        var workingOn: Int64?
        var acks: [Acknowledged] = []
        for line in lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let number = object["line"] as? Int, number >= 1, number <= w.script.count
            else { continue }
            commands += 1
            guard object["ok"] as? Bool == true else { continue }
            let text = w.script[number - 1]
            let command = object["command"] as? String ?? ""
            let ids = (object["ids"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.int64Value }
            if command == "as" {
                user = String(text.dropFirst(3))
                continue
            }
            if let c = ids["case"] { workingOn = c }
            acks.append(Acknowledged(user: user, text: text, command: command, ids: ids, caseID: workingOn))
        }
        return acks
    }
}
