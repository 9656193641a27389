import ArgumentParser
import Foundation
import Workbench

@main
struct Casebench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebench",
        abstract: "A workbench for service and warranty cases, from first call to invoice.",
        discussion: """
        The database is --db, else $CASEBENCH_DB, else $XDG_DATA_HOME/casebench/casebench.sqlite.
        `casebench demo` opens a training database made from a demo dataset.
        """,
        subcommands: [Init.self, Demo.self, Batch.self]
    )
}

/// Options every command that opens a database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file.")
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this user (trainers, on training databases only).", valueName: "user"))
    var actingAs: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }
}

/// A failure the user fixes, not a crash: printed as one line, exit status 2.
struct Failure: Error, CustomStringConvertible {
    var description: String
}

func fail(_ error: Error) -> Never {
    FileHandle.standardError.write(Data("casebench: \(error)\n".utf8))
    Foundation.exit(2)
}
