import ServiceCore
import ServiceStore

/// Users: which OS accounts may work, and in what role. Admins only.
enum UserCommands {
    static let all: [CommandSpec] = [add, setRole, rate, disable, enable, list]

    private static let roles = ArgumentType.choice(Role.allCases)
    static let user = Argument("account", .user, "the user")

    /// `account`: the command's user argument.
    private static func change(
        _ inv: Invocation, _ s: Session, _ account: Argument<String> = user, label: String,
        _ body: (inout User) throws -> String
    ) throws -> CommandResult {
        try s.authorize(.manageUsers)
        let account = inv[account]
        return try s.write(inv, label: label) { tx, _ in
            var u = try tx.existingUser(account)
            let message = try body(&u)
            try tx.updateUser(u)
            return CommandResult(command: inv.spec.name, message: message)
        }
    }

    enum Add {
        static let account = Argument("account", .user, "the OS account"), role = Argument("role", roles, "the role")
        static let name = Option("name", .text, "the person's name")
        static let rate = Option("rate", .money, "labour rate per hour, for technicians")
    }

    static let add = CommandSpec(
        "user add", "Let an OS account work in a role",
        arguments: [Add.account, Add.role], options: [Add.name, Add.rate],
        permission: .manageUsers, effect: .write
    ) { inv, s in
        try s.authorize(.manageUsers)
        let account = inv[Add.account]
        let role = inv[Add.role]
        let rate = inv[Add.rate]
        if rate != nil && role != .technician { throw InputError("user add: only technicians have a labour rate") }
        return try s.write(inv, label: "user add \(account)") { tx, _ in
            guard try tx.user(account) == nil else { throw InputError("user add: \(account) is already a user") }
            try tx.insertUser(User(account: account, name: inv[Add.name] ?? account, role: role, labourRate: rate))
            return CommandResult(command: "user add", message: "\(account) added as \(role.rawValue)")
        }
    }

    enum SetRole {
        static let role = Argument("role", roles, "the new role")
    }

    static let setRole = CommandSpec(
        "user set-role", "Change a user's role",
        arguments: [user, SetRole.role],
        permission: .manageUsers, effect: .write
    ) { inv, s in
        let role = inv[SetRole.role]
        return try change(inv, s, label: "user set-role \(inv[user]) \(role.rawValue)") { u in
            if u.account == s.user.account && role != .admin {
                throw InputError("user set-role: an admin cannot take away their own admin role")
            }
            let was = u.role
            u.role = role
            if role != .technician { u.labourRate = nil }
            return "\(u.account): \(was.rawValue) → \(role.rawValue)"
        }
    }

    enum Rate {
        static let technician = Argument("account", .user, "the technician")
        static let rate = Argument("rate", .money, "per hour")
    }

    static let rate = CommandSpec(
        "user rate", "Set a technician's labour rate per hour",
        arguments: [Rate.technician, Rate.rate],
        permission: .manageUsers, effect: .write
    ) { inv, s in
        try change(inv, s, Rate.technician, label: "user rate \(inv[Rate.technician])") { u in
            guard u.role == .technician else { throw InputError("user rate: \(u.account) is not a technician") }
            u.labourRate = inv[Rate.rate]
            return "\(u.account): labour rate \(u.labourRate!) per hour"
        }
    }

    static let disable = CommandSpec(
        "user disable", "Stop an account from working (its history stays)",
        arguments: [user], permission: .manageUsers, effect: .write
    ) { inv, s in
        try change(inv, s, label: "user disable \(inv[user])") { u in
            if u.account == s.user.account { throw InputError("user disable: you cannot disable yourself") }
            u.disabled = true
            return "\(u.account) disabled"
        }
    }

    static let enable = CommandSpec(
        "user enable", "Let a disabled account work again",
        arguments: [user], permission: .manageUsers, effect: .write
    ) { inv, s in
        try change(inv, s, label: "user enable \(inv[user])") { u in
            u.disabled = false
            return "\(u.account) enabled"
        }
    }

    static let list = CommandSpec("user list", "List the users and their roles", permission: nil, effect: .read) {
        _, s in
        let users = try s.read { try $0.users() }
        return CommandResult(
            command: "user list", message: plural(users.count, "user"),
            details: users.map { u in
                var line = "\(u.account)  \(u.role.rawValue)  \(u.name)"
                if let r = u.labourRate { line += "  rate \(r)/h" }
                if u.disabled { line += "  (disabled)" }
                return line
            })
    }
}
