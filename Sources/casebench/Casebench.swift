import ArgumentParser
import Foundation
import ServiceCore
import ServiceStore
import TextUI
import Workbench
import WorkbenchUI

@main
struct Casebench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebench",
        abstract: "A workbench for service and warranty cases, from first call to invoice.",
        discussion: """
            `casebench` opens the workbench on the database: --db, else $CASEBENCH_DB, else `database` in \
            $XDG_CONFIG_HOME/casebench/config.toml (then /etc/casebench/config.toml), else \
            $XDG_DATA_HOME/casebench/casebench.sqlite. `casebench demo` opens a training database made \
            from a demo dataset.
            """,
        version: Version.text,
        subcommands: [
            Open.self, Init.self, Demo.self, Batch.self, Users.self, Verify.self, Audit.self, Report.self, Import.self,
            Export.self, Generate.self,
            Backup.self, Restore.self, Migrate.self, Doctor.self,
        ],
        defaultSubcommand: Open.self
    )

    /// A setgid start (the shared deployment) gives its group up before anything else runs:
    /// it is taken back only to open the database's files (`GroupPrivilege`), and libpq's
    /// environment, the user's to set, is not listened to.
    static func main() {
        GroupPrivilege.start()
        if GroupPrivilege.isPrivileged { PostgresConnection.ignoreEnvironment() }
        main(nil)
    }
}

/// Options every command that opens a database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file.")
    var db: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Act as this user (trainers, on training databases only).", valueName: "user"))
    var actingAs: String?

    @Flag(
        name: .customLong("read-only"),
        help: "Only look: open the database read-only, with no upgrade; every command that would write is refused.")
    var readOnly = false

    /// How `--read-only` is asked of the store: its words for each refused write and for a
    /// database that needs the upgrade only a writable open runs.
    static let readOnlyRequest = ReadOnlyRequest(
        reason: "the database is open read-only (--read-only)", toUpgrade: "open it once without --read-only")

    /// Opens the database at `path`, for reading only with `--read-only`.
    func openDatabase(at path: String, config: ConfigFile) throws -> AppDatabase {
        try AppDatabase.open(
            at: path, readOnly: readOnly ? Self.readOnlyRequest : nil, auditKeyFile: auditKeyFile(config))
    }

    /// The key this host signs a PostgreSQL desk's audit head with: the config's `audit-key`,
    /// else `audit-key` in the user's config folder when there is one there, else the shared
    /// host's (`/etc/casebench/audit-key`) when there is one, else the user's, to be made.
    /// A setgid program uses the shared host's alone: it reads the key with its group, and
    /// would make one wherever a user's config pointed it, in the group's folder too.
    func auditKeyFile(_ config: ConfigFile) -> String { Self.auditKeyFile(config, paths: configPaths) }

    static func auditKeyFile(_ config: ConfigFile, paths: ConfigPaths) -> String {
        let system = (paths.systemDirectory as NSString).appendingPathComponent("audit-key")
        if GroupPrivilege.isPrivileged { return system }
        if let configured = config.auditKey { return configured.value }
        guard let user = paths.userDirectory.map({ ($0 as NSString).appendingPathComponent("audit-key") })
        else { return system }
        if FileManager.default.fileExists(atPath: user) || !FileManager.default.fileExists(atPath: system) {
            return user
        }
        return system
    }

    /// Stops a command that writes the database's files whatever it is asked (`init`, `demo`,
    /// `restore`) when given `--read-only`, before it does anything.
    func refuseReadOnly(_ command: String, _ why: String) {
        if readOnly { fail(Failure(description: "\(command) takes no --read-only: \(why)")) }
    }

    @OptionGroup var logging: LogOptions

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var configPaths: ConfigPaths { ConfigPaths(environment: environment) }

    /// The config files (user, then system); a bad one stops the program, naming file and line.
    func config() -> ConfigFile {
        do { return try ConfigFile.load(configPaths) } catch { fail(error) }
    }

    /// The database at `path`, opened, with a session as the OS account (or `--as` on training
    /// databases), logging to the debug log when one is asked for.
    func session(at path: String, config: ConfigFile) -> Session {
        let log = logging.open(config)
        do {
            let session = try Session(
                database: try openDatabase(at: path, config: config), account: OSAccount.current(), actingAs: actingAs)
            if let log { session.startLogging(to: log) }
            return session
        } catch {
            // What stops a session is about the database's files or the account, never a customer's.
            log?.write(.error, "session on \(path) not started: \(error)")
            fail(error)
        }
    }

    /// The session on the production database, by the documented order.
    func session() -> Session {
        let config = config()
        return session(at: databaseChoice(config).path, config: config)
    }

    /// The production database path, by the documented order.
    func databasePath() -> String { databaseChoice(config()).path }

    /// The production database and the rule that chose it, given the config files read.
    func databaseChoice(_ config: ConfigFile) -> DatabaseChoice {
        DatabaseLocation.choose(
            explicit: db, environment: environment,
            configured: config.database.map {
                ConfiguredDatabase(path: $0.value, writtenAt: $0.location.description)
            })
    }
}

/// Options of the screen.
struct ScreenOptions: ParsableArguments {
    @Option(
        help: "The theme: default, high-contrast, mono, green-screen, or one of yours.",
        completion: .custom(NameCompletion.themes))
    var theme: String?

    @Option(
        help: "The keymap: default, vi, emacs, or one of yours.",
        completion: .custom(NameCompletion.keymaps))
    var keymap: String?

    @Option(
        help: ArgumentHelp(
            "The terminal's background, for the theme's colours (else config.toml's, else COLORFGBG's, else dark).",
            valueName: "dark|light"))
    var background: TerminalBackground?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Take clicks and the wheel (else config.toml's `mouse`, else on); --no-mouse leaves the terminal's own selection."
    )
    var mouse: Bool?

    @Option(
        help: ArgumentHelp(
            "How lists show the selected row (else config.toml's `cursor`, else bar); arrow redraws less, for slow links.",
            valueName: "bar|arrow"))
    var cursor: SelectionMark?

    @Option(help: "The saved view the queue starts on (else the role's own: my-visits for a technician, open).")
    var view: QueueQuery.View?

    /// What the options choose, for the launcher and `doctor`.
    var choices: Launcher.Choices {
        Launcher.Choices(
            theme: theme, keymap: keymap, background: background, mouse: mouse, cursor: cursor, view: view)
    }
}

extension TerminalBackground: ExpressibleByArgument {}
extension SelectionMark: ExpressibleByArgument {}
// Its values, the views' names, are what shell completion offers.
extension QueueQuery.View: ExpressibleByArgument {}

/// A failure the user fixes, not a crash: printed as one line, exit status 2.
struct Failure: Error, CustomStringConvertible {
    var description: String
}

func fail(_ error: Error) -> Never {
    Output.error("casebench: \(error)")
    Foundation.exit(2)
}
