import ServiceCore
import ServiceStore

/// Undo, redo, acting as another user, and help.
enum SessionCommands {
    static let all: [CommandSpec] = [undo, redo, history, actAs, whoami, help]

    private static func step(_ direction: AppDatabase.HistoryDirection) -> CommandSpec {
        CommandSpec(
            direction.rawValue, direction == .undo ? "Undo your last command" : "Redo what you last undid",
            permission: nil, effect: .history
        ) { _, s in
            let step = try s.history(direction)
            let labels = try s.database.historyLabels(account: s.user.account)
            var message = "\(direction == .undo ? "undid" : "redid"): \(step.label)"
            if let next = direction == .undo ? labels.undo : labels.redo {
                message += "; next \(direction.rawValue): \(next)"
            }
            return CommandResult(command: direction.rawValue, message: message)
        }
    }

    static let undo = step(.undo)
    static let redo = step(.redo)

    static let history = CommandSpec("history", "What undo and redo would do next", permission: nil, effect: .read) {
        _, s in
        let labels = try s.database.historyLabels(account: s.user.account)
        return CommandResult(
            command: "history", message: "undo: \(labels.undo ?? "nothing") · redo: \(labels.redo ?? "nothing")")
    }

    enum ActAs {
        static let user = Argument("user", .user, "the user to act as")
    }

    static let actAs = CommandSpec(
        "as", "Act as another user, for role-play (trainers, on training databases); your own account to stop",
        arguments: [ActAs.user], permission: .actAsUser, effect: .session
    ) { inv, s in
        let u = try s.actAs(inv[ActAs.user], text: inv.text)
        return CommandResult(
            command: "as",
            message: u.account == s.account
                ? "acting as yourself (\(u.role.rawValue))"
                : "acting as \(u.account) (\(u.role.rawValue))")
    }

    static let whoami = CommandSpec(
        "whoami", "Who you are, in what role, on which database", permission: nil, effect: .read
    ) { _, s in
        var message = "\(s.account)"
        if s.user.account != s.account { message += " acting as \(s.user.account)" }
        message +=
            " (\(s.user.role.rawValue)) on the \(s.info.kind.rawValue) database \(s.database.path ?? "in memory")"
        if s.info.kind == .training, let d = s.info.businessDate { message += "; business date \(d)" }
        return CommandResult(command: "whoami", message: message)
    }

    enum Help {
        static let command = Argument.optional("command", .text, "a command", rest: true)
    }

    static let help = CommandSpec(
        "help", "List the commands, or describe one",
        arguments: [Help.command], permission: nil, effect: .read
    ) { inv, s in
        if let name = inv[Help.command] {
            guard let (spec, _) = CommandCatalogue.find(name.split(separator: " ").map(String.init)) else {
                throw InputError("help: no command '\(name)'")
            }
            var details = ["usage: \(spec.usage)"]
            func within(_ kind: ArgumentKind) -> String { kind.bounds.map { " (\($0))" } ?? "" }
            details += spec.arguments.map { "  \($0.kind.placeholder): \($0.help)\(within($0.kind))" }
            details += spec.options.map { "  \($0.name)=\($0.kind.placeholder): \($0.help)\(within($0.kind))" }
            if let p = spec.permission {
                details.append(
                    "needs: \(p.rawValue) (\(Role.allCases.filter { $0.may(p) }.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return CommandResult(command: "help", message: "\(spec.name): \(spec.summary)", details: details)
        }
        let lines = CommandCatalogue.all.map { spec -> String in
            let allowed = spec.permission.map { s.user.role.may($0) } ?? true
            return "\(spec.usage)\n        \(spec.summary)\(allowed ? "" : " (not for \(s.user.role.rawValue)s)")"
        }
        return CommandResult(
            command: "help",
            message: "commands (`help COMMAND` for one); @ in an id's place means the last one created",
            details: lines)
    }
}
