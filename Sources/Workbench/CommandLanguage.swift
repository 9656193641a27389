import ServiceCore

/// The kinds of value a command argument takes; parsing, help and completion follow from them.
public enum ArgumentKind: Sendable, Equatable {
    case caseID, visitID, lineID, overrideID, reservationID, outcomeID
    /// A whole number within its bounds (`InputBounds`), which `help` shows.
    case integer(ClosedRange<Int>)
    /// An amount from 0.00 to the largest `InputBounds.amount`.
    case money
    case text, date, timestamp
    case user, technician, customer, serial, sku, bin, contract, template, region, reasonCode
    /// A code of the desk's resolution codes, typed in any case.
    case resolutionCode
    case choice([String])

    var placeholder: String {
        switch self {
        case .caseID: "CASE"
        case .visitID: "VISIT"
        case .lineID: "LINE"
        case .overrideID: "OVERRIDE"
        case .reservationID: "RESERVATION"
        case .outcomeID: "OUTCOME"
        case .text: "TEXT"
        case .integer: "N"
        case .money: "AMOUNT"
        case .date: "DATE"
        case .timestamp: "TIME"
        case .user: "USER"
        case .technician: "TECHNICIAN"
        case .customer: "CUSTOMER"
        case .serial: "SERIAL"
        case .sku: "ITEM"
        case .bin: "BIN"
        case .contract: "CONTRACT"
        case .template: "TEMPLATE"
        case .region: "REGION"
        case .reasonCode: "REASON"
        case .resolutionCode: "CODE"
        case .choice(let c): c.joined(separator: "|")
        }
    }

    /// The amounts a `money` argument takes: none is negative.
    static let moneyRange = Money.zero...InputBounds.amount.upperBound

    /// What values it takes, for `help`: "1 to 1,000,000"; nil where the kind says it all.
    var bounds: String? {
        switch self {
        case .integer(let range): InputBounds.describe(range)
        case .money: InputBounds.describe(Self.moneyRange)
        default: nil
        }
    }

    /// The ids a script can refer to with `@`: the last one of that kind created.
    var idKind: String? {
        switch self {
        case .caseID: "case"
        case .visitID: "visit"
        case .lineID: "line"
        case .overrideID: "override"
        case .reservationID: "reservation"
        case .outcomeID: "outcome"
        default: nil
        }
    }
}

public struct ArgumentSpec: Sendable {
    public let name: String
    public let kind: ArgumentKind
    public let help: String
    public let optional: Bool
    /// Takes the rest of the line, so free text needs no quotes.
    public let rest: Bool

    public init(_ name: String, _ kind: ArgumentKind, _ help: String, optional: Bool = false, rest: Bool = false) {
        self.name = name
        self.kind = kind
        self.help = help
        self.optional = optional
        self.rest = rest
    }

    var usage: String {
        let p = kind.placeholder + (rest ? "..." : "")
        return optional ? "[\(p)]" : p
    }
}

public struct OptionSpec: Sendable {
    public let name: String
    public let kind: ArgumentKind
    public let help: String
    public init(_ name: String, _ kind: ArgumentKind, _ help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }
}

/// A parsed argument value.
public enum ArgumentValue: Sendable, Equatable {
    case id(Int64)
    case text(String)
    case integer(Int)
    case money(Money)
    case date(CivilDate)
    case timestamp(Timestamp)
}

/// Bad input: nothing was written.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public var message: String
    /// Why, for a screen to act on; the result carries it.
    public var reason: CommandResult.Reason?
    public init(_ message: String, reason: CommandResult.Reason? = nil) {
        self.message = message
        self.reason = reason
    }
    public var description: String { message }
}

/// One line of the command language, split into words, as a shell would: double quotes
/// group words (`"Pump leaks"`, `note="two words"`), a backslash escapes the next character,
/// and `#` at the start of a word starts a comment.
public enum CommandLexer {
    public struct Word: Equatable, Sendable {
        public var text: String
        /// `name=value` written outside quotes: an option.
        public var optionName: String?
        public var optionValue: String?
    }

    public static func words(_ line: String) throws -> [Word] {
        // Before anything reads it — even the refusal of a command is audited with its line.
        if let problem = InputBounds.textProblem(line) { throw InputError("the line \(problem)") }
        var words: [Word] = []
        var current = ""
        var inWord = false
        var quoted = false
        var anyQuote = false
        var equalsAt: String.Index? = nil
        var chars = line.makeIterator()
        func finish() {
            guard inWord else { return }
            var w = Word(text: current)
            if let e = equalsAt {
                let name = String(current[..<e])
                if !name.isEmpty, name.first!.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                    w.optionName = name
                    w.optionValue = String(current[current.index(after: e)...])
                }
            }
            words.append(w)
            current = ""
            inWord = false
            anyQuote = false
            equalsAt = nil
        }
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    quoted = false
                } else if c == "\\" {
                    if let n = chars.next() { current.append(n) }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
                inWord = true
                anyQuote = true
            } else if c == "\\" {
                if let n = chars.next() {
                    current.append(n)
                    inWord = true
                    anyQuote = true
                }
            } else if c == "#" && !inWord {
                break
            } else if c.isWhitespace {
                finish()
            } else {
                if c == "=" && equalsAt == nil && !anyQuote { equalsAt = current.endIndex }
                current.append(c)
                inWord = true
            }
        }
        if quoted { throw InputError("unterminated quote: a \" has no closing \"") }
        finish()
        return words
    }
}
