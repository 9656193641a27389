import Foundation
internal import GRDB

/// A PostgreSQL desk's audit head, kept in the database itself: the newest entry of the trail,
/// its hash, and its signature under the key the writing host's configuration names
/// (`audit-key`). Written in the very transaction that appends the entry, under the writers'
/// lock, so it never lags or runs ahead of the trail as a file beside a database could; and
/// signed, so that whoever can change the database but holds no key — a trail cut short and
/// its head put back to match — is found out by `audit verify` on a host that holds it.
///
/// SQLite keeps the same line in a file beside the database (`AuditHeadFile`): several hosts
/// share no folder, but they do share the database.
enum PostgresAuditHead {
    static let schema = """
        CREATE TABLE IF NOT EXISTS audit_head (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            entry bigint NOT NULL,
            hash text NOT NULL,
            signature text)
        """

    /// What the database keeps: the head and its signature (nil: written by a host without the
    /// key), or nothing yet.
    static func read(_ db: SQLConnection) throws -> (head: AuditChain.Head, signature: String?)? {
        try Row.fetchOne(db, sql: "SELECT entry, hash, signature FROM audit_head").map {
            (AuditChain.Head(entry: $0["entry"], hash: $0["hash"]), $0["signature"])
        }
    }

    /// Moves the kept head to the trail's newest entry, signed with `key` when the host holds
    /// one; in the transaction that wrote the entry. A rehead moves it back this way too.
    static func advance(_ db: SQLConnection, key: AuditKey?) throws {
        try db.hold(.trailEnd)
        guard let head = try db.appendedHead ?? AuditChain.head(db) else { return }
        // Its round trip is the commit's.
        try db.executeLater(
            sql: """
                INSERT INTO audit_head (one, entry, hash, signature) VALUES (true, ?, ?, ?)
                ON CONFLICT (one) DO UPDATE SET entry = excluded.entry, hash = excluded.hash, signature = excluded.signature
                """,
            arguments: [head.entry, head.hash, key?.sign(head)])
    }
}
