import Foundation
import PostgresTestSupport
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// A desk moved to PostgreSQL, worked there by the same program: every read command, the
    /// queue and its search, the same day's work and the workbench answer as on the SQLite
    /// desk it came from; another host's commit shows on the screen; backup and restore point
    /// to PostgreSQL's own tools.
    @Suite(
        "A desk worked on PostgreSQL as on SQLite (both engines)",
        .needsPostgres)
    struct PostgresDeskTests {
        /// `Casebench.withMovedDesk`, without what migrate printed.
        private func withMovedDesk(_ body: (Casebench, String, PostgresURL, PostgresConnection) throws -> Void) throws {
            try Casebench.withMovedDesk { cb, db, url, pg, _ in try body(cb, db, url, pg) }
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

        /// A day's work on a case and a new one, as the technician and an agent type it.
        static let work: [(user: String, script: String)] = [
            (
                "tech3",
                "note 375 called twice\nresolve 375 REPLACED-PART Fan motor replaced\nbill 375\nclose 375\n"
                    + "no-parts 307\nundo\nredo\nundo\n"
            ),
            ("tech1", "bill 377\nclose 377\nclose 357\n"),
            (
                "agent1",
                "open C-10 SN-10-1 Pump hums at night\nopen C-10 SN-10-1 Pump hums at night\nundo\n"
                    + "open C-11 SN-11-1 Display flickers priority=1\nreserve 401 P-FAN 1\nreserve 401 P-FAN 500\n"
                    + "approve 1\nclose 47\n"
            ),
            (
                "sam",
                "approvals\nshow 375\nshow 377\nshow 401\nshow 402\nshow 403\nchecklist 307\n"
                    + "queue view=all sort=age limit=5\n"
            ),
        ]

        /// `text` with its moments masked: the two runs of a command happen seconds apart, and a
        /// case opened now is due, and its trail entries dated, by the clock.
        static func withoutTimes(_ text: String) -> String {
            text.replacingOccurrences(
                of: #"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z"#, with: "T", options: .regularExpression)
        }

        @Test(
            "The same work on the desk and on its PostgreSQL copy: the same answers, refusals and numbers, and both hold"
        )
        func writesAlike() throws {
            try withMovedDesk { cb, db, url, _ in
                for step in Self.work {
                    let onSQLite = try cb.run(["batch", "--db", db, "--as", step.user], input: step.script)
                    let onPostgres = try cb.run(["batch", "--db", url.text, "--as", step.user], input: step.script)
                    #expect(
                        Self.withoutTimes(onPostgres.stdout) == Self.withoutTimes(onSQLite.stdout), "as \(step.user)")
                    #expect(onPostgres.status == onSQLite.status)
                    if step.user == "tech1" {
                        #expect(onSQLite.stdout.contains("ok: closed case 377"), "\(onSQLite.stdout)")
                    }
                }
                for check in [["verify"], ["report", "kpi"], ["audit", "show", "--case", "375"]] {
                    let onSQLite = try cb.run(check + ["--db", db, "--as", "ada"])
                    let onPostgres = try cb.run(check + ["--db", url.text, "--as", "ada"])
                    #expect(onSQLite.status == 0 && onPostgres.status == 0, "\(check): \(onPostgres.stdout)")
                    #expect(Self.withoutTimes(onPostgres.stdout) == Self.withoutTimes(onSQLite.stdout), "\(check)")
                }
                let trail = try cb.run(["audit", "verify", "--db", url.text, "--as", "ada"])
                #expect(trail.status == 0)
                #expect(trail.stdout.hasPrefix("ok: the audit trail holds"), "\(trail.stdout)")
            }
        }

        @Test("--read-only refuses every write on PostgreSQL too; backup and restore point to PostgreSQL's tools")
        func readOnlyAndBackup() throws {
            try withMovedDesk { cb, db, url, pg in
                let entries = try pg.execute("SELECT count(*) AS n FROM audit_entry").integer(0, "n")
                let run = try cb.run(
                    ["batch", "--read-only", "--db", url.text, "--as", "tech3"], input: "note 19 called twice\n")
                #expect(run.status == 1)
                #expect(
                    run.stdout.contains(
                        "refused [line 1]: nothing can be recorded in \(url.text): the database is open read-only (--read-only)"
                    ), "\(run.stdout)")
                #expect(try pg.execute("SELECT count(*) AS n FROM audit_entry").integer(0, "n") == entries)

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
            }
        }

        @Test(
            "The workbench on the PostgreSQL copy: the same queue and search on screen; another host's case shows within a second"
        )
        func workbench() throws {
            try withMovedDesk { cb, db, url, _ in
                func start(_ location: String) throws -> Tmux {
                    let tmux = try Tmux(
                        size: (100, 30), command: [Casebench.binary, "--db", location, "--as", "sam"],
                        environment: ["HOME": cb.home], directory: cb.home)
                    try tmux.wait(for: "F10Quit", seconds: 30)
                    return tmux
                }
                func searched(_ tmux: Tmux) throws -> String {
                    for key in ["/", "S", "N", "-", "3", "Enter"] { try tmux.send(key) }
                    return try tmux.wait(for: "/SN-3 ", seconds: 10)
                }
                func queueRows(_ screen: String) -> [Substring] {
                    Array(screen.split(separator: "\n").filter { $0.hasPrefix("││ ") }.prefix(12))
                }
                let sqlite = try start(db)
                let onSQLite = try searched(sqlite)
                sqlite.kill()
                let postgres = try start(url.text)
                defer { postgres.kill() }
                let onPostgres = try searched(postgres)
                #expect(!onPostgres.contains("READ-ONLY"), "\(onPostgres)")
                #expect(queueRows(onPostgres) == queueRows(onSQLite), "\(onSQLite)\n\(onPostgres)")
                try postgres.send("Escape")
                let before = try postgres.wait(for: "Cases · open · 18 ")

                // When an agent on another host opens a case on the same database
                let other = try Casebench()
                defer { other.cleanUp() }
                let opened = try other.run(
                    ["batch", "--db", url.text, "--as", "agent1"], input: "open C-10 SN-10-1 Pump hums at night\n")
                #expect(opened.status == 0, "\(opened.stdout)")
                // Then the workbench shows it, told by the server, without a key pressed
                let after = try postgres.wait(for: "Cases · open · 19 ", seconds: 2)
                #expect(after.contains("Pump hums at night") || before != after)
                try postgres.send("F10")
                #expect(try postgres.exitStatus() == 0)
            }
        }

        /// Two regional hosts over one case base: each workbench has its own home and its own
        /// config naming the database, and neither is told of the other but by the server.
        @Test(
            "Two hosts: two workbenches, each with its own home and config, on one database; what one records shows in the other"
        )
        func twoHosts() throws {
            try withMovedDesk { _, _, url, _ in
                func host(_ account: String) throws -> (Casebench, Tmux) {
                    let cb = try Casebench()
                    let config = cb.path(".config/casebench/config.toml")
                    try FileManager.default.createDirectory(
                        atPath: (config as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try "database = \"\(url.text)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
                    let tmux = try Tmux(
                        size: (100, 30), command: [Casebench.binary, "--as", account],
                        environment: ["HOME": cb.home], directory: cb.home)
                    try tmux.wait(for: "F10Quit", seconds: 30)
                    return (cb, tmux)
                }
                /// Runs `line` on the `:` line; its answer, too long for the status line at this
                /// width, opens whole in a box, which Esc closes.
                func command(_ tmux: Tmux, _ line: String) throws {
                    try tmux.send(":")
                    try tmux.type(line)
                    try tmux.send("Enter")
                    try tmux.wait(for: "Esc closes", seconds: 5)
                    try tmux.send("Escape")
                    try tmux.wait(untilGone: "Esc closes", seconds: 5)
                }
                /// Searches the queue for `word`, sees `subject` in it, and clears the search.
                func found(_ tmux: Tmux, _ word: String, _ subject: String) throws {
                    try tmux.send("/")
                    try tmux.type(word)
                    try tmux.send("Enter")
                    try tmux.wait(for: subject, seconds: 5)
                    try tmux.send("Escape")
                    try tmux.wait(untilGone: "/\(word)", seconds: 5)
                }
                let (northHome, north) = try host("agent1")
                defer {
                    north.kill()
                    northHome.cleanUp()
                }
                let (southHome, south) = try host("agent2")
                defer {
                    south.kill()
                    southHome.cleanUp()
                }
                try north.wait(for: "Cases · open · 18 ")
                try south.wait(for: "Cases · open · 18 ")

                // When the agent in the north takes a call and opens a case on their workbench
                try command(north, "open C-10 SN-10-1 Pump hums at night")
                try north.wait(for: "Cases · open · 19 ", seconds: 5)
                // Then the workbench in the south counts it, with no key pressed there, and finds it
                try south.wait(for: "Cases · open · 19 ", seconds: 2)
                try found(south, "hums", "Pump hums at night")

                // And the other way round: a call the south takes shows in the north
                try command(south, "open C-11 SN-11-1 Display flickers when cold")
                try south.wait(for: "Cases · open · 20 ", seconds: 5)
                try north.wait(for: "Cases · open · 20 ", seconds: 2)
                try found(north, "flickers", "Display flickers when cold")
                for tmux in [north, south] {
                    try tmux.send("F10")
                    #expect(try tmux.exitStatus() == 0)
                }
            }
        }
    }
}
