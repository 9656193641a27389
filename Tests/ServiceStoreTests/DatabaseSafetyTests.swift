import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("Database safety: file modes, locks, backup and restore")
struct DatabaseSafetyTests {
    /// The permission bits, setgid included.
    private func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    /// A production database on disk with ada its admin and one command (agnes added).
    private func production(
        _ dir: TemporaryDirectory, _ name: String = "prod.sqlite",
        sharing: FileSharing = .ownerOnly
    ) throws -> AppDatabase {
        let db = try AppDatabase.create(
            at: dir.file(name), kind: .production, creator: Fixtures.ada, at: Fixtures.now, sharing: sharing)
        try db.perform(Fixtures.command("user add agnes")) { try $0.insertUser(Fixtures.agnes) }
        return db
    }

    private func users(_ db: AppDatabase) throws -> [String] { try db.read { try $0.users().map(\.account) } }
    private func journalMode(_ db: AppDatabase) throws -> String? {
        try db.read { try String.fetchOne($0.db, sql: "PRAGMA journal_mode") }
    }

    @Test(
        "The database, its -wal and -shm, the head file, its key and a backup are readable by their owner only, whatever the umask"
    )
    func ownerOnly() throws {
        try withTemporaryDirectory { dir throws in
            let old = umask(0o022)
            defer { umask(old) }
            let db = try production(dir, "sub/prod.sqlite")
            _ = try db.backup(to: dir.file("copy.sqlite"))
            for name in [
                "sub/prod.sqlite", "sub/prod.sqlite-wal", "sub/prod.sqlite-shm", "sub/prod.sqlite.audit-head",
                "sub/prod.sqlite.audit-key", "copy.sqlite",
            ] {
                #expect(mode(dir.file(name)) == 0o600, "\(name)")
            }
            // The folder it made for the database is the owner's too
            #expect(mode(dir.file("sub")) == 0o700)
        }
    }

    @Test("Shared with a group: every file is the group's, 0660, in a setgid folder")
    func sharedWithAGroup() throws {
        try withTemporaryDirectory { dir throws in
            let gid = getegid()
            let db = try production(dir, "shared/prod.sqlite", sharing: .group(gid))
            _ = try db.backup(to: dir.file("shared/copy.sqlite"))
            for name in [
                "shared/prod.sqlite", "shared/prod.sqlite-wal", "shared/prod.sqlite.audit-head", "shared/copy.sqlite",
            ] {
                #expect(FileSharing.of(dir.file(name)) == .group(gid), "\(name)")
            }
            // The signing key is the group's to read, never to write
            #expect(FileSharing.of(dir.file("shared/prod.sqlite.audit-key")) == FileSharing(mode: 0o640, group: gid))
            #expect(mode(dir.file("shared")) == 0o2770)
        }
    }

    @Test("A group's database refused in a folder other members could not write their -wal in; nothing is made")
    func groupFolderMustBeSetgid() throws {
        try withTemporaryDirectory { dir throws in
            try FileManager.default.createDirectory(atPath: dir.file("plain"), withIntermediateDirectories: false)
            chmod(dir.file("plain"), 0o755)
            let group = getgrgid(getegid()).map { String(cString: $0.pointee.gr_name) }!
            #expect {
                _ = try AppDatabase.create(
                    at: dir.file("plain/prod.sqlite"), kind: .production, creator: Fixtures.ada,
                    at: Fixtures.now, sharing: .group(getegid()))
            } throws: { error in
                "\(error)".hasPrefix(
                    "\(dir.file("plain")) must belong to group \(group), be writable by it and have the setgid bit")
                    && "\(error)".hasSuffix("chgrp \(group) \(dir.file("plain")) && chmod 2770 \(dir.file("plain"))")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("plain")) == [])
        }
    }

    @Test("A write waiting on another process's lock gives up with a message naming the file; nothing is written")
    func lockedTooLong() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            _ = try production(dir)
            let db = try AppDatabase.open(at: path, busyTimeout: 0.2)
            // Another process holds the write lock
            var config = Configuration()
            config.allowsUnsafeTransactions = true
            let other = try DatabaseQueue(path: path, configuration: config)
            try other.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
            #expect {
                try db.perform(Fixtures.command("user add arun")) { try $0.insertUser(Fixtures.arun) }
            } throws: { error in
                "\(error)"
                    == "\(path) stayed locked by another process for more than 0.2 s (a long write, or a stuck process); nothing was written — try again"
            }
            try other.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
            #expect(try users(db) == ["ada", "agnes"])
        }
    }

    @Test("A backup taken while another connection writes is one consistent, checked moment with its own head")
    func backupWhileOthersWork() throws {
        try withTemporaryDirectory { dir throws in
            let db = try production(dir)
            let other = try AppDatabase.open(at: dir.file("prod.sqlite"))
            try other.perform(Fixtures.command("user add arun")) { try $0.insertUser(Fixtures.arun) }
            let head = try db.backup(to: dir.file("b.sqlite"))
            try other.perform(Fixtures.command("user add sam")) { try $0.insertUser(Fixtures.sam) }
            let copy = try AppDatabase.open(at: dir.file("b.sqlite"))
            #expect(try users(copy) == ["ada", "agnes", "arun"])
            #expect(head == (try copy.read { try $0.auditHead() }))
            #expect(try copy.verifyAudit().problem == nil)
            // A second backup never overwrites a file
            #expect(throws: StoreError.alreadyExists(path: dir.file("b.sqlite"))) {
                try db.backup(to: dir.file("b.sqlite"))
            }
        }
    }

    // A backup killed part-way once left its incomplete copy under its final name, which
    // restore then refused with a wrong reason.
    @Test("A backup takes its name only when whole; what a killed one left is removed, and nothing is left beside it")
    func backupUnderItsNameOnlyWhenWhole() throws {
        try withTemporaryDirectory { dir throws in
            let db = try production(dir)
            // What a backup to b.sqlite killed mid-copy leaves: its hidden copy and journal, or
            // — killed while the copy was still in WAL mode, as the source is — its -wal and
            // -shm (the crash-consistency rounds found those left behind)
            let leftovers = [
                ".b.sqlite.backup-1234.tmp", ".b.sqlite.backup-1234.tmp-journal", ".b.sqlite.backup-5678.tmp-wal",
                ".b.sqlite.backup-5678.tmp-shm",
            ]
            for leftover in leftovers { try dir.write(leftover, "half a database") }
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
            _ = try db.backup(to: dir.file("b.sqlite"))
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
            #expect(after == before.subtracting(leftovers).union(["b.sqlite"]))
            #expect(try AppDatabase.open(at: dir.file("b.sqlite")).verifyAudit().problem == nil)
            // A failed backup (here: its folder is gone) leaves no file under the name either
            #expect(throws: (any Error).self) { try db.backup(to: dir.file("gone/c.sqlite")) }
            #expect(!FileManager.default.fileExists(atPath: dir.file("gone/c.sqlite")))
        }
    }

    @Test("Restore replaces the database, keeps the one it replaced, and the trail records the cut")
    func restoreReplaces() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            let db = try production(dir)
            let backupHead = try db.backup(to: dir.file("b.sqlite"))!
            try db.perform(Fixtures.command("user add arun")) { try $0.insertUser(Fixtures.arun) }
            let lost = try db.read { try $0.auditHead() }!

            // Without --replace, nothing happens
            #expect(
                throws: StoreError.invalid(
                    "\(path) exists: --replace puts the backup in its place (the database as it is now is kept beside it)"
                )
            ) {
                _ = try AppDatabase.restore(
                    from: dir.file("b.sqlite"), to: path, replacing: false, account: "ada", at: Fixtures.at(5))
            }
            let (restored, summary) = try AppDatabase.restore(
                from: dir.file("b.sqlite"), to: path, replacing: true,
                account: "ada", at: Fixtures.at(5))
            #expect(try users(restored) == ["ada", "agnes"])
            #expect(try users(db) == ["ada", "agnes"], "a connection open before sees the restored database")
            #expect(try journalMode(restored) == "wal")
            for suffix in ["-wal", "-shm"] {
                #expect(
                    !FileManager.default.fileExists(atPath: dir.file("b.sqlite") + suffix),
                    "the backup is one file, and reading it adds none")
            }
            #expect(summary.head == backupHead)
            #expect(summary.replacedHead == lost)
            let kept = try AppDatabase.open(at: summary.kept!)
            #expect(try users(kept) == ["ada", "agnes", "arun"])
            // The head file starts again from the backup's head; the restore is the next entry
            let verdict = try restored.verifyAudit()
            #expect(verdict.problem == nil)
            #expect(verdict.head?.entry == backupHead.entry + 1)
            let entry = try restored.read { try $0.auditEntries() }.last!
            #expect(entry.command == "restore \(dir.file("b.sqlite"))")
            #expect(entry.message.hasSuffix("the trail was at \(lost), kept in \(summary.kept!)"))
        }
    }

    @Test(
        "Restore replaces a damaged database — pages that no longer read, a broken header — and keeps its files as they were"
    )
    func restoreReplacesDamaged() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            let db = try production(dir)
            _ = try db.backup(to: dir.file("b.sqlite"))
            let usersPage = try db.read {
                try Int.fetchOne($0.db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'app_user'")
            }!
            try db.writer.close()
            let pageSize = 4096

            // The users' page overwritten: the database opens, but who its admins are cannot be read
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes.replaceSubrange(
                (usersPage - 1) * pageSize..<usersPage * pageSize, with: repeatElement(0xA5, count: pageSize))
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let (restored, summary) = try AppDatabase.restore(
                from: dir.file("b.sqlite"), to: path, replacing: true,
                account: "ada", at: Fixtures.at(5))
            #expect(try users(restored) == ["ada", "agnes"])
            #expect(
                try journalMode(restored) == "wal",
                "made anew from the one-file backup, and back to write-ahead logging")
            #expect(summary.damaged == "database disk image is malformed")
            #expect(summary.replacedHead == nil)
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: summary.kept!))) == bytes, "kept byte for byte")
            #expect(try restored.verifyAudit().problem == nil)
            #expect(
                try restored.read { try $0.auditEntries() }.last!.message.hasSuffix(
                    "the database there was damaged (database disk image is malformed), its files kept as they were in \(summary.kept!)"
                ))
            try restored.writer.close()

            // A header that is no longer SQLite's: the database does not even open
            try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
            let (again, second) = try AppDatabase.restore(
                from: dir.file("b.sqlite"), to: path, replacing: true, account: "ada", at: Fixtures.at(6))
            #expect(try users(again) == ["ada", "agnes"])
            #expect(second.damaged == "file is not a database")
            #expect(try Data(contentsOf: URL(fileURLWithPath: second.kept!)) == Data(repeating: 0x5A, count: 8192))
            #expect(second.kept != summary.kept)
        }
    }

    @Test(
        "A backup taken before the trail's first entry restores over a database with entries, and the trail then holds")
    func restoreEmptyTrail() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            let db = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
            #expect(try db.backup(to: dir.file("b.sqlite")) == nil)
            try db.perform(Fixtures.command("user add agnes")) { try $0.insertUser(Fixtures.agnes) }
            let (restored, summary) = try AppDatabase.restore(
                from: dir.file("b.sqlite"), to: path, replacing: true,
                account: "ada", at: Fixtures.at(5))
            #expect(summary.head == nil)
            let verdict = try restored.verifyAudit()
            #expect(verdict.problem == nil)
            #expect(verdict.head?.entry == 1, "the restore is the first entry")
        }
    }

    // `export postings` to a full disk printed "NSCocoaErrorDomain Code=640" and named no file.
    @Test("A file write that fails says which file, and a full disk as such")
    func writeErrorsNameTheFile() {
        let full = NSError(domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError)
        #expect(
            "\(FileSharing.writeError(full, path: "/x/b1.jsonl"))"
                == "the disk holding /x/b1.jsonl is full; nothing was written — free some space there")
        let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        #expect(FileSharing.writeError(posix, path: "/x/b1.jsonl") as? StoreError == .diskFull(path: "/x/b1.jsonl"))
        let other = NSError(domain: NSPOSIXErrorDomain, code: Int(EIO))
        #expect("\(FileSharing.writeError(other, path: "/x/b1.jsonl"))".hasPrefix("cannot write /x/b1.jsonl: "))
    }

    @Test("Restore refuses a backup whose trail was tampered with, a non-admin, and a file that is not Casebench's")
    func restoreRefusals() throws {
        try withTemporaryDirectory { dir throws in
            let db = try production(dir)
            _ = try db.backup(to: dir.file("b.sqlite"))
            let target = dir.file("new.sqlite")
            #expect(
                throws: StoreError.invalid(
                    "agnes is an agent in \(dir.file("b.sqlite")) and may not restore it; only its admins restore")
            ) {
                _ = try AppDatabase.restore(
                    from: dir.file("b.sqlite"), to: target, replacing: false, account: "agnes", at: Fixtures.now)
            }
            #expect(
                throws: StoreError.invalid("mallory is not a user of \(dir.file("b.sqlite")); only its admins restore")
            ) {
                _ = try AppDatabase.restore(
                    from: dir.file("b.sqlite"), to: target, replacing: false, account: "mallory", at: Fixtures.now)
            }
            try dir.write("foreign.sqlite", "")
            let foreign = try DatabaseQueue(path: dir.file("foreign.sqlite"))
            try foreign.write { try $0.execute(sql: "CREATE TABLE t (x)") }
            try foreign.close()
            #expect(throws: StoreError.notCasebench(path: dir.file("foreign.sqlite"))) {
                _ = try AppDatabase.restore(
                    from: dir.file("foreign.sqlite"), to: target, replacing: false, account: "ada", at: Fixtures.now)
            }
            // An edited audit entry in the backup
            let tampered = try DatabaseQueue(path: dir.file("b.sqlite"))
            try tampered.writeWithoutTransaction { db in
                try db.execute(sql: "DROP TRIGGER audit_no_edit")
                try db.execute(sql: "UPDATE audit_entry SET account = 'mallory' WHERE id = 1")
            }
            try tampered.close()
            #expect {
                _ = try AppDatabase.restore(
                    from: dir.file("b.sqlite"), to: target, replacing: false, account: "ada", at: Fixtures.now)
            } throws: { error in
                "\(error)"
                    == "\(dir.file("b.sqlite")) was not restored: its audit trail does not hold (entry 1 was edited: its contents do not match its hash)"
            }
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
