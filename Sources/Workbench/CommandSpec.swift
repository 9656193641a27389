import ServiceCore

/// What running a command does to the database.
public enum CommandEffect: Sendable, Equatable {
    /// Reads only.
    case read
    /// One transaction, audited, undoable unless it is the point of no return.
    case write
    /// Undo or redo.
    case history
    /// Changes the session, not the database.
    case session
}

/// One entry of the command catalogue: the single description of a command that the
/// command language, `batch`, help and (later) the screen's actions are all made from.
public struct CommandSpec: Sendable {
    public let name: String
    public let summary: String
    public let arguments: [ArgumentSpec]
    public let options: [OptionSpec]
    /// Nil when every user may run it.
    public let permission: Permission?
    public let effect: CommandEffect
    let run: @Sendable (Invocation, Session) throws -> CommandResult

    init(
        _ name: String, _ summary: String, arguments: [any DeclaredArgument] = [], options: [any DeclaredOption] = [],
        permission: Permission?, effect: CommandEffect,
        run: @escaping @Sendable (Invocation, Session) throws -> CommandResult
    ) {
        self.name = name
        self.summary = summary
        self.arguments = arguments.map(\.spec)
        self.options = options.map(\.spec)
        self.permission = permission
        self.effect = effect
        self.run = run
    }

    /// Whether running it records anything in the database: a write, or an undo or redo.
    public var records: Bool { effect == .write || effect == .history }

    public var usage: String {
        ([name] + arguments.map(\.usage) + options.map { "[\($0.name)=\($0.kind.placeholder)]" }).joined(separator: " ")
    }

    /// Builds an invocation from the words after the command name.
    func parse(_ words: [CommandLexer.Word], text: String, lastCreated: [String: Int64]) throws -> Invocation {
        var values: [String: ArgumentValue] = [:]
        var positional: [String] = []
        for w in words {
            if let name = w.optionName, let spec = options.first(where: { $0.name == name }) {
                values[spec.name] = try convert(w.optionValue ?? "", spec.kind, spec.name, lastCreated)
            } else if let name = w.optionName {
                // A typo in an option must not vanish into free text: text with "=" is quoted.
                throw InputError("\(self.name): unknown option \(name)= (quote text that holds '='; usage: \(usage))")
            } else {
                positional.append(w.text)
            }
        }
        var i = 0
        for arg in arguments {
            if arg.rest {
                let restText = positional[min(i, positional.count)...].joined(separator: " ")
                i = positional.count
                if restText.isEmpty {
                    if arg.optional { continue }
                    throw InputError("\(name): missing \(arg.kind.placeholder) (usage: \(usage))")
                }
                if arg.kind == .text { try checkLength(restText, arg.kind.placeholder) }
                values[arg.name] = .text(restText)
                continue
            }
            guard i < positional.count else {
                if arg.optional { continue }
                throw InputError("\(name): missing \(arg.kind.placeholder) — \(arg.help) (usage: \(usage))")
            }
            values[arg.name] = try convert(positional[i], arg.kind, arg.kind.placeholder, lastCreated)
            i += 1
        }
        if i < positional.count {
            throw InputError("\(name): unexpected '\(positional[i])' (usage: \(usage))")
        }
        return Invocation(spec: self, text: text, values: values)
    }

    /// Refuses a text longer than `InputBounds.textLength`, saying how long it is.
    private func checkLength(_ text: String, _ label: String) throws {
        guard text.count > InputBounds.textLength else { return }
        throw InputError(
            "\(name): \(label) is \(text.count.grouped) characters long; a text is at most "
                + "\(InputBounds.textLength.grouped)")
    }

    private func convert(_ raw: String, _ kind: ArgumentKind, _ label: String, _ lastCreated: [String: Int64]) throws
        -> ArgumentValue
    {
        func bad(_ what: String) -> InputError { InputError("\(name): \(label) '\(raw)' is not \(what)") }
        switch kind {
        case .caseID, .visitID, .lineID, .overrideID, .reservationID, .outcomeID:
            let idKind = kind.idKind!
            if raw == "@" {
                guard let id = lastCreated[idKind] else {
                    throw InputError("\(name): @ refers to no \(idKind) created earlier in this session")
                }
                return .id(id)
            }
            let digits = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
            guard let id = Int64(digits), id > 0 else { throw bad("a \(idKind) number") }
            return .id(id)
        case .integer(let range):
            // A whole number too long for 64 bits is past every bound, and refused by it, saying
            // which; anything else that is not a number — an empty value or a lone "-" too,
            // which were once taken for Int.max — is not one.
            let digits = raw.hasPrefix("-") ? raw.dropFirst() : Substring(raw)
            let tooLong = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            guard let n = Int(raw) ?? (tooLong ? (raw.hasPrefix("-") ? Int.min : Int.max) : nil) else {
                throw bad("a whole number")
            }
            guard range.contains(n) else { throw bad("from \(InputBounds.describe(range))") }
            return .integer(n)
        case .money:
            guard let m = Money(parsing: raw), m >= .zero else { throw bad("an amount like 120.00") }
            guard ArgumentKind.moneyRange.contains(m) else {
                throw bad("from \(InputBounds.describe(ArgumentKind.moneyRange))")
            }
            return .money(m)
        case .date:
            guard let d = CivilDate(parsing: raw) else { throw bad("a date (YYYY-MM-DD)") }
            return .date(d)
        case .timestamp:
            guard let t = Timestamp(parsing: raw) else { throw bad("a time (YYYY-MM-DDTHH:MM, UTC)") }
            return .timestamp(t)
        case .reasonCode:
            guard ReasonCode.isWellFormed(raw) else {
                throw bad("a reason code (capitals, digits and dashes, e.g. CUSTOMER-DAMAGE)")
            }
            return .text(raw)
        case .resolutionCode:
            // Whether the desk knows the code is the command's to say: the parser reads no store.
            let code = ResolutionCode.normalised(raw)
            guard ReasonCode.isWellFormed(code) else {
                throw bad("a resolution code (letters, digits and dashes, e.g. REPLACED-PART)")
            }
            return .text(code)
        case .choice(let choices):
            guard choices.contains(raw) else { throw bad("one of \(choices.joined(separator: ", "))") }
            return .text(raw)
        case .text:
            guard !raw.isEmpty else { throw bad("empty") }
            try checkLength(raw, label)
            return .text(raw)
        case .user, .technician, .customer, .serial, .sku, .bin, .contract, .template, .region:
            guard !raw.isEmpty else { throw bad("empty") }
            return .text(raw)
        }
    }
}

/// A command with its arguments parsed and typed.
public struct Invocation: Sendable {
    public let spec: CommandSpec
    /// The line as written, for the audit trail.
    public let text: String
    /// By argument name; internal so the debug log can tell their shape (`logShape`).
    let values: [String: ArgumentValue]

    /// A required argument's value; an optional one's, or nil when it was left out.
    subscript<Value>(_ argument: Argument<Value>) -> Value {
        precondition(
            spec.arguments.contains { $0.name == argument.spec.name },
            "\(spec.name) has no argument \(argument.spec.name)")
        return argument.value(values[argument.spec.name])
    }

    /// An option's value, or nil when it was left out.
    subscript<Value>(_ option: Option<Value>) -> Value? {
        precondition(
            spec.options.contains { $0.name == option.spec.name },
            "\(spec.name) has no option \(option.spec.name)")
        return values[option.spec.name].flatMap(option.value)
    }
}
