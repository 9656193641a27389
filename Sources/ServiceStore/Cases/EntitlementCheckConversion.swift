import Foundation
internal import GRDB
import ServiceCore
import Synchronization

/// Turns the entitlement checks of an existing database into facts (v14): each trail kept as
/// sentences becomes steps, a sentence a step only where the step words it again exactly
/// (`EntitlementStep(parsing:)`), else it stays the sentence it was; the terms go to their
/// snapshot. So a converted check reads as it did.
enum EntitlementCheckConversion {
    /// The SQL function the migration copies the checks through.
    static let functionName = "casebench_entitlement_steps"

    /// The stored steps of each sentence already seen: a generated database's trails repeat
    /// their region and decision sentences case after case. Emptied when it grows past
    /// `cacheLimit`, as most sentences name a serial and never come again.
    final class Memo: Sendable {
        private let stored = Mutex<[String: String]>([:])

        func callAsFunction(_ sentence: String, _ make: (String) -> String) -> String {
            if let known = stored.withLock({ $0[sentence] }) { return known }
            let made = make(sentence)
            stored.withLock {
                if $0.count >= cacheLimit { $0.removeAll(keepingCapacity: true) }
                $0[sentence] = made
            }
            return made
        }
    }
    static let cacheLimit = 50_000

    /// The trail `json` (a JSON array of sentences) as it is stored now: the array of each
    /// sentence's stored step, as `JSONEncoder.sorted` writes the array of steps. Text that is
    /// not such an array is left as it is.
    static func storedSteps(ofSentences json: String, memo: Memo = Memo()) -> String {
        guard let sentences = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return json }
        let encoder = JSONEncoder.sorted
        return "[" + sentences.map { memo($0) { storedStep($0, encoder) } }.joined(separator: ",") + "]"
    }

    /// One sentence's step as stored, checked by reading it back: it must word the sentence.
    private static func storedStep(_ sentence: String, _ encoder: JSONEncoder) -> String {
        let kept = EntitlementStep.text(sentence)
        let step = EntitlementStep(parsing: sentence)
        guard let data = try? encoder.encode(step),
            (try? JSONDecoder().decode(EntitlementStep.self, from: data))?.text == sentence
        else { return String(decoding: (try? encoder.encode(kept)) ?? Data(), as: UTF8.self) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Copies the checks into `entitlement_check_v14` through the SQL function, the terms as
    /// their snapshot's id (made by the migration before), then converts the row images the
    /// undo history keeps of checks, so an undo or redo of a verification made before finds
    /// the rows as it left them.
    static func convert(_ db: Database) throws {
        let memo = Memo()
        let function = DatabaseFunction(functionName, argumentCount: 1, pure: true) { values in
            guard let json = String.fromDatabaseValue(values[0]) else { return values[0] }
            return storedSteps(ofSentences: json, memo: memo)
        }
        db.add(function: function)
        defer { db.remove(function: function) }
        try db.execute(
            sql: """
                INSERT INTO entitlement_check_v14 (id, case_id, outcome, source_kind, source_id, terms_id, limits,
                    response_hours, trail, on_date, verified_by, verified_at)
                  SELECT e.id, e.case_id, e.outcome, e.source_kind, e.source_id, t.id, e.limits, e.response_hours,
                    \(functionName)(e.trail), e.on_date, e.verified_by, e.verified_at
                  FROM entitlement_check e JOIN terms_snapshot t ON t.terms = e.terms
                  ORDER BY e.id
                """)
        try convertUndoHistory(db, memo: memo)
    }

    /// The undo entries that touched a check: their images of it get the terms' snapshot id
    /// in place of the terms, and the trail as steps, as the rows got them.
    private static func convertUndoHistory(_ db: Database, memo: Memo) throws {
        let entries = try Row.fetchAll(
            db, sql: #"SELECT id, changes FROM undo_entry WHERE changes LIKE '%"entitlement_check"%'"#)
        for entry in entries {
            var changes = try JSONDecoder().decode([RowChange].self, from: Data((entry["changes"] as String).utf8))
            for i in changes.indices where changes[i].table == "entitlement_check" {
                changes[i].before = try changes[i].before.map { try convertImage($0, db, memo: memo) }
                changes[i].after = try changes[i].after.map { try convertImage($0, db, memo: memo) }
            }
            try db.execute(
                sql: "UPDATE undo_entry SET changes = ? WHERE id = ?",
                arguments: [try RowChange.json(changes), entry["id"] as Int64])
        }
    }

    private static func convertImage(_ image: [String: SQLValue], _ db: Database, memo: Memo)
        throws -> [String: SQLValue]
    {
        var image = image
        if case .text(let terms)? = image.removeValue(forKey: "terms") {
            image["terms_id"] = .integer(try StoreTransaction(db).termsSnapshot(terms))
        }
        if case .text(let trail)? = image["trail"] {
            image["trail"] = .text(storedSteps(ofSentences: trail, memo: memo))
        }
        return image
    }
}
