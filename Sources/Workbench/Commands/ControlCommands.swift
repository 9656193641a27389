import Foundation
import ServiceCore
import ServiceStore

/// Controls: the invariant check of the stock (the monthly reconciliation is a report) and
/// the audit trail's chain.
enum ControlCommands {
    static let all: [CommandSpec] = [verifyDatabase, auditVerify, auditRehead, auditShow, auditSecurity, backup]

    static let verifyDatabase = CommandSpec(
        "verify database", "Check that the ledger, stock, valuation, reservations and part lines agree",
        permission: .verifyStore, effect: .read
    ) { inv, s in
        try s.authorize(.verifyStore)
        return try s.read { tx in
            let problems = try tx.stockProblems(progress: s.progress)
            let (movements, rows, reservations) = try tx.ledgerSize()
            let size = "\(movements) movements, \(rows) stock rows, \(reservations) reservations"
            if problems.isEmpty {
                return CommandResult(
                    command: inv.spec.name,
                    message: "the ledger, stock, valuation, reservations and part lines agree (\(size))")
            }
            return CommandResult(
                command: inv.spec.name, message: "\(plural(problems.count, "problem")) found (\(size))",
                details: problems, failure: .invalid)
        }
    }

    enum AuditVerify {
        static let head = Option("head", .text, "a head hash known from elsewhere (an outbox batch the ERP holds)")
    }

    static let auditVerify = CommandSpec(
        "audit verify",
        "Check the audit trail's hash chain, and that it reaches the head file, the last outbox batch and head=HASH",
        options: [AuditVerify.head],
        permission: .verifyStore, effect: .read
    ) { inv, s in
        try s.authorize(.verifyStore)
        let verdict = try s.database.verifyAudit(head: inv[AuditVerify.head], progress: s.progress)
        let head = verdict.head.map { "head: entry \($0.entry) \($0.hash)" } ?? "no entries"
        if let problem = verdict.problem {
            return CommandResult(
                command: inv.spec.name, message: "the audit trail is broken: \(problem)",
                details: ["\(plural(verdict.entries, "entry")) read up to there"], failure: .invalid)
        }
        return CommandResult(
            command: inv.spec.name, message: "the audit trail holds: \(plural(verdict.entries, "entry")) chained",
            details: [head])
    }

    static let auditRehead = CommandSpec(
        "audit rehead",
        "Accept the audit trail as it is after a known loss of its head file or last entries: audited, admins only",
        permission: .verifyStore, effect: .write
    ) { inv, s in
        try s.authorize(.verifyStore)
        let (before, head) = try s.database.rehead(actor: s.actor, at: s.now)
        return CommandResult(
            command: inv.spec.name,
            message: "the trail is accepted as it is: the head file was \(before), and now names entry \(head.entry)",
            details: ["head: entry \(head.entry) \(head.hash)"])
    }

    enum AuditShow {
        static let limit = Option("limit", .integer(1...100_000), "the newest N (default 1000)")
    }

    static let auditShow = CommandSpec(
        "audit show", "A case's whole history from the audit trail, refused commands included",
        arguments: [Common.caseID], options: [AuditShow.limit],
        permission: .readReports, effect: .read
    ) { inv, s in
        try s.authorize(.readReports)
        let id = inv[Common.caseID]
        return try s.read { tx in
            _ = try tx.existingCase(id)
            let entries = try tx.auditEntries(caseID: id, limit: inv[AuditShow.limit] ?? 1000)
            return CommandResult(
                command: inv.spec.name, message: "case \(id): \(plural(entries.count, "audit entry"))",
                details: entries.map(line))
        }
    }

    enum AuditSecurity {
        static let since = Option("since", .date, "from this day on (UTC)")
    }

    static let auditSecurity = CommandSpec(
        "audit security",
        "The security events: every refused command and refused start, with a case or without",
        options: [AuditSecurity.since, AuditShow.limit],
        permission: .readReports, effect: .read
    ) { inv, s in
        try s.authorize(.readReports)
        let since = inv[AuditSecurity.since]
        return try s.read { tx in
            let entries = try tx.auditEntries(
                kind: "security", since: since.map { Timestamp(date: $0) }, limit: inv[AuditShow.limit] ?? 1000)
            let when = since.map { " since \($0)" } ?? ""
            return CommandResult(
                command: inv.spec.name, message: "\(plural(entries.count, "security event"))\(when)",
                details: entries.map { e in line(e) + (e.caseID.map { " (case \($0))" } ?? "") })
        }
    }

    /// "#12 2026-06-15 09:00 agnes (as tom) command: use 1 P-SEAL 1 B-1 — changed case_line, stock_movement".
    static func line(_ e: StoreTransaction.AuditEntry) -> String {
        let who = e.account + (e.actingAs.map { " (as \($0))" } ?? "")
        var text = "#\(e.id) \(e.at.minuteText) \(who) \(e.kind == "security" ? "REFUSED" : e.kind): \(e.command)"
        if !e.message.isEmpty { text += " — \(e.message)" }
        if !e.changedTables.isEmpty { text += " — changed \(e.changedTables.joined(separator: ", "))" }
        return text
    }

    enum Backup {
        static let file = Argument("file", .text, "the new file")
    }

    static let backup = CommandSpec(
        "backup", "Copy the database to a new file while others keep working, and check the copy",
        arguments: [Backup.file],
        permission: .backup, effect: .write
    ) { inv, s in
        try s.authorize(.backup)
        guard s.database.path != nil else { throw InputError("backup: an in-memory database has no file to copy") }
        let path = URL(fileURLWithPath: inv[Backup.file]).standardizedFileURL.path
        let head = try s.database.backup(to: path)
        let state = head.map { "audit entry \($0.entry)" } ?? "no audit entries"
        // On record once the copy is made: who took which state of the database, where to.
        try s.write(inv, label: "backup", undoable: false, auditMessage: "copied to \(path), ending at \(state)") {
            _, _ in
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return CommandResult(
            command: inv.spec.name, message: "backed up to \(path) (\(bytes / 1024) KiB), checked; it ends at \(state)",
            details: head.map { ["its audit head: \($0)"] } ?? [])
    }
}
