import Foundation
import ServiceCore
import ServiceStore

/// Why a session could not start: an unknown account, or `--as` where it is not honoured.
/// Recorded as a security event before it is thrown.
public struct IdentityError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One user at work on one database: performs commands from the catalogue, each as one
/// transaction with its audit entry and undo history, and keeps what a script refers to with `@`.
public final class Session {
    /// Internal: the screen reads through the session's API, never the store itself.
    let database: AppDatabase
    public let info: DatabaseInfo
    /// The operating-system account running the process.
    public let account: String
    /// The user whose permissions apply: the account, or on training databases the user it acts as.
    public private(set) var user: User
    public var actor: Actor { Actor(account: account, actingAs: user.account == account ? nil : user.account) }
    /// Off for dataset setup scripts and generators: their work is audited but not undoable.
    public var recordsUndo = true
    /// Where long commands (verify, audit verify) report how far they are: the program's bar.
    public var progress: ProgressSink?
    private let clock: @Sendable () -> Timestamp
    /// The last id of each kind created in this session, for `@`.
    public private(set) var lastCreated: [String: Int64] = [:]
    /// Where each command's shape, outcome and time are written (`--log`); nil: nowhere, at no cost.
    public private(set) var log: DebugLog?
    /// The last search's query and plan (`searchPlan(_:_:)`).
    var searchPlanMemo: (query: QueueQuery, plan: SearchPlan)?

    /// Starts a session for `account`, acting as `actingAs` if given (training databases only).
    public init(
        database: AppDatabase, account: String, actingAs: String? = nil,
        clock: @escaping @Sendable () -> Timestamp = Session.systemClock
    ) throws {
        self.database = database
        self.info = try database.info()
        self.account = account
        self.clock = clock
        let now = Session.businessTime(clock(), info)
        /// Records the refusal as a security event and gives the error to throw; where it cannot
        /// be recorded (a database opened read-only), the refusal says so, as a command's does.
        func refusal(_ message: String) throws -> Error {
            do {
                try database.recordSecurityEvent(
                    actor: Actor(account: account, actingAs: actingAs), at: now,
                    command: actingAs.map { "start session --as \($0)" } ?? "start session",
                    caseID: nil, message: message)
            } catch {
                return IdentityError(message: "\(message) (and the security event could not be recorded: \(error))")
            }
            return IdentityError(message: message)
        }
        let place = database.path ?? "this database"
        guard let me = try database.read({ try $0.user(account) }) else {
            throw try refusal(
                "the OS account '\(account)' is not a user of \(place); an admin adds it with `casebench users add \(account) ROLE`"
            )
        }
        if me.disabled { throw try refusal("user \(account) is disabled on \(place)") }
        user = me
        if let actingAs, actingAs != account {
            try switchUser(to: actingAs, refusal: refusal)
        }
    }

    /// Writes each command from now on to `log`, and the database's slow statements.
    public func startLogging(to log: DebugLog) {
        self.log = log
        database.logSlowStatements(to: log)
    }

    public static let systemClock: @Sendable () -> Timestamp = {
        Timestamp(seconds: Int64(Date().timeIntervalSince1970))
    }

    /// On a training database with a business date, "now" is that date at the current time of day,
    /// so the dataset's stories hold whatever day the class runs.
    private static func businessTime(_ real: Timestamp, _ info: DatabaseInfo) -> Timestamp {
        guard info.kind == .training, let day = info.businessDate else { return real }
        return Timestamp(date: day).adding(seconds: Int64(real.secondOfDay))
    }

    public var now: Timestamp { Session.businessTime(clock(), info) }

    /// Why nothing can be recorded in this session's database, when it could be opened for reading only.
    public var readOnlyReason: String? { database.readOnlyReason }

    /// Why `spec` cannot run here: it would record something, and nothing can be recorded in
    /// this database (`readOnlyReason`); nil when it only reads or changes the session. The
    /// one rule the command language and the screen's disabled actions both ask.
    public func readOnlyRefusal(_ spec: CommandSpec) -> String? {
        // A backup of a PostgreSQL desk is the engine's own work, whatever else may be recorded there.
        if spec.permission == .backup, let refusal = database.backupRefusal { return refusal }
        return spec.records ? readOnlyReason : nil
    }

    public var today: CivilDate { now.date }

    private func switchUser(to target: String, refusal: (String) throws -> Error) throws {
        let base = try database.read { try $0.user(account) }!
        if info.kind != .training {
            throw try refusal(
                "--as is honoured on training databases only; \(database.path ?? "this database") is a production database"
            )
        }
        if !base.role.may(.actAsUser) {
            throw try refusal(
                "\(account) is a\(base.role == .agent || base.role == .admin ? "n" : "") \(base.role.rawValue); only a trainer may act as another user"
            )
        }
        guard let target = try database.read({ try $0.user(target) }) else {
            throw InputError("no user \(target) to act as")
        }
        user = target
    }

    /// Acts as another user (trainers, on training databases), or as oneself again.
    func actAs(_ target: String, text: String) throws -> User {
        if target == account {
            user = try database.read { try $0.user(account) }!
            return user
        }
        try switchUser(to: target) { message in PermissionError(message: message) }
        return user
    }

    // MARK: - Running commands

    /// Parses and runs one line of the command language; nil for a blank or comment line.
    public func run(_ line: String) -> CommandResult? {
        switch parse(line) {
        case .blank: return nil
        case .command(let invocation): return run(invocation)
        case .refused(let spec, let result):
            log?.unparsed(command: spec?.name, result, line: line)
            return result
        }
    }

    /// What a line is: nothing to run, a command, or a refusal before any command ran (`spec`:
    /// the command named, when the line named one).
    private enum ParsedLine {
        case blank
        case command(Invocation)
        case refused(CommandSpec?, CommandResult)
    }

    private func parse(_ line: String) -> ParsedLine {
        let words: [CommandLexer.Word]
        do { words = try CommandLexer.words(line) } catch let e as InputError {
            return .refused(nil, CommandResult(command: "", message: e.message, failure: .invalid))
        } catch { return .refused(nil, CommandResult(command: "", message: "\(error)", failure: .invalid)) }
        guard !words.isEmpty else { return .blank }
        guard let (spec, rest) = CommandCatalogue.find(words.map(\.text)) else {
            let first = words[0].text
            let near = CommandCatalogue.suggestions(for: first)
            return .refused(
                nil,
                CommandResult(
                    command: first,
                    message: "unknown command '\(first)'"
                        + (near.isEmpty
                            ? "; `help` lists the commands" : "; did you mean \(near.joined(separator: ", "))?"),
                    failure: .invalid))
        }
        do {
            return .command(
                try spec.parse(
                    Array(words[rest...]), text: line.trimmingCharacters(in: .whitespaces), lastCreated: lastCreated))
        } catch let e as InputError {
            return .refused(spec, CommandResult(command: spec.name, message: e.message, failure: .invalid))
        } catch {
            return .refused(spec, CommandResult(command: spec.name, message: "\(error)", failure: .invalid))
        }
    }

    /// Runs a parsed command: one result, never a thrown error.
    public func run(_ invocation: Invocation) -> CommandResult {
        var unexpected: Error?
        guard let log else { return execute(invocation, unexpected: &unexpected) }
        let start = ContinuousClock.now
        let result = execute(invocation, unexpected: &unexpected)
        log.command(invocation, result, unexpected: unexpected, ContinuousClock.now - start)
        return result
    }

    /// `unexpected`: the error, when the command failed rather than said no.
    private func execute(_ invocation: Invocation, unexpected: inout Error?) -> CommandResult {
        let name = invocation.spec.name
        // Before the command touches anything: some work outside the database before they
        // write to it (a backup copies the file, an export writes its batch file).
        if invocation.spec.permission == .backup, let refusal = database.backupRefusal {
            return CommandResult(command: name, message: refusal, failure: .invalid)
        }
        if let reason = readOnlyRefusal(invocation.spec) {
            return CommandResult(
                command: name,
                message: StoreError.readOnly(path: database.path ?? "the database", detail: reason).description,
                failure: .refused)
        }
        do {
            var result = try invocation.spec.run(invocation, self)
            result.command = name
            for (kind, id) in result.ids { lastCreated[kind] = id }
            return result
        } catch let e as PermissionError {
            do {
                try database.recordSecurityEvent(
                    actor: actor, at: now, command: invocation.text,
                    caseID: e.caseID.map(CaseID.init), message: e.message)
            } catch {
                return CommandResult(
                    command: name, message: "\(e.message) (and the security event could not be recorded: \(error))",
                    failure: .refused)
            }
            return CommandResult(command: name, message: e.message, failure: .refused)
        } catch let e as RuleError {
            return CommandResult(command: name, message: e.message, details: e.details, failure: .invalid)
        } catch let e as InputError {
            return CommandResult(command: name, message: e.message, failure: .invalid, reason: e.reason)
        } catch let e as StoreError {
            switch e {
            case .conflict: return CommandResult(command: name, message: e.description, failure: .conflict)
            // What was asked for is not there, or not so: a refusal, like bad input.
            case .notFound, .invalid: break
            // The database could not do it (busy, full, damaged, read-only…).
            default: unexpected = e
            }
            return CommandResult(command: name, message: e.description, failure: .invalid)
        } catch {
            unexpected = error
            return CommandResult(command: name, message: "\(error)", failure: .invalid)
        }
    }

    // MARK: - For commands

    /// Refuses, as a security event, when the user may not do this (on this case). Given `tx`,
    /// the case's visits are read there where the role needs one of its own done on it.
    func authorize(_ permission: Permission, case c: ServiceCase? = nil, _ tx: StoreTransaction? = nil) throws {
        var visited = false
        if let c, let tx, user.role.needsOwnDoneVisit(for: permission) {
            visited = try tx.visits(caseID: c.id).contains { $0.technician == user.account && $0.status == .done }
        }
        if let refusal = Authorization.check(
            user, permission, caseID: c?.id, caseAssignee: c?.assignee, hasOwnDoneVisit: visited)
        {
            throw PermissionError(message: refusal.message, caseID: c?.id.rawValue)
        }
    }

    /// Runs `body` as this command's one transaction. Afterwards the command's case gets a
    /// new version (what undo checks) and its closure state is recomputed, with any other
    /// cases the body listed in `refresh`.
    /// `undoable: false` for what has no inverse (stock received, moved or adjusted, a core
    /// back): it is audited, and corrected by another movement, not by undo.
    /// `scope`: how much of the desk the command needs to itself (`WriteScope`): the whole
    /// desk unless it says otherwise.
    func write<T>(
        _ invocation: Invocation, label: String, final: Bool = false, undoable: Bool = true, auditMessage: String = "",
        scope: WriteScope = .desk, _ body: (StoreTransaction, inout Set<CaseID>) throws -> T
    ) throws -> T {
        let record = CommandRecord(
            actor: actor, at: now, text: invocation.text, label: label,
            undoable: recordsUndo && undoable && !final, final: final && recordsUndo, message: auditMessage,
            scope: scope)
        return try database.perform(record) { tx in
            var refresh = Set<CaseID>()
            let result = try body(tx, &refresh)
            if let c = tx.commandCase, c != tx.settledCase { refresh.insert(c) }
            try tx.lockCases(refresh)
            for id in refresh { try CaseEvaluation.refreshState(id, tx) }
            if let c = tx.commandCase { try tx.touchCase(c, by: user.account) }
            return result
        }
    }

    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try database.read(body)
    }

    /// Undoes or redoes this user's latest command.
    func history(_ direction: AppDatabase.HistoryDirection) throws -> AppDatabase.HistoryStep {
        try database.step(direction, actor: actor, at: now) { tx, caseID in
            if let caseID, try tx.caseExists(caseID) { try CaseEvaluation.refreshState(caseID, tx) }
        }
    }
}
