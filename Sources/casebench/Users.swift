import ArgumentParser
import ServiceCore

extension Role: ExpressibleByArgument {}

/// Who may work, and in what role (admins): each subcommand runs the `user` command of the same name.
struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "The users: OS accounts and their roles (admins).",
        discussion: "Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). A disabled user's history stays.",
        subcommands: [Add.self, List.self, SetRole.self, Disable.self, Enable.self, Rate.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Let an OS account work in a role.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The OS account.") var account: String
        @Argument(help: "The role.") var role: Role
        @Option(help: "The person's name.") var name: String?
        @Option(help: ArgumentHelp("Labour rate per hour, for technicians.", valueName: "amount")) var rate: String?

        func run() throws {
            try runOne(
                "user add", [account, role.rawValue], named: [("name", name ?? ""), ("rate", rate ?? "")],
                options: options)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The users and their roles.")
        @OptionGroup var options: DatabaseOptions
        func run() throws { try runOne("user list", options: options) }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change a user's role.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The user.") var account: String
        @Argument(help: "The new role.") var role: Role
        func run() throws { try runOne("user set-role", [account, role.rawValue], options: options) }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Stop an account from working (its history stays).")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The user.") var account: String
        func run() throws { try runOne("user disable", [account], options: options) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Let a disabled account work again.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The user.") var account: String
        func run() throws { try runOne("user enable", [account], options: options) }
    }

    struct Rate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rate", abstract: "Set a technician's labour rate per hour.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The technician.") var account: String
        @Argument(help: ArgumentHelp("Per hour.", valueName: "amount")) var rate: String
        func run() throws { try runOne("user rate", [account, rate], options: options) }
    }
}
