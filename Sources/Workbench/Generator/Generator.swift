import Foundation
import ServiceCore
import ServiceStore
import Synchronization

/// What a generation made.
public struct GenerateSummary: Sendable, Equatable {
    public var cases = 0
    public var byStatus: [CaseStatus: Int] = [:]
    public var lines = 0
    public var postings = 0
    public var restocks = 0

    public var summaryLines: [String] {
        let statuses = CaseStatus.allCases.compactMap { s in byStatus[s].map { "\($0) \(s.rawValue)" } }
        return [
            "generated \(cases) cases: " + statuses.joined(separator: ", "),
            "  \(lines) lines, \(postings) postings; stock replenished \(restocks) times",
        ]
    }
}

/// Builds a realistic service desk from a seed: master data scaled to the number of cases,
/// then a year of cases in every status, each worked as the workbench works one — the same
/// entitlement engine, coverage, outcomes, closure checklist, stock valuation and closing
/// effects — in memory, and written by `CaseLoader` as the rows a command would leave, with
/// no read back, on a connection without change capture, in transactions of many cases. The
/// run is one entry of the audit trail. The same seed and size give the same database.
public enum Generator {
    /// Cases per transaction: large enough that committing costs little, small enough that the
    /// write-ahead log stays small.
    static let chunk = 20_000
    /// Cases worked, made into rows and written at a time (`Production`).
    static let batch = 1_000
    /// Batches a stage may get ahead of the next: enough to keep working while the writer
    /// commits a transaction.
    static let ahead = 4

    /// Generates `cases` cases on the database's master data; on an empty database it first
    /// makes master data to their scale. When `stop` says so, it ends within a batch with
    /// `StoppedByRequest`, the database left unfinished (`loadingCases`).
    public static func generate(
        into db: AppDatabase, cases: Int, seed: UInt64, account: String,
        at now: Timestamp, progress: ProgressSink? = nil, stop: StopRequest? = nil
    ) throws -> GenerateSummary {
        let businessDate = try db.info().businessDate ?? now.date
        var rng = SeededGenerator(seed: seed)
        let command = "generate --cases \(cases) --seed \(seed)"
        let production: Production = try db.loadingCases(command, progress: progress, stop: stop) { load in
            var master = try db.read { try $0.exportDataset() }
            if master.customers.isEmpty {
                master = SyntheticDesk.masterData(cases: cases, businessDate: businessDate, rng: &rng)
                let loadedAt = Timestamp(date: businessDate.adding(days: -366))
                _ = try load.transaction { tx in try master.write(into: tx, by: account, at: loadedAt) }
            }
            let desk = SyntheticDesk(master)
            guard !desk.agents.isEmpty, !desk.allTechnicians.isEmpty, !desk.allParts.isEmpty, !master.assets.isEmpty
            else {
                throw InputError(
                    "generate: the master data needs agents, technicians with a van and a labour rate, parts and assets"
                )
            }
            // What stock the cases may take (none that is reserved) and what it is valued at.
            let (available, valuations) = try db.read { tx in
                var available: [String: Int] = [:]
                var valuations: [String: Valuation] = [:]
                for part in desk.allParts {
                    for level in try tx.stockLevels(sku: part.sku) {
                        available["\(part.sku)/\(level.bin.id)"] = level.onHand - level.reserved
                    }
                    valuations[part.sku] = try tx.valuation(part.sku)
                }
                return (available, valuations)
            }
            let production = Production(
                CaseWorker(
                    desk: desk, businessDate: businessDate, account: account, available: available,
                    valuations: valuations), rng: rng, cases: cases)
            try production.run(cases, load, progress: progress)
            return production
        }
        let summary = production.worker.summary
        let record = CommandRecord(
            actor: Actor(account: account), at: now, text: command,
            label: "generate", undoable: false, message: summary.summaryLines.joined(separator: "; "))
        try db.perform(record) { _ in }
        return summary
    }
}

/// Cases worked, made into rows and written by three stages on three threads, each batch
/// handed on in order (`Handover`): one thread works batch after batch, a second makes each
/// worked batch into rows (`CaseLoader.prepare`), and the caller's thread writes them. The
/// cases must be worked one after another — each moves on stock, spent amounts and balances
/// the next one reads — but their rows can be made apart from that. Timed stage by stage for
/// 200,000 cases, working took 4.6 s, making rows 7.2 s and writing 4.5 s.
///
/// Each stage waits only for the one before it, up to `Generator.ahead` batches ahead. When the
/// three moved a batch at a time in step, each step lasted as long as its slowest stage — the
/// writer's when it committed — and a core stood idle for a quarter of a million cases' run
/// (perf: one core or less busy in 27% of its tenths of a second).
///
/// The worker and the random numbers are used by the working thread alone, between the caller
/// starting it and the caller waiting for it to end (`stages`), which is why this may be
/// unchecked Sendable; the rest is locked or handed over.
private final class Production: @unchecked Sendable {
    var worker: CaseWorker
    var rng: SeededGenerator
    private let cases: Int
    private let worked = Handover<Result<[WorkedCase], Error>>(capacity: Generator.ahead)
    private let made = Handover<Result<LoadBatch, Error>>(capacity: Generator.ahead)
    /// Rows written, freed by the making thread between its batches rather than on the writer's.
    private let written = Mutex<[LoadBatch]>([])
    private let stages = DispatchGroup()

    init(_ worker: CaseWorker, rng: SeededGenerator, cases: Int) {
        self.worker = worker
        self.rng = rng
        self.cases = cases
    }

    /// Starts working and making on threads of their own.
    private func startStages(coresBins: Set<String>) {
        start { self.work() }
        start { self.make(coresBins: coresBins) }
    }

    private func start(_ stage: @escaping @Sendable () -> Void) {
        stages.enter()
        Thread {
            stage()
            self.stages.leave()
        }.start()
    }

    /// Works the cases batch by batch, until all are worked, one fails, or no more are wanted.
    private func work() {
        var left = cases
        while left > 0 {
            let n = min(Generator.batch, left)
            left -= n
            let batch = Result { try (0..<n).map { _ in try worker.work(rng: &rng) } }
            guard worked.put(batch), case .success = batch else { break }
        }
        worked.close()
    }

    /// Makes each worked batch into rows, until there are no more or no more are wanted.
    private func make(coresBins: Set<String>) {
        while let batch = worked.take() {
            // Taken out under the lock, freed outside it.
            _ = written.withLock { batches -> [LoadBatch] in
                defer { batches = [] }
                return batches
            }
            let rows = batch.flatMap { cases in Result { try CaseLoader.prepare(cases, coresBins: coresBins) } }
            guard made.put(rows), case .success = rows else { break }
        }
        worked.close()
        made.close()
    }

    /// Tells the stages no more is wanted and waits for them to end: no thread is left running.
    private func stopStages() {
        made.close()
        worked.close()
        stages.wait()
    }

    /// Works and writes `cases` cases in transactions of `Generator.chunk`, the stages running
    /// on across transactions, so no stage is idle while a transaction commits or the next
    /// begins.
    func run(_ cases: Int, _ load: CaseLoad, progress: ProgressSink?) throws {
        progress?.begin("generating cases", total: cases)
        defer { stopStages() }
        var done = 0
        while done < cases {
            let inTransaction = try load.transaction { tx in
                let loader = try CaseLoader(tx)
                if done == 0 {
                    // The worker gives each row the next id from here: the load's are the only
                    // rows written (the database is marked unfinished, and `open` refuses it).
                    worker.ids = try loader.nextIDs()
                    startStages(coresBins: loader.coresBins)
                }
                var count = 0
                while count < min(Generator.chunk, cases - done), let rows = try made.take()?.get() {
                    try loader.write(rows)
                    count += rows.count
                    written.withLock { $0.append(rows) }
                    try load.checkStop()
                    progress?.advance(to: done + count)
                }
                try loader.finish()
                return count
            }
            // The stages stop short only after handing on a failure, thrown above: never quietly,
            // and never with the writer waiting for ever.
            guard inTransaction > 0 else {
                throw StoreError.invalid("generate: the cases stopped coming after \(done) of \(cases)")
            }
            done += inTransaction
        }
        progress?.end()
    }
}

/// Works one case after another in memory, holding what the engine reads (master data,
/// spent amounts, balances) and what stock is available and worth, and giving each row the
/// next id, so nothing has to be read back.
struct CaseWorker {
    let desk: SyntheticDesk
    let businessDate: CivilDate
    /// Who replenishes stock when a bin runs short.
    let account: String
    var summary = GenerateSummary()
    /// The next ids and version to give; the loader says where to start.
    var ids = CaseLoader.NextIDs(caseID: 1, visit: 1, line: 1, outcome: 1, version: 1)
    private var assets: [Asset]
    private var items: [String: Item] = [:]
    private var templates: [String: WarrantyTemplate] = [:]
    private var contracts: [String: [ServiceContract]] = [:]
    private var rules: [String: [EntitlementRule]] = [:]
    private var spent: [String: [WarrantyKey: Money]] = [:]
    /// Stock available per "SKU/bin", to know when a bin must be replenished first.
    private var available: [String: Int]
    private var valuations: [String: Valuation]

    init(
        desk: SyntheticDesk, businessDate: CivilDate, account: String, available: [String: Int],
        valuations: [String: Valuation]
    ) {
        self.desk = desk
        self.businessDate = businessDate
        self.account = account
        self.available = available
        self.valuations = valuations
        let d = desk.dataset
        assets = d.assets
        for i in d.items { items[i.sku] = i }
        for t in d.templates { templates[t.id] = t }
        for c in d.contracts { contracts[c.customerID, default: []].append(c) }
        for r in d.rules { rules[r.region, default: []].append(r) }
        for (key, amount) in d.spend { spent[key.serial, default: [:]][key] = amount }
    }

    /// The engine's answer for an asset on a day, from master data and spent amounts now.
    func entitlement(_ asset: Asset, on day: CivilDate) -> Entitlement {
        let item = items[asset.sku]!
        var terms: [String: WarrantyTemplate] = [:]
        for id in EntitlementInput.templateIDs(asset: asset, item: item) { terms[id] = templates[id] }
        return EntitlementEngine.verify(
            EntitlementInput(
                asset: asset, item: item, templates: terms, spent: spent[asset.serial] ?? [:],
                contracts: contracts[asset.customerID] ?? [], rules: rules[asset.region] ?? [], reportedOn: day))
    }

    /// Where the case stops: older cases are mostly closed, the last weeks' still under way.
    private func target(age: Int, _ roll: Int) -> CaseStatus {
        let table: [(Int, CaseStatus)] =
            switch age {
            case 45...: [(96, .closed), (100, .cancelled)]
            case 15...44: [(90, .closed), (94, .cancelled), (98, .resolved), (100, .inProgress)]
            case 8...14: [(60, .closed), (65, .cancelled), (80, .resolved), (90, .inProgress), (100, .scheduled)]
            default:
                [
                    (15, .closed), (20, .cancelled), (35, .resolved), (55, .inProgress), (80, .scheduled),
                    (100, .verified),
                ]
            }
        return table.first { roll < $0.0 }!.1
    }

    /// The next id of a kind.
    private static func take(_ next: inout Int64) -> Int64 {
        defer { next += 1 }
        return next
    }

    /// Stock in or out of a bin: the valuation moves as the store's does (`Valuation`), and
    /// the movement records the unit cost it used.
    private mutating func move(
        _ kind: MovementKind, _ item: Item, _ quantity: Int, bin: String, cost unitCost: Money? = nil,
        case id: CaseID? = nil, line: LineID? = nil, reason: String? = nil, by: String, at: Timestamp
    ) throws -> MovementDraft {
        let current = valuations[item.sku] ?? Valuation()
        let (next, cost) =
            quantity >= 0
            ? try current.receiving(quantity, at: unitCost ?? current.unitCost(for: item), item: item)
            : try current.issuing(-quantity, item: item)
        valuations[item.sku] = next
        available["\(item.sku)/\(bin)", default: 0] += quantity
        return MovementDraft(
            kind: kind, sku: item.sku, bin: bin, onHand: quantity, unitCost: cost, caseID: id, lineID: line,
            reason: reason, by: by, at: at)
    }

    mutating func work(rng: inout SeededGenerator) throws -> WorkedCase {
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
        let id = CaseID(Self.take(&ids.caseID))
        var w = WorkedCase(
            serviceCase: ServiceCase(
                id: id, customerID: asset.customerID, serial: asset.serial, subject: pick(Self.subjects),
                reportedOn: reported, openedAt: opened, priority: 1 + roll(4), assignee: agent,
                contact: "Caller \(roll(900) + 100)"),
            version: Self.take(&ids.version), changedBy: agent)
        var e = entitlement(asset, on: reported)
        func verify(at: Timestamp) {
            w.verifications.append(.init(entitlement: e, by: agent, at: at))
            CaseWork.verified(e, on: &w.serviceCase)
        }
        verify(at: opened)
        summary.cases += 1
        defer { summary.byStatus[w.serviceCase.status, default: 0] += 1 }

        /// What the entitlement covers of the lines recorded so far.
        func coverage() -> CoverageResult {
            CoverageCalculator.compute(lines: w.lines, entitlement: e, adjustments: CaseAdjustments())
        }
        /// The checklist on what has been recorded so far, as `CaseEvaluation` would find it.
        func checklist() -> (CoverageResult, [ClosureCheck]) {
            let coverage = coverage()
            return (
                coverage,
                ClosureChecklist.evaluate(
                    ClosureInput(
                        serviceCase: w.serviceCase, recorded: e, current: e, visits: w.visits,
                        lines: w.lines, coverage: coverage, outcomes: w.outcomes.map(\.draft)))
            )
        }
        func finish() -> WorkedCase {
            w.state = CaseState(entitlement: e.outcome, checks: checklist().1)
            return w
        }
        if goal == .verified { return finish() }
        if goal == .cancelled {
            w.cancelReason = pick(["Customer fixed it", "Duplicate of another case", "Customer withdrew"])
            w.serviceCase.status = .cancelled
            return w
        }

        // A visit, sometimes after one that found nobody in.
        let tech = pick(desk.techniciansIn[asset.region] ?? desk.allTechnicians)
        func visit(_ start: Timestamp, _ status: VisitStatus) {
            w.visits.append(
                Visit(
                    id: VisitID(Self.take(&ids.visit)), caseID: id, technician: tech.account, startsAt: start,
                    endsAt: start.adding(hours: 2), status: status))
        }
        // Mostly within the response target; some late, as in life.
        var start = opened.adding(hours: 1 + roll((e.responseHours ?? 48) + 8))
        if roll(100) < 8 {
            visit(start, .noAccess)
            start = start.adding(hours: 24)
        }
        let visitEnd = start.adding(hours: 2)
        visit(start, .planned)
        w.serviceCase.status = CaseLifecycle.status(after: .visitScheduled, from: w.serviceCase.status)
        if visitEnd > now { goal = .scheduled }
        if goal == .scheduled { return finish() }
        w.visits[w.visits.count - 1].status = .done
        w.serviceCase.status = CaseLifecycle.status(after: .workRecorded, from: w.serviceCase.status)
        var end = visitEnd
        if roll(100) < 12 && end.adding(hours: 24) < now {
            // Not fixed at the first visit: back the next day with the part.
            let back = end.adding(hours: 22)
            visit(back, .done)
            end = back.adding(hours: 2)
        }
        w.linesAt = end

        // The technician's usage: parts from the van, else the region's depot.
        func add(_ line: CaseLine) -> CaseLine {
            var stored = line
            stored.id = LineID(Self.take(&ids.line))
            stored.number = w.lines.count + 1
            CaseWork.recorded(stored, on: &w.serviceCase)
            w.lines.append(stored)
            summary.lines += 1
            return stored
        }
        if roll(100) < 65 {
            let fitting = desk.partsFor[items[asset.sku]!.category] ?? desk.allParts
            for part in Set((0..<(1 + roll(2))).map { _ in pick(fitting).sku }).sorted() {
                let item = items[part]!
                let qty = 1 + roll(2)
                let van = desk.vanOf[tech.account]!
                let depot = desk.depotOf[asset.region] ?? van
                let bin = (available["\(part)/\(van)"] ?? 0) >= qty ? van : depot
                if (available["\(part)/\(bin)"] ?? 0) < qty {
                    w.movements.append(
                        try move(
                            .receipt, item, 40, bin: bin, cost: Self.cost(item, roll(20)), reason: "REPLENISH",
                            by: account, at: start))
                    summary.restocks += 1
                }
                let line = add(CaseWork.partLine(w.serviceCase, item: item, quantity: qty, bin: bin))
                w.movements.append(
                    try move(.issue, item, -qty, bin: bin, case: id, line: line.id, by: tech.account, at: end))
            }
        } else {
            w.serviceCase.noParts = true
        }
        if roll(100) < 95 {
            _ = add(
                CaseWork.labourLine(
                    w.serviceCase, minutes: pick([30, 45, 60, 90, 120]), technician: tech.account,
                    rate: tech.labourRate!))
        } else {
            w.serviceCase.noLabour = true
        }
        if roll(100) < 50 {
            _ = add(CaseWork.newLine(w.serviceCase, .travel, "travel", Money(minorUnits: Int64(3500 + 500 * roll(10)))))
        }
        if roll(100) < 8 { _ = add(CaseWork.newLine(w.serviceCase, .expense, "Call-out fee", Money(minorUnits: 4900))) }
        if goal == .inProgress { return finish() }

        w.serviceCase.resolutionCode = pick(SyntheticDesk.workedResolutions)
        w.serviceCase.technicianNotes = pick(Self.notes)
        w.serviceCase.status = CaseLifecycle.status(after: .resolved, from: w.serviceCase.status)

        // Billing: first verify again if the answer has moved since the case was opened
        // (another case used up a cap), as `bill` would insist.
        let answer = entitlement(asset, on: reported)
        if !answer.sameDecision(as: e) {
            e = answer
            verify(at: end)
        }
        var drafts = Outcomes.expected(for: e, coverage: coverage())
        if drafts.isEmpty { drafts = [Outcomes.zeroConfirmation] }
        w.outcomes = drafts.map {
            BillingOutcome(
                id: OutcomeID(Self.take(&ids.outcome)), caseID: id, draft: $0, createdBy: agent, createdAt: end)
        }
        let closedAt = end.adding(hours: 2 + roll(46))
        if goal == .resolved || closedAt > now { return finish() }

        // Closing, through the checklist as `close` goes.
        let (coverage, checks) = checklist()
        guard checks.allSatisfy(\.passed) else { return finish() }
        let costs = w.movements.compactMap { m in
            m.lineID.map { LineCost(lineID: $0, sku: m.sku, quantity: -m.onHand, value: m.unitCost * -m.onHand) }
        }
        let effects = ClosingEffects(
            closing: 1, serviceCase: w.serviceCase, entitlement: e, coverage: coverage, outcomes: w.outcomes,
            lines: w.lines, costs: costs)
        w.closing = .init(effects: effects, by: agent, at: closedAt)
        w.serviceCase.status = .closed
        w.state = CaseState(entitlement: e.outcome, checks: checks)
        summary.postings += effects.postings.count
        // What the closing moved on, for the next case's engine.
        for (key, amount) in effects.spent {
            spent[key.serial, default: [:]][key, default: .zero] =
                spent[key.serial, default: [:]][key, default: .zero] + amount
        }
        for (number, used) in effects.debits {
            if let i = contracts[asset.customerID]?.firstIndex(where: { $0.number == number }) {
                contracts[asset.customerID]![i].balance = contracts[asset.customerID]![i].balance?.taking(used)
            }
        }
        return w
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
