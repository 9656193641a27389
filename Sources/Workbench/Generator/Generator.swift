import ServiceCore
import ServiceStore

/// What a generation made.
public struct GenerateSummary: Sendable, Equatable {
    public var cases = 0
    public var byStatus: [CaseStatus: Int] = [:]
    public var lines = 0
    public var postings = 0
    public var restocks = 0

    public var summaryLines: [String] {
        let statuses = CaseStatus.allCases.compactMap { s in byStatus[s].map { "\($0) \(s.rawValue)" } }
        return ["generated \(cases) cases: " + statuses.joined(separator: ", "),
                "  \(lines) lines, \(postings) postings; stock replenished \(restocks) times"]
    }
}

/// Builds a realistic service desk from a seed: master data scaled to the number of cases,
/// then a year of cases in every status, each worked as the workbench works one — the same
/// entitlement engine, coverage, outcomes, closure checklist and postings (`CaseWork`), the
/// same store writes — only without a user's audit entry and undo history per step, on a
/// connection without change capture, in transactions of many cases. The run is one entry of
/// the audit trail. The same seed and size give the same database.
public enum Generator {
    /// Cases per transaction: large enough that committing costs little, small enough that the
    /// write-ahead log stays small.
    static let chunk = 20_000

    /// Generates `cases` cases on the database's master data; on an empty database it first
    /// makes master data to their scale.
    public static func generate(into db: AppDatabase, cases: Int, seed: UInt64, account: String,
                                at now: Timestamp, progress: ProgressSink? = nil) throws -> GenerateSummary {
        let businessDate = try db.info().businessDate ?? now.date
        var rng = SeededGenerator(seed: seed)
        var master = try db.read { try $0.exportDataset() }
        if master.customers.isEmpty {
            master = SyntheticDesk.masterData(cases: cases, businessDate: businessDate, rng: &rng)
            let loadedAt = Timestamp(date: businessDate.adding(days: -366))
            try db.bulkWrite { tx in try master.write(into: tx, by: account, at: loadedAt) }
        }
        let desk = SyntheticDesk(master)
        guard !desk.agents.isEmpty, !desk.allTechnicians.isEmpty, !desk.allParts.isEmpty, !master.assets.isEmpty else {
            throw InputError("generate: the master data needs agents, technicians with a van and a labour rate, parts and assets")
        }
        var worker = CaseWorker(desk: desk, businessDate: businessDate, account: account)
        progress?.begin("generating cases", total: cases)
        var done = 0
        while done < cases {
            let n = min(chunk, cases - done)
            try db.bulkWrite { tx in
                for i in 0..<n {
                    try worker.generateCase(tx, rng: &rng)
                    if (done + i) % 1000 == 999 { progress?.advance(to: done + i + 1) }
                }
            }
            done += n
        }
        progress?.end()
        let summary = worker.summary
        let record = CommandRecord(actor: Actor(account: account), at: now, text: "generate --cases \(cases) --seed \(seed)",
                                   label: "generate", undoable: false, message: summary.summaryLines.joined(separator: "; "))
        try db.perform(record) { _ in }
        return summary
    }
}

/// Works one case after another, holding in memory what the engine reads (master data, spent
/// amounts) so it never has to read it back.
struct CaseWorker {
    let desk: SyntheticDesk
    let businessDate: CivilDate
    /// Who replenishes stock when a bin runs short.
    let account: String
    var summary = GenerateSummary()
    private var assets: [Asset]
    private var items: [String: Item] = [:]
    private var templates: [String: WarrantyTemplate] = [:]
    private var contracts: [String: [ServiceContract]] = [:]
    private var rules: [String: [EntitlementRule]] = [:]
    private var spent: [String: [WarrantyKey: Money]] = [:]
    /// Stock on hand per "SKU/bin", to know when a bin must be replenished first.
    private var onHand: [String: Int] = [:]

    init(desk: SyntheticDesk, businessDate: CivilDate, account: String) {
        self.desk = desk
        self.businessDate = businessDate
        self.account = account
        let d = desk.dataset
        assets = d.assets
        for i in d.items { items[i.sku] = i }
        for t in d.templates { templates[t.id] = t }
        for c in d.contracts { contracts[c.customerID, default: []].append(c) }
        for r in d.rules { rules[r.region, default: []].append(r) }
        for (key, amount) in d.spend { spent[key.serial, default: [:]][key] = amount }
        for s in d.stock { onHand["\(s.sku)/\(s.bin)"] = s.onHand }
    }

    /// The engine's answer for an asset on a day, from master data and spent amounts now.
    func entitlement(_ asset: Asset, on day: CivilDate) -> Entitlement {
        let item = items[asset.sku]!
        var terms: [String: WarrantyTemplate] = [:]
        for id in [asset.warranty?.template, item.genericWarranty].compactMap({ $0 }) { terms[id] = templates[id] }
        return EntitlementEngine.verify(EntitlementInput(
            asset: asset, item: item, templates: terms, spent: spent[asset.serial] ?? [:],
            contracts: contracts[asset.customerID] ?? [], rules: rules[asset.region] ?? [], reportedOn: day))
    }

    /// Where the case stops: older cases are mostly closed, the last weeks' still under way.
    private func target(age: Int, _ roll: Int) -> CaseStatus {
        let table: [(Int, CaseStatus)] = switch age {
        case 45...: [(96, .closed), (100, .cancelled)]
        case 15...44: [(90, .closed), (94, .cancelled), (98, .resolved), (100, .inProgress)]
        case 8...14: [(60, .closed), (65, .cancelled), (80, .resolved), (90, .inProgress), (100, .scheduled)]
        default: [(15, .closed), (20, .cancelled), (35, .resolved), (55, .inProgress), (80, .scheduled), (100, .verified)]
        }
        return table.first { roll < $0.0 }!.1
    }

    mutating func generateCase(_ tx: StoreTransaction, rng: inout SeededGenerator) throws {
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        func roll(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        let asset = pick(assets)
        let age = roll(365)
        let reported = businessDate.adding(days: -age)
        let opened = Timestamp(date: reported, hour: 8 + roll(9), minute: roll(60))
        let agent = pick(desk.agents)
        var goal = target(age: age, roll(100))
        // Nothing is done, or closed, after the business date's "now".
        let now = Timestamp(date: businessDate, hour: 9)

        // Open, and verify as `open` does.
        let id = try tx.insertCase(NewCase(customerID: asset.customerID, serial: asset.serial, subject: pick(Self.subjects),
                                           reportedOn: reported, openedAt: opened, priority: 1 + roll(4), assignee: agent,
                                           contact: "Caller \(roll(900) + 100)"), by: agent)
        var c = try tx.serviceCase(id)!
        var e = entitlement(asset, on: reported)
        try CaseWork.record(e, on: &c, by: agent, at: opened, tx)
        summary.cases += 1
        defer { summary.byStatus[c.status, default: 0] += 1 }

        var visits: [Visit] = [], lines: [CaseLine] = [], outcomes: [BillingOutcome] = []
        /// The checklist on what has been recorded so far, as `CaseEvaluation` would find it.
        func checklist() -> (CoverageResult, [ClosureCheck]) {
            let coverage = CoverageCalculator.compute(lines: lines, entitlement: e, adjustments: CaseAdjustments())
            return (coverage, ClosureChecklist.evaluate(ClosureInput(serviceCase: c, recorded: e, current: e, visits: visits,
                                                                     lines: lines, coverage: coverage, outcomes: outcomes.map(\.draft))))
        }
        func finish() throws {
            try tx.updateCase(c)
            guard c.status.isOpen else { return }
            try tx.saveCaseState(id, CaseState(entitlement: e.outcome, checks: checklist().1))
        }
        if goal == .verified { return try finish() }
        if goal == .cancelled {
            try tx.updateCase(c)
            try tx.cancelCase(id, reason: pick(["Customer fixed it", "Duplicate of another case", "Customer withdrew"]))
            c.status = .cancelled
            return
        }

        // A visit, sometimes after one that found nobody in.
        let tech = pick(desk.techniciansIn[asset.region] ?? desk.allTechnicians)
        // Mostly within the response target; some late, as in life.
        var start = opened.adding(hours: 1 + roll((e.responseHours ?? 48) + 8))
        if roll(100) < 8 {
            let v = try tx.insertVisit(caseID: id, technician: tech.account, startsAt: start, endsAt: start.adding(hours: 2))
            try tx.setVisitStatus(v, .noAccess)
            visits.append(Visit(id: v, caseID: id, technician: tech.account, startsAt: start, endsAt: start.adding(hours: 2), status: .noAccess))
            start = start.adding(hours: 24)
        }
        let visitEnd = start.adding(hours: 2)
        let visit = try tx.insertVisit(caseID: id, technician: tech.account, startsAt: start, endsAt: visitEnd)
        c.status = CaseLifecycle.status(after: .visitScheduled, from: c.status)
        visits.append(Visit(id: visit, caseID: id, technician: tech.account, startsAt: start, endsAt: visitEnd))
        if visitEnd > now { goal = .scheduled }
        if goal == .scheduled { return try finish() }
        try tx.setVisitStatus(visit, .done)
        visits[visits.count - 1].status = .done
        c.status = CaseLifecycle.status(after: .workRecorded, from: c.status)
        var end = visitEnd
        if roll(100) < 12 && end.adding(hours: 24) < now {
            // Not fixed at the first visit: back the next day with the part.
            let back = end.adding(hours: 22)
            let v = try tx.insertVisit(caseID: id, technician: tech.account, startsAt: back, endsAt: back.adding(hours: 2))
            try tx.setVisitStatus(v, .done)
            visits.append(Visit(id: v, caseID: id, technician: tech.account, startsAt: back, endsAt: back.adding(hours: 2), status: .done))
            end = back.adding(hours: 2)
        }

        // The technician's usage: parts from the van, else the region's depot.
        func add(_ line: CaseLine) throws -> CaseLine {
            let stored = try tx.insertLine(line, at: end)
            CaseWork.recorded(stored, on: &c)
            lines.append(stored)
            summary.lines += 1
            return stored
        }
        if roll(100) < 65 {
            let fitting = desk.partsFor[items[asset.sku]!.category] ?? desk.allParts
            for part in Set((0..<(1 + roll(2))).map { _ in pick(fitting).sku }).sorted() {
                let item = items[part]!, qty = 1 + roll(2)
                let van = desk.vanOf[tech.account]!, depot = desk.depotOf[asset.region] ?? van
                let bin = (onHand["\(part)/\(van)"] ?? 0) >= qty ? van : depot
                if (onHand["\(part)/\(bin)"] ?? 0) < qty {
                    let restock = 40
                    try tx.receive(part, restock, into: bin, unitCost: Self.cost(item, roll(20)), reason: "REPLENISH", by: account, at: start)
                    onHand["\(part)/\(bin)", default: 0] += restock
                    summary.restocks += 1
                }
                let line = try add(CaseWork.partLine(c, item: item, quantity: qty, bin: bin))
                try tx.apply(.issue(IssueDraft(caseID: id, lineID: line.id, sku: part, bin: bin, quantity: qty, fromReservations: [:])),
                             by: tech.account, at: end)
                onHand["\(part)/\(bin)", default: 0] -= qty
            }
        } else {
            c.noParts = true
        }
        if roll(100) < 95 {
            _ = try add(CaseWork.labourLine(c, minutes: pick([30, 45, 60, 90, 120]), technician: tech.account, rate: tech.labourRate!))
        } else {
            c.noLabour = true
        }
        if roll(100) < 50 { _ = try add(CaseWork.newLine(c, .travel, "travel", Money(minorUnits: Int64(3500 + 500 * roll(10))))) }
        if roll(100) < 8 { _ = try add(CaseWork.newLine(c, .expense, "Call-out fee", Money(minorUnits: 4900))) }
        if goal == .inProgress { return try finish() }

        c.resolutionCode = pick(["REPLACED-PART", "ADJUSTED", "CLEANED", "NO-FAULT-FOUND"])
        c.technicianNotes = pick(Self.notes)
        c.status = CaseLifecycle.status(after: .resolved, from: c.status)

        // Billing: first verify again if the answer has moved since the case was opened
        // (another case used up a cap), as `bill` would insist.
        let answer = entitlement(asset, on: reported)
        if !answer.sameDecision(as: e) {
            e = answer
            try CaseWork.record(e, on: &c, by: agent, at: end, tx)
        }
        var drafts = Outcomes.expected(for: e, coverage: checklist().0)
        if drafts.isEmpty { drafts = [Outcomes.zeroConfirmation] }
        let ids = try tx.replaceOutcomes(caseID: id, with: drafts, by: agent, at: end)
        outcomes = zip(ids, drafts).map { BillingOutcome(id: $0, caseID: id, draft: $1, createdBy: agent, createdAt: end) }
        let closedAt = end.adding(hours: 2 + roll(46))
        if goal == .resolved || closedAt > now { return try finish() }

        // Closing, through the checklist as `close` goes.
        let (coverage, checks) = checklist()
        guard checks.allSatisfy(\.passed) else { return try finish() }
        try tx.updateCase(c)
        let closed = try CaseWork.close(c, entitlement: e, coverage: coverage, outcomes: outcomes, lines: lines, checks: checks,
                                        by: agent, at: closedAt, tx)
        summary.postings += closed.postings
        c.status = .closed
        // What the closing moved on, read back from the store rather than worked out again here.
        if e.source.warrantyKey(serial: c.serial) != nil, coverage.covered > .zero { spent[c.serial] = try tx.spent(serial: c.serial) }
        if coverage.balanceUsed != nil { contracts[c.customerID] = try tx.contracts(customerID: c.customerID) }
    }

    /// A replenishment's unit cost: standard items at standard, others within 10% of it.
    static func cost(_ item: Item, _ roll: Int) -> Money {
        item.costing == .standard ? item.standardCost : item.standardCost.scaled(by: Int64(95 + roll % 11), over: 100)
    }

    static let subjects = [
        "Pump noisy at start-up", "Leaking at the seal", "No heat in the morning", "Trips the breaker",
        "Pressure drops overnight", "Display shows error E4", "Pilot light fails", "Rattles when running",
        "Water too hot", "Will not start after power cut",
    ]
    static let notes = [
        "Replaced the worn part; tested for an hour.", "Adjusted and recalibrated; runs quietly.",
        "Cleaned the filter and the housing.", "No fault found on site; advised the customer.",
    ]
}
