import Foundation
import ServiceCore
import ServiceStore

/// Reports for supervisors and admins, computed from the data; and the ERP outbox.
enum ReportCommands {
    static let all: [CommandSpec] = [kpi, warrantyCost, reconcile, exportPostings]

    static let formatOption = OptionSpec("format", .choice(ReportTable.Format.allCases.map(\.rawValue)), "text (default), csv or json")

    /// Runs a report: the table, printed in the asked format.
    static func report(_ inv: Invocation, _ s: Session, _ make: (StoreTransaction) throws -> ReportTable) throws -> CommandResult {
        try s.authorize(.readReports)
        let format = ReportTable.Format(rawValue: inv.text("format") ?? "text")!
        let table = try s.read(make)
        var r = CommandResult(command: inv.spec.name, message: table.title, details: table.body)
        if format != .text { r.document = table.render(format) }
        return r
    }

    static let kpi = CommandSpec(
        "report kpi", "The completeness KPI (closed cases with all their postings), first-fix rate, resolution time, SLA breaches, cases by status and age, and what was posted",
        options: [formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        try report(inv, s) { tx in
            let k = try tx.kpiFigures(now: s.now)
            func pct(_ n: Int, _ of: Int) -> String { of == 0 ? "—" : String(format: "%.1f%%", 100 * Double(n) / Double(of)) }
            var rows: [[String]] = [
                ["completeness (closed cases)", pct(k.complete, k.closed), "\(k.complete) of \(k.closed)"],
                ["first-fix rate (one done visit)", pct(k.firstFix, k.closed), "\(k.firstFix) of \(k.closed)"],
                ["average resolution", k.averageResolutionHours.map { String(format: "%.1f h", $0) } ?? "—", ""],
                ["SLA breaches", "\(k.slaBreaches)", ""],
            ]
            rows += k.byStatus.map { ["cases \($0.label)", "\($0.count)", ""] }
            rows += k.openByAge.map { ["open, \($0.label)", "\($0.count)", ""] }
            rows += k.postedByKind.map { ["posted: \($0.label)", $0.amount.description, ""] }
            let notes = ["Complete = all portions on outcomes, all outcomes posted, all parts issued.",
                         "Imported history apart: \(k.importedClosed) closed case\(k.importedClosed == 1 ? "" : "s") loaded from the ERP."]
                + (try tx.incompleteClosedCases().prefix(20).map { "incomplete: case \($0.caseID): \($0.reason)" })
            return ReportTable(title: "Service KPIs", columns: ["figure", "value", "of"], rows: rows, notes: notes)
        }
    }

    static let warrantyCost = CommandSpec(
        "report warranty-cost", "Warranty and goodwill cost posted, by the item of the asset serviced",
        options: [formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        try report(inv, s) { tx in
            let rows = try tx.warrantyCostByItem()
            return ReportTable(title: "Warranty cost by item", columns: ["item", "description", "cases", "cost"],
                               rows: rows.map { [$0.sku, $0.description, "\($0.cases)", $0.cost.description] },
                               notes: ["total \(Money.sum(rows.map(\.cost)))"])
        }
    }

    static let reconcile = CommandSpec(
        "report reconcile", "Parts used on cases against issue movements in the ledger, for a month: every difference",
        arguments: [.init("month", .text, "the month, YYYY-MM")], options: [formatOption], permission: .readReports, effect: .read
    ) { inv, s in
        let text = inv.text("month")!
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), parts[0].count == 4, (1...12).contains(m) else {
            throw InputError("report reconcile: '\(text)' is not a month (YYYY-MM)")
        }
        var result = try report(inv, s) { tx in
            let differences = try tx.partLineDifferences(month: (y, m))
            return ReportTable(title: differences.isEmpty ? "\(text): parts on cases and issue movements agree"
                                                          : "\(text): \(plural(differences.count, "difference"))",
                               columns: ["case", "line", "item", "on the case", "issued"],
                               rows: differences.map { ["\($0.caseID)", $0.lineID.map(String.init(describing:)) ?? "none", $0.sku, "\($0.onLine)", "\($0.issued)"] })
        }
        result.details = try s.read { try $0.partLineDifferences(month: (y, m)).map(\.sentence) }
        return result
    }

    static let exportPostings = CommandSpec(
        "export postings", "Write the postings not yet exported to a file for the ERP, durably, then mark them exported (batch=N rewrites a past batch)",
        arguments: [.init("format", .choice(["jsonl", "csv"]), "jsonl or csv"), .init("file", .text, "the file to write")],
        options: [.init("since", .date, "only postings from this day"), .init("batch", .integer, "rewrite this past batch")],
        permission: .importExport, effect: .write
    ) { inv, s in
        try s.authorize(.importExport)
        let format = inv.text("format")!, path = URL(fileURLWithPath: inv.text("file")!).standardizedFileURL.path
        if let past = inv.integer("batch") {
            return try s.read { tx in
                guard let batch = try tx.exportBatch(Int64(past)) else { throw InputError("export postings: no batch \(past)") }
                let postings = try tx.batchPostings(batch.id)
                try DurableFile.write(Data(Outbox.render(postings, batch: batch.id, at: batch.at, format: format).utf8), to: path)
                return CommandResult(command: inv.spec.name, message: "batch \(batch.id) written again to \(path): \(plural(postings.count, "posting"))")
            }
        }
        // One transaction holds the write lock while the file is written: the batch is
        // recorded only once its file is durable, and no other export takes the same rows.
        return try s.write(inv, label: "export postings", undoable: false) { tx, _ in
            let postings = try tx.unexportedPostings(since: inv.date("since").map { Timestamp(date: $0) })
            guard !postings.isEmpty else {
                return CommandResult(command: inv.spec.name, message: "nothing new to export")
            }
            // A batch file is never overwritten by the next batch: the ERP may not have read it.
            guard !FileManager.default.fileExists(atPath: path) else {
                throw InputError("export postings: \(path) exists; each batch goes to a new file (batch=N writes a past one again)")
            }
            let batch = try tx.nextBatchID()
            try DurableFile.write(Data(Outbox.render(postings, batch: batch, at: s.now, format: format).utf8), to: path)
            try tx.recordBatch(id: batch, postings: postings, format: format, path: path, by: s.user.account, at: s.now)
            return CommandResult(command: inv.spec.name,
                                 message: "batch \(batch): \(plural(postings.count, "posting")) written to \(path), net \(Money.sum(postings.map(\.draft.amount)))",
                                 ids: ["batch": batch])
        }
    }
}

/// The record layouts of the ERP outbox (see the README): one record per posting, then one
/// batch record with the count and the net amount, so a cut-off file shows.
enum Outbox {
    static let columns = ["record", "key", "batch", "posting", "case", "closing", "kind", "amount", "amount_minor", "outcome",
                          "line", "contract", "sku", "quantity", "reverses", "at", "count"]

    static func fields(_ p: StoredPosting, batch: Int64) -> [String: Any] {
        var f: [String: Any] = [
            "record": "posting", "key": p.draft.idempotencyKey, "batch": batch, "posting": p.id, "case": p.caseID.rawValue,
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

    static func trailer(_ postings: [StoredPosting], batch: Int64, at: Timestamp) -> [String: Any] {
        let net = Money.sum(postings.map(\.draft.amount))
        return ["record": "batch", "key": "batch-\(batch)", "batch": batch, "count": postings.count, "amount": net.description,
                "amount_minor": net.minorUnits, "at": at.description]
    }

    /// The file of a batch; `at` is when the batch was made, so a past batch written again
    /// is the same file, byte for byte.
    static func render(_ postings: [StoredPosting], batch: Int64, at: Timestamp, format: String) -> String {
        let records = postings.map { fields($0, batch: batch) } + [trailer(postings, batch: batch, at: at)]
        if format == "jsonl" {
            return records.map { r in
                String(decoding: try! JSONSerialization.data(withJSONObject: r, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
        }
        let rows = records.map { r in columns.map { c in r[c].map { "\($0)" } ?? "" } }
        return ReportTable(title: "", columns: columns, rows: rows).render(.csv)
    }
}
