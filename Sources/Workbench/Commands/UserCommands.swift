import ServiceCore
import ServiceStore

/// Users: which OS accounts may work, and in what role. Admins only.
enum UserCommands {
    static let all: [CommandSpec] = [add, setRole, rate, disable, enable, list]

    private static let roles = ArgumentKind.choice(Role.allCases.map(\.rawValue))

    private static func change(_ inv: Invocation, _ s: Session, label: String,
                               _ body: (inout User) throws -> String) throws -> CommandResult {
        try s.authorize(.manageUsers)
        let account = inv.text("account")!
        return try s.write(inv, label: label) { tx, _ in
            var u = try tx.existingUser(account)
            let message = try body(&u)
            try tx.updateUser(u)
            return CommandResult(command: inv.spec.name, message: message)
        }
    }

    static let add = CommandSpec(
        "user add", "Let an OS account work in a role",
        arguments: [.init("account", .user, "the OS account"), .init("role", roles, "the role")],
        options: [.init("name", .text, "the person's name"), .init("rate", .money, "labour rate per hour, for technicians")],
        permission: .manageUsers, effect: .write
    ) { inv, s in
        try s.authorize(.manageUsers)
        let account = inv.text("account")!, role = Role(rawValue: inv.text("role")!)!
        if inv.money("rate") != nil && role != .technician { throw InputError("user add: only technicians have a labour rate") }
        return try s.write(inv, label: "user add \(account)") { tx, _ in
            guard try tx.user(account) == nil else { throw InputError("user add: \(account) is already a user") }
            try tx.insertUser(User(account: account, name: inv.text("name") ?? account, role: role, labourRate: inv.money("rate")))
            return CommandResult(command: "user add", message: "\(account) added as \(role.rawValue)")
        }
    }

    static let setRole = CommandSpec(
        "user set-role", "Change a user's role",
        arguments: [.init("account", .user, "the user"), .init("role", roles, "the new role")],
        permission: .manageUsers, effect: .write
    ) { inv, s in
        let role = Role(rawValue: inv.text("role")!)!
        return try change(inv, s, label: "user set-role \(inv.text("account")!) \(role.rawValue)") { u in
            if u.account == s.user.account && role != .admin { throw InputError("user set-role: an admin cannot take away their own admin role") }
            let was = u.role
            u.role = role
            if role != .technician { u.labourRate = nil }
            return "\(u.account): \(was.rawValue) → \(role.rawValue)"
        }
    }

    static let rate = CommandSpec(
        "user rate", "Set a technician's labour rate per hour",
        arguments: [.init("account", .user, "the technician"), .init("rate", .money, "per hour")],
        permission: .manageUsers, effect: .write
    ) { inv, s in
        try change(inv, s, label: "user rate \(inv.text("account")!)") { u in
            guard u.role == .technician else { throw InputError("user rate: \(u.account) is not a technician") }
            u.labourRate = inv.money("rate")!
            return "\(u.account): labour rate \(u.labourRate!) per hour"
        }
    }

    static let disable = CommandSpec(
        "user disable", "Stop an account from working (its history stays)",
        arguments: [.init("account", .user, "the user")], permission: .manageUsers, effect: .write
    ) { inv, s in
        try change(inv, s, label: "user disable \(inv.text("account")!)") { u in
            if u.account == s.user.account { throw InputError("user disable: you cannot disable yourself") }
            u.disabled = true
            return "\(u.account) disabled"
        }
    }

    static let enable = CommandSpec(
        "user enable", "Let a disabled account work again",
        arguments: [.init("account", .user, "the user")], permission: .manageUsers, effect: .write
    ) { inv, s in
        try change(inv, s, label: "user enable \(inv.text("account")!)") { u in
            u.disabled = false
            return "\(u.account) enabled"
        }
    }

    static let list = CommandSpec("user list", "List the users and their roles", permission: nil, effect: .read) { _, s in
        let users = try s.read { try $0.users() }
        return CommandResult(command: "user list", message: plural(users.count, "user"), details: users.map { u in
            var line = "\(u.account)  \(u.role.rawValue)  \(u.name)"
            if let r = u.labourRate { line += "  rate \(r)/h" }
            if u.disabled { line += "  (disabled)" }
            return line
        })
    }
}
