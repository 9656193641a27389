import ArgumentParser
import Foundation
import ServiceStore
import Workbench

/// Runs one command of the catalogue as a subcommand of its own: prints its result, exits 1
/// when it failed.
func runOne(_ line: String, options: DatabaseOptions) throws {
    let session: Session
    do {
        session = try Session(database: try AppDatabase.open(at: options.databasePath()), account: OSAccount.current(),
                              actingAs: options.actingAs)
    } catch { fail(error) }
    guard let result = session.run(line) else { return }
    print(result.text())
    if !result.ok { throw ExitCode(1) }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that the stock ledger, stock, valuation, reservations and part lines agree (admins).",
        discussion: "Exit status 0 when they agree, 1 with every problem listed otherwise.")

    @OptionGroup var options: DatabaseOptions

    func run() throws { try runOne("verify database", options: options) }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports for supervisors and admins.", subcommands: [Reconcile.self])

    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parts used on cases against issue movements in the ledger, for a month: every difference.")

        @OptionGroup var options: DatabaseOptions

        @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
        var month: String

        func run() throws { try runOne("report reconcile \(month)", options: options) }
    }
}
