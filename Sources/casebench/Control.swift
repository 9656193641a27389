import ArgumentParser
import Foundation
import ServiceStore
import Workbench

/// Runs one command of the catalogue as a subcommand of its own: prints its result (a
/// report's CSV or JSON as it is), exits 1 when it failed.
func runOne(_ name: String, _ words: [String] = [], named: [(String, String)] = [], options: DatabaseOptions) throws {
    let session: Session
    do {
        session = try Session(database: try AppDatabase.open(at: options.databasePath()), account: OSAccount.current(),
                              actingAs: options.actingAs)
    } catch { fail(error) }
    guard let result = session.run(CommandText.line(name, words, options: named)) else { return }
    if result.ok, let document = result.document {
        print(document, terminator: "")
    } else {
        print(result.text())
    }
    if !result.ok { throw ExitCode(1) }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that the stock ledger, stock, valuation, reservations and part lines agree (admins).",
        discussion: "Exit status 0 when they agree, 1 with every problem listed otherwise.")

    @OptionGroup var options: DatabaseOptions

    func run() throws { try runOne("verify database", options: options) }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

/// The report subcommands: each runs the command of the same name.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports for supervisors and admins: plain text, or --format csv|json for tools.",
        subcommands: [Kpi.self, WarrantyCost.self, Reconcile.self])

    struct Kpi: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The completeness KPI, first-fix rate, resolution time, SLA breaches, cases by status and age, and what was posted.")

        @OptionGroup var options: DatabaseOptions
        @Option var format: ReportFormat = .text

        func run() throws { try runOne("report kpi", named: [("format", format.rawValue)], options: options) }
    }

    struct WarrantyCost: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "warranty-cost", abstract: "Warranty and goodwill cost posted, by the item of the asset serviced.")

        @OptionGroup var options: DatabaseOptions
        @Option var format: ReportFormat = .text

        func run() throws { try runOne("report warranty-cost", named: [("format", format.rawValue)], options: options) }
    }

    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parts used on cases against issue movements in the ledger, for a month: every difference.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
        var month: String
        @Option var format: ReportFormat = .text

        func run() throws { try runOne("report reconcile", [month], named: [("format", format.rawValue)], options: options) }
    }
}

enum OutboxFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The ERP outbox.", subcommands: [Postings.self])

    struct Postings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the postings not exported yet to a new file, durably, then mark them exported as one batch.",
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
            try runOne("export postings", [format.rawValue, output],
                       named: [("since", since ?? ""), ("batch", batch.map(String.init) ?? "")], options: options)
        }
    }
}
