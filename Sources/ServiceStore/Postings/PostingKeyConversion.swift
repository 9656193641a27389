internal import GRDB
import ServiceCore

/// Splits the idempotency keys of an existing database into their integer parts (v12): a
/// key whose parts spell it again exactly loses its text; any other keeps it.
enum PostingKeyConversion {
    /// Postings are read a page at a time by id, so the updates never run under an open read
    /// of the same table.
    static let page = 5_000

    static func convert(_ db: Database) throws {
        var after: Int64 = 0
        while true {
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, case_id, kind, idempotency_key FROM posting WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [after, page])
            guard let last = rows.last else { return }
            after = last["id"]
            for row in rows {
                guard let kind = PostingKind(rawValue: row["kind"]),
                    let parts = PostingKeyParts(key: row["idempotency_key"], caseID: row["case_id"], kind: kind)
                else { continue }
                try db.execute(
                    sql: """
                        UPDATE posting SET key_ref = ?, key_closing = ?, key_count = ?, key_reopening = ?,
                          idempotency_key = NULL WHERE id = ?
                        """,
                    arguments: [parts.reference, parts.closing, parts.count, parts.reopening, row["id"]])
            }
        }
    }
}
