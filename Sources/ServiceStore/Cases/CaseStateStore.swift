import Foundation
internal import GRDB
import ServiceCore

/// The closure state the checklist left on a case, for the queue's views.
///
/// Stored as facts: which checks failed, as codes (`failed`), and the sentences (`checks`)
/// only where the case's own rows do not word them again — when a check failed. A case whose
/// checks all passed, as every closed case's did, is read back through
/// `ClosureChecklist.allPassed` in the same words it was written with.
public struct CaseState: Sendable, Equatable {
    public var entitlement: EntitlementOutcome?
    public var entitlementOK: Bool
    public var checks: [ClosureCheck]
    public var failing: Int { checks.filter { !$0.passed }.count }

    public init(entitlement: EntitlementOutcome?, entitlementOK: Bool, checks: [ClosureCheck]) {
        self.entitlement = entitlement
        self.entitlementOK = entitlementOK
        self.checks = checks
    }

    /// The state the checklist leaves: the entitlement is OK when its check passed.
    public init(entitlement: EntitlementOutcome?, checks: [ClosureCheck]) {
        self.init(
            entitlement: entitlement, entitlementOK: checks.first { $0.id == .entitlementVerified }?.passed ?? false,
            checks: checks)
    }

    /// The failing checks' codes, as `failed` keeps them: "resolution,usage", or "" when none failed.
    static func codes(of checks: [ClosureCheck]) -> String {
        checks.filter { !$0.passed }.map(\.id.rawValue).joined(separator: ",")
    }
}

extension StoreTransaction {
    // MARK: Closure state

    /// `facts`, when the caller has them, are what `closureFacts` would read: the case's rows
    /// as they stand in this transaction.
    public func saveCaseState(_ id: CaseID, _ state: CaseState, facts known: ClosureFacts? = nil) throws {
        // Only a checklist that passed whole can be worded from the facts: skip reading them otherwise.
        let facts = state.failing == 0 ? try known ?? closureFacts(id) : nil
        try insert(.caseState, try CaseRow.caseState(id, state, facts: facts))
    }

    /// Saves the state of a case the command will write nothing more on — one it has just
    /// opened, whose state it knows without reading it back — and marks it settled
    /// (`settledCase`), so the write does not refresh it again.
    public func saveSettledState(_ id: CaseID, _ state: CaseState, facts: ClosureFacts? = nil) throws {
        try saveCaseState(id, state, facts: facts)
        settledCase = id
    }

    public func caseState(_ id: CaseID) throws -> CaseState? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM case_state WHERE case_id = ?"), arguments: [id])
        else { return nil }
        let checks: [ClosureCheck]
        if let text = row["checks"] as String? {
            checks = try JSONDecoder().decode([ClosureCheck].self, from: Data(text.utf8))
        } else if let facts = try closureFacts(id) {
            checks = ClosureChecklist.allPassed(facts)
        } else {
            // Written without sentences only when these facts were there, and a case's
            // verification is never deleted while its state is kept.
            throw StoreError.invalid("case \(id): its closure state has no sentences and the case no verification")
        }
        return CaseState(entitlement: row["entitlement"], entitlementOK: row["entitlement_ok"], checks: checks)
    }

    /// What a passing checklist is worded from, read from the case's rows: nil without the
    /// case or a verification on record.
    /// In one round trip on PostgreSQL.
    func closureFacts(_ id: CaseID) throws -> ClosureFacts? {
        var cases: [ServiceCase] = []
        var records: [EntitlementRecord] = []
        var lines: [CaseLine] = []
        let outcomes = ActiveOutcomeRows()
        try db.readAll(
            [
                RowRead(CaseReads.serviceCase, [id]) { cases.append(ServiceCase(row: $0)) },
                RowRead(latestEntitlementSQL, [id]) { records.append(try self.entitlementRecord($0)) },
                RowRead(CaseReads.lines, [id]) { lines.append(CaseLine(row: $0)) },
            ] + outcomes.reads(id))
        guard let c = cases.first, let record = records.first else { return nil }
        return ClosureFacts(
            serviceCase: c, entitlement: record.entitlement, lines: lines, outcomes: outcomes.outcomes.map(\.draft))
    }
}
