internal import GRDB
import ServiceCore

// The desk's resolution codes (migration v18): imported or exported with the master data,
// read by `resolve` and by the completion of its code.
extension StoreTransaction {
    /// Every code, retired ones too, in code order.
    public func resolutionCodes() throws -> [ResolutionCode] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM resolution_code ORDER BY code")).map(
            ResolutionCode.init(row:))
    }

    public func resolutionCode(_ code: String) throws -> ResolutionCode? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM resolution_code WHERE code = ?"), arguments: [code])
            .map(ResolutionCode.init(row:))
    }

    /// The active codes that start with `typed` or whose description holds it, in any case, for
    /// completion: those found by their code first. Codes are kept in capitals, so `typed` is
    /// compared upper-cased; LIKE ignores the case of the description's ASCII letters.
    public func resolutionCodes(matching typed: String, limit: Int = 20) throws -> [ResolutionCode] {
        let code = likePrefix(ResolutionCode.normalised(typed))
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM resolution_code
                    WHERE active = 1 AND (code LIKE ?1 ESCAPE '\\' OR description LIKE ?2 ESCAPE '\\')
                    ORDER BY code NOT LIKE ?1 ESCAPE '\\', code LIMIT ?3
                    """),
            arguments: [code, likeWithin(typed), limit]
        ).map(ResolutionCode.init(row:))
    }

    public func saveResolutionCode(_ r: ResolutionCode) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO resolution_code (code, description, active) VALUES (?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET description = excluded.description, active = excluded.active
                """
        ).execute(arguments: [r.code, r.description, r.active])
    }
}

extension ResolutionCode {
    init(row: Row) {
        self.init(code: row["code"], description: row["description"], active: row["active"])
    }
}
