import Foundation
internal import GRDB
import ServiceCore

/// Turns the closure states of an existing database into facts (v11): each state gets the
/// codes of its failing checks, and loses its sentences where the case's rows word them
/// again exactly — so a converted case reads as it did, and a state whose sentences the
/// rows would not word the same (a failing check) keeps them.
enum CaseStateConversion {
    /// States are read a page at a time by case number, so the updates never run under an
    /// open read of the same table.
    static let page = 1_000

    static func convert(_ db: Database) throws {
        let tx = StoreTransaction(db)
        // v14 has not made the terms' snapshots yet.
        tx.checksKeepTerms = true
        let decoder = JSONDecoder()
        var after: Int64 = 0
        while true {
            let rows = try Row.fetchAll(
                db, sql: "SELECT case_id, checks FROM case_state WHERE case_id > ? ORDER BY case_id LIMIT ?",
                arguments: [after, page])
            guard let last = rows.last else { return }
            after = last["case_id"]
            for row in rows {
                let id: CaseID = row["case_id"]
                let checks = try decoder.decode([ClosureCheck].self, from: Data((row["checks"] as String).utf8))
                let failed = CaseState.codes(of: checks)
                let worded = try failed.isEmpty && tx.closureFacts(id).map { ClosureChecklist.allPassed($0) } == checks
                try db.execute(
                    sql: worded
                        ? "UPDATE case_state SET failed = ?, checks = NULL WHERE case_id = ?"
                        : "UPDATE case_state SET failed = ? WHERE case_id = ?",
                    arguments: [failed, id])
            }
        }
    }
}
