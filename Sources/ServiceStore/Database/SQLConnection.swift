import Foundation
internal import GRDB
import Synchronization

/// The statements of one transaction, on SQLite or on PostgreSQL, in GRDB's own call shapes
/// (`Row.fetchAll(db, sql:arguments:)`, `db.cachedStatement(sql:)`, `Int64.fetchOne(…)`): each
/// of the store's reads and writes is written once, with `?` for its values, and runs on either
/// engine. On PostgreSQL the `?`s become `$1`, `$2`… (`PostgresPlaceholders`), values go as
/// text, and each result column comes back as the value SQLite would have given
/// (`PostgresColumn`): integers, booleans and whole `numeric`s as integers, so the same
/// decoding reads both.
final class SQLConnection {
    enum Engine {
        case sqlite(Database)
        case postgres(PostgresConnection)
    }

    let engine: Engine
    /// On PostgreSQL, what the last statement changed (`changesCount`).
    private var lastAffected = 0
    /// In a write on PostgreSQL that shares the desk with others (`WriteScope`), the locks it
    /// has taken besides its case's; nil in any other transaction.
    var sharedLocks: Set<WriteLock>?
    /// The audit entry this transaction appended last, once it has: the head to keep.
    var appendedHead: AuditChain.Head?

    init(_ db: Database) { engine = .sqlite(db) }
    init(_ connection: PostgresConnection) { engine = .postgres(connection) }

    /// The SQLite connection, where the work is SQLite's own (schema, capture, backup).
    var sqlite: Database? {
        if case .sqlite(let db) = engine { return db }
        return nil
    }

    var isPostgres: Bool { sqlite == nil }

    /// Whether the search may name the token function (`PostgresConnection.hasSearchTokens`).
    var hasSearchTokens: Bool {
        if case .postgres(let connection) = engine { return connection.hasSearchTokens }
        return false
    }

    func cachedStatement(sql: String) throws -> SQLStatement {
        switch engine {
        case .sqlite(let db): return SQLStatement(connection: self, sql: sql, sqlite: try db.cachedStatement(sql: sql))
        case .postgres: return SQLStatement(connection: self, sql: sql, sqlite: nil)
        }
    }

    /// Runs `sql`; several statements, separated by `;`, when it has no arguments.
    func execute(sql: String, arguments: SQLArguments = []) throws {
        switch engine {
        case .sqlite(let db): try db.execute(sql: sql, arguments: arguments.grdb)
        case .postgres(let connection):
            if arguments.isEmpty, sql.contains(";") {
                try connection.executeScript(sql)
                lastAffected = 0
            } else {
                _ = try postgresRows(sql, arguments)
            }
        }
    }

    /// Runs `sql`, a write whose count of changed rows no one reads: now on SQLite; on
    /// PostgreSQL with the next statement whose answer is waited for, in its round trip
    /// (`PostgresConnection.executeLater`). An error in it is thrown from there.
    func executeLater(sql: String, arguments: SQLArguments = []) throws {
        switch engine {
        case .sqlite(let db): try db.cachedStatement(sql: sql).execute(arguments: arguments.grdb)
        case .postgres(let connection): try connection.executeLater(with: sql, arguments)
        }
    }

    /// Runs each of `reads`, handing each row to its `take` as it is read: on PostgreSQL all in
    /// one round trip (`PostgresConnection.executeAll`), on SQLite one after another. For reads
    /// that do not depend on each other's answers.
    func readAll(_ reads: [RowRead]) throws {
        switch engine {
        case .sqlite(let db):
            for read in reads {
                let rows = try Row.fetchCursor(db.cachedStatement(sql: read.sql), arguments: read.arguments.grdb)
                while let row = try rows.next() { try read.take(row) }
            }
        case .postgres(let connection):
            let results = try connection.executeAll(reads.map { PostgresStatement(with: $0.sql, $0.arguments) })
            for (read, result) in zip(reads, results) {
                for row in Self.rows(of: result) { try read.take(row) }
            }
        }
    }

    /// Runs the INSERT `sql` of one row into a table keyed by `id`, its first value, and gives
    /// the row's id: on SQLite the rowid it made; on PostgreSQL the id it was given (which
    /// `StoreTransaction.insertReturningID` takes from `nextID` when left NULL), with the insert
    /// sent in the next round trip (`executeLater`).
    func insertReturningID(sql: String, arguments: SQLArguments) throws -> Int64 {
        switch engine {
        case .sqlite(let db):
            try db.cachedStatement(sql: sql).execute(arguments: arguments.grdb)
            return db.lastInsertedRowID
        case .postgres:
            guard arguments.named.isEmpty, case .int64(let id) = arguments.values.first?.storage else {
                throw StoreError.invalid("an insert on PostgreSQL was given no id: \(sql)")
            }
            try executeLater(sql: sql, arguments: arguments)
            return id
        }
    }

    /// Takes `lock` until the transaction ends, in a write that shares the desk; nothing in any
    /// other (SQLite's, or a write with the desk to itself, has no one to wait for).
    func hold(_ lock: WriteLock) throws {
        guard let held = sharedLocks, !held.contains(lock) else { return }
        let key = lock.key
        // Taken before the next statement that is waited for runs, in its round trip.
        try executeLater(sql: "SELECT pg_advisory_xact_lock(?, hashtext(?))", arguments: [key.kind, key.name])
        sharedLocks = held.union([lock])
    }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    var changesCount: Int {
        switch engine {
        case .sqlite(let db): return db.changesCount
        case .postgres: return lastAffected
        }
    }

    /// The rows of `sql` on PostgreSQL, each made a GRDB row of SQLite's values.
    fileprivate func postgresRows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        guard case .postgres(let connection) = engine else { preconditionFailure("PostgreSQL only") }
        let result = try connection.executeAll([PostgresStatement(with: sql, arguments)])[0]
        lastAffected = result.affected
        return Self.rows(of: result)
    }

    /// `result`'s rows, each made a GRDB row of SQLite's values.
    private static func rows(of result: PostgresRows) -> [Row] {
        result.values.map { values in
            var row: [String: DatabaseValue] = [:]
            for (index, column) in result.columns.enumerated() where row[column] == nil {
                row[column] = PostgresColumn.value(values[index], type: result.types[index])
            }
            return Row(row)
        }
    }

    /// The first column of each row of `sql`, on PostgreSQL.
    fileprivate func postgresValues(_ sql: String, _ arguments: SQLArguments) throws -> [DatabaseValue] {
        guard case .postgres(let connection) = engine else { preconditionFailure("PostgreSQL only") }
        let result = try connection.executeAll([PostgresStatement(with: sql, arguments)])[0]
        lastAffected = result.affected
        guard !result.columns.isEmpty else { return [] }
        return result.values.map { PostgresColumn.value($0[0], type: result.types[0]) }
    }
}

/// One statement of `SQLConnection.readAll` and what takes each of its rows. `take` must not
/// keep the row, which on SQLite holds only until the next step.
struct RowRead {
    let sql: String
    let arguments: SQLArguments
    let take: (Row) throws -> Void

    init(_ sql: String, _ arguments: SQLArguments, _ take: @escaping (Row) throws -> Void) {
        self.sql = sql
        self.arguments = arguments
        self.take = take
    }
}

extension PostgresStatement {
    /// One of the store's statements as PostgreSQL takes it (`PostgresPlaceholders`), kept
    /// prepared as it is run again and again.
    init(with sql: String, _ arguments: SQLArguments) {
        let numbered = PostgresPlaceholders.numbered(sql)
        self.init(numbered.sql, arguments.postgres(names: numbered.names), reused: true)
    }
}

extension PostgresConnection {
    /// Sends one of the store's statements with the next one waited for (`executeLater`).
    func executeLater(with sql: String, _ arguments: SQLArguments) throws(PostgresError) {
        let statement = PostgresStatement(with: sql, arguments)
        try executeLater(statement.sql, statement.parameters, reused: true)
    }
}

/// A statement of an `SQLConnection`: on SQLite, GRDB's compiled and cached statement.
struct SQLStatement {
    let connection: SQLConnection
    let sql: String
    let sqlite: Statement?

    func execute(arguments: SQLArguments = []) throws {
        if let sqlite {
            try sqlite.execute(arguments: arguments.grdb)
        } else {
            try connection.execute(sql: sql, arguments: arguments)
        }
    }
}

/// The values of a statement's `?`s, in order, or of its `:name`s.
struct SQLArguments: Sendable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    var values: [DatabaseValue]
    var named: [String: DatabaseValue] = [:]

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) { self.init(elements) }
    init(_ elements: [(any DatabaseValueConvertible)?]) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    init(dictionaryLiteral elements: (String, (any DatabaseValueConvertible)?)...) {
        values = []
        for (name, value) in elements { named[name] = value?.databaseValue ?? .null }
    }

    static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments {
        var joined = lhs
        joined += rhs
        return joined
    }

    static func += (lhs: inout SQLArguments, rhs: SQLArguments) {
        lhs.values += rhs.values
        lhs.named.merge(rhs.named) { _, new in new }
    }

    var isEmpty: Bool { values.isEmpty && named.isEmpty }

    var grdb: StatementArguments { named.isEmpty ? StatementArguments(values) : StatementArguments(named) }

    /// As PostgreSQL is sent them for `sql` as `PostgresPlaceholders` numbered it: text, which the
    /// server reads as the type of each place.
    func postgres(names: [String]) -> [PostgresValue] {
        (named.isEmpty ? values : names.map { named[$0] ?? .null }).map { value in
            switch value.storage {
            case .null: .null
            case .int64(let number): .integer(number)
            case .double(let number): .text(String(number))
            case .string(let text): .text(text)
            case .blob(let data): .bytes([UInt8](data))
            }
        }
    }
}

/// The store's statements as PostgreSQL takes them: `?`, `?NNN` and `:name` become `$1`, `$2`…
/// (with the names in the order of their numbers), and `LIKE`, which ignores case in SQLite,
/// becomes `ILIKE`, which does there. Quoted strings and names, comments and `::` casts are
/// left alone. Each text is worked out once.
enum PostgresPlaceholders {
    struct Numbered: Sendable {
        var sql: String
        var names: [String]
    }

    private static let known = Mutex<[String: Numbered]>([:])

    static func numbered(_ sql: String) -> Numbered {
        if let done = known.withLock({ $0[sql] }) { return done }
        var out = ""
        var names: [String] = []
        var count = 0
        let chars = Array(sql)
        var i = 0
        func word(from start: Int) -> Int {
            var end = start
            while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
            return end
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "'" || c == "\"" {
                // A quoted string or name, to its closing quote (a doubled quote closes and opens).
                let end = chars[(i + 1)...].firstIndex(of: c) ?? chars.count - 1
                out += String(chars[i...end])
                i = end + 1
            } else if c == "-", next == "-" {
                let end = chars[i...].firstIndex(of: "\n") ?? chars.count - 1
                out += String(chars[i...end])
                i = end + 1
            } else if c == "?" {
                let end = word(from: i + 1)
                if end > i + 1, let n = Int(String(chars[(i + 1)..<end])) {
                    out += "$\(n)"
                } else {
                    count += 1
                    out += "$\(count)"
                }
                i = max(end, i + 1)
            } else if c == ":", next == ":" {
                out += "::"
                i += 2
            } else if c == ":", let next, next.isLetter || next == "_" {
                let end = word(from: i + 1)
                let name = String(chars[(i + 1)..<end])
                if let at = names.firstIndex(of: name) {
                    out += "$\(at + 1)"
                } else {
                    names.append(name)
                    out += "$\(names.count)"
                }
                i = end
            } else if c.isLetter || c == "_" {
                let end = word(from: i)
                let text = String(chars[i..<end])
                out += text.uppercased() == "LIKE" ? "ILIKE" : text
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        let done = Numbered(sql: out, names: names)
        known.withLock { $0[sql] = done }
        return done
    }
}

/// A PostgreSQL result column as the value SQLite would have given: integer types, booleans
/// and whole numbers as integers, other numbers as reals, `bytea` as a blob, the rest as text.
enum PostgresColumn {
    static func value(_ text: String?, type: UInt32) -> DatabaseValue {
        guard let text else { return .null }
        switch type {
        case 20, 21, 23, 26: return Int64(text).map { $0.databaseValue } ?? text.databaseValue
        case 16: return (text == "t" ? Int64(1) : Int64(0)).databaseValue
        case 700, 701: return (Double(text) ?? 0).databaseValue
        case 1700: return Int64(text)?.databaseValue ?? (Double(text) ?? 0).databaseValue
        case 17: return Data(hex: text.dropFirst(2)).databaseValue
        default: return text.databaseValue
        }
    }
}

extension Data {
    /// The bytes of hex digits (`bytea`'s text form after its `\x`).
    fileprivate init(hex: Substring) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for c in hex.utf8 {
            let nibble: UInt8 =
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
                default: c - UInt8(ascii: "A") + 10
                }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        self.init(bytes)
    }
}

/// A cursor over the rows of an `SQLConnection`'s statement: SQLite's own, stepping in place;
/// on PostgreSQL, over the rows already read.
final class SQLRowCursor {
    private let sqlite: RowCursor?
    private var rows: IndexingIterator<[Row]>

    fileprivate init(sqlite: RowCursor) {
        self.sqlite = sqlite
        rows = [].makeIterator()
    }

    fileprivate init(rows: [Row]) {
        sqlite = nil
        self.rows = rows.makeIterator()
    }

    func next() throws -> Row? {
        if let sqlite { return try sqlite.next() }
        return rows.next()
    }
}

extension Row {
    static func fetchAll(_ connection: SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Row] {
        try fetchAll(connection.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> [Row] {
        if let sqlite = statement.sqlite { return try fetchAll(sqlite, arguments: arguments.grdb) }
        return try statement.connection.postgresRows(statement.sql, arguments)
    }

    static func fetchOne(_ connection: SQLConnection, sql: String, arguments: SQLArguments = []) throws -> Row? {
        try fetchOne(connection.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> Row? {
        if let sqlite = statement.sqlite { return try fetchOne(sqlite, arguments: arguments.grdb) }
        return try statement.connection.postgresRows(statement.sql, arguments).first
    }

    static func fetchCursor(_ connection: SQLConnection, sql: String, arguments: SQLArguments = []) throws
        -> SQLRowCursor
    {
        try fetchCursor(connection.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchCursor(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> SQLRowCursor {
        if let sqlite = statement.sqlite {
            return SQLRowCursor(sqlite: try fetchCursor(sqlite, arguments: arguments.grdb))
        }
        return SQLRowCursor(rows: try statement.connection.postgresRows(statement.sql, arguments))
    }
}

extension DatabaseValueConvertible {
    static func fetchOne(_ connection: SQLConnection, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try fetchOne(connection.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> Self? {
        let value: DatabaseValue?
        if let sqlite = statement.sqlite {
            value = try DatabaseValue.fetchOne(sqlite, arguments: arguments.grdb)
        } else {
            value = try statement.connection.postgresValues(statement.sql, arguments).first
        }
        guard let value, !value.isNull else { return nil }
        return try converted(value, statement)
    }

    static func fetchAll(_ connection: SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try fetchAll(connection.cachedStatement(sql: sql), arguments: arguments)
    }

    /// NULLs are skipped, as GRDB's `fetchOne` reads a NULL as nil.
    static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = []) throws -> [Self] {
        let values: [DatabaseValue]
        if let sqlite = statement.sqlite {
            values = try DatabaseValue.fetchAll(sqlite, arguments: arguments.grdb)
        } else {
            values = try statement.connection.postgresValues(statement.sql, arguments)
        }
        return try values.compactMap { $0.isNull ? nil : try converted($0, statement) }
    }

    private static func converted(_ value: DatabaseValue, _ statement: SQLStatement) throws -> Self {
        guard let converted = fromDatabaseValue(value) else {
            throw StoreError.invalid("\(statement.sql) gave \(value), which is not a \(Self.self)")
        }
        return converted
    }
}
