import Foundation
import GRDB
import PostgresTestSupport
import ServiceCore
import Testing

@testable import ServiceStore

/// On PostgreSQL, writes scoped to a case share the desk (`WriteScope`): one on another case
/// runs beside them, one on the same case or on the whole desk waits, and the audit trail
/// stays one chain in the order they commit.
@Suite(
    "Writes sharing a PostgreSQL desk (engine-specific)",
    .needsPostgres)
struct PostgresWriteScopeTests {
    /// A write of `scope` on its own connection and thread, which moves `touched` on (a new
    /// version) and appends to the trail, once `hold` (when given) lets it go.
    final class Writer: @unchecked Sendable {
        let database: AppDatabase
        /// Its connection's server process (read before it writes: the desk's connection is
        /// the writing thread's until the write ends).
        let serverProcess: Int32
        let started = DispatchSemaphore(value: 0)
        let hold = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        private(set) var failure: (any Error)?

        init(_ url: PostgresURL, scope: WriteScope, touching touched: CaseID, held: Bool = false) throws {
            database = try AppDatabase.open(at: url.text)
            serverProcess = database.postgres!.serverProcess
            Thread.detachNewThread { [self] in
                defer { finished.signal() }
                do {
                    try database.perform(
                        CommandRecord(
                            actor: Actor(account: "agnes"), at: Fixtures.now, text: "touch \(touched)",
                            label: "touch \(touched)", scope: scope)
                    ) { tx in
                        // Its locks go with its first statement (`executeLater`): a write under
                        // way has read something.
                        _ = try tx.serviceCase(touched)
                        started.signal()
                        if held { hold.wait() }
                        try tx.touchCase(touched, by: "agnes")
                    }
                } catch {
                    failure = error
                }
            }
        }

        func done(within seconds: Double) -> Bool { finished.wait(timeout: .now() + seconds) == .success }
    }

    /// The server processes of `writers` that wait for an advisory lock, once `count` of them
    /// do (or after 30 s, however many do).
    func waiting(_ writers: [Writer], count: Int, _ psql: PostgresConnection) throws -> Set<Int32> {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let rows = try psql.execute(
                "SELECT DISTINCT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            let pids = Set((0..<rows.count).compactMap { rows.integer($0, "pid").map(Int32.init) })
            let ours = pids.intersection(writers.map(\.serverProcess))
            if ours.count >= count || Date() > deadline { return ours }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// A seeded desk in a database of this test's own: another test's writes, in a schema of
    /// the shared test database, would meet this one's advisory locks.
    func withSeededDesk(_ body: (PostgresURL, AppDatabase) throws -> Void) throws {
        try PostgresTestServer.withDatabase { url in
            let desk = try AppDatabase.create(
                at: url.text, kind: .training, creator: Fixtures.ada, at: Fixtures.now, businessDate: Fixtures.today)
            try desk.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
            try body(url, desk)
        }
    }

    @Test(
        "A write on one case runs while another's is under way; one on the same case, or on the whole desk, waits for it"
    )
    func otherCasesRunBeside() throws {
        try withSeededDesk { url, desk in
            let cases = try openCases(desk, 2)
            let psql = try PostgresConnection(url)

            // Given a write on case 1 under way, holding its case
            let first = try Writer(url, scope: .ofCase(cases[0]), touching: cases[0], held: true)
            first.started.wait()
            // When a write on case 2 comes, it runs to its end meanwhile
            let other = try Writer(url, scope: .ofCase(cases[1]), touching: cases[1])
            #expect(other.done(within: 60), "a write on another case waited")
            // And a write on case 1, and a write of the whole desk, wait for the first
            let sameCase = try Writer(url, scope: .ofCase(cases[0]), touching: cases[0])
            let wholeDesk = try Writer(url, scope: .desk, touching: cases[1])
            let waiting = try waiting([first, sameCase, wholeDesk], count: 2, psql)
            #expect(waiting == [sameCase.serverProcess, wholeDesk.serverProcess])
            #expect(!sameCase.done(within: 0) && !wholeDesk.done(within: 0))
            // Then once the first commits, both go on
            first.hold.signal()
            #expect(first.done(within: 60) && sameCase.done(within: 60) && wholeDesk.done(within: 60))
            for writer in [first, other, sameCase, wholeDesk] { #expect(writer.failure == nil) }
            // And the trail is one chain of all four, in the order they committed
            #expect(try desk.verifyAudit().problem == nil)
            let (entries, last) = try desk.read { tx in
                (try tx.count(table: "audit_entry"), try Int.fetchOne(tx.db, sql: "SELECT max(id) FROM audit_entry"))
            }
            #expect(entries == last)
        }
    }

    @Test(
        "A technician's calendar and the outbox batches' counter are a shared write's until it commits; a visit's and a case's id take no lock; the whole desk takes none"
    )
    func locksHeldUntilCommit() throws {
        try withSeededDesk { url, desk in
            let cases = try openCases(desk, 1)
            let visit = try locks(desk, .ofCase(cases[0])) { tx in
                _ = try tx.plannedVisits(technician: "tia")
                _ = try tx.nextID(of: "visit")
                _ = try tx.nextID(of: "service_case")
            }
            // (the writers' lock shared; the case's and tia's calendar)
            #expect(visit.shared == 1 && visit.exclusive == 2)
            let held = try locks(desk, .ofCase(cases[0])) { tx in
                _ = try tx.plannedVisits(technician: "tia")
                _ = try tx.nextID(of: "export_batch")
            }
            // (and the batches' counter)
            #expect(held.shared == 1 && held.exclusive == 3)
            let alone = try locks(desk, .desk) { tx in
                _ = try tx.plannedVisits(technician: "tia")
                _ = try tx.nextID(of: "visit")
            }
            #expect(alone.shared == 0 && alone.exclusive == 1)
        }
    }

    @Test("A write on a line takes its case's lock: one on the same case waits for it, one on another case runs")
    func lineTakesItsCase() throws {
        try withSeededDesk { url, desk in
            let cases = try openCases(desk, 2)
            let line = try desk.perform(Fixtures.command("labour", by: "agnes", undoable: false)) { tx in
                try tx.insertLine(
                    CaseLine(
                        id: LineID(0), caseID: cases[1], number: 0, kind: .labour, description: "30 min labour (tom)",
                        amount: Fixtures.money("30.00"), minutes: 30, technician: "tom"),
                    at: Fixtures.now
                ).id
            }
            // Given a write on case 2's line under way: one on case 1 runs, one on case 2 waits
            try takeTurns(
                url, first: (.ofLine(line), cases[1]), beside: (.ofCase(cases[0]), cases[0]),
                after: (.ofCase(cases[1]), cases[1]))
        }
    }

    /// Given a write of `first` under way (moving its case on) and held open: a write of
    /// `beside` runs to its end meanwhile, and a write of `after` waits for it, and goes on
    /// once it commits.
    func takeTurns(
        _ url: PostgresURL, first: (WriteScope, CaseID), beside: (WriteScope, CaseID), after: (WriteScope, CaseID)
    ) throws {
        let psql = try PostgresConnection(url)
        let held = try Writer(url, scope: first.0, touching: first.1, held: true)
        held.started.wait()
        let other = try Writer(url, scope: beside.0, touching: beside.1)
        #expect(other.done(within: 60), "\(beside.0) waited for \(first.0)")
        let waits = try Writer(url, scope: after.0, touching: after.1)
        #expect(
            try waiting([held, waits], count: 1, psql) == [waits.serverProcess], "\(after.0) ran beside \(first.0)")
        held.hold.signal()
        #expect(held.done(within: 60) && waits.done(within: 60))
        for writer in [held, other, waits] { #expect(writer.failure == nil) }
    }

    @Test(
        "A part's valuation is a shared write's from its revaluation until it commits, so two uses of one part take turns; the whole desk takes no lock for it"
    )
    func valuationHeldUntilCommit() throws {
        try withSeededDesk { url, desk in
            let cases = try openCases(desk, 1)
            let cost = Fixtures.money("18.00")
            let held = try locks(desk, .ofCase(cases[0])) { tx in
                _ = try tx.revalue(Fixtures.seal, quantity: 2, bin: "WH-N", unitCost: cost)
                _ = try tx.revalue(Fixtures.seal, quantity: -1, bin: "WH-N", unitCost: nil)
            }
            // (the writers' lock shared; the case's and P-SEAL's valuation, taken once)
            #expect(held.shared == 1 && held.exclusive == 2)
            let alone = try locks(desk, .desk) { tx in
                _ = try tx.revalue(Fixtures.seal, quantity: -1, bin: "WH-N", unitCost: nil)
            }
            #expect(alone.shared == 0 && alone.exclusive == 1)
        }
    }

    @Test(
        "Closings take their asset owner's cover first: one on the same customer's asset waits, one on another customer's runs"
    )
    func closingsOnOneCoverTakeTurns() throws {
        try withSeededDesk { url, desk in
            let acme = try openCases(desk, 2)
            let blum = try desk.perform(Fixtures.command("open", by: "agnes", undoable: false)) { tx in
                try tx.insertCase(Fixtures.newCase("SN-2", customer: "C-BLUM"), by: "agnes")
            }
            // Given a closing of one of Acme's cases under way: a closing of Blum's runs, and a
            // closing of Acme's other case waits, though no case of theirs is the same
            try takeTurns(
                url, first: (.closing(acme[0]), acme[0]), beside: (.closing(blum), blum),
                after: (.closing(acme[1]), acme[1]))

            // And a closing holds the other cases it recomputes, besides its own and the cover
            let held = try locks(desk, .closing(acme[0])) { tx in
                tx.commandCase = acme[0]
                try tx.lockCases([acme[1], acme[0]])
            }
            #expect(held.shared == 1 && held.exclusive == 3)
        }
    }

    @Test("A case's new version waits for no other write: the trail's end is taken only to append the entry, last")
    func versionTakesNoLock() throws {
        try withSeededDesk { url, desk in
            let cases = try openCases(desk, 1)
            let held = try locks(desk, .ofCase(cases[0])) { tx in
                try tx.touchCase(cases[0], by: "agnes")
            }
            // (the writers' lock shared, and the case's: no trail's end yet)
            #expect(held.shared == 1 && held.exclusive == 1)
        }
    }

    @Test(
        "A desk whose versions were counted in meta (moved from SQLite, or written by an earlier release) goes on past them"
    )
    func versionsGoOnPastMeta() throws {
        try withSeededDesk { url, desk in
            let cases = try openCases(desk, 1)
            let psql = try PostgresConnection(url)
            try psql.execute("DROP SEQUENCE \(PostgresCounters.changeSequence)")
            try psql.execute("UPDATE meta SET value = '5000' WHERE key = 'change_seq'")
            let reopened = try AppDatabase.open(at: url.text)
            try reopened.perform(Fixtures.command("touch").with(scope: .ofCase(cases[0]))) { tx in
                try tx.touchCase(cases[0], by: "agnes")
            }
            let version = try reopened.read {
                try Int64.fetchOne($0.db, sql: "SELECT version FROM service_case WHERE id = ?", arguments: [cases[0]])
            }
            #expect(version == 5001)
        }
    }

    @Test(
        "A desk whose audit entries or case numbers an earlier release counted in meta goes on past that count from the table's sequence, and the counter is gone",
        arguments: ["audit_entry", "service_case"])
    func idsGoOnPastTheirCounter(table: String) throws {
        try withSeededDesk { url, desk in
            let psql = try PostgresConnection(url)
            // Given a desk as an earlier release left it: the ids counted by a trigger into meta
            try psql.execute(
                "CREATE TRIGGER last_id_\(table) AFTER INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION casebench_last_id()"
            )
            try psql.execute(
                "INSERT INTO meta (key, value) VALUES ('last_id:\(table)', '9000') ON CONFLICT (key) DO UPDATE SET value = '9000'"
            )
            // When it is opened by this release and a case is opened
            let reopened = try AppDatabase.open(at: url.text)
            _ = try openCases(reopened, 1)
            // Then the row is numbered past the count, the counter and its trigger are gone, the trail holds
            let (last, counter) = try reopened.read { tx in
                (
                    try Int64.fetchOne(tx.db, sql: "SELECT max(id) FROM \(table)"),
                    try String.fetchOne(tx.db, sql: "SELECT value FROM meta WHERE key = 'last_id:\(table)'")
                )
            }
            #expect(last == 9001 && counter == nil)
            let triggers = try psql.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'last_id_\(table)'")
            #expect(triggers.count == 0)
            #expect(try reopened.verifyAudit().problem == nil)
        }
    }

    /// The advisory locks a write of `scope` holds once `body` has run in it, by mode.
    func locks(_ desk: AppDatabase, _ scope: WriteScope, _ body: (StoreTransaction) throws -> Void) throws -> (
        shared: Int, exclusive: Int
    ) {
        try desk.perform(Fixtures.command("write").with(scope: scope)) { tx in
            try body(tx)
            return try Self.advisoryLocks(tx)
        }
    }

    /// The advisory locks this transaction holds, by mode.
    static func advisoryLocks(_ tx: StoreTransaction) throws -> (shared: Int, exclusive: Int) {
        let rows = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT mode, count(*) AS n FROM pg_locks
                WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted GROUP BY mode
                """)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0["mode"] as String, $0["n"] as Int) })
        return (counts["ShareLock"] ?? 0, counts["ExclusiveLock"] ?? 0)
    }
}

extension CommandRecord {
    func with(scope: WriteScope) -> CommandRecord {
        var record = self
        record.scope = scope
        return record
    }
}
