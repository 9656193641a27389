import Foundation
internal import GRDB
import ServiceCore

/// A new case, before the store gives it an id.
public struct NewCase: Sendable {
    public var customerID: String
    public var serial: String
    public var subject: String
    public var reportedOn: CivilDate
    public var openedAt: Timestamp
    public var priority: Int
    public var assignee: String
    public var contact: String
    public var imported: Bool

    public init(
        customerID: String, serial: String, subject: String, reportedOn: CivilDate, openedAt: Timestamp,
        priority: Int, assignee: String, contact: String = "", imported: Bool = false
    ) {
        self.customerID = customerID
        self.serial = serial
        self.subject = subject
        self.reportedOn = reportedOn
        self.openedAt = openedAt
        self.priority = priority
        self.assignee = assignee
        self.contact = contact
        self.imported = imported
    }
}

/// A verification as recorded on a case.
public struct EntitlementRecord: Sendable, Equatable {
    public var id: Int64
    public var entitlement: Entitlement
    public var onDate: CivilDate
    public var verifiedBy: String
    public var verifiedAt: Timestamp
}

extension StoreTransaction {
    // MARK: Cases

    public func serviceCase(_ id: CaseID) throws -> ServiceCase? {
        try Row.fetchOne(db.cachedStatement(sql: CaseReads.serviceCase), arguments: [id]).map(
            ServiceCase.init(row:))
    }

    /// Writes a new case, which becomes the running command's case (its audit entry and undo
    /// history are filed under it).
    public func insertCase(_ c: NewCase, by account: String) throws -> CaseID {
        let id = CaseID(
            try insertReturningID(
                into: "service_case",
                sql: """
                    INSERT INTO service_case (id, customer_id, serial, subject, reported_on, opened_at, priority, assignee,
                      contact, status, imported, version, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?)
                    """,
                arguments: [
                    nil, c.customerID, c.serial, c.subject, c.reportedOn, c.openedAt, c.priority, c.assignee,
                    c.contact, c.imported, try nextChangeSequence(), account,
                ]))
        commandCase = id
        insertedCase = id
        return id
    }

    /// Saves the fields of a case that commands change.
    public func updateCase(_ c: ServiceCase) throws {
        try db.executeLater(
            sql: """
                UPDATE service_case SET subject = ?, priority = ?, assignee = ?, contact = ?, sla_due = ?, status = ?,
                  resolution_code = ?, technician_notes = ?, no_parts = ?, no_labour = ? WHERE id = ?
                """,
            arguments: [
                c.subject, c.priority, c.assignee, c.contact, c.slaDue, c.status, c.resolutionCode,
                c.technicianNotes, c.noParts, c.noLabour, c.id,
            ])
    }

    public func cancelCase(_ id: CaseID, reason: String) throws {
        try db.cachedStatement(sql: "UPDATE service_case SET status = 'cancelled', cancel_reason = ? WHERE id = ?")
            .execute(arguments: [reason, id])
    }

    public func markClosed(_ id: CaseID, by account: String, at: Timestamp) throws {
        try db.executeLater(
            sql: "UPDATE service_case SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?",
            arguments: [at, account, id])
    }

    /// Marks the case as changed by `account` now: a new version, which undo checks. When the
    /// running command has named no case yet, this one becomes its case: its audit entry and
    /// undo history are filed under it (so a store-level write that touches a case is audited
    /// as that case's, as a command's is).
    /// A case this transaction inserted has a version of its own already.
    public func touchCase(_ id: CaseID, by account: String) throws {
        commandCase = commandCase ?? id
        guard id != insertedCase else { return }
        var arguments: SQLArguments = [account, id]
        var version = PostgresCounters.nextChange
        if !db.isPostgres {
            version = "?"
            arguments = [try nextChangeSequence()] + arguments
        }
        // On PostgreSQL the sequence is read in the update itself: one round trip, in every write.
        try db.executeLater(
            sql: "UPDATE service_case SET version = \(version), changed_by = ? WHERE id = ?", arguments: arguments)
    }

    /// Takes the locks of `cases`, which this write changes besides its own, in id order: on
    /// PostgreSQL, in a write that shares the desk (`WriteScope.closing`); nothing otherwise.
    public func lockCases(_ cases: some Collection<CaseID>) throws {
        for id in cases.sorted() where id != commandCase {
            try db.hold(.ofCase(id))
        }
    }

    /// Open cases sharing an asset or a contract with `id`, whose outcomes may go stale when it closes.
    public func openCasesSharingCover(with id: CaseID, contract: String?) throws -> [CaseID] {
        try CaseID.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT c.id FROM service_case c
                    WHERE c.id <> ?1 AND c.status NOT IN ('closed','cancelled') AND (
                      c.serial = (SELECT serial FROM service_case WHERE id = ?1)
                      OR (CAST(?2 AS TEXT) IS NOT NULL AND c.id IN (
                           SELECT e.case_id FROM entitlement_check e
                           WHERE e.source_kind = 'contract' AND e.source_id = ?2
                             AND e.id = (SELECT max(id) FROM entitlement_check WHERE case_id = e.case_id))))
                    """), arguments: [id, contract])
    }

    /// Open cases whose entitlement an edit of master data may change.
    public func openCases(serial: String) throws -> [CaseID] {
        try CaseID.fetchAll(
            db.cachedStatement(
                sql: "SELECT id FROM service_case WHERE serial = ? AND status NOT IN ('closed','cancelled')"),
            arguments: [serial])
    }

    public func openCases(customerID: String) throws -> [CaseID] {
        try CaseID.fetchAll(
            db.cachedStatement(
                sql: "SELECT id FROM service_case WHERE customer_id = ? AND status NOT IN ('closed','cancelled')"),
            arguments: [customerID])
    }

    public func openCases(template: String) throws -> [CaseID] {
        try CaseID.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT c.id FROM service_case c JOIN asset a ON a.serial = c.serial JOIN item i ON i.sku = a.sku
                    WHERE c.status NOT IN ('closed','cancelled') AND (a.warranty_template = ?1 OR i.generic_warranty = ?1)
                    """), arguments: [template])
    }

    // MARK: Visits

    public func visits(caseID: CaseID) throws -> [Visit] {
        try values(CaseReads.visits, [caseID], Visit.init(row:))
    }

    /// A technician's planned visits, on every case (from `visit_technician`). In a write that
    /// shares the desk (`WriteScope`), his calendar is then this write's until it commits, so
    /// a slot found free here is still free when the visit is written.
    public func plannedVisits(technician: String) throws -> [Visit] {
        try db.hold(.calendar(technician))
        return try values(
            "SELECT * FROM visit WHERE technician = ? AND status = 'planned' ORDER BY starts_at, id", [technician],
            Visit.init(row:))
    }

    public func visit(_ id: VisitID) throws -> Visit? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM visit WHERE id = ?"), arguments: [id]).map(
            Visit.init(row:))
    }

    public func insertVisit(caseID: CaseID, technician: String, startsAt: Timestamp, endsAt: Timestamp) throws
        -> VisitID
    {
        try db.hold(.calendar(technician))
        return try insertVisitRow(
            Visit(id: VisitID(0), caseID: caseID, technician: technician, startsAt: startsAt, endsAt: endsAt))
    }

    /// Writes a visit as it is; id 0 for the next one.
    @discardableResult
    func insertVisitRow(_ v: Visit) throws -> VisitID {
        VisitID(try insertReturningID(.visit, CaseRow.visit(v)))
    }

    public func setVisitStatus(_ id: VisitID, _ status: VisitStatus) throws {
        try db.executeLater(sql: "UPDATE visit SET status = ? WHERE id = ?", arguments: [status, id])
    }

    // MARK: Lines

    public func lines(caseID: CaseID) throws -> [CaseLine] {
        try values(CaseReads.lines, [caseID], CaseLine.init(row:))
    }

    public func line(_ id: LineID) throws -> CaseLine? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM case_line WHERE id = ?"), arguments: [id]).map(
            CaseLine.init(row:))
    }

    /// Adds a line at the end of the case; `line.id` and `line.number` are assigned here.
    public func insertLine(_ line: CaseLine, at: Timestamp? = nil) throws -> CaseLine {
        var saved = line
        saved.id = LineID(0)
        saved.number =
            (try Int.fetchOne(
                db.cachedStatement(sql: "SELECT max(number) FROM case_line WHERE case_id = ?"), arguments: [line.caseID]
            ) ?? 0) + 1
        saved.id = try insertLineRow(saved, at: at)
        try checkCaseTotal(line.caseID)
        return saved
    }

    /// Writes a line as it is, number included; id 0 for the next one.
    @discardableResult
    func insertLineRow(_ line: CaseLine, at: Timestamp?) throws -> LineID {
        LineID(try insertReturningID(.line, CaseRow.line(line, at: at)))
    }

    /// Refuses the write under way when it takes a case's lines past `InputBounds.caseTotal`
    /// (charges and credits alike, so no mix of them can carry a sum over the case past it).
    /// Checked after each line a person or a file adds: the lines before it were within the
    /// bound, so the sum here cannot overflow.
    /// `name`: how the one adding the line knows the case (a history file: by its key).
    func checkCaseTotal(_ id: CaseID, name: String? = nil) throws {
        let total =
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT sum(abs(amount)) FROM case_line WHERE case_id = ?"), arguments: [id])
            ?? 0
        guard total <= InputBounds.caseTotal.minorUnits else {
            throw StoreError.invalid(
                "case \(name ?? "\(id)")'s lines would come to \(Money(minorUnits: total).grouped), past the "
                    + "\(InputBounds.caseTotal.grouped) a case may hold (charges and credits counted alike); "
                    + "nothing was written")
        }
    }

    /// A part line's quantity after a return, with its amount at the item's list price.
    public func setLineQuantity(_ id: LineID, _ quantity: Int, amount: Money, description: String) throws {
        try db.execute(
            sql: "UPDATE case_line SET quantity = ?, amount = ?, description = ? WHERE id = ?",
            arguments: [quantity, amount, description, id])
    }

    public func setLineClassification(_ id: LineID, _ classification: Classification?, reasonCode: String?) throws {
        try db.execute(
            sql: "UPDATE case_line SET classification = ?, reason_code = ? WHERE id = ?",
            arguments: [classification, reasonCode, id])
    }

    // MARK: Entitlement verification records

    public func recordEntitlement(
        caseID: CaseID, _ e: Entitlement, onDate: CivilDate, by account: String, at: Timestamp
    ) throws {
        for (row, arguments) in try CaseRow.entitlementCheck(caseID: caseID, e, onDate: onDate, by: account, at: at) {
            try insert(row, arguments)
        }
    }

    /// The id of the snapshot of `terms` (their stored JSON), made unless one holds them.
    func termsSnapshot(_ terms: String) throws -> Int64 {
        try insert(.termsSnapshot, [terms])
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM terms_snapshot WHERE terms = ?"), arguments: [terms])!
    }

    /// The verification on record: the latest one.
    public func latestEntitlement(caseID: CaseID) throws -> EntitlementRecord? {
        try Row.fetchOne(db.cachedStatement(sql: latestEntitlementSQL), arguments: [caseID]).map(entitlementRecord)
    }

    /// The statement that reads a case's latest verification, given the case's id.
    var latestEntitlementSQL: String {
        checksKeepTerms
            ? "SELECT * FROM entitlement_check WHERE case_id = ? ORDER BY id DESC LIMIT 1"
            : """
            SELECT e.*, t.terms FROM entitlement_check e JOIN terms_snapshot t ON t.id = e.terms_id
            WHERE e.case_id = ? ORDER BY e.id DESC LIMIT 1
            """
    }

    func entitlementRecord(_ row: Row) throws -> EntitlementRecord {
        let dec = JSONDecoder()
        let source = EntitlementSource(storage: row["source_kind"], id: row["source_id"])
        let e = Entitlement(
            source: source,
            terms: try dec.decode(Terms.self, from: Data((row["terms"] as String).utf8)),
            limits: try dec.decode(CoverageLimits.self, from: Data((row["limits"] as String).utf8)),
            responseHours: row["response_hours"],
            steps: try dec.decode([EntitlementStep].self, from: Data((row["trail"] as String).utf8)))
        return EntitlementRecord(
            id: row["id"], entitlement: e, onDate: row["on_date"], verifiedBy: row["verified_by"],
            verifiedAt: row["verified_at"])
    }

    // MARK: Billing outcomes

    public func activeOutcomes(caseID: CaseID) throws -> [BillingOutcome] {
        let outcomes = ActiveOutcomeRows()
        try db.readAll(outcomes.reads(caseID))
        return outcomes.outcomes
    }

    /// The statements that read a case's active outcomes, given its id: the outcomes, and all
    /// their portions in one (in key order, as each outcome's were read before).
    static let activeOutcomesSQL = "SELECT * FROM billing_outcome WHERE case_id = ? AND active = 1 ORDER BY id"
    static let activePortionsSQL = """
        SELECT p.* FROM outcome_portion p JOIN billing_outcome o ON o.id = p.outcome_id
        WHERE o.case_id = ? AND o.active = 1 ORDER BY p.outcome_id, p.line_id, p.kind
        """

    static func outcome(_ row: Row, portions: [Portion]) -> BillingOutcome {
        let id: OutcomeID = row["id"]
        var debit: PrepaidBalance?
        switch row["debit_kind"] as String? {
        case "minutes": debit = .minutes(row["debit"])
        case "money": debit = .money(row["debit"])
        default: debit = nil
        }
        let kind: OutcomeKind = row["kind"]
        let draft = OutcomeDraft(kind: kind, portions: portions, contract: row["contract"], debit: debit)
        let claim: ClaimStatus = row["claim"]
        return BillingOutcome(
            id: id, caseID: row["case_id"] as CaseID, draft: draft, claim: claim,
            createdBy: row["created_by"] as String, createdAt: row["created_at"] as Timestamp)
    }

    /// Supersedes the case's outcomes with `drafts`; the superseded ones stay, inactive, as history.
    public func replaceOutcomes(caseID: CaseID, with drafts: [OutcomeDraft], by account: String, at: Timestamp) throws
        -> [OutcomeID]
    {
        try db.executeLater(
            sql: "UPDATE billing_outcome SET active = 0 WHERE case_id = ? AND active = 1", arguments: [caseID])
        return try drafts.map {
            try insertOutcomeRow(
                BillingOutcome(id: OutcomeID(0), caseID: caseID, draft: $0, createdBy: account, createdAt: at))
        }
    }

    /// Writes an active outcome and its portions as it is; id 0 for the next one.
    @discardableResult
    func insertOutcomeRow(_ o: BillingOutcome) throws -> OutcomeID {
        let id = OutcomeID(try insertReturningID(.outcome, CaseRow.outcome(o)))
        for p in o.draft.portions { try insert(.portion, CaseRow.portion(p, of: id)) }
        return id
    }

    public func debitContractBalance(_ number: String, by used: PrepaidBalance) throws {
        let amount: Int64 =
            switch used {
            case .minutes(let m): Int64(m)
            case .money(let m): m.minorUnits
            }
        // The CHECK (balance >= 0) refuses a debit beyond what is left.
        try db.execute(
            sql: "UPDATE contract SET balance = balance - ? WHERE number = ? AND balance IS NOT NULL",
            arguments: [amount, number])
    }

    // MARK: Overrides

    public func overrides(caseID: CaseID) throws -> [OverrideRequest] {
        try values(CaseReads.overrides, [caseID], OverrideRequest.init(row:))
    }

    public func overrideRequest(_ id: OverrideID) throws -> OverrideRequest? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM override_request WHERE id = ?"), arguments: [id]).map(
            OverrideRequest.init(row:))
    }

    public func pendingOverrides(limit: Int = 200) throws -> [OverrideRequest] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM override_request WHERE status = 'pending' ORDER BY id LIMIT ?"),
            arguments: [limit]
        ).map(OverrideRequest.init(row:))
    }

    public func insertOverride(_ o: OverrideRequest) throws -> OverrideID {
        OverrideID(
            try insertReturningID(
                into: "override_request",
                sql: """
                    INSERT INTO override_request (id, case_id, kind, line_id, contract, amount, reservation_id, quantity,
                      for_case, reason_code, note, requested_by, requested_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [
                    nil, o.caseID, o.kind, o.lineID, o.contract, o.amount, o.reservationID, o.quantity, o.forCase,
                    o.reasonCode, o.note, o.requestedBy, o.requestedAt,
                ]))
    }

    public func decideOverride(
        _ id: OverrideID, _ status: OverrideStatus, by account: String, at: Timestamp, note: String
    ) throws {
        try db.execute(
            sql:
                "UPDATE override_request SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?",
            arguments: [status, account, at, note, id])
    }

    public func caseExists(_ id: CaseID) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM service_case WHERE id = ?)"), arguments: [id])
            ?? false
    }
}

// MARK: - Row mapping

extension EntitlementSource {
    var storage: (kind: String, id: String?) {
        switch self {
        case .assetWarranty(let t): ("asset-warranty", t)
        case .genericWarranty(let t): ("generic-warranty", t)
        case .contract(let n): ("contract", n)
        case .none: ("none", nil)
        }
    }

    init(storage kind: String, id: String?) {
        switch (kind, id) {
        case ("asset-warranty", let t?): self = .assetWarranty(template: t)
        case ("generic-warranty", let t?): self = .genericWarranty(template: t)
        case ("contract", let n?): self = .contract(number: n)
        default: self = .none
        }
    }
}

extension ServiceCase {
    init(row: Row) {
        self.init(
            id: row["id"], customerID: row["customer_id"], serial: row["serial"], subject: row["subject"],
            reportedOn: row["reported_on"], openedAt: row["opened_at"], priority: row["priority"],
            assignee: row["assignee"], contact: row["contact"], slaDue: row["sla_due"], status: row["status"],
            resolutionCode: row["resolution_code"], technicianNotes: row["technician_notes"],
            noParts: row["no_parts"], noLabour: row["no_labour"], imported: row["imported"])
    }
}

extension Visit {
    init(row: Row) {
        self.init(
            id: row["id"], caseID: row["case_id"], technician: row["technician"], startsAt: row["starts_at"],
            endsAt: row["ends_at"], status: row["status"])
    }
}

extension CaseLine {
    init(row: Row) {
        self.init(
            id: row["id"], caseID: row["case_id"], number: row["number"], kind: row["kind"],
            description: row["description"], amount: row["amount"], sku: row["sku"], quantity: row["quantity"],
            bin: row["bin"], category: row["category"], minutes: row["minutes"], technician: row["technician"],
            manualClassification: row["classification"], reasonCode: row["reason_code"])
    }
}

extension OverrideRequest {
    init(row: Row) {
        self.init(
            id: row["id"], caseID: row["case_id"], kind: row["kind"], lineID: row["line_id"], contract: row["contract"],
            amount: row["amount"], reservationID: row["reservation_id"], quantity: row["quantity"],
            forCase: row["for_case"],
            reasonCode: row["reason_code"], note: row["note"], requestedBy: row["requested_by"],
            requestedAt: row["requested_at"], status: row["status"], decidedBy: row["decided_by"],
            decidedAt: row["decided_at"], decisionNote: row["decision_note"])
    }
}
