import Foundation
import PostgresTestSupport
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// A desk moved to PostgreSQL, read there by the same program: every read command, the
    /// queue and its search, and the workbench print what they print on the SQLite desk it
    /// came from; every write is refused before it runs, backup and restore with a pointer to
    /// PostgreSQL's own tools.
    @Suite(
        "A desk read on PostgreSQL as on SQLite (both engines)",
        .enabled(
            if: PostgresTestServer.url != nil,
            "needs CASEBENCH_TEST_POSTGRES: eval \"$(scripts/pg-cluster.sh start DIR)\""))
    struct PostgresDeskTests {
        /// A generated desk of 400 cases and its copy in a schema of its own, for `body`.
        private func withMovedDesk(_ body: (Casebench, String, PostgresURL, PostgresConnection) throws -> Void) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("desk.sqlite")
            #expect(try cb.run(["generate", "--cases", "400", "--seed", "7", "--db", db]).status == 0)
            try PostgresTestServer.withSchema { pg, url in
                let moved = try cb.run(["migrate", "--db", db, "--as", "ada", "--to", url.text])
                try #require(moved.status == 0, "\(moved.stderr)")
                try body(cb, db, url, pg)
            }
        }

        /// The read commands, each with the user it runs as: reports, checks, a case's every
        /// view, the queue's views as the users they belong to.
        static let reads: [(user: String, arguments: [String], batch: String?)] = [
            ("ada", ["verify"], nil), ("ada", ["audit", "verify"], nil),
            ("sam", ["audit", "show", "--case", "7"], nil), ("sam", ["audit", "show", "--security"], nil),
            ("ada", ["report", "kpi"], nil), ("ada", ["report", "sla"], nil),
            ("ada", ["report", "profitability"], nil), ("ada", ["report", "warranty-cost"], nil),
            ("ada", ["report", "leakage"], nil), ("ada", ["report", "reconcile", "--month", "2026-05"], nil),
            ("ada", ["report", "case", "5"], nil), ("ada", ["report", "case", "399"], nil),
            ("ada", ["users", "list"], nil),
            ("sam", ["batch"], "show 120\nshow 250\nchecklist 17\napprovals\nstock PUMP-1"),
            (
                "sam", ["batch"],
                "queue\nqueue view=all sort=age limit=20\nqueue view=all sort=priority offset=40 limit=10\n"
                    + "queue view=unverified\nqueue view=ready-to-close\nqueue view=blocked-at-close\n"
                    + "queue view=due-today sort=id"
            ),
            ("agent4", ["batch"], "queue view=mine"), ("tech1", ["batch"], "queue view=my-visits"),
        ]

        @Test("Every read command prints the same on the desk and on its PostgreSQL copy")
        func readsAlike() throws {
            try withMovedDesk { cb, db, url, _ in
                for read in Self.reads {
                    let input = read.batch ?? ""
                    let onSQLite = try cb.run(read.arguments + ["--db", db, "--as", read.user], input: input)
                    let onPostgres = try cb.run(read.arguments + ["--db", url.text, "--as", read.user], input: input)
                    #expect(onSQLite.status == 0, "\(read.arguments) on SQLite: \(onSQLite.stderr)")
                    #expect(onPostgres.status == 0, "\(read.arguments) on PostgreSQL: \(onPostgres.stderr)")
                    #expect(onPostgres.stdout == onSQLite.stdout, "\(read.arguments) \(input)")
                    #expect(!onSQLite.stdout.isEmpty)
                }
            }
        }

        @Test("The queue's search finds the same cases in the same order, with the same count, on both engines")
        func searchAlike() throws {
            try withMovedDesk { _, db, url, _ in
                let sqlite = try AppDatabase.open(at: db, readOnly: nil)
                let postgres = try AppDatabase.open(at: url.text)
                let today = try #require(try sqlite.info().businessDate)
                let terms = [
                    "SN-3", "sn-30-2", "SN-3-", "Customer 3", "custom", "Pump", "pressure drops", "E4", "c",
                    "12", "#12", "overnight cust", "no-such-thing", "\"", "ratt",
                ]
                for view in [QueueQuery.View.all, .open] {
                    for sort in [QueueQuery.Sort.sla, .id] {
                        for term in terms {
                            let q = QueueQuery(view: view, sort: sort, account: "sam", today: today, search: term)
                            let expected = try sqlite.read { try $0.queue(q, page: .offset(0), limit: 30) }
                            let found = try postgres.read { try $0.queue(q, page: .offset(0), limit: 30) }
                            #expect(found == expected, "\(view) by \(sort): /\(term)")
                            let tally = try sqlite.read { try $0.queueTally(q, cap: 10_000) }
                            #expect(try postgres.read { try $0.queueTally(q, cap: 10_000) } == tally, "/\(term)")
                        }
                    }
                }
            }
        }

        @Test("Writing is refused before anything is written; backup and restore point to PostgreSQL's tools")
        func writesRefused() throws {
            try withMovedDesk { cb, db, url, pg in
                let entries = try pg.execute("SELECT count(*) AS n FROM audit_entry").integer(0, "n")
                let closed = try pg.execute("SELECT count(*) AS n FROM service_case WHERE status = 'closed'")
                let run = try cb.run(
                    ["batch", "--db", url.text, "--as", "tech1"], input: "note 19 called twice\nno-parts 19\n")
                #expect(run.status == 1)
                #expect(
                    run.stdout.contains(
                        "refused [line 1]: nothing can be recorded in \(url.text): this release only reads PostgreSQL desks"
                    ), "\(run.stdout)")
                #expect(try pg.execute("SELECT count(*) AS n FROM audit_entry").integer(0, "n") == entries)
                #expect(
                    try pg.execute("SELECT count(*) AS n FROM service_case WHERE status = 'closed'") == closed)

                let tools = "use PostgreSQL's own tools — pg_dump and pg_restore for a copy"
                let backup = try cb.run(["backup", cb.path("copy.sqlite"), "--db", url.text, "--as", "ada"])
                #expect(backup.status != 0)
                #expect(backup.stdout.contains("and `backup` works on SQLite files: \(tools)"), "\(backup.stdout)")
                #expect(!FileManager.default.fileExists(atPath: cb.path("copy.sqlite")))
                let restore = try cb.run(["restore", db, "--db", url.text, "--as", "ada"])
                #expect(restore.status != 0)
                #expect(restore.stderr.contains("and `restore` works on SQLite files: \(tools)"), "\(restore.stderr)")

                let doctor = try cb.run(["doctor", "--db", url.text])
                #expect(
                    doctor.stdout.contains("opens     a training Casebench database on PostgreSQL"), "\(doctor.stdout)")
                #expect(doctor.stdout.contains("access    this release only reads PostgreSQL desks"))
            }
        }

        @Test("The workbench on the PostgreSQL copy: the same queue and search on screen, READ-ONLY, closing refused")
        func workbench() throws {
            try withMovedDesk { cb, db, url, _ in
                func screen(_ location: String, keys: [String]) throws -> String {
                    let tmux = try Tmux(
                        size: (100, 30), command: [Casebench.binary, "--db", location, "--as", "sam"],
                        environment: ["HOME": cb.home], directory: cb.home)
                    defer { tmux.kill() }
                    try tmux.wait(for: "F10Quit", seconds: 30)
                    for key in keys { try tmux.send(key) }
                    return try tmux.wait(for: "/SN-3 ", seconds: 10)
                }
                let keys = ["/", "S", "N", "-", "3", "Enter"]
                let onSQLite = try screen(db, keys: keys)
                let onPostgres = try screen(url.text, keys: keys)
                func queueRows(_ screen: String) -> [Substring] {
                    screen.split(separator: "\n").filter { $0.hasPrefix("││ ") || $0.hasPrefix("│ ") }.prefix(12).map {
                        $0
                    }
                }
                #expect(onPostgres.contains("READ-ONLY"), "\(onPostgres)")
                #expect(queueRows(onPostgres) == queueRows(onSQLite), "\(onSQLite)\n\(onPostgres)")

                let tmux = try Tmux(
                    size: (100, 30), command: [Casebench.binary, "--db", url.text, "--as", "sam"],
                    environment: ["HOME": cb.home], directory: cb.home)
                defer { tmux.kill() }
                try tmux.wait(for: "F10Quit", seconds: 30)
                try tmux.send("F8")
                try tmux.wait(for: "this release only reads PostgreSQL desks")
                try tmux.send("F10")
                #expect(try tmux.exitStatus() == 0)
            }
        }
    }
}
