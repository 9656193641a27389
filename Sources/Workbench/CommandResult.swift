import Foundation

/// What a command did, or why it did not: one per command in `batch` and on the status line.
public struct CommandResult: Sendable, Equatable {
    public enum Failure: String, Sendable, Equatable {
        /// Bad input or a rule said no: nothing was written.
        case invalid
        /// Not allowed: recorded as a security event.
        case refused
        /// Someone else changed the record since: nothing was written.
        case conflict
    }

    /// What a screen acts on when a command says no, so that it need not read the message.
    public enum Reason: Sendable, Equatable {
        /// `bill` of a case with nothing to bill: `bill CASE zero` records a zero confirmation.
        case nothingToBill
    }

    public var command: String
    public var failure: Failure?
    public var reason: Reason?
    public var message: String
    /// Further lines: a trail, a checklist, a table.
    public var details: [String]
    /// Ids the command created, by kind ("case": 12).
    public var ids: [String: Int64]
    /// A document to print as it is, rather than the message (a report asked for as CSV or JSON).
    public var document: String?

    public var ok: Bool { failure == nil }

    public init(
        command: String, message: String, details: [String] = [], ids: [String: Int64] = [:],
        failure: Failure? = nil, reason: Reason? = nil
    ) {
        self.command = command
        self.message = message
        self.details = details
        self.ids = ids
        self.failure = failure
        self.reason = reason
    }

    /// One JSON object, for `batch --json`.
    public func json(line: Int) -> String {
        var object: [String: Any] = ["line": line, "ok": ok, "command": command, "message": message]
        if let failure { object["error"] = failure.rawValue }
        if !details.isEmpty { object["details"] = details }
        if !ids.isEmpty { object["ids"] = ids }
        if let document { object["document"] = document }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Plain text, for a terminal or a log.
    public func text(line: Int? = nil) -> String {
        let head: String
        switch failure {
        case nil: head = "ok"
        case .invalid: head = "error"
        case .refused: head = "refused"
        case .conflict: head = "conflict"
        }
        let prefix = line.map { "\(head) [line \($0)]" } ?? head
        return ([prefix + ": " + message] + details.map { $0.isEmpty ? "" : "    " + $0 }).joined(separator: "\n")
    }
}

/// A command refused for lack of permission; the session records it as a security event.
struct PermissionError: Error {
    var message: String
    var caseID: Int64?
}

/// A command that the rules refuse (a close with failing checks): nothing is written.
struct RuleError: Error {
    var message: String
    var details: [String]
}
