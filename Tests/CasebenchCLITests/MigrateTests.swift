import Foundation
import PostgresTestSupport
import ServiceStore
import Testing

extension ProcessTests {
    /// `casebench migrate --to`: a desk's SQLite database copied into PostgreSQL and proved there.
    @Suite(
        "Moving a desk to PostgreSQL (engine-specific)",
        .needsPostgres)
    struct MigrateTests {
        @Test(
            "A generated desk arrives whole: every table's count and checksum equal, ids go on past SQLite's; a second copy is refused"
        )
        func generatedDesk() throws {
            try Casebench.withMovedDesk { cb, db, url, pg, moved in
                #expect(moved.stdout.contains("32 tables"), "\(moved.stdout)")
                #expect(moved.stdout.contains("each read back with the same count and checksum"))
                let caseLine = moved.stdout.split(separator: "\n").first { $0.hasPrefix("service_case ") }
                #expect(caseLine?.split(separator: " ").dropFirst().first == "400", "\(moved.stdout)")
                // The trail holds there, to the head SQLite has
                let head = try cb.run(["audit", "verify", "--db", db, "--as", "ada"])
                let headLine = head.stdout.split(separator: "\n").first { $0.contains("entry ") }
                #expect(moved.stdout.contains("the audit trail holds there: "), "\(moved.stdout)")
                #expect(headLine != nil, "\(head.stdout)")
                // The rows are there, the audit chain's hashes as they were
                let hashes = try pg.execute("SELECT hash FROM audit_entry ORDER BY id").values.compactMap { $0[0] }
                #expect(!hashes.isEmpty && hashes.allSatisfy { $0.count == 64 })
                // The planner has the tables' statistics at once, as ANALYZE leaves them
                let statistics = try pg.execute(
                    """
                    SELECT count(*) AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'service_case'
                    """)
                #expect(statistics.integer(0, "n") ?? 0 > 0)
                // A case opened on PostgreSQL gets the next number, never one SQLite gave
                let next = try pg.execute(
                    """
                    INSERT INTO service_case (customer_id, serial, subject, reported_on, opened_at, priority, assignee,
                      status, version, changed_by)
                    SELECT customer_id, serial, 'next', reported_on, opened_at, priority, assignee, 'new', 1, 'ada'
                    FROM service_case LIMIT 1 RETURNING id
                    """)
                #expect(next.integer(0, "id") == 401)

                // Into a database with tables: refused, nothing changed
                let again = try cb.run(["migrate", "--db", db, "--as", "ada", "--to", url.text])
                #expect(again.status != 0)
                #expect(
                    again.stderr.contains(
                        "\(url.text) already has 34 tables: Casebench makes its schema only in an empty database; nothing was written"
                    ), "\(again.stderr)")
                #expect(try pg.execute("SELECT count(*) AS n FROM service_case").integer(0, "n") == 401)
            }
        }

        @Test(
            "generate fills an empty PostgreSQL database with what it puts in a file: the same reports, verify and the trail hold, no file is left"
        )
        func generateIntoPostgres() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let temporary = cb.path("tmp")
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            let db = cb.path("desk.sqlite")
            let arguments = ["generate", "--cases", "150", "--seed", "11"]
            #expect(try cb.run(arguments + ["--db", db]).status == 0)
            try PostgresTestServer.withSchema { pg, url in
                let made = try cb.run(arguments + ["--db", url.text], environment: ["TMPDIR": temporary])
                #expect(made.status == 0, "\(made.stderr)")
                #expect(made.stdout.contains("moved into it, 32 tables, "), "\(made.stdout)")
                #expect(made.stdout.contains("each read back with the same count and checksum"))
                #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
                #expect(try pg.execute("SELECT count(*) AS n FROM service_case").integer(0, "n") == 150)
                for check in [["verify"], ["audit", "verify"], ["report", "kpi"], ["report", "profitability"]] {
                    let onFile = try cb.run(check + ["--db", db, "--as", "ada"])
                    let onServer = try cb.run(check + ["--db", url.text, "--as", "ada"])
                    #expect(onServer.status == 0, "\(check): \(onServer.stderr)")
                    if check.first == "report" { #expect(onServer.stdout == onFile.stdout, "\(check)") }
                }
                // Into a database with tables: refused before anything is generated
                let again = try cb.run(arguments + ["--db", url.text], environment: ["TMPDIR": temporary])
                #expect(again.status != 0)
                #expect(again.stderr.contains("\(url.text) already has 34 tables"), "\(again.stderr)")
                #expect(!again.stdout.contains("cases"), "\(again.stdout)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
            }
        }

        /// A generated desk with `sql` run on it behind Casebench's back: `migrate` refuses it with
        /// `message`, and the PostgreSQL schema stays empty.
        func refusedAfter(_ sql: String, message: String) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("desk.sqlite")
            #expect(try cb.run(["generate", "--cases", "20", "--seed", "7", "--db", db]).status == 0)
            let edit = try Casebench.spawn(
                "/usr/bin/sqlite3", [db, sql], input: "", environment: ChildEnvironment.base)
            #expect(edit.status == 0, "\(edit.stderr)")
            try PostgresTestServer.withSchema { pg, url in
                let moved = try cb.run(["migrate", "--db", db, "--as", "ada", "--to", url.text])
                #expect(moved.status != 0)
                #expect(
                    moved.stderr.contains(message.replacingOccurrences(of: "URL", with: url.text)), "\(moved.stderr)")
                let tables = try pg.execute(
                    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()")
                #expect(tables.integer(0, "n") == 0)
            }
        }

        @Test("A trail edited behind Casebench's back is walked on arrival: the move is refused, nothing kept")
        func editedTrail() throws {
            try refusedAfter(
                "DROP TRIGGER audit_no_edit; UPDATE audit_entry SET account = 'eve' WHERE id = 1",
                message:
                    "casebench: the audit trail did not arrive whole (entry 1 was edited: its contents do not match "
                    + "its hash): nothing was kept in URL")
        }

        @Test("A desk whose stock disagrees with its ledger is not moved: verify's problem is said, nothing written")
        func failingVerify() throws {
            try refusedAfter(
                "UPDATE stock SET on_hand = on_hand + 5 WHERE (sku, bin) IN (SELECT sku, bin FROM stock LIMIT 1)",
                message: "casebench: `verify` fails on this database, which was not copied: ")
        }

        @Test(
            "Only an admin moves a desk; the refusal is a security event; a URL with a password is refused before anything"
        )
        func refusals() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("desk.sqlite")
            #expect(try cb.run(["generate", "--cases", "20", "--seed", "7", "--db", db]).status == 0)
            try PostgresTestServer.withSchema { pg, url in
                let agent = try cb.run(["migrate", "--db", db, "--as", "agent1", "--to", url.text])
                #expect(agent.status != 0)
                #expect(agent.stderr.contains("may not back up the database (allowed: admin)"), "\(agent.stderr)")
                let tables = try pg.execute(
                    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()")
                #expect(tables.integer(0, "n") == 0)
            }
            let security = try cb.run(["audit", "show", "--security", "--db", db, "--as", "ada"])
            #expect(security.stdout.contains("migrate --to"), "\(security.stdout)")
            let password = try cb.run(["migrate", "--db", db, "--to", "postgresql://casebench:s3cret@localhost/desk"])
            #expect(password.status == 64)
            #expect(password.stderr.contains("the database URL holds a password"), "\(password.stderr)")
        }
    }
}
