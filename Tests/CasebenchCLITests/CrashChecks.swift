import Foundation
import ServiceCore
import ServiceStore

/// What the checks after a round found: broken invariants, and acknowledged writes that are gone.
struct RoundFindings {
    var violations: [String] = []
    var lost: [String] = []
}

extension CrashState {
    /// Every check, on the database as the killed writers left it.
    mutating func check(round: Int, _ cb: Casebench) throws -> RoundFindings {
        var found = RoundFindings()
        // The program's own checks first, before anything below writes
        for check in [["verify"], ["audit", "verify"]] {
            let run = try cb.run(check + ["--db", db, "--as", "ada"])
            if run.status != 0 {
                found.violations.append("casebench \(check.joined(separator: " ")): \(run.stdout)\(run.stderr)")
            }
        }
        try checkStore(&found)
        try checkExports(round: round, cb, &found)
        try checkBackups(cb, &found)
        return found
    }

    /// No closed case without its postings, no bin holding less than it promises, and each
    /// acknowledged write in the database.
    private func checkStore(_ found: inout RoundFindings) throws {
        let store = try AppDatabase.open(at: db)
        try store.read { tx in
            for (c, why) in try tx.incompleteClosedCases() {
                found.violations.append("case \(c.rawValue) closed: \(why)")
            }
            if let level = try tx.stockLevel(sku: "P-FILTER", bin: "WH-N-A1"), level.reserved > level.onHand {
                found.violations.append("P-FILTER in WH-N-A1: \(level.reserved) reserved of \(level.onHand) on hand")
            }
            // Each acknowledged command is in the trail as many times as it was acknowledged
            // (closing, reserving and the like are the same text each time)
            let newest = try tx.auditEntries(limit: 1).last?.id ?? 0
            let entries = try tx.auditEntries(limit: Int(newest - trailBefore))
            var inTrail: [String: Int] = [:]
            for e in entries { inTrail["\(e.actingAs ?? e.account): \(e.command)", default: 0] += 1 }
            var acknowledgedTexts: [String: Int] = [:]
            for a in acknowledged where a.command != "import" {
                acknowledgedTexts["\(a.user): \(a.text)", default: 0] += 1
            }
            for (text, count) in acknowledgedTexts.sorted(by: { $0.key < $1.key })
            where inTrail[text, default: 0] < count {
                found.lost.append(
                    "\(text): acknowledged \(count) times, \(inTrail[text, default: 0]) in the audit trail")
            }
            for a in acknowledged {
                switch a.command {
                case "open":
                    if let id = a.ids["case"], try tx.serviceCase(CaseID(id)) == nil {
                        found.lost.append("\(a.text): acknowledged as case \(id), which is not there")
                    }
                case "close":
                    if let id = a.caseID, try tx.serviceCase(CaseID(id))?.status != .closed {
                        found.lost.append("close of case \(id) acknowledged, and the case is not closed")
                    }
                case "import":
                    if let customer = a.customer, try tx.customer(customer) == nil {
                        found.lost.append("import of customer \(customer) acknowledged, and it is not there")
                    }
                case "backup":
                    let path = String(a.text.dropFirst("backup ".count))
                    if !FileManager.default.fileExists(atPath: path) {
                        found.lost.append("\(a.text): acknowledged, and there is no backup")
                    }
                case "export postings":
                    if let id = a.ids["batch"], try tx.exportBatch(id) == nil {
                        found.lost.append("\(a.text): acknowledged as batch \(id), which is not recorded")
                    }
                default: break
                }
            }
        }
    }

    /// The next export finishes what a killed one left: after it, no batch is unwritten, no
    /// temporary file is left, and each batch's file is the batch, byte for byte, as
    /// `batch=N` writes it again.
    private mutating func checkExports(round: Int, _ cb: Casebench, _ found: inout RoundFindings) throws {
        let next = try cb.run(
            ["batch", "--db", db, "--as", "ada"],
            input: "export postings jsonl \(folders.exports)/after-r\(round).jsonl\n")
        if next.status != 0 { found.violations.append("the export after the round: \(next.stdout)\(next.stderr)") }
        let left = try FileManager.default.contentsOfDirectory(atPath: folders.exports).filter {
            $0.hasPrefix(".") && $0.hasSuffix(".tmp")
        }
        if !left.isEmpty { found.violations.append("temporary files left after the next export: \(left.sorted())") }
        let store = try AppDatabase.open(at: db)
        var batches: [ExportBatch] = []
        try store.read { tx in
            if let unwritten = try tx.unwrittenBatch() {
                found.violations.append("batch \(unwritten.id) still unwritten after the next export")
            }
            while let b = try tx.exportBatch(checkedBatches + Int64(batches.count) + 1) { batches.append(b) }
        }
        guard !batches.isEmpty else { return }
        let again = batches.map { "export postings jsonl \(folders.rewrites)/\($0.id).jsonl batch=\($0.id)" }
        let rewrite = try cb.run(["batch", "--db", db, "--as", "ada"], input: again.joined(separator: "\n") + "\n")
        if rewrite.status != 0 {
            found.violations.append("writing the batches again: \(rewrite.stdout)\(rewrite.stderr)")
        }
        for b in batches {
            let file = FileManager.default.contents(atPath: b.path)
            let expected = FileManager.default.contents(atPath: "\(folders.rewrites)/\(b.id).jsonl")
            if file == nil || file != expected {
                found.violations.append("batch \(b.id): \(b.path) is \(file == nil ? "missing" : "not the batch")")
            }
            try? FileManager.default.removeItem(atPath: "\(folders.rewrites)/\(b.id).jsonl")
        }
        checkedBatches = batches.last!.id
    }

    /// Every backup that took its name is a whole database that `verify` accepts; what a killed
    /// backup left is hidden, and the next backup to its name removes it. The backups are then
    /// removed, to keep a long run's disk small.
    private func checkBackups(_ cb: Casebench, _ found: inout RoundFindings) throws {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: folders.backups)
        for name in names where name.hasSuffix(".sqlite") && !name.hasPrefix(".") {
            let run = try cb.run(["verify", "--db", "\(folders.backups)/\(name)", "--as", "ada"])
            if run.status != 0 { found.violations.append("backup \(name): \(run.stdout)\(run.stderr)") }
        }
        // `.NAME.backup-<random>.tmp` (and its journal): the backup to NAME that was killed
        let cut = Set(
            names.compactMap { n -> String? in
                guard n.hasPrefix("."), let r = n.range(of: ".backup-") else { return nil }
                return String(n[n.index(after: n.startIndex)..<r.lowerBound])
            })
        for name in cut.sorted() {
            if fm.fileExists(atPath: "\(folders.backups)/\(name)") {
                found.violations.append("backup \(name) took its name and left its temporary file")
                continue
            }
            let again = try cb.run(["batch", "--db", db, "--as", "ada"], input: "backup \(folders.backups)/\(name)\n")
            if again.status != 0 { found.violations.append("backup again to \(name): \(again.stdout)\(again.stderr)") }
            let still = try fm.contentsOfDirectory(atPath: folders.backups).filter { $0.hasPrefix(".\(name).") }
            if !still.isEmpty { found.violations.append("the backup to \(name) left \(still.sorted())") }
        }
        for name in try fm.contentsOfDirectory(atPath: folders.backups) {
            try fm.removeItem(atPath: "\(folders.backups)/\(name)")
        }
    }
}
