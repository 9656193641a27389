import ArgumentParser
import Foundation
import ServiceStore
import Workbench

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open a training database made from a demo dataset, and work in it.",
        discussion: """
            The training database is --db, else $XDG_DATA_HOME/casebench/training.sqlite; it is created \
            from the dataset when missing, and made anew with --reset. A production database is never touched. \
            On a terminal it opens the workbench; with standard input from a file or pipe it reads command-language lines instead, one result per command.
            """)

    @OptionGroup var options: DatabaseOptions
    @OptionGroup var screen: ScreenOptions

    /// The dataset of `demo` without `--dataset`.
    static let defaultDataset = "training"

    @Option(help: "The demo dataset, a folder of data/.", completion: .custom(NameCompletion.datasets))
    var dataset = Demo.defaultDataset

    @Flag(help: "Make the training database anew from the dataset.")
    var reset = false

    @Option(
        help: ArgumentHelp(
            "Set up an exercise of the dataset (a script in data/NAME/exercises/) before opening.", valueName: "name"),
        completion: .custom(NameCompletion.exercises))
    var exercise: String?

    func run() throws {
        options.refuseReadOnly(
            "demo", "it makes and sets up a training database; `casebench open --db PATH --read-only` looks at one")
        let env = options.environment
        let path = DatabaseLocation.training(explicit: options.db, environment: env)
        if PostgresURL.names(path) {
            fail(Failure(description: "demo makes its training database as a SQLite file; give it a path, not \(path)"))
        }
        guard
            let dir = Training.datasetDirectory(named: dataset, environment: env, executable: CommandLine.arguments[0])
        else {
            fail(Failure(description: "no dataset '\(dataset)' found (\(ShippedFiles.searched))"))
        }
        let account = OSAccount.current()
        let log = options.logging.open(options.config())
        let session: Session
        do {
            let prepared = try Training.prepare(
                path: path, datasetDirectory: dir, reset: reset, account: account, progress: ProgressDisplay())
            if prepared.created {
                Output.say("created the training database \(path)")
                for line in prepared.summary { Output.say("  \(line)") }
            }
            session = try Session(database: prepared.database, account: account, actingAs: options.actingAs)
            if let log { session.startLogging(to: log) }
            if let exercise {
                try Training.runExercise(exercise, datasetDirectory: dir, session: session).forEach(Output.say)
            }
        } catch { fail(error) }
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            if exercise != nil {
                // The brief would vanish under the screen: let the class read it first.
                Output.say("\nPress Enter to open the workbench.")
                _ = readLine()
            }
            try openWorkbench(session: session, options: options, screen: screen)
            return
        }
        var failures = 0
        while let line = readLine(strippingNewline: true) {
            guard let result = session.run(line) else { continue }
            if !result.ok { failures += 1 }
            Output.say(result.text())
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
