import Foundation
internal import GRDB
import ServiceCore

/// The INSERT of each kind of row a case's work leaves, and the values of one such row: the
/// store's intent methods and `CaseLoader` both write through these, so a loaded case's rows
/// are the rows a command writes. Making the values touches no database (JSON columns
/// included), so a loader can make them on another thread than the one that writes them.
enum CaseRow: Int, CaseIterable, Sendable {
    case serviceCase, termsSnapshot, entitlementCheck, visit, line, outcome, portion, movement, posting, caseState

    /// The table of the rows whose first value is their `id`.
    var keyedTable: String? {
        switch self {
        case .serviceCase: "service_case"
        case .visit: "visit"
        case .line: "case_line"
        case .outcome: "billing_outcome"
        case .termsSnapshot, .entitlementCheck, .portion, .movement, .posting, .caseState: nil
        }
    }

    /// The INSERT of one row.
    var sql: String { sql(rows: 1) }

    /// The INSERT of `n` rows at once, the values of each in turn: `CaseLoader` writes a
    /// batch's rows of a kind so, and one statement of many rows costs SQLite about what one
    /// of a single row does.
    func sql(rows n: Int) -> String {
        let (head, values, tail) = parts
        return head + " VALUES " + repeatElement(values, count: n).joined(separator: ", ") + tail
    }

    /// The INSERT's table and columns, the values of one row, and what follows them.
    private var parts: (head: String, values: String, tail: String) {
        switch self {
        case .serviceCase:
            (
                """
                INSERT INTO service_case (id, customer_id, serial, subject, reported_on, opened_at, priority, assignee, contact,
                  sla_due, status, resolution_code, technician_notes, no_parts, no_labour, cancel_reason, closed_at, closed_by,
                  imported, version, changed_by, closings)
                """,
                Self.placeholders(22), ""
            )
        // A check's terms are its snapshot's, made first unless one holds them already.
        case .termsSnapshot: ("INSERT INTO terms_snapshot (terms)", "(?)", " ON CONFLICT (terms) DO NOTHING")
        case .entitlementCheck:
            (
                """
                INSERT INTO entitlement_check (case_id, outcome, source_kind, source_id, terms_id, limits, response_hours, trail,
                  on_date, verified_by, verified_at)
                """,
                "(?, ?, ?, ?, (SELECT id FROM terms_snapshot WHERE terms = ?), ?, ?, ?, ?, ?, ?)", ""
            )
        case .visit:
            ("INSERT INTO visit (id, case_id, technician, starts_at, ends_at, status)", Self.placeholders(6), "")
        case .line:
            (
                """
                INSERT INTO case_line (id, case_id, number, kind, description, amount, sku, quantity, bin, category, minutes,
                  technician, classification, reason_code, created_at)
                """,
                Self.placeholders(15), ""
            )
        case .outcome:
            (
                """
                INSERT INTO billing_outcome (id, case_id, kind, active, contract, total, debit_kind, debit, claim, created_by,
                  created_at)
                """,
                "(?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)", ""
            )
        case .portion: ("INSERT INTO outcome_portion (outcome_id, line_id, kind, amount)", Self.placeholders(4), "")
        case .movement:
            (
                """
                INSERT INTO stock_movement (at, account, kind, sku, bin, on_hand_delta, reserved_delta, unit_cost, value,
                  case_id, line_id, reservation_id, reason_code, note)
                """,
                Self.placeholders(14), ""
            )
        case .posting:
            (
                """
                INSERT INTO posting (case_id, closing, kind_code, amount, reverses, outcome_id, line_id, contract, sku, quantity,
                  key_ref, key_closing, key_count, key_reopening, idempotency_key, at, account)
                """,
                Self.placeholders(17), ""
            )
        case .caseState:
            (
                "INSERT INTO case_state (case_id, entitlement, entitlement_ok, failing, failed, checks)",
                Self.placeholders(6),
                """
                 ON CONFLICT (case_id) DO UPDATE SET entitlement = excluded.entitlement,
                  entitlement_ok = excluded.entitlement_ok, failing = excluded.failing, failed = excluded.failed,
                  checks = excluded.checks
                """
            )
        }
    }

    /// "(?, ?, …)": the values of a row of `n` columns, each bound.
    private static func placeholders(_ n: Int) -> String {
        "(" + repeatElement("?", count: n).joined(separator: ", ") + ")"
    }

    /// An id of 0 is "the next one": SQLite gives it.
    private static func id<T>(_ id: RecordID<T>) -> Int64? { id.rawValue == 0 ? nil : id.rawValue }

    static func serviceCase(_ w: WorkedCase) -> SQLArguments {
        let c = w.serviceCase
        return [
            c.id, c.customerID, c.serial, c.subject, c.reportedOn, c.openedAt, c.priority, c.assignee, c.contact,
            c.slaDue, c.status, c.resolutionCode, c.technicianNotes, c.noParts, c.noLabour, w.cancelReason,
            w.closing?.at, w.closing?.by, c.imported, w.version, w.changedBy, w.closing?.effects.closing ?? 0,
        ]
    }

    /// The check's rows: its terms' snapshot (made unless there), then the check, naming the
    /// snapshot by its terms and keeping its trail as steps.
    static func entitlementCheck(
        caseID: CaseID, _ e: Entitlement, onDate: CivilDate, by account: String, at: Timestamp,
        _ json: CheckJSON = CheckJSON()
    ) throws -> [(CaseRow, SQLArguments)] {
        let (kind, sourceID) = e.source.storage
        let terms = try json.text(e.terms)
        return [
            (.termsSnapshot, [terms]),
            (
                .entitlementCheck,
                [
                    caseID, e.outcome, kind, sourceID, terms, try json.text(e.limits), e.responseHours,
                    json.text(e.steps), onDate, account, at,
                ]
            ),
        ]
    }

    static func visit(_ v: Visit) -> SQLArguments {
        [id(v.id), v.caseID, v.technician, v.startsAt, v.endsAt, v.status]
    }

    static func line(_ l: CaseLine, at: Timestamp?) -> SQLArguments {
        [
            id(l.id), l.caseID, l.number, l.kind, l.description, l.amount, l.sku, l.quantity, l.bin, l.category,
            l.minutes,
            l.technician, l.manualClassification, l.reasonCode, at,
        ]
    }

    static func outcome(_ o: BillingOutcome) -> SQLArguments {
        var kind: String?
        var amount: Int64?
        switch o.draft.debit {
        case .minutes(let m)?:
            kind = "minutes"
            amount = Int64(m)
        case .money(let m)?:
            kind = "money"
            amount = m.minorUnits
        case nil: break
        }
        return [
            id(o.id), o.caseID, o.draft.kind, o.draft.contract, o.draft.total, kind, amount, o.claim, o.createdBy,
            o.createdAt,
        ]
    }

    static func portion(_ p: Portion, of outcome: OutcomeID) -> SQLArguments {
        [outcome, p.lineID, p.kind, p.amount]
    }

    static func movement(
        _ kind: MovementKind, _ sku: String, _ bin: String, onHand: Int, reserved: Int, unitCost: Money,
        caseID: CaseID?, lineID: LineID?, reservationID: ReservationID?, reason: String?, note: String,
        by account: String, at: Timestamp
    ) -> SQLArguments {
        [
            at, account, kind.rawValue, sku, bin, onHand, reserved, unitCost, unitCost * onHand, caseID, lineID,
            reservationID, reason, note,
        ]
    }

    /// The key as its integer parts when they spell it again, else as its text; the kind as
    /// its code.
    static func posting(
        _ d: PostingDraft, caseID: CaseID, closing: Int, reverses: Int64?, by account: String, at: Timestamp
    ) -> SQLArguments {
        let parts = PostingKeyParts(key: d.idempotencyKey, caseID: caseID.rawValue, kind: d.kind)
        return [
            caseID, closing, d.kind.storageCode, d.amount, reverses, d.outcomeID, d.lineID, d.contract, d.sku,
            d.quantity,
            parts?.reference, parts?.closing ?? 0, parts?.count ?? 0, parts?.reopening ?? 0,
            parts == nil ? d.idempotencyKey : nil, at, account,
        ]
    }

    /// `facts`: the case's facts as they will be read back; the sentences are kept only when
    /// they do not word the checklist exactly (a check failed, or there are no facts to word).
    static func caseState(_ id: CaseID, _ s: CaseState, facts: ClosureFacts?, _ enc: JSONEncoder = .sorted) throws
        -> SQLArguments
    {
        let worded = facts.map { ClosureChecklist.allPassed($0) == s.checks } ?? false
        return [
            id, s.entitlement, s.entitlementOK, s.failing, CaseState.codes(of: s.checks),
            worded ? nil : String(decoding: try enc.encode(s.checks), as: UTF8.self),
        ]
    }
}

extension StoreTransaction {
    /// Writes one row of a case through its INSERT.
    /// On PostgreSQL in the round trip of the next statement waited for (`executeLater`): no
    /// one reads what an insert without an id gives back.
    func insert(_ row: CaseRow, _ arguments: SQLArguments) throws {
        try db.executeLater(sql: row.sql, arguments: arguments)
    }

    /// Writes one row of a case keyed by `id`, its first value, and gives its id.
    func insertReturningID(_ row: CaseRow, _ arguments: SQLArguments) throws -> Int64 {
        guard let table = row.keyedTable else { preconditionFailure("\(row) rows have no id") }
        return try insertReturningID(into: table, sql: row.sql, arguments: arguments)
    }
}

/// A check's JSON columns, the terms and limits remembered as they are encoded: the checks of a
/// generated batch share a handful of terms and not many more limits, and `JSONEncoder` was a
/// third of the generator's working thread (perf).
final class CheckJSON {
    private let encoder = JSONEncoder.sorted
    private var terms: [Terms: String] = [:]
    private var limits: [CoverageLimits: String] = [:]

    func text(_ t: Terms) throws -> String { try text(t, rememberedIn: &terms) }

    func text(_ l: CoverageLimits) throws -> String { try text(l, rememberedIn: &limits) }

    func text(_ steps: [EntitlementStep]) -> String { EntitlementStep.storedJSON(steps) }

    private func text<T: Hashable & Encodable>(_ value: T, rememberedIn known: inout [T: String]) throws -> String {
        if let text = known[value] { return text }
        let text = try text(encoding: value)
        known[value] = text
        return text
    }

    private func text(encoding value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
