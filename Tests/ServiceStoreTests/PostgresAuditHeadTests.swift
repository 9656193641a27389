import Foundation
import PostgresTestSupport
import ServiceCore
import Testing

@testable import ServiceStore

/// A PostgreSQL desk keeps its audit head in the database, signed with the key the host's
/// configuration names: several hosts share no folder for a head file, but they share the
/// database, and a trail cut short with its head put back to match must still be told.
@Suite(
    "The audit head kept in a PostgreSQL desk (engine-specific)",
    .needsPostgres)
struct PostgresAuditHeadTests {
    let chain = AuditChainTests()

    /// A seeded desk made with the key in `key` (made there by `create`), opened again with it.
    func withSignedDesk(_ body: (AppDatabase, PostgresConnection, TemporaryDirectory) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            try PostgresTestServer.withSchema { psql, url in
                let key = dir.file("config/audit-key")
                let created = try AppDatabase.create(
                    at: url.text, kind: .training, creator: Fixtures.ada, at: Fixtures.now,
                    businessDate: Fixtures.today, auditKeyFile: key)
                try created.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
                try body(try AppDatabase.open(at: url.text, auditKeyFile: key), psql, dir)
            }
        }
    }

    func kept(_ psql: PostgresConnection) throws -> (entry: Int64?, hash: String?, signature: String?) {
        let row = try psql.execute("SELECT entry, hash, signature FROM audit_head")
        return (row.integer(0, "entry"), row.text(0, "hash"), row.text(0, "signature"))
    }

    @Test("Each commit moves the head kept in the database, signed under the host's key, made owner-only at init")
    func signedWithEachCommit() throws {
        try withSignedDesk { db, psql, dir in
            try chain.trail(db)
            let head = try #require(try db.verifyAudit().head)
            let key = try #require(AuditKey.load(file: dir.file("config/audit-key")).key)
            let row = try kept(psql)
            #expect(row.entry == head.entry && row.hash == head.hash)
            #expect(row.signature == key.sign(head))
            var st = stat()
            #expect(stat(dir.file("config/audit-key"), &st) == 0 && st.st_mode & 0o777 == 0o600)
            #expect(try chain.problem(db) == nil)
        }
    }

    @Test("Entries cut off are told by the head kept; put back to match, unsigned or signed without the key, too")
    func cutOff() throws {
        try withSignedDesk { db, psql, _ in
            try chain.trail(db)
            let last = try #require(try kept(psql).entry)
            try psql.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_no_delete")
            try psql.execute("DELETE FROM audit_subject WHERE entry_id > $1", [.integer(last - 2)])
            try psql.execute("DELETE FROM audit_entry WHERE id > $1", [.integer(last - 2)])
            let problem = try #require(try chain.problem(db))
            #expect(problem.contains("the head kept in the database"), "\(problem)")

            let accept =
                "if that is known and the trail is to be accepted as it is, an admin signs it anew with `audit rehead` "
                + "(casebench audit verify --rehead)"
            try psql.execute(
                "UPDATE audit_head SET entry = e.id, hash = e.hash, signature = NULL FROM "
                    + "(SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1) e")
            #expect(
                try chain.problem(db)
                    == "the head kept in the database is not signed: a host without the key, or something other "
                    + "than Casebench, wrote it last, so entries may have been cut off the end of the trail; " + accept)
            try psql.execute("UPDATE audit_head SET signature = $1", [.text(String(repeating: "ab", count: 32))])
            let putBack = try kept(psql)
            #expect(
                try chain.problem(db)?.hasPrefix(
                    "the head kept in the database is signed, but not with this host's key") == true)

            // An admin who knows of the loss accepts the trail: the head is kept, signed, again
            let (before, head) = try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            #expect(before == "entry \(last - 2) \(putBack.hash ?? "")")
            #expect(try kept(psql).entry == head.entry)
            #expect(try chain.problem(db) == nil)
        }
    }

    @Test(
        "A host without the key writes an unsigned head, which a host with it does not accept; one with no key cannot check"
    )
    func hostWithoutKey() throws {
        try withSignedDesk { db, psql, dir in
            let keyless = try AppDatabase.open(at: try #require(db.path), auditKeyFile: dir.file("elsewhere/audit-key"))
            #expect(
                try chain.problem(keyless)
                    == "this host holds no audit key (\(dir.file("elsewhere/audit-key"))), so the head kept in the "
                    + "database cannot be checked: copy the key from the host that made the desk, as the "
                    + "configuration's audit-key says")
            try chain.trail(keyless)
            #expect(try kept(psql).signature == nil)
            #expect(try chain.problem(db)?.hasPrefix("the head kept in the database is not signed") == true)
        }
    }
}
