import ArgumentParser
import ServiceStore
import Workbench

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy this SQLite database into an empty PostgreSQL database, and prove the copy (admins).",
        discussion: """
            `verify` must hold on the database first. Every row of every table goes over in one PostgreSQL transaction, the audit trail with its hashes as \
            they are; each table is then read back and compared with what was read, its rows counted and \
            checksummed, and a difference keeps nothing. Refused into a database that has tables. The URL names \
            no password: libpq reads it from ~/.pgpass or the file PGPASSFILE names.
            """)

    @OptionGroup var options: DatabaseOptions
    @Option(
        name: .customLong("to"),
        help: ArgumentHelp("The empty PostgreSQL database, as postgresql://HOST/DB?user=ROLE.", valueName: "url"))
    var target: String

    func validate() throws {
        do { _ = try PostgresURL(target) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        options.refuseReadOnly("migrate", "it writes the PostgreSQL database")
        let config = options.config()
        let path = options.databaseChoice(config).path
        let keyFile = options.auditKeyFile(config)
        let session = options.session(at: path, config: config)
        do {
            let report = try session.moveDesk(
                to: try PostgresURL(target), auditKeyFile: keyFile, progress: ProgressDisplay())
            let moved = report.tables
            let rows = moved.reduce(0) { $0 + $1.sourceRows }
            Output.say(
                "verify holds on \(path); copied it into \(target): \(moved.count) tables, "
                    + "\(rows) rows, each read back with the same count and checksum")
            Output.say(
                "the audit trail holds there: \(report.auditEntries) \(report.auditEntries == 1 ? "entry" : "entries"), to "
                    + (report.auditHead.map { "entry \($0.entry) \($0.hash)" } ?? "no entry")
                    + "; its head is kept there, signed with the key in \(keyFile), which every "
                    + "host that works the desk holds too")
            let table = ReportTable(
                title: "", columns: ["table", "rows", "checksum"],
                rows: moved.map { [$0.table, String($0.targetRows), String($0.targetChecksum.prefix(16))] })
            table.body.forEach(Output.say)
        } catch { fail(error) }
    }
}
