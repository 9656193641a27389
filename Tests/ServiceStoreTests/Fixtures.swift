import Foundation
import GRDB
import PostgresTestSupport
import ServiceCore
import Testing

@testable import ServiceStore

/// Where a test database lives: the store is tested on each — PostgreSQL where the test
/// cluster is given (`CASEBENCH_TEST_POSTGRES`).
enum Storage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, disk, postgres
    var testDescription: String { rawValue }

    static var allCases: [Storage] { [.memory, .disk] + (PostgresTestServer.url == nil ? [] : [.postgres]) }

    /// SQLite's two, for the tests of what only SQLite has (its files, its own bookkeeping).
    static let sqlite: [Storage] = [.memory, .disk]
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("casebench-store-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` with a temporary directory that is removed afterwards, whatever happens.
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    return try body(dir)
}

enum Fixtures {
    static let today = CivilDate(year: 2026, month: 6, day: 15)!
    static let now = Timestamp(date: today, hour: 9)

    /// A production database at `path` one migration behind this Casebench, as one written by
    /// the release before; returns that migration's name.
    @discardableResult
    static func databaseOneMigrationBehind(at path: String) throws -> String {
        do { _ = try AppDatabase.create(at: path, kind: .production, creator: ada, at: now) }
        let last = try #require(Schema.migrator.migrations.last)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [last]) }
        return last
    }

    static func at(_ minutesAfterNine: Int) -> Timestamp { now.adding(seconds: Int64(minutesAfterNine) * 60) }

    static func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }

    // Users
    static let ada = User(account: "ada", name: "Ada Quist", role: .admin)
    static let adam = User(account: "adam", name: "Adam Reed", role: .admin)
    static let agnes = User(account: "agnes", name: "Agnes Abbott", role: .agent)
    static let arun = User(account: "arun", name: "Arun Bose", role: .agent)
    static let sam = User(account: "sam", name: "Sam Okafor", role: .supervisor)
    static let tom = User(account: "tom", name: "Tom Reyes", role: .technician, labourRate: Money(minorUnits: 6000))
    static let tina = User(account: "tina", name: "Tina Trainer", role: .trainer)

    // Master data
    static let acme = Customer(id: "C-ACME", name: "Acme Bakery", region: "NORTH", contact: "Jo Baker 555-0101")
    static let blum = Customer(id: "C-BLUM", name: "Blumenthal Hotels", region: "SOUTH", contact: "Desk 555-0199")
    static let corv = Customer(id: "C-CORV", name: "Corvin Dental", region: "WEST")
    static let standard = WarrantyTemplate(
        id: "WT-STD", name: "Standard asset warranty",
        coverage: CoveragePercents(parts: 100, labour: 100, travel: 50, expenses: 0),
        perIncidentCap: Money(minorUnits: 150_000), lifetimeCap: Money(minorUnits: 300_000))
    static let generic = WarrantyTemplate(
        id: "WT-GEN24", name: "Generic warranty, 24 months",
        coverage: CoveragePercents(parts: 100, labour: 50, travel: 0, expenses: 0),
        months: 24, effective: day("2023-01-01"), expiry: day("2027-12-31"))
    static let pump = Item(
        sku: "PUMP-200", description: "Circulation pump 200", category: "Mechanical", serialized: true,
        standardCost: Money(minorUnits: 64_000), listPrice: Money(minorUnits: 120_000), genericWarranty: "WT-GEN24")
    static let seal = Item(
        sku: "P-SEAL", description: "Pump seal kit", category: "Mechanical",
        standardCost: Money(minorUnits: 1_800), listPrice: Money(minorUnits: 4_500))
    static let sn1 = Asset(
        serial: "SN-1", sku: "PUMP-200", customerID: "C-ACME", installedOn: day("2025-03-01"), region: "NORTH",
        warranty: AssetWarranty(template: "WT-STD", start: day("2025-03-01"), end: day("2027-02-28")))
    static let sn2 = Asset(
        serial: "SN-2", sku: "PUMP-200", customerID: "C-BLUM", installedOn: day("2021-05-01"), region: "SOUTH")
    static let sn3 = Asset(
        serial: "SN-3", sku: "PUMP-200", customerID: "C-CORV", installedOn: day("2020-03-01"), region: "WEST")
    static let gold = ServiceContract(
        number: "SC-1", customerID: "C-BLUM", tier: "Gold", regions: ["SOUTH"], status: .released,
        start: day("2026-01-01"), end: day("2026-12-31"), fee: Money(minorUnits: 480_000),
        coveredSerials: ["SN-2"], excludedCategories: ["Electronic Parts"],
        coverage: CoveragePercents(parts: 100, labour: 100, travel: 100, expenses: 0),
        deductible: Money(minorUnits: 5_000), balance: .minutes(120))
    static let shelf = Bin(id: "WH-N-A1", warehouse: "North depot", region: "NORTH")

    /// The users and master data most tests start from; `ada` (the creator) already exists.
    static func seed(_ tx: StoreTransaction) throws {
        for u in [adam, agnes, arun, sam, tom, tina] { try tx.insertUser(u) }
        for c in [acme, blum, corv] { try tx.saveCustomer(c) }
        for t in [standard, generic] { try tx.saveTemplate(t) }
        for i in [pump, seal] { try tx.saveItem(i) }
        for a in [sn1, sn2, sn3] { try tx.saveAsset(a) }
        try tx.saveContract(gold)
        try tx.saveBin(shelf)
    }

    static func command(
        _ label: String, by account: String = "ada", actingAs: String? = nil, at: Timestamp = now,
        undoable: Bool = true, final: Bool = false
    ) -> CommandRecord {
        CommandRecord(
            actor: Actor(account: account, actingAs: actingAs), at: at, text: label, label: label,
            undoable: undoable, final: final)
    }

    static func newCase(
        _ serial: String = "SN-1", customer: String = "C-ACME", subject: String = "Pump leaks",
        openedAt: Timestamp = now, priority: Int = 2, assignee: String = "agnes"
    ) -> NewCase {
        NewCase(
            customerID: customer, serial: serial, subject: subject, reportedOn: openedAt.date, openedAt: openedAt,
            priority: priority, assignee: assignee, contact: "Jo 555-0101")
    }

    /// The seven closure checks, the first `failing` of them failing.
    static func checks(failing: Int) -> [ClosureCheck] {
        ClosureCheckID.allCases.enumerated().map { i, id in
            ClosureCheck(id: id, passed: i >= failing, message: "check \(i + 1)")
        }
    }
}

/// A new store on `storage`, created by `creator`: in memory, or created on disk in a fresh
/// temporary directory and opened again (so every on-disk test also goes through `open`).
/// The directory is removed once `body` has returned and the database is closed.
func withStore<T>(
    _ storage: Storage, seeded: Bool = true, creator: User = Fixtures.ada,
    _ body: (AppDatabase) throws -> T
) throws -> T {
    switch storage {
    case .memory:
        let db = try AppDatabase.inMemory(
            kind: .training, creator: creator, at: Fixtures.now, businessDate: Fixtures.today)
        if seeded { try db.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) } }
        return try body(db)
    case .disk:
        return try withTemporaryDirectory { dir throws in
            let path = dir.file("casebench.sqlite")
            do {
                let created = try AppDatabase.create(
                    at: path, kind: .training, creator: creator, at: Fixtures.now,
                    businessDate: Fixtures.today)
                if seeded { try created.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) } }
            }
            return try body(try AppDatabase.open(at: path))
        }
    case .postgres:
        return try PostgresTestServer.withSchema { _, url in
            do {
                let created = try AppDatabase.create(
                    at: url.text, kind: .training, creator: creator, at: Fixtures.now, businessDate: Fixtures.today)
                if seeded { try created.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) } }
            }
            return try body(try AppDatabase.open(at: url.text))
        }
    }
}

/// Every row of every table (SQLite's own bookkeeping included), as text: two equal
/// snapshots mean nothing at all was written in between.
/// On PostgreSQL every table of the desk's schema, its rows sorted (they have no rowid order).
func snapshot(_ db: AppDatabase) throws -> [String: [String]] {
    try db.read { tx throws in
        var result: [String: [String]] = [:]
        guard tx.db.isPostgres else {
            for table in try String.fetchAll(
                tx.db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            {
                result[table] = try Row.fetchAll(tx.db, sql: "SELECT * FROM \"\(table)\"").map(\.description)
            }
            return result
        }
        for table in try String.fetchAll(
            tx.db, sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        {
            result[table] = try Row.fetchAll(tx.db, sql: "SELECT * FROM \"\(table)\"").map(rowText).sorted()
        }
        // The id counters (`PostgresCounters`) apart, as SQLite keeps its own in sqlite_sequence.
        let isCounter = { (row: String) in row.hasPrefix("key=\"last_id:") }
        result["id_counters"] = result["meta"]?.filter(isCounter)
        result["meta"] = result["meta"]?.filter { !isCounter($0) }
        return result
    }
}

/// What the database said when it refused a write, on either engine: its message, and whether
/// a constraint or a guarding trigger refused (SQLite's CONSTRAINT, PostgreSQL's class 23).
struct Refusal {
    var message: String
    var isConstraint: Bool
}

/// The refusal `body` met; nil when it did not throw.
func refusal(_ body: () throws -> Void) -> Refusal? {
    do {
        try body()
        return nil
    } catch let error as DatabaseError {
        return Refusal(message: error.message ?? "", isConstraint: error.resultCode == .SQLITE_CONSTRAINT)
    } catch let error as PostgresError {
        return Refusal(message: error.message, isConstraint: error.sqlState?.hasPrefix("23") == true)
    } catch {
        return Refusal(message: "\(error)", isConstraint: false)
    }
}

/// A row as text, its columns by name: a PostgreSQL row's columns come in no set order.
func rowText(_ row: Row) -> String {
    row.columnNames.sorted().map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: " ")
}

/// The number of rows of every table.
func tableCounts(_ db: AppDatabase) throws -> [String: Int] {
    try snapshot(db).mapValues(\.count)
}

/// The before/after images of the latest audit entry.
func latestAuditChanges(_ db: AppDatabase) throws -> [RowChange] {
    try db.read { tx throws in
        let json = try String.fetchOne(tx.db, sql: "SELECT changes FROM audit_entry ORDER BY id DESC LIMIT 1") ?? "[]"
        return try JSONDecoder().decode([RowChange].self, from: Data(json.utf8))
    }
}

struct Boom: Error, Equatable {}

// MARK: - Stock (parts, bins, the ledger)

extension Fixtures {
    /// A moving-average part with a core charge (an exchange part).
    static let valve = Item(
        sku: "P-MA", description: "Valve cartridge", category: "Mechanical", costing: .movingAverage,
        listPrice: Money(minorUnits: 2_500), coreCharge: Money(minorUnits: 500))
    static let van = Bin(id: "VAN-TOM", warehouse: "Tom's van", region: "NORTH", kind: .van, technician: "tom")
    static let cores = Bin(id: "CORES-N", warehouse: "North depot", region: "NORTH", kind: .cores)
    static let refurb = Bin(id: "REFURB-N", warehouse: "North depot", region: "NORTH", kind: .refurb)

    /// What the stock tests add to `seed`: the moving-average part and a van, a cores and a refurb bin.
    static func seedStock(_ tx: StoreTransaction) throws {
        try tx.saveItem(valve)
        for b in [van, cores, refurb] { try tx.saveBin(b) }
    }

    /// "12.50" as money; a typo stops the test at once.
    static func money(_ text: String) -> Money {
        guard let m = Money(parsing: text) else { preconditionFailure("bad test amount \(text)") }
        return m
    }
}

/// `withStore`, with the stock fixtures added.
func withStockStore<T>(_ storage: Storage, _ body: (AppDatabase) throws -> T) throws -> T {
    try withStore(storage) { db throws in
        try db.perform(Fixtures.command("seed stock", undoable: false)) { try Fixtures.seedStock($0) }
        return try body(db)
    }
}

/// [on hand, reserved] of an item in a bin; [] when the bin holds no row for it.
func onHandReserved(_ db: AppDatabase, _ sku: String, _ bin: String) throws -> [Int] {
    try db.read { tx in try tx.stockLevel(sku: sku, bin: bin).map { [$0.onHand, $0.reserved] } ?? [] }
}

/// The rows of stock, valuation and reservations, as text: equal pictures mean equal stock.
func stockPicture(_ tx: StoreTransaction) throws -> [String] {
    var rows: [String] = []
    for (table, order) in [("stock", "sku, bin"), ("stock_valuation", "sku"), ("reservation", "id")] {
        rows += try Row.fetchAll(tx.db, sql: "SELECT * FROM \(table) ORDER BY \(order)").map {
            "\(table) \(rowText($0))"
        }
    }
    return rows
}

/// Opens `count` cases on SN-1 for agnes, numbered 1, 2, … in a fresh database.
@discardableResult
func openCases(_ db: AppDatabase, _ count: Int = 1) throws -> [CaseID] {
    try db.perform(Fixtures.command("open cases", by: "agnes", undoable: false)) { tx in
        try (0..<count).map { _ in try tx.insertCase(Fixtures.newCase(), by: "agnes") }
    }
}

/// Receives stock as a command of its own (not undoable, like `receive`).
func receiveStock(_ db: AppDatabase, _ sku: String, _ quantity: Int, into bin: String, at cost: String) throws {
    try db.perform(Fixtures.command("receive \(quantity) × \(sku)", undoable: false)) { tx in
        try tx.receive(sku, quantity, into: bin, unitCost: Fixtures.money(cost), by: "ada", at: Fixtures.now)
    }
}

/// A part line on a case, as `use` makes it (list price × quantity), created at `at`.
/// 20 × P-MA on WH-N-A1 received at 10.00 and 13.00 (worth 230.00, 11.50 each), 3 of them
/// reserved by agnes for the first open case (reservation 1); returns that case.
func averagedStockReserved(_ db: AppDatabase) throws -> CaseID {
    let caseID = try #require(try openCases(db).first)
    try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "10.00")
    try receiveStock(db, "P-MA", 10, into: "WH-N-A1", at: "13.00")
    _ = try db.perform(Fixtures.command("reserve", by: "agnes")) { tx in
        try tx.apply(
            .reserve(
                ReservationDraft(
                    id: ReservationID(1), caseID: caseID, visitID: nil, sku: "P-MA",
                    bin: "WH-N-A1", quantity: 3)), by: "agnes", at: Fixtures.now)
    }
    return caseID
}

func partLine(
    _ tx: StoreTransaction, _ caseID: CaseID, _ sku: String, _ quantity: Int, bin: String,
    at: Timestamp = Fixtures.now
) throws -> CaseLine {
    let item = try #require(try tx.item(sku))
    return try tx.insertLine(
        CaseLine(
            id: LineID(0), caseID: caseID, number: 0, kind: .part,
            description: "\(quantity) × \(sku) \(item.description)", amount: item.listPrice * quantity,
            sku: sku, quantity: quantity, bin: bin, category: item.category), at: at)
}

/// Issues `quantity` of a part line's item from its bin, the given reservations first.
func issue(
    _ tx: StoreTransaction, _ line: CaseLine, _ quantity: Int, from portions: [ReservationID: Int] = [:],
    by account: String = "tom", at: Timestamp = Fixtures.now
) throws {
    try tx.apply(
        .issue(
            IssueDraft(
                caseID: line.caseID, lineID: line.id, sku: line.sku!, bin: line.bin!, quantity: quantity,
                fromReservations: portions)), by: account, at: at)
}

/// Tom uses parts on a case, as `use` does: a part line and its issue, in one command.
@discardableResult
func use(
    _ db: AppDatabase, _ caseID: CaseID, _ sku: String, _ quantity: Int, bin: String,
    from portions: [ReservationID: Int] = [:], label: String = "use"
) throws -> CaseLine {
    try db.perform(Fixtures.command(label, by: "tom")) { tx in
        let line = try partLine(tx, caseID, sku, quantity, bin: bin)
        try issue(tx, line, quantity, from: portions)
        tx.commandCase = caseID
        return line
    }
}

func stockProblems(_ db: AppDatabase) throws -> [String] { try db.read { try $0.stockProblems() } }

/// What SQLite plans for `sql`, one line per step ("SEARCH c USING INDEX case_open_sla (<expr>>?)").
func plan(_ tx: StoreTransaction, _ sql: (sql: String, arguments: SQLArguments)) throws -> [String] {
    try Row.fetchAll(tx.db, sql: "EXPLAIN QUERY PLAN " + sql.sql, arguments: sql.arguments).map { $0["detail"] }
}
