import ArgumentParser
import Foundation
import ServiceCore
import ServiceStore
import Workbench

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a production database; you become its first admin.")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Your name, as the first admin.")
    var name: String?

    @Option(
        help: ArgumentHelp(
            "Share the database with this group (its folder must be the group's, setgid); else only you can read it.",
            valueName: "group"))
    var group: String?

    func run() throws {
        options.refuseReadOnly("init", "it creates a database")
        if options.actingAs != nil {
            fail(
                Failure(description: "--as is honoured on training databases only; init creates a production database"))
        }
        let config = options.config()
        let path = options.databaseChoice(config).path
        let keyFile = options.auditKeyFile(config)
        let account = OSAccount.current()
        let onServer = PostgresURL.names(path)
        if onServer, group != nil {
            fail(
                Failure(
                    description: "--group shares a SQLite file; who opens a PostgreSQL database is the server's to say "
                        + "(pg_hba.conf, roles)"))
        }
        options.logged("init") {
            let sharing = try group.map { try FileSharing.group(named: $0) } ?? .ownerOnly
            _ = try AppDatabase.create(
                at: path, kind: .production,
                creator: User(account: account, name: name ?? account, role: .admin),
                at: Session.systemClock(), sharing: sharing, auditKeyFile: keyFile)
        }
        let who =
            onServer
            ? "whom the server lets in opens it, as a user of it (`casebench users add`); its audit head is "
                + "signed with the key in \(keyFile), which every host that works it holds too"
            : group.map { "you and group \($0) can open it" } ?? "only you can open it (--group shares it)"
        Output.say("created the production database \(path); \(account) is its first admin; \(who)")
    }
}
