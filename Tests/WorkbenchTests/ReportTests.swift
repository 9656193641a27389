import Foundation
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

/// A report's rows as JSON objects, column → cell, with its sections by title.
struct ReportDocument {
    let json: [String: Any]

    init(_ result: CommandResult) throws {
        let text = try #require(result.document, "\(result.command): \(result.message)")
        json = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    var rows: [[String: String]] { json["rows"] as? [[String: String]] ?? [] }
    var notes: [String] { json["notes"] as? [String] ?? [] }

    func section(_ prefix: String) -> [[String: String]] {
        let sections = json["sections"] as? [[String: Any]] ?? []
        return sections.first { ($0["title"] as? String)?.hasPrefix(prefix) == true }?["rows"] as? [[String: String]]
            ?? []
    }
}

@Suite("Reports: SLA, reconciliation, contract profitability, leakage and the completion report, from the data")
struct ReportTests {
    func report(_ desk: Desk, _ line: String) throws -> ReportDocument {
        let r = try #require(try desk.session("sam").run(line + " format=json"))
        #expect(r.ok, "\(line): \(r.message)")
        return try ReportDocument(r)
    }

    @Test("Contract profitability: the fee earned by today against the covered work at cost, to the cent")
    func profitability() throws {
        let desk = try Desk()
        try runAll(desk, Closed.contract)
        let k1 = try #require(try report(desk, "report profitability").rows.first { $0["contract"] == "K-1" })
        // Covered 198.00 less the 50.00 deductible, capped by the 120.00 balance: the 78.00
        // reduction shared 35.45 (seals) / 42.55 (labour), so seals 54.55 and labour 65.45 covered.
        // At cost: the seals issued at 2 × 18.00 = 36.00, covered share 36.00 × 54.55 / 90.00 =
        // 21.82; labour at its amount 65.45: 87.27. Fee 2400.00 × 166 / 365 days = 1091.51.
        #expect(k1["cases"] == "1")
        #expect(k1["covered"] == "120.00")
        #expect(k1["cost"] == "87.27")
        #expect(k1["earned"] == "1091.51")
        #expect(k1["margin"] == "1004.24")
        #expect(k1["billed beyond"] == "428.00")
        #expect(k1["margin %"] == "92.0%")
    }

    @Test("The fee is earned day by day over the term: nothing before it starts, all of it once it ends")
    func feeEarned() {
        let k = ServiceContract(
            number: "K", customerID: "C", tier: "Gold", regions: [], status: .released,
            start: day("2026-01-01"), end: day("2026-12-31"), fee: money("365.00"), coveredSerials: [],
            coverage: CoveragePercents(parts: 0, labour: 0, travel: 0, expenses: 0))
        #expect(FinanceReports.feeEarned(k, by: day("2025-12-31")) == .zero)
        #expect(FinanceReports.feeEarned(k, by: day("2026-01-01")) == money("1.00"))
        #expect(FinanceReports.feeEarned(k, by: day("2026-12-31")) == money("365.00"))
        #expect(FinanceReports.feeEarned(k, by: day("2027-06-01")) == money("365.00"))
    }

    @Test(
        "SLA: a visit after the due time is a breach in the report and the KPI alike; an unserved case near its due time is at risk"
    )
    func sla() throws {
        let desk = try Desk()
        // NORTH answers in 8 h: opened 09:00, due 17:00; the visit starts at 18:30, 1.5 h late
        try runAll(
            desk,
            """
            as agnes
            open C-W SN-W Unit stops mid-cycle priority=2
            schedule @ tom 2026-06-15T18:30 2026-06-15T19:30
            as tom
            visit @ done
            as arun
            open C-X SN-X Heater trips the breaker priority=3
            open C-K SN-K2 Boiler leaks priority=3
            schedule @ tia 2026-06-16T08:00 2026-06-16T09:00
            """)
        let r = try report(desk, "report sla risk=48")
        #expect(
            r.rows.first { $0["priority"] == "P2" } == [
                "priority": "P2", "cases": "1", "breached": "1", "breached %": "100.0%", "at risk": "0",
            ])
        // Both EAST and SOUTH answer in 24 h: due 06-16 09:00, inside the 48 h window; a planned visit is no service yet
        #expect(
            r.rows.first { $0["priority"] == "P3" } == [
                "priority": "P3", "cases": "2", "breached": "0", "breached %": "0.0%", "at risk": "2",
            ])
        let exceptions = r.section("Breached or at risk")
        #expect(exceptions.map { $0["case"] } == ["1", "2", "3"])
        #expect(exceptions[0]["late by"] == "1.5 h" && exceptions[0]["served"] == "2026-06-15 18:30")
        #expect(exceptions[1]["late by"] == "due in 24.0 h" && exceptions[1]["served"] == "not yet")
        // The default window of 4 h puts neither at risk
        #expect(try report(desk, "report sla").rows.last?["at risk"] == "0")
        // And the KPI counts the same breach
        let kpi = try report(desk, "report kpi").rows.first { $0["figure"] == "SLA breaches" }
        #expect(kpi?["value"] == "1")
        // Cases due in another month are left out
        #expect(try report(desk, "report sla month=2026-07").rows.last?["cases"] == "0")
        #expect(
            try desk.session("sam").run("report sla month=June")?.message
                == "report sla: 'June' is not a month (YYYY-MM)")
    }

    @Test(
        "Reconcile: open cases split into deferred revenue, warranty and contract, and open claims with their amounts")
    func reconcile() throws {
        let desk = try Desk()
        try runAll(desk, Closed.warranty)
        try runAll(desk, "as agnes\nclaim open 1")
        // A second warranty case, worked and billed but not closed
        try runAll(
            desk,
            "as agnes\nopen C-W SN-W Drum noise\n"
                + ClosingScenarioTests.work("tom", "use @ P-FAN 1 B-1\nlabour @ 30", agent: "agnes")
                .replacingOccurrences(of: "close @\n", with: "").replacingOccurrences(of: "\nclose @", with: ""))
        let r = try report(desk, "report reconcile 2026-06")
        #expect(r.rows.isEmpty)
        let open = r.section("Open cases now")
        #expect(open.count == 1)
        let row = try #require(open.first)
        // Case 1 used the rest of SN-W's lifetime cap (1700.00 + 300.00 of 2000.00): case 2 is
        // chargeable, fan 180.00 and labour 30.00 all on its invoice trigger
        #expect(row["case"] == "2" && row["work"] == "210.00" && row["deferred revenue"] == "210.00")
        #expect(row["warranty"] == "0.00" && row["contract"] == "0.00" && row["on no outcome"] == "0.00")
        let claims = r.section("Open claims")
        #expect(
            claims == [
                [
                    "case": "1", "outcome": "1", "item": "UNIT", "claimed": "300.00", "cost posted": "177.82",
                    "case closed": "2026-06-15",
                ]
            ])
        // As CSV: one table, a section column first
        let csv = try #require(try desk.session("sam").run("report reconcile 2026-06 format=csv")?.document)
        #expect(csv.hasPrefix("section,case,line,item,on the case,issued,status,opened,work,deferred revenue,"))
        #expect(csv.contains("\nOpen claims to the OEM or supplier,1,,UNIT,,,,,,,,,,1,300.00,177.82,2026-06-15\n"))
    }

    @Test("Leakage: the same seed draws the same cases; findings name goodwill and a part now below list")
    func leakage() throws {
        let desk = try Desk()
        try runAll(desk, Closed.warranty)
        try runAll(desk, Closed.contract)
        try runAll(
            desk,
            """
            as agnes
            open C-X SN-X Heater trips the breaker
            """ + "\n"
                + ClosingScenarioTests.work(
                    "tom",
                    "use @ P-FAN 1 B-1\nlabour @ 60\nas agnes\nrequest goodwill 10 100.00 LOYAL-CUSTOMER\nas sofia\napprove 1\nas tom",
                    agent: "agnes"))
        // The fan's list price went up after the case closed
        try desk.tamper("UPDATE item SET list_price = 20000 WHERE sku = 'P-FAN'")
        let all = try report(desk, "report leakage size=10 seed=5")
        #expect(all.rows.map { $0["case"] } == ["1", "2", "3"])
        let three = try #require(all.rows.last)
        #expect(three["findings"] == "P-FAN charged 20.00 below list price; goodwill 100.00 given")
        #expect(
            three["at list"] == "260.00" && three["recorded"] == "240.00" && three["billed"] == "140.00"
                && three["goodwill"] == "100.00")
        #expect(all.rows.first?["findings"] == "ok")

        let a = try report(desk, "report leakage size=2 seed=5").rows.map { $0["case"] }
        #expect(a.count == 2)
        #expect(try report(desk, "report leakage size=2 seed=5").rows.map { $0["case"] } == a)
        let seeds = Set(
            try (1...12).map { try report(desk, "report leakage size=2 seed=\($0)").rows.compactMap { $0["case"] } })
        #expect(seeds.count > 1, "different seeds draw different samples")
        #expect(
            try desk.session("sam").run("report leakage size=0")?.message
                == "report leakage: size '0' is not from 1 to 10,000")
    }

    @Test("The service completion report: visits, notes, each line with its covered and customer amounts, the outcomes")
    func completion() throws {
        let desk = try Desk()
        try runAll(desk, Closed.warranty)
        let r = try report(desk, "report case 1")
        #expect(r.rows.first { $0["field"] == "status" }?["value"] == "closed 2026-06-15 09:00 by agnes")
        #expect(r.rows.first { $0["field"] == "entitlement" }?["value"]?.hasPrefix("warranty") == true)
        #expect(r.notes == ["technician notes:", "  Replaced what was worn."])
        #expect(r.section("Visits").map { $0["status"] } == ["done"])
        let work = r.section("Work")
        #expect(work.map { $0["covered"] } == ["49.09", "174.55", "65.45", "10.91", "0.00"])
        #expect(work.map { $0["customer"] } == ["40.91", "145.45", "54.55", "29.09", "15.00"])
        #expect(
            r.section("Billing outcomes").map { "\($0["document"]!) \($0["total"]!)" }
                == ["warranty-confirmation 300.00", "invoice-trigger 285.00"])
        // Text, as a supervisor prints it for the customer
        let text = try #require(try desk.session("sam").run("report case 1"))
        #expect(text.message == "Service completion report — case 1: Unit stops mid-cycle")
        #expect(text.details.contains("WORK"))
        #expect(try desk.session("agnes").run("report case 1")?.failure == .refused)
        #expect(try desk.session("sam").run("report case 99")?.message == "no case 99")
    }
}
