import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// The ERP's side: a scratch SQLite database that takes outbox files in, dropping any key it
/// has seen, as the ERP does.
struct ERP {
    let db = try! DatabaseQueue()

    init() throws {
        try db.write {
            try $0.execute(
                sql: """
                    CREATE TABLE posting (key TEXT PRIMARY KEY, batch INTEGER, kind TEXT, amount_minor INTEGER, case_id INTEGER, sku TEXT, quantity INTEGER);
                    CREATE TABLE batch (id INTEGER PRIMARY KEY, count INTEGER, amount_minor INTEGER)
                    """)
        }
    }

    /// Takes a JSON Lines file in; returns how many postings were new.
    @discardableResult
    func importJSONL(_ text: String) throws -> Int {
        let records = try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        return try take(records)
    }

    /// Takes a CSV file in, by its header; empty fields are absent.
    @discardableResult
    func importCSV(_ text: String) throws -> Int {
        let rows = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(rows.first)
        return try take(
            rows.dropFirst().map { row in
                Dictionary(uniqueKeysWithValues: zip(header, row).filter { !$0.1.isEmpty }.map { ($0.0, $0.1 as Any) })
            })
    }

    private func take(_ records: [[String: Any]]) throws -> Int {
        func int(_ v: Any?) -> Int64? { v.flatMap { ($0 as? NSNumber)?.int64Value ?? Int64("\($0)") } }
        return try db.write { db in
            var new = 0
            for r in records {
                if r["record"] as? String == "batch" {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO batch VALUES (?, ?, ?)",
                        arguments: [int(r["batch"]), int(r["count"]), int(r["amount_minor"])])
                    continue
                }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO posting VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        r["key"] as? String, int(r["batch"]), r["kind"] as? String, int(r["amount_minor"]),
                        int(r["case"]), r["sku"] as? String, int(r["quantity"]),
                    ])
                new += db.changesCount
            }
            return new
        }
    }

    /// Net amount by posting kind, as the ERP's books see it.
    func totals() throws -> [String: Money] {
        try db.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT kind, sum(amount_minor) AS total FROM posting GROUP BY kind"
                ).map {
                    ($0["kind"] as String, Money(minorUnits: $0["total"]))
                })
        }
    }
}

@Suite("The ERP outbox: batches written durably, exported once, imported to the same totals as the reports")
struct OutboxTests {
    @Test(
        "An export writes a batch and marks it; again, nothing new; batch=N writes the same file again; a file is never overwritten"
    )
    func batches() throws {
        let desk = try Desk()
        let folder = try Folder()
        try runAll(desk, Closed.warranty)
        let ada = try desk.session("ada")

        // When ada exports the postings
        let first = ada.run("export postings jsonl \(CommandText.quote(folder.path("b1.jsonl")))")!

        // Then the 4 postings of the closing go out as batch 1, with a batch record at the end
        #expect(first.message == "batch 1: 4 postings written to \(folder.path("b1.jsonl")), net 648.82")
        let lines = try folder.text("b1.jsonl").split(separator: "\n")
        #expect(lines.count == 5)
        let trailer = try #require(JSONSerialization.jsonObject(with: Data(lines[4].utf8)) as? [String: Any])
        #expect(
            trailer["record"] as? String == "batch" && trailer["count"] as? Int == 4
                && trailer["amount_minor"] as? Int == 648_82)
        #expect(try desk.read { try $0.unexportedPostings() }.isEmpty)

        // And exporting again finds nothing new, and writes no file
        #expect(
            ada.run("export postings jsonl \(CommandText.quote(folder.path("b2.jsonl")))")?.message
                == "nothing new to export")
        #expect(!FileManager.default.fileExists(atPath: folder.path("b2.jsonl")))

        // When another case closes, its postings alone make batch 2; an existing file is refused
        try runAll(desk, Closed.contract)
        let refused = ada.run("export postings jsonl \(CommandText.quote(folder.path("b1.jsonl")))")!
        #expect(
            refused.message
                == "export postings: \(folder.path("b1.jsonl")) exists; each batch goes to a new file (batch=N writes a past one again)"
        )
        #expect(
            ada.run("export postings csv \(CommandText.quote(folder.path("b2.csv")))")?.message
                == "batch 2: 4 postings written to \(folder.path("b2.csv")), net 734.00")

        // And batch=1 writes batch 1 again, byte for byte
        #expect(
            ada.run("export postings jsonl \(CommandText.quote(folder.path("again.jsonl"))) batch=1")?.message
                == "batch 1 written again to \(folder.path("again.jsonl")): 4 postings")
        #expect(try folder.text("again.jsonl") == folder.text("b1.jsonl"))
        #expect(ada.run("export postings jsonl x.jsonl batch=9")?.message == "export postings: no batch 9")

        // Agents do not export
        #expect(
            try desk.session("agnes").run("export postings jsonl \(CommandText.quote(folder.path("b3.jsonl")))")?
                .failure == .refused)
    }

    // A kill between the file's rename and the batch's record once left two different files
    // keyed batch-1 (the next export numbered its batch 1 again, with more postings); a kill
    // before the rename left a hidden temporary file for good.
    @Test("An export cut short is finished by the next: the recorded batch's file first, exactly, then the new batch")
    func cutShort() throws {
        let desk = try Desk()
        let folder = try Folder()
        try runAll(desk, Closed.warranty)
        let ada = try desk.session("ada")
        let b1 = folder.path("b1.jsonl")
        // Given an export killed after it recorded batch 1, mid-way through writing its file
        try desk.db.perform(
            CommandRecord(
                actor: Actor(account: "ada"), at: fixedClock(), text: "export", label: "export", undoable: false)
        ) { tx in
            try tx.recordBatch(
                id: try tx.nextBatchID(), postings: try tx.unexportedPostings(), format: "jsonl", path: b1,
                auditHead: try tx.auditHead(), by: "ada", at: fixedClock())
        }
        try Data("{\"record\":\"posting\"".utf8).write(to: URL(fileURLWithPath: folder.path(".b1.jsonl.1234.tmp")))
        // and another case closed since
        try runAll(desk, Closed.contract)

        // When ada exports again, to a new file
        let result = ada.run("export postings jsonl \(CommandText.quote(folder.path("b2.jsonl")))")!

        // Then batch 1 is written first, with its own 4 postings, then the new ones as batch 2
        #expect(
            result.message
                == "batch 1: 4 postings written to \(b1), net 648.82 (its export had been cut short); "
                + "batch 2: 4 postings written to \(folder.path("b2.jsonl")), net 734.00")
        #expect(try folder.text("b1.jsonl").split(separator: "\n").count == 5)
        #expect(try folder.text("b2.jsonl").split(separator: "\n").count == 5)
        #expect(!FileManager.default.fileExists(atPath: folder.path(".b1.jsonl.1234.tmp")))
        #expect(try desk.read { try $0.unwrittenBatch() } == nil)
        // And the two files are the two batches, as batch=N writes them again
        for (n, file) in [(1, "b1.jsonl"), (2, "b2.jsonl")] {
            _ = ada.run("export postings jsonl \(CommandText.quote(folder.path("again\(n).jsonl"))) batch=\(n)")
            #expect(try folder.text("again\(n).jsonl") == folder.text(file))
        }
    }

    @Test("An exported outbox imported into a scratch SQLite database adds up to the KPI report, kind by kind")
    func importedTotalsEqualReports() throws {
        // Given every kind of posting: a warranty case, a contract case, goodwill, a reopen
        // and a second closing, a core charged and credited, an OEM claim accepted
        let desk = try Desk(Scenario.withCores)
        let folder = try Folder()
        try runAll(desk, Closed.warranty)
        try runAll(
            desk,
            "as agnes\nrequest reopen 1 WRONG-OUTCOME\nas sam\napprove 1\nas tom\nlabour 1 30\nas agnes\nbill 1\nclose 1\nclaim open 3\nclaim accept 3 120.00"
        )
        try runAll(desk, Closed.contract)
        try runAll(
            desk,
            "as agnes\nopen C-X SN-X Heater trips the breaker\n"
                + ClosingScenarioTests.work(
                    "tom",
                    "use @ P-FAN 1 B-1\nlabour @ 60\nas agnes\nrequest goodwill 11 100.00 LOYAL-CUSTOMER\nas sofia\napprove 2\nas tom",
                    agent: "agnes"))
        try desk.tamper("UPDATE meta SET value = '2026-07-20' WHERE key = 'business_date'")
        let later = try desk.session("agnes")
        let charged = later.run("core charge 2")!
        #expect(charged.ok, "\(charged.message)")
        #expect(try desk.session("tom").run("core receive 2")?.ok == true)
        let ada = try desk.session("ada")

        // When the outbox is exported in two batches, in both formats, and the ERP takes
        // every file in — the second batch twice, as after a retry
        #expect(
            ada.run("export postings jsonl \(CommandText.quote(folder.path("1.jsonl"))) since=2026-06-15")?.ok == true)
        #expect(ada.run("export postings csv \(CommandText.quote(folder.path("1-csv.csv"))) batch=1")?.ok == true)
        let erp = try ERP()
        let taken = try erp.importJSONL(folder.text("1.jsonl"))
        let csv = try folder.text("1-csv.csv")
        let again = try erp.importCSV(csv)
        #expect(again == 0, "\(csv)")

        // Then the ERP has every posting once, and its totals equal the KPI report's
        let count = try desk.read { try $0.count(table: "posting") }
        #expect(taken == count)
        let report = try desk.session("sam").run("report kpi format=json")!
        let document = try #require(report.document)
        let json = try #require(JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: String]])
        var posted: [String: Money] = [:]
        for r in rows where r["figure"]!.hasPrefix("posted: ") {
            posted[String(r["figure"]!.dropFirst("posted: ".count))] = Money(parsing: r["value"]!)
        }
        #expect(try erp.totals() == posted)
        #expect(
            Set(posted.keys) == [
                "revenue", "warranty-cost", "goodwill-cost", "contract-consumption", "stock-issue",
                "core-charge", "core-credit", "claim-accepted",
            ])
        // And the warranty-cost report's total is the ERP's warranty and goodwill cost
        let warranty = try desk.session("sam").run("report warranty-cost")!
        let erpWarranty = try erp.totals()["warranty-cost"]! + erp.totals()["goodwill-cost"]!
        #expect(warranty.details.last == "total \(erpWarranty)")
        // And each batch record's count and net agree with the postings the ERP took
        let batches = try erp.db.read {
            try Row.fetchAll(
                $0,
                sql: """
                    SELECT b.count = (SELECT count(*) FROM posting p WHERE p.batch = b.id) AS counted,
                           b.amount_minor = (SELECT sum(amount_minor) FROM posting p WHERE p.batch = b.id) AS summed FROM batch b
                    """)
        }
        #expect(batches.count == 1 && batches.allSatisfy { ($0["counted"] as Bool) && ($0["summed"] as Bool) })
    }

    @Test("Cases loaded as history never enter the outbox and are reported apart")
    func importedHistory() throws {
        let desk = try Desk()
        let folder = try Folder()
        try runAll(desk, "as agnes\nopen C-X SN-X Heater trips the breaker")
        // As a history load from the ERP marks it
        try desk.tamper("UPDATE service_case SET imported = 1 WHERE id = 1")
        try runAll(
            desk,
            "as agnes\n"
                + ClosingScenarioTests.work("tom", "use @ P-FAN 1 B-1\nlabour @ 60", agent: "agnes")
                .replacingOccurrences(of: "@", with: "1"))
        #expect(try desk.read { try $0.count(table: "posting") } == 0)
        #expect(
            try desk.session("ada").run("export postings jsonl \(CommandText.quote(folder.path("h.jsonl")))")?.message
                == "nothing new to export")
        let kpi = try desk.session("sam").run("report kpi")!
        #expect(kpi.details.contains { $0.hasPrefix("completeness (closed cases)") && $0.hasSuffix("—  0 of 0") })
        #expect(kpi.details.contains("Imported history apart: 1 closed case loaded from the ERP."))
    }

    @Test("The completeness KPI shows less than 100 % when a closed case lacks its postings or its issues")
    func kpiCanShowLess() throws {
        let desk = try Desk()
        try runAll(desk, Closed.warranty)
        try runAll(desk, Closed.contract)
        let complete = try desk.session("sam").run("report kpi")!
        #expect(
            complete.details.contains { $0.hasPrefix("completeness (closed cases)") && $0.hasSuffix("100.0%  2 of 2") })

        // When one case's last closing lost its postings (as if closed by a version without
        // them) and another's part line no longer matches its issues
        try desk.tamper("UPDATE service_case SET closings = 2 WHERE id = 1")
        try desk.tamper("UPDATE case_line SET quantity = 3 WHERE case_id = 2 AND number = 1")
        // and a portion of case 2's second line lost a euro
        let line = try desk.read {
            try Row.fetchOne(
                $0.db,
                sql: """
                    SELECT l.id, l.amount, p.outcome_id, p.kind FROM case_line l JOIN outcome_portion p ON p.line_id = l.id
                    WHERE l.case_id = 2 AND l.number = 2 LIMIT 1
                    """)
        }!
        try desk.tamper(
            "UPDATE outcome_portion SET amount = amount - 100 WHERE line_id = \(line["id"] as Int64) AND outcome_id = \(line["outcome_id"] as Int64) AND kind = '\(line["kind"] as String)'"
        )

        // Then the KPI says so, naming each case and why
        let report = try desk.session("sam").run("report kpi")!
        #expect(report.details.contains { $0.hasPrefix("completeness (closed cases)") && $0.hasSuffix("0.0%  0 of 2") })
        #expect(report.details.contains("incomplete: case 1: outcome 1 has no posting"))
        #expect(report.details.contains("incomplete: case 1: outcome 2 has no posting"))
        #expect(report.details.contains("incomplete: case 2: line 6: 3 × P-SEAL on the case, 2 issued by the ledger"))
        let amount: Int64 = line["amount"]
        #expect(
            report.details.contains(
                "incomplete: case 2: line \(line["id"] as Int64) is \(Money(minorUnits: amount)), its portions on outcomes \(Money(minorUnits: amount - 100))"
            ),
            "\(report.details)")
        // And agents do not read it
        #expect(try desk.session("agnes").run("report kpi")?.failure == .refused)
        try desk.tamper("UPDATE case_line SET quantity = 2 WHERE case_id = 2 AND number = 1")
    }
}
