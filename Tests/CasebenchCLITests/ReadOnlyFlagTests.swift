import Foundation
import Testing

extension ProcessTests {
    /// `--read-only`, for someone who only looks: every command that reads works, every one that
    /// would write is refused before it touches anything, and the database's files stay as they were.
    @Suite("casebench --read-only")
    struct ReadOnlyFlagTests {
        /// The database's own files with their bytes: the -wal and -shm a reader of a WAL
        /// database needs are SQLite's to make, and are compared apart.
        static func files(of db: String) -> [String: Data] {
            var files: [String: Data] = [:]
            for suffix in ["", ".audit-head", ".audit-key"] {
                files[suffix] = FileManager.default.contents(atPath: db + suffix)
            }
            return files
        }

        @Test("queue, show, user list and a report work; a write is refused with status 1; the files are unchanged")
        func looksOnly() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db], input: "").status == 0)
            let before = Self.files(of: db)
            #expect(before[""] != nil && before[".audit-head"] != nil)

            let looked = try cb.run(["batch", "--read-only", "--db", db, "--as", "agnes"], input: "queue\nshow 1\n")
            #expect(looked.status == 0, "\(looked.stdout)\(looked.stderr)")
            #expect(looked.stdout.contains("ok: open: 5 cases"))
            #expect(try cb.run(["report", "kpi", "--read-only", "--db", db, "--as", "sam"]).status == 0)
            let users = try cb.run(["users", "list", "--read-only", "--db", db])
            #expect(users.status == 0 && users.stdout.contains("agnes"), "\(users.stdout)\(users.stderr)")

            for write in ["open C-ACME SN-WARRANTY-OK Pump hums priority=2", "note 1 looked at it", "undo"] {
                let refused = try cb.run(["batch", "--read-only", "--db", db, "--as", "agnes"], input: write + "\n")
                #expect(refused.status == 1, "\(write): \(refused.stdout)\(refused.stderr)")
                #expect(refused.stdout.hasPrefix("refused"), "\(write): \(refused.stdout)")
                #expect(
                    refused.stdout.contains(
                        "nothing can be recorded in \(db): the database is open read-only (--read-only)"),
                    "\(write): \(refused.stdout)")
            }
            // A command that writes files of its own besides (a backup) is refused before making any
            let backup = cb.path("copy.sqlite")
            #expect(try cb.run(["backup", "--read-only", "--db", db, backup]).status == 1)
            #expect(!FileManager.default.fileExists(atPath: backup))
            let created = try cb.run(["init", "--read-only", "--db", cb.path("new.sqlite")])
            #expect(created.status == 2)
            #expect(created.stderr.contains("init takes no --read-only"), "\(created.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cb.path("new.sqlite")))

            #expect(Self.files(of: db) == before)
            // Without --read-only the same database takes the write: the refusal was the flag's
            let wrote = try cb.run(
                ["batch", "--db", db, "--as", "agnes"], input: "open C-ACME SN-WARRANTY-OK Pump hums priority=2\n")
            #expect(wrote.status == 0, "\(wrote.stdout)\(wrote.stderr)")
        }
    }
}
