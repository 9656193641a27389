import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through libpq, the client library `psql` itself uses:
/// synchronous, like the Session that drives it, with `.pgpass`, peer authentication and TLS
/// handled by libpq. Statements are sent with their values apart (`$1`, `$2`), never spliced into
/// the text. Used from one thread at a time.
public final class PostgresConnection {
    private let connection: OpaquePointer
    /// Told of the statements of each round trip as they are sent (`AppDatabase.countStatements`,
    /// for tests).
    var onRoundTrip: (([String]) -> Void)?
    /// Whether the desk's schema has the search's token function (`PostgresSearchIndex`), which
    /// the search's SQL may then name: learned by `PostgresDesk` when it connects, and again
    /// when it makes the search's indexes.
    var hasSearchTokens = false

    /// Connects to the database `url` names, with the desk role's password when the system
    /// credentials file is for this very URL (`DeskCredentials`).
    public convenience init(_ url: PostgresURL) throws(PostgresError) {
        let password: String?
        do {
            password = try DeskCredentials.password(for: url)
        } catch {
            throw PostgresError(sqlState: nil, message: "cannot connect to \(url): \(error)")
        }
        try self.init(url, password: password)
    }

    /// Connects to `url`, giving `password` when the server asks for one.
    init(_ url: PostgresURL, password: String?) throws(PostgresError) {
        var why: UnsafePointer<CChar>?
        guard cb_pq_load(&why) != 0 else {
            throw PostgresError(
                sqlState: nil,
                message: "cannot connect to \(url): PostgreSQL's client library is missing (\(Self.text(why))); "
                    + "install it (Debian: libpq5)")
        }
        guard let connection = password.map({ Self.connect(url, password: $0) }) ?? PQconnectdb(url.text) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            var message = Self.text(PQerrorMessage(connection))
            PQfinish(connection)
            if message.contains("password") {
                message += " (\(DeskCredentials.hint(gaveOne: password != nil)))"
            }
            throw PostgresError(sqlState: nil, message: "cannot connect to \(url): \(message)")
        }
        cb_pq_silence_notices(connection)
        self.connection = connection
    }

    deinit { PQfinish(connection) }

    /// Connects to `url` with `password` beside it, never in the URL (which shows in messages):
    /// libpq expands the URL given as `dbname`, and the keyword after it adds to it.
    private static func connect(_ url: PostgresURL, password: String) -> OpaquePointer? {
        let texts: [String] = ["dbname", "password", url.text, password]
        let copies: [UnsafeMutablePointer<CChar>?] = texts.map { strdup($0) }
        defer { for pointer in copies { free(pointer) } }
        let keywords: [UnsafePointer<CChar>?] = [UnsafePointer(copies[0]), UnsafePointer(copies[1]), nil]
        let values: [UnsafePointer<CChar>?] = [UnsafePointer(copies[2]), UnsafePointer(copies[3]), nil]
        return PQconnectdbParams(keywords, values, 1)
    }

    /// Forgets libpq's `PG…` environment variables. A setgid program calls it at start: they
    /// are the user's to set, and could otherwise send the connection — and the desk's password
    /// — elsewhere (`PGHOST`, `PGSERVICEFILE`) or change what it does there (`PGOPTIONS`).
    public static func ignoreEnvironment() {
        for name in ProcessInfo.processInfo.environment.keys where name.hasPrefix("PG") { unsetenv(name) }
    }

    /// The server's process for this connection (`pg_backend_pid()`), which a notification names.
    public var serverProcess: Int32 { PQbackendPID(connection) }

    /// Runs `sql` with `parameters` for `$1`…; the rows it returned, if any. Statements left to
    /// send (`executeLater`) go first, in the same round trip.
    ///
    /// `reused` says the caller runs this text again and again (the store's statements): the
    /// second time it is seen it is prepared on the server, and from then on runs without being
    /// parsed and planned anew — on SQLite the same statements are compiled once and cached.
    /// One-off texts are not kept, and at most `preparedLimit` are, so a long session's
    /// server memory stays bounded.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = [], reused: Bool = false)
        throws(PostgresError) -> PostgresRows
    {
        try executeAll([PostgresStatement(sql, parameters, reused: reused)])[0]
    }

    /// Statements whose answer no one waits for (a lock, a notice, a row written), sent with
    /// the next statement that is waited for, in one round trip: on a server shared by two
    /// hundred sessions on two cores, every round trip is a wait to be scheduled again. They
    /// run in the order sent, before that statement; an error in one is thrown from there, and
    /// fails the transaction as it would have.
    private var pending: [PostgresStatement] = []

    /// Sends `sql` with the next statement that is waited for (`pending`); at once, with those
    /// before it, when `pendingLimit` are waiting (a write of many rows).
    public func executeLater(_ sql: String, _ parameters: [PostgresValue] = [], reused: Bool = false)
        throws(PostgresError)
    {
        pending.append(PostgresStatement(sql, parameters, reused: reused))
        if pending.count >= Self.pendingLimit { _ = try executeAll([]) }
    }

    /// Enough for a command's writes; few enough that a batch stays a few kilobytes.
    static let pendingLimit = 64

    /// Runs `statements`, after those left to send, in one round trip (libpq's pipeline mode):
    /// all are sent, then all their results read. The rows of each of `statements`; the first
    /// error, once every result is in.
    public func executeAll(_ statements: [PostgresStatement]) throws(PostgresError) -> [PostgresRows] {
        let all = pending + statements
        guard !all.isEmpty else { return [] }
        pending = []
        onRoundTrip?(all.map(\.sql))
        guard all.count > 1 else {
            let result = try run(all[0])
            return statements.isEmpty ? [] : [result]
        }
        let sent = try all.map { (statement) throws(PostgresError) in
            (texts: try statement.texts(), name: statement.reused ? try preparedName(statement) : nil)
        }
        guard PQenterPipelineMode(connection) == 1 else { throw lastError() }
        defer { PQexitPipelineMode(connection) }
        // The whole batch is a few kilobytes: it fits the socket's buffer, so sending all before
        // reading any cannot leave both sides waiting on each other.
        for (statement, (texts, name)) in zip(all, sent) {
            let queued = Self.withValues(texts) { values in
                if let name { return PQsendQueryPrepared(connection, name, Int32(texts.count), values, nil, nil, 0) }
                return PQsendQueryParams(connection, statement.sql, Int32(texts.count), nil, values, nil, nil, 0)
            }
            guard queued == 1 else { throw lastError() }
        }
        guard PQpipelineSync(connection) == 1 else { throw lastError() }
        var results = [PostgresRows](repeating: PostgresRows(columns: [], values: [], affected: 0), count: all.count)
        var firstError: PostgresError?
        var index = 0
        // Each statement's results end with a NULL; the batch with its sync point.
        while index <= all.count {
            guard let result = PQgetResult(connection) else {
                index += 1
                continue
            }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC { break }
            if status == PGRES_PIPELINE_ABORTED || index >= all.count { continue }
            do { results[index] = try Self.read(result) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
        guard index < all.count + 1 else {
            throw PostgresError(
                sqlState: nil, message: "the server's answers ended early: " + Self.text(PQerrorMessage(connection)))
        }
        return Array(results.suffix(statements.count))
    }

    /// Runs one statement, waiting for its answer.
    private func run(_ statement: PostgresStatement) throws(PostgresError) -> PostgresRows {
        let texts = try statement.texts()
        let name = statement.reused ? try preparedName(statement) : nil
        let result: OpaquePointer? = Self.withValues(texts) { values in
            if let name {
                return PQexecPrepared(connection, name, Int32(texts.count), values, nil, nil, 0)
            }
            return PQexecParams(connection, statement.sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        guard let result else { throw lastError() }
        defer { PQclear(result) }
        return try Self.read(result)
    }

    /// The rows `result` holds and how many it changed, or the server's error.
    private static func read(_ result: OpaquePointer) throws(PostgresError) -> PostgresRows {
        try check(result)
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        guard PQresultStatus(result) == PGRES_TUPLES_OK else {
            return PostgresRows(columns: [], values: [], affected: affected)
        }
        var rows = Self.rows(of: result)
        rows.affected = affected
        return rows
    }

    /// `texts` as libpq takes parameter values, for the length of `body`.
    private static func withValues<T>(
        _ texts: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T
    ) -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)) {
                body(texts.isEmpty ? nil : UnsafePointer($0))
            }
        }
    }

    private func lastError() -> PostgresError {
        PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
    }

    /// The texts run once so far, and the server's names of those prepared since.
    private var seenOnce: Set<String> = []
    private var prepared: [String: String] = [:]
    static let preparedLimit = 500

    /// The name `sql` is prepared under, preparing it now if this is its second run; nil to run
    /// it unprepared. A prepared statement outlives a rolled-back transaction (the server does
    /// not undo a Parse), so one prepared inside a failed write stays good.
    private func preparedName(_ statement: PostgresStatement) throws(PostgresError) -> String? {
        let sql = statement.sql
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.preparedLimit, seenOnce.remove(sql) != nil else {
            if prepared.count < Self.preparedLimit {
                // One-off texts (a list of ids spelt out) would fill it: forget them all now and then.
                if seenOnce.count >= Self.preparedLimit { seenOnce.removeAll() }
                seenOnce.insert(sql)
            }
            return nil
        }
        let name = "casebench_\(prepared.count + 1)"
        guard let result = PQprepare(connection, name, sql, Int32(statement.parameters.count), nil) else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        try Self.check(result)
        prepared[sql] = name
        return name
    }

    /// Throws the server's error when `result` is one.
    private static func check(_ result: OpaquePointer) throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_TUPLES_OK: return
        default:
            throw PostgresError(
                sqlState: cb_pq_sqlstate(result).map { String(cString: $0) },
                message: cb_pq_primary_message(result).map { String(cString: $0) }
                    ?? text(PQresultErrorMessage(result)))
        }
    }

    /// Runs `script`, several statements with no parameters (a schema), in the simple protocol.
    public func executeScript(_ script: String) throws(PostgresError) {
        _ = try executeAll([])
        onRoundTrip?([script])
        guard let result = PQexec(connection, script) else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        try Self.check(result)
    }

    // MARK: - COPY (PostgresConnection+Copy)

    func startCopy(_ sql: String) throws(PostgresError) {
        _ = try executeAll([])
        guard let result = PQexec(connection, sql) else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_IN else {
            try Self.check(result)
            throw PostgresError(sqlState: nil, message: "not a COPY FROM STDIN: \(sql)")
        }
    }

    func putCopyData(_ bytes: [UInt8]) throws(PostgresError) {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(connection, $0, Int32(buffer.count))
            }
        }
        guard sent == 1 else { throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection))) }
    }

    /// Ends the COPY (`failure` non-nil gives it up), and throws the server's error if it refused it.
    func endCopy(failure: String?) throws(PostgresError) {
        guard PQputCopyEnd(connection, failure) == 1 else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        var firstError: PostgresError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            do { try Self.check(result) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }

    /// Runs `body` in one transaction at `isolation`, committed when it returns and rolled back
    /// when it throws; run again from the start, up to `attempts` times in all, when it lost to
    /// a concurrent transaction (`PostgresError.isRetryable`).
    @discardableResult
    public func transaction<T>(
        _ isolation: PostgresIsolation = .readCommitted, attempts: Int = 5,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        var attempt = 1
        while true {
            // Sent with the transaction's first statement.
            try executeLater("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
            do {
                let value = try body(self)
                try execute("COMMIT")
                return value
            } catch let error as PostgresError where error.isRetryable && attempt < attempts {
                rollback()
                attempt += 1
            } catch {
                rollback()
                throw error
            }
        }
    }

    /// Ends the transaction, undoing it, with nothing left to send.
    func rollback() {
        pending = []
        _ = try? execute("ROLLBACK")
    }

    /// Subscribes this connection to `channel`'s notifications (`NOTIFY`, `pg_notify`).
    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN \(try identifier(channel))")
    }

    /// Sends `payload` to every connection listening on `channel`, when the transaction commits.
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try notifyLater(channel, payload: payload)
        _ = try executeAll([])
    }

    /// The same, asked for with the next statement that is waited for (`executeLater`).
    public func notifyLater(_ channel: String, payload: String = "") throws(PostgresError) {
        try executeLater("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)], reused: true)
    }

    /// The notifications that arrived, waiting up to `timeout` milliseconds for the first.
    public func notifications(timeout: Int) throws(PostgresError) -> [PostgresNotification] {
        var received = try drain()
        guard received.isEmpty, timeout > 0 else { return received }
        var poller = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        guard poller.fd >= 0 else { throw PostgresError(sqlState: nil, message: "the connection is closed") }
        if poll(&poller, 1, Int32(clamping: timeout)) > 0 { received = try drain() }
        return received
    }

    private func drain() throws(PostgresError) -> [PostgresNotification] {
        _ = try executeAll([])
        guard PQconsumeInput(connection) == 1 else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        var received: [PostgresNotification] = []
        while let notice = PQnotifies(connection) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notice.pointee.relname), payload: String(cString: notice.pointee.extra),
                    serverProcess: notice.pointee.be_pid))
            PQfreemem(notice)
        }
        return received
    }

    /// `name` quoted as an SQL identifier, as the server will read it.
    public func identifier(_ name: String) throws(PostgresError) -> String {
        guard !name.utf8.contains(0), let quoted = PQescapeIdentifier(connection, name, name.utf8.count) else {
            throw PostgresError(sqlState: nil, message: "\(name.debugDescription) cannot be an SQL name")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let columns = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
        let values = (0..<PQntuples(result)).map { row in
            (0..<Int32(columns.count)).map { column -> String? in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
        let types = (0..<Int32(columns.count)).map { UInt32(PQftype(result, $0)) }
        return PostgresRows(columns: columns, values: values, types: types)
    }

    private static func text(_ message: UnsafePointer<CChar>?) -> String {
        message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
    }
}

/// A statement and the values of its `$1`, `$2`…; `reused` as `PostgresConnection.execute` says.
public struct PostgresStatement: Sendable {
    public let sql: String
    public let parameters: [PostgresValue]
    public let reused: Bool

    public init(_ sql: String, _ parameters: [PostgresValue] = [], reused: Bool = false) {
        self.sql = sql
        self.parameters = parameters
        self.reused = reused
    }

    /// The values as libpq sends them: text, or nil for NULL.
    func texts() throws(PostgresError) -> [String?] {
        try parameters.enumerated().map { (index, value) throws(PostgresError) in
            try value.text(parameter: index + 1)
        }
    }
}

/// The isolation a transaction runs at.
public enum PostgresIsolation: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    /// Transactions behave as if run one after another; one that cannot is refused with SQLSTATE
    /// 40001 and run again.
    case serializable = "SERIALIZABLE"
}

/// A notification another connection sent (`NOTIFY channel, 'payload'`).
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String
    /// The server process of the connection that sent it: a connection's own notices name its own.
    public let serverProcess: Int32

    public init(channel: String, payload: String, serverProcess: Int32) {
        self.channel = channel
        self.payload = payload
        self.serverProcess = serverProcess
    }
}
