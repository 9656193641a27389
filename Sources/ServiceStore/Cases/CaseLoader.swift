import Foundation
internal import GRDB
internal import GRDBSQLite
import ServiceCore

/// A case worked out in memory — by the generator, through the same rules a command uses —
/// with every row its work leaves: written by `CaseLoader` as it is, nothing read back.
public struct WorkedCase: Sendable {
    /// The case as it ends, with the id the worker gave it.
    public var serviceCase: ServiceCase
    /// Its version (a value of `meta.change_seq`) and who made it.
    public var version: Int64
    public var changedBy: String
    public var cancelReason: String?
    public var verifications: [Verification] = []
    public var visits: [Visit] = []
    /// Numbered, with the ids the worker gave them, recorded at `linesAt`.
    public var lines: [CaseLine] = []
    public var linesAt: Timestamp?
    /// In the order they happened.
    public var movements: [MovementDraft] = []
    public var outcomes: [BillingOutcome] = []
    public var closing: Closing?
    /// The closure state the checklist left (none on a cancelled case).
    public var state: CaseState?

    public struct Verification: Sendable {
        public var entitlement: Entitlement
        public var by: String
        public var at: Timestamp
        public init(entitlement: Entitlement, by: String, at: Timestamp) {
            self.entitlement = entitlement
            self.by = by
            self.at = at
        }
    }

    public struct Closing: Sendable {
        public var effects: ClosingEffects
        public var by: String
        public var at: Timestamp
        public init(effects: ClosingEffects, by: String, at: Timestamp) {
            self.effects = effects
            self.by = by
            self.at = at
        }
    }

    public init(serviceCase: ServiceCase, version: Int64, changedBy: String) {
        self.serviceCase = serviceCase
        self.version = version
        self.changedBy = changedBy
    }
}

/// A movement of on-hand stock for the ledger (a receipt, an issue: no reservation moves), before it is written.
public struct MovementDraft: Sendable {
    public var kind: MovementKind
    public var sku: String
    public var bin: String
    public var onHand: Int
    public var unitCost: Money
    public var caseID: CaseID?
    public var lineID: LineID?
    public var reason: String?
    public var by: String
    public var at: Timestamp

    public init(
        kind: MovementKind, sku: String, bin: String, onHand: Int, unitCost: Money, caseID: CaseID? = nil,
        lineID: LineID? = nil, reason: String? = nil, by: String, at: Timestamp
    ) {
        self.kind = kind
        self.sku = sku
        self.bin = bin
        self.onHand = onHand
        self.unitCost = unitCost
        self.caseID = caseID
        self.lineID = lineID
        self.reason = reason
        self.by = by
        self.at = at
    }
}

/// Worked cases made into rows ready to write, with what they move on: made by
/// `CaseLoader.prepare` on any thread, written by `CaseLoader.write`.
public struct LoadBatch: Sendable {
    /// Each kind's rows (at its `CaseRow.rawValue`), in the order the cases made them.
    fileprivate var rows = [[SQLArguments]](repeating: [], count: CaseRow.allCases.count)
    fileprivate var moved = Moved()
    public var count: Int

    fileprivate mutating func add(_ row: CaseRow, _ arguments: SQLArguments) {
        rows[row.rawValue].append(arguments)
    }
}

/// What written cases move on, applied once at `CaseLoader.finish` as sums of exactly the
/// movements and closings written.
private struct Moved: Sendable {
    struct StockKey: Hashable, Sendable { var sku: String, bin: String }
    var stock: [StockKey: Int] = [:]
    var valuation: [String: Valuation] = [:]
    var spent: [WarrantyKey: Money] = [:]
    var debits: [String: [PrepaidBalance]] = [:]
    var lastVersion: Int64?

    mutating func add(_ other: Moved) {
        stock.merge(other.stock, uniquingKeysWith: +)
        valuation.merge(other.valuation) { Valuation(quantity: $0.quantity + $1.quantity, value: $0.value + $1.value) }
        spent.merge(other.spent, uniquingKeysWith: +)
        debits.merge(other.debits, uniquingKeysWith: +)
        lastVersion = [lastVersion, other.lastVersion].compactMap { $0 }.max()
    }
}

/// Writes worked cases inside one transaction, a prepared INSERT per row — the INSERTs the
/// store's intent methods write through (`CaseRow`) — and what they move on (stock in bins,
/// valuations, warranty spend, prepaid balances, the change sequence) once at `finish`. It
/// reads nothing back and checks nothing: the worker has. `casebench verify` derives stock
/// and valuation back from the ledger, so a loader that drifted would show.
public final class CaseLoader {
    private let tx: StoreTransaction
    /// Bins whose stock is not valued (defective cores), as `revalue` skips them.
    public let coresBins: Set<String>
    /// Each kind's INSERT of one row, and of `rowsAtOnce` rows (at its `CaseRow.rawValue`).
    private let oneRow: [Statement]
    private let manyRows: [Statement]
    /// Their connection, for SQLite's words when it refuses a row.
    private let connection: SQLiteConnection?
    private var moved = Moved()
    /// The terms snapshots this transaction has made sure of.
    private var termsWritten: Set<[DatabaseValue]> = []

    /// The ids and version the next worked case may take: one past anything used before.
    public struct NextIDs: Sendable {
        public var caseID: Int64, visit: Int64, line: Int64, outcome: Int64, version: Int64
        public init(caseID: Int64, visit: Int64, line: Int64, outcome: Int64, version: Int64) {
            self.caseID = caseID
            self.visit = visit
            self.line = line
            self.outcome = outcome
            self.version = version
        }
    }

    public init(_ tx: StoreTransaction) throws {
        self.tx = tx
        coresBins = Set(try String.fetchAll(tx.db, sql: "SELECT id FROM bin WHERE kind = 'cores'"))
        guard let sqlite = tx.db.sqlite else { throw StoreError.invalid("cases load in bulk into SQLite only, so far") }
        oneRow = try CaseRow.allCases.map { try sqlite.makeStatement(sql: $0.sql) }
        manyRows = try CaseRow.allCases.map { try sqlite.makeStatement(sql: $0.sql(rows: Self.rowsAtOnce)) }
        connection = sqlite.sqliteConnection
    }

    public func nextIDs() throws -> NextIDs {
        let version =
            try Int64.fetchOne(tx.db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq'") ?? 0
        return NextIDs(
            caseID: try tx.nextID(of: "service_case"), visit: try tx.nextID(of: "visit"),
            line: try tx.nextID(of: "case_line"),
            outcome: try tx.nextID(of: "billing_outcome"), version: version + 1)
    }

    /// The rows of `cases`, in the order a command would write them, and what they move on.
    /// Touches no database.
    public static func prepare(_ cases: [WorkedCase], coresBins: Set<String>) throws -> LoadBatch {
        var b = LoadBatch(count: cases.count)
        let enc = JSONEncoder.sorted
        let checkJSON = CheckJSON()
        for w in cases {
            let c = w.serviceCase
            b.add(.serviceCase, CaseRow.serviceCase(w))
            b.moved.lastVersion = max(b.moved.lastVersion ?? w.version, w.version)
            for v in w.verifications {
                for (row, arguments) in try CaseRow.entitlementCheck(
                    caseID: c.id, v.entitlement, onDate: c.reportedOn, by: v.by, at: v.at, checkJSON)
                {
                    b.add(row, arguments)
                }
            }
            for v in w.visits { b.add(.visit, CaseRow.visit(v)) }
            for line in w.lines { b.add(.line, CaseRow.line(line, at: w.linesAt)) }
            for m in w.movements {
                b.add(
                    .movement,
                    CaseRow.movement(
                        m.kind, m.sku, m.bin, onHand: m.onHand, reserved: 0, unitCost: m.unitCost,
                        caseID: m.caseID, lineID: m.lineID, reservationID: nil, reason: m.reason,
                        note: "", by: m.by, at: m.at))
                b.moved.stock[Moved.StockKey(sku: m.sku, bin: m.bin), default: 0] += m.onHand
                if !coresBins.contains(m.bin) {
                    b.moved.valuation[m.sku, default: Valuation()].quantity += m.onHand
                    b.moved.valuation[m.sku, default: Valuation()].value =
                        b.moved.valuation[m.sku, default: Valuation()].value + m.unitCost * m.onHand
                }
            }
            for o in w.outcomes {
                b.add(.outcome, CaseRow.outcome(o))
                for p in o.draft.portions { b.add(.portion, CaseRow.portion(p, of: o.id)) }
            }
            if let closing = w.closing {
                for p in closing.effects.postings {
                    b.add(
                        .posting,
                        CaseRow.posting(
                            p, caseID: c.id, closing: closing.effects.closing, reverses: nil, by: closing.by,
                            at: closing.at))
                }
                b.moved.spent.merge(closing.effects.spent, uniquingKeysWith: +)
                for (number, used) in closing.effects.debits { b.moved.debits[number, default: []].append(used) }
            }
            if let state = w.state {
                // The facts as the store reads them back: the last verification, every outcome active.
                let facts = w.verifications.last.map {
                    ClosureFacts(
                        serviceCase: c, entitlement: $0.entitlement, lines: w.lines, outcomes: w.outcomes.map(\.draft))
                }
                b.add(.caseState, try CaseRow.caseState(c.id, state, facts: facts, enc))
            }
        }
        return b
    }

    /// Writes the batch's rows kind by kind, `rowsAtOnce` to a statement, in the order
    /// `CaseRow` lists the kinds: a check names its terms' snapshot, written before it. With
    /// foreign keys checked at the load's end, no other order matters, and each table's rows
    /// keep theirs, so the ids SQLite gives are the ones row-by-row writing gave.
    public func write(_ batch: LoadBatch) throws {
        for row in CaseRow.allCases {
            var rows = batch.rows[row.rawValue][...]
            // A million checks share a handful of terms: a snapshot already made in this
            // transaction is not proposed again (each proposal is a lookup of its text).
            if row == .termsSnapshot { rows = rows.filter { termsWritten.insert($0.values).inserted }[...] }
            while rows.count >= Self.rowsAtOnce {
                try insert(rows.prefix(Self.rowsAtOnce), row)
                rows = rows.dropFirst(Self.rowsAtOnce)
            }
            for arguments in rows { try insert([arguments], row) }
        }
        moved.add(batch.moved)
    }

    /// Rows of a kind to an INSERT: a statement's own cost (its start and end, the
    /// AUTOINCREMENT counter read and saved) shared by 64 rows instead of paid by each about
    /// halved the writing thread's time (perf, 200,000 cases: 14.7 s of CPU to 9.1, of which
    /// 3.4 s building indexes either way).
    static let rowsAtOnce = 64

    /// Binds the values of `rows` in turn to the INSERT of that many rows of kind `row` (one, or
    /// `rowsAtOnce`), and steps it. Unchecked: the arguments are the very ones the intent methods'
    /// checked writes use (`CaseRow`); checking each again costs more than writing it. Bound
    /// and stepped through SQLite's own API: GRDB's way, per row, made the values into
    /// `StatementArguments` through a generic sequence it cannot specialise from here (a
    /// quarter of this thread, by perf), and checked its queue, observers and transaction
    /// state twice. Nothing here needs them: the connection observes nothing during a load,
    /// and an INSERT leaves the transaction as it was.
    private func insert(_ rows: ArraySlice<SQLArguments>, _ row: CaseRow) throws {
        let statement = rows.count == 1 ? oneRow[row.rawValue] : manyRows[row.rawValue]
        let handle = statement.sqliteStatement
        let columns = Int(sqlite3_bind_parameter_count(oneRow[row.rawValue].sqliteStatement))
        guard rows.count * columns == sqlite3_bind_parameter_count(handle) else {
            throw StoreError.invalid("\(rows.count) rows of \(row) are written at once, which no INSERT here does")
        }
        var index: CInt = 1
        // Every value bound each time: none is left from the statement before.
        for arguments in rows {
            guard arguments.named.isEmpty else { throw StoreError.invalid("\(row) is written with named values") }
            guard arguments.values.count == columns else {
                throw StoreError.invalid(
                    "\(row) is written with \(arguments.values.count) values, not the \(columns) its SQL asks")
            }
            for value in arguments.values {
                let code = value.bind(to: handle, at: index)
                if code != SQLITE_OK { throw failure(code, statement, arguments) }
                index += 1
            }
        }
        let code = sqlite3_step(handle)
        // Ready for the next rows, and holding nothing; the code is the step's again.
        sqlite3_reset(handle)
        guard code != SQLITE_DONE else { return }
        // A refused statement of many rows wrote none of them: written again one by one, the
        // row SQLite refuses is named with its own values.
        if rows.count > 1 {
            for arguments in rows { try insert([arguments], row) }
        }
        throw failure(code, statement, rows[rows.startIndex])
    }

    /// SQLite's refusal of a row, as GRDB would have thrown it.
    private func failure(_ code: CInt, _ statement: Statement, _ arguments: SQLArguments) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(connection)),
            sql: statement.sql, arguments: arguments.grdb)
    }

    /// Applies what the cases written moved on, and moves the change sequence past their versions.
    public func finish() throws {
        // An UPDATE first: an upsert proposes the delta as a new row, which the CHECKs refuse
        // when it is negative, even where the row exists.
        for (key, delta) in moved.stock where delta != 0 {
            try tx.db.execute(
                sql: "UPDATE stock SET on_hand = on_hand + ? WHERE sku = ? AND bin = ?",
                arguments: [delta, key.sku, key.bin])
            if tx.db.changesCount == 0 { try tx.addStock(key.sku, key.bin, onHand: delta) }
        }
        for (sku, delta) in moved.valuation {
            try tx.db.execute(
                sql: "UPDATE stock_valuation SET quantity = quantity + ?, value = value + ? WHERE sku = ?",
                arguments: [delta.quantity, delta.value, sku])
            if tx.db.changesCount == 0 {
                try tx.db.execute(
                    sql: "INSERT INTO stock_valuation (sku, quantity, value) VALUES (?, ?, ?)",
                    arguments: [sku, delta.quantity, delta.value])
            }
        }
        for (key, amount) in moved.spent { try tx.addSpent(key, amount) }
        for (number, used) in moved.debits { for u in used { try tx.debitContractBalance(number, by: u) } }
        if let last = moved.lastVersion {
            try tx.db.execute(
                sql: "UPDATE meta SET value = ? WHERE key = 'change_seq' AND CAST(value AS INTEGER) < ?",
                arguments: [String(last), last])
        }
        moved = Moved()
    }
}

extension AppDatabase {
    /// Runs a load of many cases — `body` writes them, and any master data they need, in
    /// transactions of `CaseLoad` — with the loaded tables' derived state set aside and built
    /// once at the end: their non-unique indexes (a sorted build is many times faster than
    /// row-by-row upkeep) and the search indexes' insert triggers (one `INSERT … SELECT` over the
    /// new cases each instead). Foreign keys are checked once, there too. The schema ends as it
    /// began, each index and trigger re-made from the very SQL they were made by. Until
    /// then the database is marked unfinished, and `open` refuses it, so a load killed
    /// half-way, or one that left a dangling reference, is never taken for a database. When
    /// `stop` says so, the load ends at its next step (`CaseLoad.checkStop`, or between
    /// indexes) with `StoppedByRequest`, unfinished.
    public func loadingCases<T>(
        _ what: String, progress: ProgressSink? = nil, stop: StopRequest? = nil,
        _ body: (CaseLoad) throws -> T
    ) throws -> T {
        let setAside = try bulkWrite { tx in try tx.setAsideDerivedState(what) }
        let load = CaseLoad(database: self, stop: stop)
        let result = try body(load)
        // Checking references reads only what the load committed, so it runs on the desk's own
        // connection beside the rebuild's (in memory, where there is no second, within it).
        let references = path == nil ? nil : ReferenceCheck(self)
        defer { _ = try? references?.dangling() }
        try bulkWrite { tx in
            try tx.rebuild(setAside, references: references, progress: progress, checkStop: load.checkStop)
        }
        return result
    }
}

/// The rows that refer to rows that do not exist, as `PRAGMA foreign_key_check` finds them:
/// how many, and the first.
struct DanglingReferences: Sendable, CustomStringConvertible {
    var count: Int
    var table: String
    var rowID: Int64
    var parent: String

    /// None found in `db`, or what was.
    static func find(_ db: SQLConnection) throws -> DanglingReferences? {
        let rows = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
        return rows.first.map { DanglingReferences(count: rows.count, table: $0[0], rowID: $0[1] ?? 0, parent: $0[2]) }
    }

    var description: String {
        "the load left \(count) rows referring to rows that do not exist, the first a row of \(table) (rowid \(rowID)) "
            + "naming a missing \(parent)"
    }
}

/// The references of a load, checked on a thread of its own through the desk's connection while
/// the load's connection builds the indexes again: a million cases' check took 4.5 s, a
/// fifth of that rebuild, which left the second core idle.
final class ReferenceCheck: @unchecked Sendable {
    private let done = DispatchGroup()
    // Written by the checking thread before it leaves `done`, read only after waiting for it:
    // that is why this may be unchecked Sendable.
    private var found: Result<DanglingReferences?, Error> = .success(nil)

    init(_ database: AppDatabase) {
        done.enter()
        Thread {
            self.found = Result { try database.read { tx in try DanglingReferences.find(tx.db) } }
            self.done.leave()
        }.start()
    }

    /// Waits for the check: none found, or what was.
    func dangling() throws -> DanglingReferences? {
        done.wait()
        return try found.get()
    }
}

/// The transactions of a load (`AppDatabase.loadingCases`).
public struct CaseLoad {
    let database: AppDatabase
    let stop: StopRequest?

    /// One transaction of the load.
    public func transaction<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try database.bulkWrite(body)
    }

    /// Throws `StoppedByRequest` once the user has asked the load to stop.
    public func checkStop() throws {
        if stop?() == true { throw StoppedByRequest() }
    }
}

/// What `loadingCases` set aside: the SQL of the dropped indexes and triggers, and the first
/// case the search index has not seen.
struct SetAsideState {
    var sql: [String]
    var firstCase: Int64
}

extension StoreTransaction {
    /// The tables a case load writes.
    static let loadedTables = [
        "service_case", "terms_snapshot", "entitlement_check", "visit", "case_line", "billing_outcome",
        "outcome_portion", "posting", "stock_movement", "case_state",
    ]

    func setAsideDerivedState(_ what: String) throws -> SetAsideState {
        let tables = Self.loadedTables.map { "'\($0)'" }.joined(separator: ",")
        let objects = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE (type = 'index' AND tbl_name IN (\(tables)) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%')
                   OR (type = 'trigger' AND name IN ('case_search_insert', 'case_search_open_insert'))
                ORDER BY type, name
                """)
        for o in objects {
            try db.execute(sql: "DROP \((o["type"] as String).uppercased()) \"\(o["name"] as String)\"")
        }
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('unfinished', ?)", arguments: [what])
        let first = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM service_case") ?? 0) + 1
        return SetAsideState(sql: objects.map { $0["sql"] }, firstCase: first)
    }

    /// `references`: the load's references being checked elsewhere; nil to check them here.
    func rebuild(
        _ s: SetAsideState, references: ReferenceCheck?, progress: ProgressSink?, checkStop: () throws -> Void
    ) throws {
        // A million cases take a while here: the search index, each index, and the references.
        progress?.begin("checking references, building indexes", total: s.sql.count + 2)
        defer { progress?.end() }
        // What `case_search_insert` and `case_search_open_insert` (Schema) write for each new case.
        try db.execute(
            sql: """
                INSERT INTO case_search (rowid, subject, customer, serial)
                  SELECT id, subject, customer, serial FROM case_search_text WHERE id >= ? ORDER BY id;
                INSERT INTO case_search_open (rowid, subject, customer, serial)
                  SELECT id, subject, customer, serial FROM case_search_open_text WHERE id >= ? ORDER BY id;
                """, arguments: [s.firstCase, s.firstCase])
        progress?.advance(to: 1)
        for (i, sql) in s.sql.enumerated() {
            try checkStop()
            try db.execute(sql: sql)
            progress?.advance(to: i + 2)
        }
        let dangling = try references.map { try $0.dangling() } ?? DanglingReferences.find(db)
        if let dangling { throw StoreError.invalid(dangling.description) }
        progress?.advance(to: s.sql.count + 2)
        try db.execute(sql: "DELETE FROM meta WHERE key = 'unfinished'")
    }
}
