import ArgumentParser
import Foundation
import Workbench

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a training database made from a demo dataset, and work in it.",
        discussion: """
        The training database is --db, else $XDG_DATA_HOME/casebench/training.sqlite; it is created \
        from the dataset when missing, and made anew with --reset. A production database is never touched. \
        Until the full-screen workbench arrives, commands are read from standard input: type `help`.
        """)

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The demo dataset, a folder of data/.")
    var dataset = "training"

    @Flag(help: "Make the training database anew from the dataset.")
    var reset = false

    func run() throws {
        let env = options.environment
        let path = DatabaseLocation.training(explicit: options.db, environment: env)
        guard let dir = Training.datasetDirectory(named: dataset, environment: env, executable: CommandLine.arguments[0]) else {
            fail(Failure(description: "no dataset '\(dataset)' found (looked in $CASEBENCH_DATA, ./data and beside the program)"))
        }
        let account = OSAccount.current()
        let session: Session
        do {
            let prepared = try Training.prepare(path: path, datasetDirectory: dir, reset: reset, account: account)
            if prepared.created {
                print("created the training database \(path)")
                prepared.summary.forEach { print("  \($0)") }
            }
            session = try Session(database: prepared.database, account: account, actingAs: options.actingAs)
        } catch { fail(error) }
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive {
            print(session.run("whoami")!.text())
            print("TRAINING database — type `help` for the commands, `as USER` to play a role, Ctrl-D to leave.")
        }
        var failures = 0
        while true {
            if interactive { FileHandle.standardOutput.write(Data("casebench> ".utf8)) }
            guard let line = readLine(strippingNewline: true) else { break }
            guard let result = session.run(line) else { continue }
            if !result.ok { failures += 1 }
            print(result.text())
        }
        if interactive { print() }
        if failures > 0 && !interactive { throw ExitCode(1) }
    }
}
