internal import GRDB
import ServiceCore

/// A case from the ERP's history (or one closed here, for export): closed or cancelled,
/// marked imported, so it never reaches the outbox and the KPIs count it apart.
public struct HistoricalCase: Sendable, Equatable {
    /// The ERP's case number; a case closed here is exported as `CB-<database>-<id>`, the
    /// database named by the second it was created, so two databases' case 6 never meet.
    public var key: String
    public var customerID: String
    public var serial: String
    public var subject: String
    public var reportedOn: CivilDate
    public var openedAt: Timestamp
    public var priority: Int
    public var assignee: String
    public var contact: String
    public var status: CaseStatus
    public var closedAt: Timestamp?
    public var closedBy: String?
    public var resolutionCode: String?
    public var notes: String
    public var cancelReason: String?
}

/// A line of a historical case, by the case's key and the line's number in it.
public struct HistoricalLine: Sendable, Equatable {
    public var caseKey: String
    public var number: Int
    public var kind: LineKind
    public var description: String
    public var amount: Money
    public var sku: String?
    public var quantity: Int?
    public var minutes: Int?
    public var technician: String?
    public var classification: Classification?
    public var reasonCode: String?
}

extension StoreTransaction {
    /// The case that holds this key: imported with it, or worked here and exported as
    /// `CB-<database>-<id>` (this database's).
    public func historicalCase(key: String) throws -> (id: CaseID, history: HistoricalCase, imported: Bool)? {
        try Row.fetchOne(
            db.cachedStatement(sql: "\(Self.historySelect) WHERE erp_key = ?1 OR (erp_key IS NULL AND id = ?2)"),
            arguments: [key, try localID(key)]
        )
        .map { (CaseID($0["id"] as Int64), HistoricalCase(row: $0), $0["imported"]) }
    }

    /// The id in a `CB-<database>-<id>` key of this database, which names a case worked here.
    func localID(_ key: String) throws -> Int64? {
        guard key.hasPrefix("CB-") else { return nil }
        let prefix = try localKeyPrefix ?? "CB-\(databaseInfo().createdAt.seconds)-"
        localKeyPrefix = prefix
        return key.hasPrefix(prefix) ? Int64(key.dropFirst(prefix.count)) : nil
    }

    /// Every closed or cancelled case, as history: what `export data` writes.
    public func historicalCases() throws -> [HistoricalCase] {
        try Row.fetchAll(db, sql: "\(Self.historySelect) WHERE status IN ('closed', 'cancelled') ORDER BY id").map(
            HistoricalCase.init(row:))
    }

    public func historicalLines() throws -> [HistoricalLine] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT coalesce(c.erp_key, \(Self.localKey("c"))) AS case_key, l.* FROM case_line l JOIN service_case c ON c.id = l.case_id
                WHERE c.status IN ('closed', 'cancelled') ORDER BY c.id, l.number
                """
        ).map(HistoricalLine.init(row:))
    }

    /// Inserts the case as imported history, or updates case `existing` (the one with its key,
    /// from `historicalCase(key:)`); returns its id.
    public func saveHistoricalCase(_ h: HistoricalCase, replacing existing: CaseID?, by account: String) throws
        -> CaseID
    {
        let values: SQLArguments = [
            h.customerID, h.serial, h.subject, h.reportedOn, h.openedAt, h.priority, h.assignee,
            h.contact, h.status, h.closedAt, h.closedBy, h.resolutionCode, h.notes, h.cancelReason,
        ]
        if let id = existing {
            try db.cachedStatement(
                sql: """
                    UPDATE service_case SET customer_id = ?, serial = ?, subject = ?, reported_on = ?, opened_at = ?, priority = ?,
                      assignee = ?, contact = ?, status = ?, closed_at = ?, closed_by = ?, resolution_code = ?, technician_notes = ?,
                      cancel_reason = ?, version = ?, changed_by = ? WHERE id = ?
                    """
            ).execute(arguments: values + [try nextChangeSequence(), account, id])
            return id
        }
        return CaseID(
            try insertReturningID(
                into: "service_case",
                sql: """
                    INSERT INTO service_case (id, customer_id, serial, subject, reported_on, opened_at, priority, assignee,
                      contact, status, closed_at, closed_by, resolution_code, technician_notes, cancel_reason, erp_key, imported,
                      version, changed_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                    """, arguments: [nil] + values + [h.key, try nextChangeSequence(), account]))
    }

    /// The line with this number on a historical case, inserted or updated.
    /// Its id, when new, is the next one (on PostgreSQL `nextID`'s, as every line's there).
    public func saveHistoricalLine(_ l: HistoricalLine, caseID: CaseID, at: Timestamp) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO case_line (id, case_id, number, kind, description, amount, sku, quantity, minutes, technician, classification,
                  reason_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (case_id, number) DO UPDATE SET kind = excluded.kind, description = excluded.description,
                  amount = excluded.amount, sku = excluded.sku, quantity = excluded.quantity, minutes = excluded.minutes,
                  technician = excluded.technician, classification = excluded.classification, reason_code = excluded.reason_code
                """
        ).execute(arguments: [
            db.isPostgres ? try nextID(of: "case_line") : nil, caseID, l.number, l.kind, l.description, l.amount, l.sku,
            l.quantity, l.minutes, l.technician,
            l.classification, l.reasonCode, at,
        ])
        try checkCaseTotal(caseID, name: l.caseKey)
    }

    /// The line with this number on case `id` (the one with key `key`), as history.
    public func historicalLine(caseID id: CaseID, key: String, number: Int) throws -> HistoricalLine? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT ? AS case_key, * FROM case_line WHERE case_id = ? AND number = ?"),
            arguments: [key, id, number]
        ).map(HistoricalLine.init(row:))
    }

    static let historySelect = "SELECT c.*, coalesce(c.erp_key, \(localKey("c"))) AS case_key FROM service_case c"

    /// The key of a case worked here, in SQL: `CB-<the database's creation second>-<id>`.
    static func localKey(_ alias: String) -> String {
        "'CB-' || (SELECT value FROM meta WHERE key = 'created_at') || '-' || \(alias).id"
    }
}

extension HistoricalCase {
    init(row: Row) {
        self.init(
            key: row["case_key"], customerID: row["customer_id"], serial: row["serial"], subject: row["subject"],
            reportedOn: row["reported_on"], openedAt: row["opened_at"], priority: row["priority"],
            assignee: row["assignee"],
            contact: row["contact"], status: row["status"], closedAt: row["closed_at"], closedBy: row["closed_by"],
            resolutionCode: row["resolution_code"], notes: row["technician_notes"], cancelReason: row["cancel_reason"])
    }
}

extension HistoricalLine {
    init(row: Row) {
        self.init(
            caseKey: row["case_key"], number: row["number"], kind: row["kind"], description: row["description"],
            amount: row["amount"], sku: row["sku"], quantity: row["quantity"], minutes: row["minutes"],
            technician: row["technician"], classification: row["classification"], reasonCode: row["reason_code"])
    }
}
