import Foundation
import ServiceCore
import ServiceStore

/// The ERP outbox: postings written to files in batches.
enum OutboxCommands {
    static let all: [CommandSpec] = [exportPostings]

    enum ExportPostings {
        static let format = Argument("format", .choice(["jsonl", "csv"]), "jsonl or csv")
        static let file = Argument("file", .text, "the file to write")
        static let since = Option("since", .date, "only postings from this day")
        static let batch = Option("batch", .integer(1...Int.max), "rewrite this past batch")
    }

    static let exportPostings = CommandSpec(
        "export postings",
        "Write the postings not yet exported to a file for the ERP, durably, then mark them exported (batch=N rewrites a past batch)",
        arguments: [ExportPostings.format, ExportPostings.file],
        options: [ExportPostings.since, ExportPostings.batch],
        permission: .importExport, effect: .write
    ) { inv, s in
        try s.authorize(.importExport)
        let format = inv[ExportPostings.format]
        let path = URL(fileURLWithPath: inv[ExportPostings.file]).standardizedFileURL.path
        if let past = inv[ExportPostings.batch] {
            return try s.read { tx in
                guard let batch = try tx.exportBatch(Int64(past)) else {
                    throw InputError("export postings: no batch \(past)")
                }
                let postings = try tx.batchPostings(batch.id)
                try s.database.fileSharing.writeDurably(
                    Data(
                        Outbox.render(postings, batch: batch.id, at: batch.at, head: batch.auditHead, format: format)
                            .utf8),
                    to: path)
                return CommandResult(
                    command: inv.spec.name,
                    message: "batch \(batch.id) written again to \(path): \(plural(postings.count, "posting"))")
            }
        }
        // One export at a time writes batch files (`exportingAlone`): a batch found unwritten
        // is then one whose export was cut short, never one still being written.
        return try s.database.exportingAlone {
            // The batch and its postings are recorded first, in one transaction (no other export
            // can take the same rows); its file is written after, and the batch then marked
            // written. A crash in between leaves a recorded batch that the next export writes
            // first — exactly its postings, under its own key — so no two different files ever
            // carry one batch key.
            var resumed: String? = nil
            if let pending = try s.read({ try $0.unwrittenBatch() }) {
                resumed = try writeFile(of: pending, inv, s) + " (its export had been cut short)"
            }
            let recorded = try s.write(inv, label: "export postings", undoable: false) { tx, _ -> ExportBatch? in
                let postings = try tx.unexportedPostings(since: inv[ExportPostings.since].map { Timestamp(date: $0) })
                guard !postings.isEmpty else { return nil }
                // A batch file is never overwritten by the next batch: the ERP may not have read it.
                guard !FileManager.default.fileExists(atPath: path) else {
                    throw InputError(
                        (resumed.map { $0 + "; then " } ?? "")
                            + "export postings: \(path) exists; each batch goes to a new file (batch=N writes a past one again)"
                    )
                }
                let batch = try tx.nextBatchID()
                // The trail's head goes out with the batch: the ERP then holds a hash that a
                // trail cut off later no longer reaches (`casebench audit verify --head`).
                try tx.recordBatch(
                    id: batch, postings: postings, format: format, path: path, auditHead: try tx.auditHead(),
                    by: s.user.account, at: s.now)
                return try tx.exportBatch(batch)
            }
            guard let recorded else {
                return CommandResult(
                    command: inv.spec.name, message: (resumed.map { $0 + "; " } ?? "") + "nothing new to export")
            }
            return CommandResult(
                command: inv.spec.name,
                message: (resumed.map { $0 + "; " } ?? "") + (try writeFile(of: recorded, inv, s)),
                ids: ["batch": recorded.id])
        }
    }

    /// Writes a recorded batch's file — its postings, as recorded — durably, removing what an
    /// earlier attempt cut short left beside it, then marks the batch written.
    private static func writeFile(of batch: ExportBatch, _ inv: Invocation, _ s: Session) throws -> String {
        let postings = try s.read { try $0.batchPostings(batch.id) }
        FileSharing.removeTemporaries(of: batch.path)
        do {
            try s.database.fileSharing.writeDurably(
                Data(
                    Outbox.render(postings, batch: batch.id, at: batch.at, head: batch.auditHead, format: batch.format)
                        .utf8),
                to: batch.path)
        } catch {
            throw InputError(
                "export postings: batch \(batch.id) is recorded, but its file \(batch.path) could not be written "
                    + "(\(error)); the next export writes it first")
        }
        try s.write(inv, label: "export postings: batch \(batch.id) written", undoable: false) { tx, _ in
            try tx.markBatchWritten(batch.id)
        }
        return "batch \(batch.id): \(plural(postings.count, "posting")) written to \(batch.path), "
            + "net \(Money.sum(postings.map(\.draft.amount)))"
    }
}

/// The record layouts of the ERP outbox (see the README): one record per posting, then one
/// batch record with the count and the net amount, so a cut-off file shows.
enum Outbox {
    static let columns = [
        "record", "key", "batch", "posting", "case", "closing", "kind", "amount", "amount_minor", "outcome",
        "line", "contract", "sku", "quantity", "reverses", "at", "count", "audit_entry", "audit_hash",
    ]

    static func fields(_ p: StoredPosting, batch: Int64) -> [String: Any] {
        var f: [String: Any] = [
            "record": "posting", "key": p.draft.idempotencyKey, "batch": batch, "posting": p.id,
            "case": p.caseID.rawValue,
            "closing": p.closing, "kind": p.draft.kind.rawValue, "amount": p.draft.amount.description,
            "amount_minor": p.draft.amount.minorUnits, "at": p.at.description,
        ]
        if let v = p.draft.outcomeID { f["outcome"] = v.rawValue }
        if let v = p.draft.lineID { f["line"] = v.rawValue }
        if let v = p.draft.contract { f["contract"] = v }
        if let v = p.draft.sku { f["sku"] = v }
        if let v = p.draft.quantity { f["quantity"] = v }
        if let v = p.reverses { f["reverses"] = v }
        return f
    }

    static func trailer(_ postings: [StoredPosting], batch: Int64, at: Timestamp, head: AuditChain.Head?) -> [String:
        Any]
    {
        let net = Money.sum(postings.map(\.draft.amount))
        var f: [String: Any] = [
            "record": "batch", "key": "batch-\(batch)", "batch": batch, "count": postings.count,
            "amount": net.description, "amount_minor": net.minorUnits, "at": at.description,
        ]
        if let head {
            f["audit_entry"] = head.entry
            f["audit_hash"] = head.hash
        }
        return f
    }

    /// The file of a batch; `at` is when the batch was made, so a past batch written again
    /// is the same file, byte for byte.
    static func render(_ postings: [StoredPosting], batch: Int64, at: Timestamp, head: AuditChain.Head?, format: String)
        -> String
    {
        let records = postings.map { fields($0, batch: batch) } + [trailer(postings, batch: batch, at: at, head: head)]
        if format == "jsonl" {
            return records.map { r in
                String(
                    decoding: try! JSONSerialization.data(
                        withJSONObject: r, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
        }
        let rows = records.map { r in columns.map { c in r[c].map { "\($0)" } ?? "" } }
        return ReportTable(title: "", columns: columns, rows: rows).render(.csv)
    }
}
