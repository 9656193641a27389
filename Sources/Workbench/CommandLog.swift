import Foundation
import ServiceStore

/// How a command ended, as the debug log tells it.
enum CommandOutcome: Equatable {
    case ok
    /// Said no, and wrote nothing: bad input or a rule (`invalid`), a permission, a conflict.
    case refused(CommandResult.Failure)
    /// Could not do what it was asked: the store or something unforeseen threw (`logKind`).
    case failed(String)

    init(_ result: CommandResult, unexpected: Error?) {
        if let unexpected {
            self = .failed(logKind(of: unexpected))
        } else if let failure = result.failure {
            self = .refused(failure)
        } else {
            self = .ok
        }
    }

    var level: LogLevel {
        switch self {
        case .ok: .info
        case .refused: .warn
        case .failed: .error
        }
    }

    var text: String {
        switch self {
        case .ok: "ok"
        case .refused(.refused): "refused permission"
        case .refused(let failure): "refused \(failure.rawValue)"
        case .failed(let type): "failed \(type)"
        }
    }
}

extension Invocation {
    /// The command as the log writes it without `--log-text`: its name, the ids it names
    /// (`case=12`: a case number is what one looks for, and no customer's), the fixed words
    /// and codes it was given, and only the kind of everything else (`TEXT`, `CUSTOMER`,
    /// `AMOUNT`), which may be a customer's words.
    var logShape: String {
        let given =
            spec.arguments.map { ($0.name, $0.kind) } + spec.options.map { ($0.name, $0.kind) }
        var words = [spec.name]
        for (name, kind) in given {
            guard let value = values[name] else { continue }
            switch (kind, value) {
            case (_, .id(let id)): words.append("\(kind.idKind ?? name)=\(id)")
            case (.choice, .text(let word)), (.reasonCode, .text(let word)), (.resolutionCode, .text(let word)):
                words.append("\(name)=\(word)")
            case (.integer, .integer(let n)): words.append("\(name)=\(n)")
            default: words.append("\(name)=\(kind.placeholder)")
            }
        }
        return words.joined(separator: " ")
    }
}

extension DebugLog {
    /// One line for a command run: its shape and the ids it made (its text and message under
    /// `--log-text`), how it ended and how long it took.
    func command(_ invocation: Invocation, _ result: CommandResult, unexpected: Error?, _ time: Duration) {
        let outcome = CommandOutcome(result, unexpected: unexpected)
        var message = "command \(invocation.logShape): \(outcome.text) \(time.logText)"
        for (kind, id) in result.ids.sorted(by: { $0.key < $1.key }) { message += " made \(kind)=\(id)" }
        if includesText {
            message += " line=\"\(invocation.text)\""
            if !result.ok { message += " message=\"\(result.message)\"" }
        }
        write(outcome.level, message)
    }

    /// A line the command language could not make a command of; its words only under `--log-text`.
    func unparsed(command: String?, _ result: CommandResult, line: String) {
        var message = "command \(command ?? "(unknown)"): \(CommandOutcome(result, unexpected: nil).text) (not parsed)"
        if includesText { message += " line=\"\(line)\" message=\"\(result.message)\"" }
        write(.warn, message)
    }
}
