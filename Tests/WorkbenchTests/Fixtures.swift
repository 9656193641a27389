import Foundation
import GRDB
import PostgresTestSupport
import ServiceCore
import Testing

@testable import ServiceStore
@testable import Workbench

let businessDate = CivilDate(parsing: "2026-06-15")!
/// Every test's clock: the business date at 09:00.
let fixedClock: @Sendable () -> Timestamp = { Timestamp(date: businessDate, hour: 9) }

func money(_ text: String) -> Money { Money(parsing: text)! }
func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }

/// A service desk in memory: a training database (trainer "trainer") loaded with a dataset.
/// When a test is done with it, it checks that the ledger, stock, valuation, reservations and
/// part lines still agree — after every test, whatever it did.
/// On PostgreSQL instead, in a schema of its own, when the suite is run so
/// (`PostgresTestServer.desksOnPostgres`).
/// `sqliteOnly`: in memory whatever the run, for what only a SQLite database does (the
/// generator's bulk load, SQLite's own triggers and bookkeeping).
final class Desk {
    let db: AppDatabase

    deinit {
        let problems = (try? db.read { try $0.stockProblems() }) ?? ["the invariant check could not run"]
        #expect(problems == [], "the ledger, stock and reservations disagree at the end of the test")
    }

    init(_ dataset: Dataset = Scenario.dataset, kind: DatabaseKind = .training, sqliteOnly: Bool = false) throws {
        let creator = User(account: "trainer", name: "Trainer", role: kind == .training ? .trainer : .admin)
        let businessDate = kind == .training ? businessDate : nil
        if PostgresTestServer.desksOnPostgres, !sqliteOnly {
            db = try AppDatabase.create(
                at: try PostgresTestServer.Schema.forTheRun().url.text, kind: kind, creator: creator, at: fixedClock(),
                businessDate: businessDate)
        } else {
            db = try AppDatabase.inMemory(kind: kind, creator: creator, at: fixedClock(), businessDate: businessDate)
        }
        try db.perform(
            CommandRecord(
                actor: Actor(account: "trainer"), at: fixedClock(), text: "load", label: "load", undoable: false)
        ) {
            try dataset.write(into: $0)
        }
    }

    /// How messages name the database: "this database" in memory, else its path or URL.
    var place: String { db.path ?? "this database" }

    func session(_ account: String = "trainer") throws -> Session {
        try Session(database: db, account: account, clock: fixedClock)
    }

    /// Runs a script as the trainer (who switches roles with `as`), one result per command.
    func run(_ script: String, in session: Session? = nil) throws -> [CommandResult] {
        let s = try session ?? self.session()
        return script.split(separator: "\n").compactMap { s.run(String($0)) }
    }

    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T { try db.read(body) }

    /// The ledger, stock, valuation, reservations and part lines agree (the admin's check).
    func verified() throws -> Bool {
        try session("ada").run("verify database")?.ok == true
    }

    /// Row counts of every table a command could write: equal before and after means nothing was written.
    func footprint() throws -> [String: Int] {
        try db.read { tx in
            var counts: [String: Int] = [:]
            for t in [
                "service_case", "visit", "case_line", "entitlement_check", "billing_outcome", "override_request",
                "audit_entry", "undo_entry", "customer", "asset", "app_user", "contract_serial",
                "reservation", "stock_movement", "posting", "export_batch",
            ] {
                counts[t] = try tx.count(table: t)
            }
            return counts
        }
    }
}

/// A small desk whose figures are easy to compute by hand.
enum Scenario {
    static var dataset: Dataset {
        var d = Dataset()
        d.users = [
            User(account: "agnes", name: "Agnes", role: .agent), User(account: "arun", name: "Arun", role: .agent),
            User(account: "sam", name: "Sam", role: .supervisor),
            User(account: "sofia", name: "Sofia", role: .supervisor),
            User(account: "tom", name: "Tom", role: .technician, labourRate: money("60.00")),
            User(account: "tia", name: "Tia", role: .technician, labourRate: money("72.00")),
            User(account: "ada", name: "Ada", role: .admin),
        ]
        d.customers = [
            Customer(id: "C-W", name: "Warranty Customer", region: "NORTH"),
            Customer(id: "C-K", name: "Contract Customer", region: "SOUTH"),
            Customer(id: "C-X", name: "Chargeable Customer", region: "EAST"),
        ]
        d.templates = [
            WarrantyTemplate(
                id: "WT-CAPPED", name: "Capped",
                coverage: CoveragePercents(parts: 100, labour: 100, travel: 50, expenses: 0),
                perIncidentCap: money("500.00"), lifetimeCap: money("2000.00")),
            WarrantyTemplate(
                id: "WT-SMALL", name: "Small",
                coverage: CoveragePercents(parts: 100, labour: 100, travel: 0, expenses: 0),
                lifetimeCap: money("1000.00")),
        ]
        d.items = [
            Item(
                sku: "UNIT", description: "Unit", category: "Mechanical", serialized: true, listPrice: money("1000.00")),
            Item(
                sku: "P-SEAL", description: "Seal kit", category: "Mechanical", standardCost: money("18.00"),
                listPrice: money("45.00")),
            Item(
                sku: "P-BOARD", description: "Control board", category: "Electronic Parts",
                standardCost: money("150.00"),
                listPrice: money("320.00")),
            Item(
                sku: "P-FAN", description: "Fan motor", category: "Mechanical", standardCost: money("75.00"),
                listPrice: money("180.00")),
            Item(
                sku: "P-MA", description: "Valve (moving average)", category: "Mechanical", costing: .movingAverage,
                standardCost: money("10.00"), listPrice: money("40.00")),
            Item(
                sku: "P-STD", description: "Valve (standard cost)", category: "Mechanical", costing: .standard,
                standardCost: money("10.00"), listPrice: money("40.00")),
        ]
        let warranty = { (t: String) in AssetWarranty(template: t, start: day("2025-01-01"), end: day("2027-12-31")) }
        d.assets = [
            Asset(
                serial: "SN-W", sku: "UNIT", customerID: "C-W", installedOn: day("2025-01-01"), region: "NORTH",
                warranty: warranty("WT-CAPPED")),
            Asset(
                serial: "SN-S", sku: "UNIT", customerID: "C-W", installedOn: day("2025-01-01"), region: "NORTH",
                warranty: warranty("WT-SMALL")),
            Asset(serial: "SN-K", sku: "UNIT", customerID: "C-K", installedOn: day("2020-01-01"), region: "SOUTH"),
            Asset(serial: "SN-K2", sku: "UNIT", customerID: "C-K", installedOn: day("2020-01-01"), region: "SOUTH"),
            Asset(serial: "SN-X", sku: "UNIT", customerID: "C-X", installedOn: day("2019-01-01"), region: "EAST"),
        ]
        d.spend = [
            (WarrantyKey(serial: "SN-W", kind: .asset, template: "WT-CAPPED"), money("1700.00")),
            (WarrantyKey(serial: "SN-S", kind: .asset, template: "WT-SMALL"), money("900.00")),
        ]
        d.contracts = [
            ServiceContract(
                number: "K-1", customerID: "C-K", tier: "Gold", regions: ["SOUTH"], status: .released,
                start: day("2026-01-01"), end: day("2026-12-31"), fee: money("2400.00"), coveredSerials: ["SN-K"],
                excludedCategories: ["Electronic Parts"],
                coverage: CoveragePercents(parts: 100, labour: 100, travel: 0, expenses: 0),
                deductible: money("50.00"), balance: .money(money("120.00")))
        ]
        d.rules = [
            EntitlementRule(region: "NORTH", responseHours: 8),
            EntitlementRule(region: "SOUTH", responseHours: 24),
            EntitlementRule(region: "EAST", responseHours: 24),
        ]
        d.bins = [
            Bin(id: "B-1", warehouse: "Depot", region: "NORTH"),
            Bin(id: "B-S", warehouse: "South depot", region: "SOUTH"),
            Bin(id: "VAN-TOM", warehouse: "Tom's van", region: "NORTH", kind: .van, technician: "tom"),
            Bin(id: "CORES", warehouse: "Depot", region: "NORTH", kind: .cores),
        ]
        d.stock = [
            StockCount(sku: "P-SEAL", bin: "B-1", onHand: 100, unitCost: money("20.00")),
            StockCount(sku: "P-SEAL", bin: "B-S", onHand: 50, unitCost: money("20.00")),
            StockCount(sku: "P-SEAL", bin: "VAN-TOM", onHand: 5, unitCost: money("20.00")),
            StockCount(sku: "P-BOARD", bin: "B-1", onHand: 10, unitCost: money("150.00")),
            StockCount(sku: "P-FAN", bin: "B-1", onHand: 10, unitCost: money("80.00")),
        ]
        return d
    }

    /// The same desk where the control board is an exchange part: its core (80.00) comes back.
    static var withCores: Dataset {
        var d = dataset
        d.items = d.items.map {
            var i = $0
            if i.sku == "P-BOARD" { i.coreCharge = money("80.00") }
            return i
        }
        return d
    }
}

/// A folder of its own for one test's files, removed at the end.
/// Every row of every table, each table as one text that SQLite builds (its rows' values,
/// quoted, in rowid order): equal before and after means nothing at all was written. Built in
/// SQL, since the fuzzers compare it after each of thousands of inputs; the audit trail, which
/// triggers keep append-only and whose newest hash covers every entry before it, by its count
/// and newest hash.
/// On PostgreSQL each table is one md5 of its rows as text, in their order as text.
func everyRow(_ db: AppDatabase) throws -> [String: String] {
    try db.read { tx in
        guard let db = tx.db.sqlite else {
            var result: [String: String] = [:]
            // The id counters apart, as SQLite's sqlite_sequence is a table of its own.
            func rows(_ from: String) throws -> String? {
                try String.fetchOne(
                    tx.db,
                    sql:
                        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ';' ORDER BY t::text)), '') \(from)"
                )
            }
            for table in try String.fetchAll(
                tx.db, sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            where table != "meta" {
                result[table] = try rows("FROM \(table) t")
            }
            result["meta"] = try rows("FROM meta t WHERE key NOT LIKE 'last\\_id:%'")
            result["id_counters"] = try rows("FROM meta t WHERE key LIKE 'last\\_id:%'")
            return result
        }
        // Cached: preparing the statement costs many times what running it does
        let row = try Row.fetchOne(db.cachedStatement(sql: try EveryRowQuery.shared.sql(db)))!
        var result: [String: String] = [:]
        for (table, value) in row { result[table] = String.fromDatabaseValue(value) ?? "" }
        return result
    }
}

/// How many rows SQLite's statements have inserted, updated or deleted on this database so
/// far, in transactions kept or rolled back: unchanged across a step means it wrote nothing.
/// Nil on PostgreSQL, which keeps no such count: there every row is compared.
func rowChanges(_ db: AppDatabase) throws -> Int? {
    try db.read { $0.db.sqlite?.totalChangesCount }
}

/// `everyRow`'s one statement — a subquery per table — made from the schema the first time:
/// every desk has the same schema, and one statement is many times faster than one a table.
private final class EveryRowQuery: @unchecked Sendable {
    static let shared = EveryRowQuery()
    private let lock = NSLock()
    private var made: String?

    func sql(_ db: Database) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        var parts: [String] = []
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")").map { row -> String in
                "quote(\"\(row["name"] as String)\")"
            }
            let rows =
                table == "audit_entry"
                ? "(SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1)"
                : "group_concat(\(columns.joined(separator: " || ',' || ")), ';')"
            parts.append("(SELECT count(*) || ':' || ifnull(\(rows), '') FROM \"\(table)\") AS \"\(table)\"")
        }
        made = "SELECT " + parts.joined(separator: ", ")
        return made!
    }
}

final class Folder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-test-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func write(_ name: String, _ text: String) throws { try write(name, bytes: Array(text.utf8)) }
    func write(_ name: String, bytes: [UInt8]) throws { try Data(bytes).write(to: url.appendingPathComponent(name)) }
    /// Every file of the folder by name, with its bytes.
    func contents() throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            out[name] = FileManager.default.contents(atPath: path(name))
        }
        return out
    }
}
