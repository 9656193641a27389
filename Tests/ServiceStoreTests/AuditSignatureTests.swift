import Foundation
import ServiceCore
import Testing

@testable import ServiceStore

/// The audit head file is signed with a key beside the database (`AuditKey`): a trail cut off
/// and its head file rewritten to match — which once left `audit verify` saying "holds" — is
/// told, and so is a signature made without the key or the key gone.
@Suite("The audit head file's signature")
struct AuditSignatureTests {
    let chain = AuditChainTests()

    /// The head file's line as it is now.
    func headLine(_ path: String) throws -> String {
        try String(contentsOfFile: AuditHeadFile.path(for: path), encoding: .utf8)
    }

    @Test("Each commit signs the head with HMAC-SHA256 under the database's key; the key is its owner's alone")
    func signed() throws {
        try withStore(.disk) { db throws in
            try chain.trail(db)
            let path = try #require(db.path)
            let parts = try headLine(path).split(separator: " ")
            #expect(parts.count == 3, "\(parts)")
            let key = try Data(contentsOf: URL(fileURLWithPath: AuditKey.path(for: path)))
            #expect(key.count == 32)
            var st = stat()
            #expect(stat(AuditKey.path(for: path), &st) == 0 && st.st_mode & 0o777 == 0o600)
            #expect(try chain.problem(db) == nil)
        }
    }

    @Test(
        "Entries cut off and the head file rewritten to match, unsigned or signed without the key: the trail does not hold",
        arguments: ["unsigned", "forged"])
    func rewrittenHead(how: String) throws {
        try withStore(.disk) { db throws in
            try chain.trail(db)
            let path = try #require(db.path)
            let file = AuditHeadFile.path(for: path)
            try chain.tamper(db, "DELETE FROM audit_entry WHERE id > 8")
            // The trail's own head now: entry 8
            let eight = try #require(try db.verifyAudit().head)
            #expect(eight.entry == 8)
            let forged = how == "forged" ? " " + String(repeating: "ab", count: 32) : ""
            try Data("\(eight)\(forged)\n".utf8).write(to: URL(fileURLWithPath: file))
            let accept =
                "if that is known and the trail is to be accepted as it is, an admin signs it anew with `audit rehead` "
                + "(casebench audit verify --rehead)"
            #expect(
                try chain.problem(db)
                    == (how == "unsigned"
                        ? "the head file \(file) is not signed: it was written by something other than Casebench, "
                            + "so entries may have been cut off the end of the trail and the file rewritten to match; "
                            + accept
                        : "the head file \(file) is signed, but not with the key \(AuditKey.path(for: path)): it was "
                            + "written by something other than Casebench, so entries may have been cut off the end of "
                            + "the trail; " + accept))

            // An admin who knows of the loss accepts the trail: the head is signed again
            _ = try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            #expect(try headLine(path).split(separator: " ").count == 3)
            #expect(try chain.problem(db) == nil)
        }
    }

    @Test("Without its key the head cannot be checked; rehead makes a new key and says so on the trail")
    func keyLost() throws {
        try withStore(.disk) { db throws in
            try chain.trail(db)
            let path = try #require(db.path)
            let keyFile = AuditKey.path(for: path)
            try FileManager.default.removeItem(atPath: keyFile)
            #expect(
                try chain.problem(db)
                    == "the signing key \(keyFile) is missing, so the head file \(AuditHeadFile.path(for: path)) cannot "
                    + "be checked; if its loss is known, an admin makes a new key with `audit rehead` "
                    + "(casebench audit verify --rehead)")
            _ = try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            #expect(FileManager.default.fileExists(atPath: keyFile))
            let last = try #require(try db.read { try $0.auditEntries() }.last)
            #expect(last.message.hasSuffix("; its head is signed with a new key from now on"), "\(last.message)")
            #expect(try chain.problem(db) == nil)
        }
    }

    @Test("A database made before keys verifies with its head unsigned, until an admin's rehead signs it")
    func madeBeforeKeys() throws {
        try withStore(.disk) { db throws in
            try chain.trail(db)
            let path = try #require(db.path)
            // As a database from before keys: no key, no mark, its head file unsigned
            try FileManager.default.removeItem(atPath: AuditKey.path(for: path))
            try chain.tamper(db, "DELETE FROM meta WHERE key = 'audit_signed'")
            let head = try #require(try db.verifyAudit().head)
            AuditHeadFile.advance(to: head, for: path, force: true)
            #expect(try headLine(path) == "\(head)\n")
            #expect(try chain.problem(db) == nil)

            _ = try db.rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            #expect(try headLine(path).split(separator: " ").count == 3)
            #expect(try chain.problem(db) == nil)
            // From then on an unsigned head is refused
            let now = try #require(try db.verifyAudit().head)
            try Data("\(now)\n".utf8).write(to: URL(fileURLWithPath: AuditHeadFile.path(for: path)))
            #expect(try chain.problem(db)?.contains("is not signed") == true)
        }
    }

    @Test("A workbench open when an admin's rehead makes the key signs its next commits with it")
    func keyMadeByAnother() throws {
        try withStore(.disk) { db throws in
            let path = try #require(db.path)
            try FileManager.default.removeItem(atPath: AuditKey.path(for: path))
            try chain.tamper(db, "DELETE FROM meta WHERE key = 'audit_signed'")
            // This workbench commits without a key: its head unsigned
            try chain.trail(db)
            #expect(try headLine(path).split(separator: " ").count == 2)

            // An admin's rehead, in another process, makes the key
            _ = try AppDatabase.open(at: path).rehead(actor: Actor(account: "ada"), at: Timestamp(seconds: 100))
            try chain.trail(db)
            #expect(try headLine(path).split(separator: " ").count == 3)
            #expect(try chain.problem(db) == nil)
        }
    }
}
