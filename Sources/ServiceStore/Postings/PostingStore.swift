internal import GRDB
import ServiceCore

/// A posting as stored: its draft, where it belongs, and the batch that exported it.
public struct StoredPosting: Sendable, Equatable {
    public var id: Int64
    public var caseID: CaseID
    public var closing: Int
    public var draft: PostingDraft
    public var reverses: Int64?
    public var at: Timestamp
    public var account: String
    public var batchID: Int64?
}

public struct ExportBatch: Sendable, Equatable {
    public var id: Int64
    public var at: Timestamp
    public var format: String
    public var path: String
    public var count: Int
    public var total: Money
    /// The audit trail's head when the batch was made (none for batches made before the chain).
    public var auditHead: AuditChain.Head?
}

extension StoreTransaction {
    // MARK: Postings

    public func insertPosting(
        _ d: PostingDraft, caseID: CaseID, closing: Int, reverses: Int64? = nil,
        by account: String, at: Timestamp
    ) throws {
        try insert(
            .posting, CaseRow.posting(d, caseID: caseID, closing: closing, reverses: reverses, by: account, at: at))
    }

    public func postings(caseID: CaseID) throws -> [StoredPosting] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM posting WHERE case_id = ? ORDER BY id"), arguments: [caseID]
        ).map(StoredPosting.init(row:))
    }

    /// What each of a case's part lines cost: the net of its issue and return movements.
    public func lineCosts(caseID: CaseID) throws -> [LineCost] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT line_id, sku, -sum(on_hand_delta) AS quantity, -sum(value) AS value FROM stock_movement
                    WHERE case_id = ? AND line_id IS NOT NULL AND kind IN ('issue', 'return') GROUP BY line_id, sku ORDER BY line_id
                    """), arguments: [caseID]
        ).map { LineCost(lineID: $0["line_id"], sku: $0["sku"], quantity: $0["quantity"], value: $0["value"]) }
    }

    /// How many times the case has been closed (a reopen does not take one away).
    public func closings(caseID: CaseID) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT closings FROM service_case WHERE id = ?"), arguments: [caseID])
            ?? 0
    }

    /// When a closed case was closed, and by whom.
    public func closedAt(caseID: CaseID) throws -> (at: Timestamp, by: String)? {
        guard
            let r = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT closed_at, closed_by FROM service_case WHERE id = ? AND closed_at IS NOT NULL"),
                arguments: [caseID])
        else { return nil }
        return (r["closed_at"], r["closed_by"] ?? "")
    }

    public func setClosings(caseID: CaseID, _ n: Int) throws {
        try db.executeLater(sql: "UPDATE service_case SET closings = ? WHERE id = ?", arguments: [n, caseID])
    }

    /// A closed case goes back to in progress (a reopen).
    public func markReopened(_ id: CaseID) throws {
        try db.execute(
            sql: "UPDATE service_case SET status = 'in-progress', closed_at = NULL, closed_by = NULL WHERE id = ?",
            arguments: [id])
    }

    /// Takes back what a closing added to a warranty's spent amount.
    public func subtractSpent(_ key: WarrantyKey, _ amount: Money) throws {
        try db.execute(
            sql: "UPDATE warranty_spend SET spent = spent - ? WHERE serial = ? AND kind = ? AND template = ?",
            arguments: [amount, key.serial, key.kind.rawValue, key.template])
    }

    /// Gives back what a closing debited from a contract's prepaid balance.
    public func creditContractBalance(_ number: String, by used: PrepaidBalance) throws {
        let amount: Int64 =
            switch used {
            case .minutes(let m): Int64(m)
            case .money(let m): m.minorUnits
            }
        try db.cachedStatement(
            sql: "UPDATE contract SET balance = balance + ? WHERE number = ? AND balance IS NOT NULL"
        ).execute(arguments: [amount, number])
    }

    public func setClaim(_ outcome: OutcomeID, _ status: ClaimStatus) throws {
        try db.cachedStatement(sql: "UPDATE billing_outcome SET claim = ? WHERE id = ?").execute(arguments: [
            status, outcome,
        ])
    }

    public func outcome(_ id: OutcomeID) throws -> BillingOutcome? {
        guard
            let caseID = try CaseID.fetchOne(
                db.cachedStatement(sql: "SELECT case_id FROM billing_outcome WHERE id = ?"), arguments: [id])
        else { return nil }
        return try activeOutcomes(caseID: caseID).first { $0.id == id }
    }

    // MARK: The outbox

    /// Postings not exported yet, oldest first; cases loaded as history never enter it.
    public func unexportedPostings(since: Timestamp? = nil) throws -> [StoredPosting] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT p.* FROM posting p JOIN service_case c ON c.id = p.case_id
                    WHERE p.batch_id IS NULL AND c.imported = 0 AND p.at >= ? ORDER BY p.id
                    """), arguments: [since ?? Timestamp(seconds: Int64.min)]
        ).map(StoredPosting.init(row:))
    }

    public func batchPostings(_ batch: Int64) throws -> [StoredPosting] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM posting WHERE batch_id = ? ORDER BY id"), arguments: [batch]
        ).map(StoredPosting.init(row:))
    }

    public func exportBatch(_ id: Int64) throws -> ExportBatch? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM export_batch WHERE id = ?"), arguments: [id]).map {
            ExportBatch(
                id: $0["id"], at: $0["at"], format: $0["format"], path: $0["path"], count: $0["count"],
                total: $0["total"],
                auditHead: ($0["audit_entry"] as Int64?).map { [row = $0] in
                    AuditChain.Head(entry: $0, hash: row["audit_hash"])
                })
        }
    }

    /// The oldest batch recorded whose file was never written (its export was cut short).
    public func unwrittenBatch() throws -> ExportBatch? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT min(id) FROM export_batch WHERE written = 0") else {
            return nil
        }
        return try exportBatch(id)
    }

    /// The batch's file is written and durable.
    public func markBatchWritten(_ id: Int64) throws {
        try db.execute(sql: "UPDATE export_batch SET written = 1 WHERE id = ?", arguments: [id])
    }

    /// The next batch's id.
    public func nextBatchID() throws -> Int64 { try nextID(of: "export_batch") }

    /// Records a batch and marks its postings exported, before its file is written: it stays
    /// `unwrittenBatch` until `markBatchWritten`.
    public func recordBatch(
        id: Int64, postings: [StoredPosting], format: String, path: String, auditHead: AuditChain.Head?,
        by account: String, at: Timestamp
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO export_batch (id, at, account, format, path, count, total, audit_entry, audit_hash, written)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """
        ).execute(arguments: [
            id, at, account, format, path, postings.count, try Money.checkedSum(postings.map(\.draft.amount)),
            auditHead?.entry, auditHead?.hash,
        ])
        for p in postings {
            try db.cachedStatement(sql: "UPDATE posting SET batch_id = ? WHERE id = ? AND batch_id IS NULL").execute(
                arguments: [id, p.id])
        }
    }
}

extension StoredPosting {
    init(row: Row) {
        let kind = PostingKind(rawValue: row["kind"])!
        // Spelt out from its parts (v12), unless it kept its text.
        let key =
            row["idempotency_key"] as String?
            ?? PostingKeyParts(
                closing: row["key_closing"], reference: row["key_ref"], count: row["key_count"],
                reopening: row["key_reopening"]
            ).spelled(caseID: row["case_id"], kind: kind)
        let draft = PostingDraft(
            kind: kind, amount: row["amount"], outcomeID: row["outcome_id"],
            lineID: row["line_id"], contract: row["contract"], sku: row["sku"], quantity: row["quantity"],
            idempotencyKey: key)
        self.init(
            id: row["id"], caseID: row["case_id"], closing: row["closing"], draft: draft, reverses: row["reverses"],
            at: row["at"], account: row["account"], batchID: row["batch_id"])
    }
}
