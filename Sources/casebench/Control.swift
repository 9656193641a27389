import ArgumentParser
import Foundation
import ServiceStore
import Workbench

/// Runs one command of the catalogue as a subcommand of its own: prints its result (a
/// report's CSV or JSON as it is), exits 1 when it failed.
func runOne(_ name: String, _ words: [String] = [], named: [(String, String)] = [], options: DatabaseOptions) throws {
    let session = options.session()
    session.progress = ProgressDisplay()
    guard let result = session.run(CommandText.line(name, words, options: named)) else { return }
    if result.ok, let document = result.document {
        Output.document(document)
    } else {
        Output.say(result.text())
    }
    if !result.ok { throw ExitCode(1) }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the stock ledger, stock, valuation, reservations and part lines agree (admins).",
        discussion: "Exit status 0 when they agree, 1 with every problem listed otherwise.")

    @OptionGroup var options: DatabaseOptions

    func run() throws { try runOne("verify database", options: options) }
}

/// The audit trail: its chain checked, a case's history shown.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit trail.", subcommands: [VerifyChain.self, Show.self])

    struct VerifyChain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract:
                "Check the audit trail's hash chain (admins): an edited, deleted, reordered or cut-off entry is named.",
            discussion: """
                Every entry carries the hash of the one before. The trail must also reach the head file beside the \
                database and the newest outbox batch's head, and --head HASH when given: the hash an ERP holds from a batch. \
                Exit status 0 when it holds, 1 with the first bad entry otherwise.
                """)

        @OptionGroup var options: DatabaseOptions
        @Option(help: ArgumentHelp("A head hash known from elsewhere.", valueName: "hash"))
        var head: String?
        @Flag(
            help: """
                After a known loss of the head file or of the last entries, accept the trail as it is: it must hold \
                on its own; the acceptance is audited and the head file written anew (admins).
                """)
        var rehead = false

        func run() throws {
            if rehead { return try runOne("audit rehead", options: options) }
            try runOne("audit verify", named: [("head", head ?? "")], options: options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "A case's whole history from the audit trail, refused commands included (supervisors and admins)."
        )

        @OptionGroup var options: DatabaseOptions
        @Option(name: .customLong("case"), help: "The case.") var caseID: Int?
        @Flag(help: "The security events instead: refused commands and refused starts, with a case or without.")
        var security = false
        @Option(help: ArgumentHelp("With --security: from this day on.", valueName: "YYYY-MM-DD")) var since: String?

        func validate() throws {
            guard (caseID == nil) == security else { throw ValidationError("give --case ID, or --security") }
            if since != nil && !security { throw ValidationError("--since goes with --security") }
        }

        func run() throws {
            if security { return try runOne("audit security", named: [("since", since ?? "")], options: options) }
            try runOne("audit show", [String(caseID!)], options: options)
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

/// The report subcommands: each runs the command of the same name.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for supervisors and admins: plain text, or --format csv|json for tools.",
        subcommands: [
            Kpi.self, Sla.self, Reconcile.self, Profitability.self, WarrantyCost.self, Leakage.self, Case.self,
        ])

    struct Kpi: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kpi",
            abstract:
                "The completeness KPI, first-fix rate, resolution time, SLA breaches, cases by status and age, and what was posted."
        )

        @OptionGroup var options: DatabaseOptions
        @Option var format: ReportFormat = .text

        func run() throws { try runOne("report kpi", named: [("format", format.rawValue)], options: options) }
    }

    struct WarrantyCost: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "warranty-cost",
            abstract: "Warranty and goodwill cost posted, by the item of the asset serviced.")

        @OptionGroup var options: DatabaseOptions
        @Option var format: ReportFormat = .text

        func run() throws { try runOne("report warranty-cost", named: [("format", format.rawValue)], options: options) }
    }

    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reconcile",
            abstract: "Parts used on cases against issue movements in the ledger, for a month: every difference.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
        var month: String
        @Option var format: ReportFormat = .text

        func run() throws {
            try runOne("report reconcile", [month], named: [("format", format.rawValue)], options: options)
        }
    }
}

extension Report {
    struct Sla: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sla",
            abstract: "Response times against the SLA by priority, and every case that breached it or is about to.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: ArgumentHelp("Only cases due in this month.", valueName: "YYYY-MM"))
        var month: String?
        @Option(help: ArgumentHelp("Hours ahead an open, unserved case counts as at risk.", valueName: "hours"))
        var risk: Int?
        @Option var format: ReportFormat = .text

        func run() throws {
            try runOne(
                "report sla",
                named: [("format", format.rawValue), ("month", month ?? ""), ("risk", risk.map(String.init) ?? "")],
                options: options)
        }
    }

    struct Profitability: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "profitability",
            abstract: "Each contract's fee, earned to date, against the cost of the covered work on its closed cases.")

        @OptionGroup var options: DatabaseOptions
        @Option var format: ReportFormat = .text

        func run() throws { try runOne("report profitability", named: [("format", format.rawValue)], options: options) }
    }

    struct Leakage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leakage",
            abstract:
                "An audit sample of closed cases for margin leakage: covered cost, billing and list price, with findings.",
            discussion: "The same seed draws the same cases, as long as the closed cases are the same.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "How many cases.") var size: Int = 10
        @Option(help: "The sample's seed.") var seed: Int = 1
        @Option(help: ArgumentHelp("Only cases closed in this month.", valueName: "YYYY-MM"))
        var month: String?
        @Option var format: ReportFormat = .text

        func run() throws {
            try runOne(
                "report leakage",
                named: [
                    ("format", format.rawValue), ("size", String(size)), ("seed", String(seed)),
                    ("month", month ?? ""),
                ], options: options)
        }
    }

    struct Case: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "The service completion report of a case: visits, notes, parts, labour, resolution, outcomes.")

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The case.") var id: Int
        @Option var format: ReportFormat = .text

        func run() throws {
            try runOne("report case", [String(id)], named: [("format", format.rawValue)], options: options)
        }
    }
}

enum OutboxFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The ERP outbox, and master data for the ERP.", subcommands: [Postings.self, DataFiles.self])

    struct Postings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "postings",
            abstract:
                "Write the postings not exported yet to a new file, durably, then mark them exported as one batch.",
            discussion: """
                Exporting again exports nothing new. --batch N writes a past batch again, as it was. \
                Every record has an idempotency key: the ERP drops a key it has seen. Record layouts: README.
                """)

        @OptionGroup var options: DatabaseOptions
        @Option var format: OutboxFormat
        @Option(help: ArgumentHelp("The file to write (a new one, unless --batch).", valueName: "file"))
        var output: String
        @Option(help: ArgumentHelp("Only postings made from this day on.", valueName: "YYYY-MM-DD"))
        var since: String?
        @Option(help: ArgumentHelp("Write this past batch again.", valueName: "id"))
        var batch: Int?

        func run() throws {
            try runOne(
                "export postings", [format.rawValue, output],
                named: [("since", since ?? ""), ("batch", batch.map(String.init) ?? "")], options: options)
        }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a new file while others keep working, and check the copy (admins).",
        discussion:
            "SQLite's online backup: one consistent moment of the database; the copy is shared as the database is.")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The new file.") var file: String

    func run() throws { try runOne("backup", [file], options: options) }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in the database's place (admins of both).",
        discussion: """
            The backup must be a whole Casebench database whose audit trail holds. An existing database is replaced \
            only with --replace, and is first copied beside it (DB.before-restore-TIME); a damaged one, which cannot be \
            copied, is moved there as it is — close every workbench on it first. The head file then starts from \
            the backup's head, and the restore is recorded as the trail's next entry, naming the head it replaced.
            """)

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The backup file.") var backup: String
    @Flag(help: "Replace the database that is there.") var replace = false

    func run() throws {
        options.refuseReadOnly("restore", "it puts a backup in the database's place")
        let path = options.databasePath()
        options.logged("restore") {
            let (_, restored) = try AppDatabase.restore(
                from: backup, to: path, replacing: replace, account: OSAccount.current(),
                at: Session.systemClock())
            Output.say(
                "restored \(path) from \(backup); its audit trail ends at \(restored.head.map(\.description) ?? "no entry")"
            )
            if let kept = restored.kept, let damage = restored.damaged {
                Output.say(
                    "the database it replaced was damaged (\(damage)); its files are kept as they were in \(kept)")
            } else if let kept = restored.kept {
                Output.say(
                    "the database it replaced is kept in \(kept) (its trail ended at \(restored.replacedHead.map(\.description) ?? "no entry"))"
                )
            }
        }
    }
}
