import ArgumentParser
import Foundation
import ServiceStore
import TextUI
import Workbench
import WorkbenchUI

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the workbench on the database.")

    @OptionGroup var options: DatabaseOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let session = options.session()
        try openWorkbench(session: session, options: options, screen: screen)
    }
}

/// Loads the keymap and theme (reporting any fault before the screen starts), then runs the
/// workbench; exits with its status.
func openWorkbench(session: Session, options: DatabaseOptions, screen: ScreenOptions) throws {
    let setup: Launcher.Setup
    do {
        setup = try Launcher.loadSetup(
            choices: screen.choices,
            config: options.config(), paths: options.configPaths,
            environment: options.environment, executable: CommandLine.arguments[0])
    } catch { fail(error) }
    // ArgumentParser runs commands on the main thread, which assumeIsolated checks at run
    // time; the session never leaves it, so handing it over is safe.
    nonisolated(unsafe) let session = session
    let environment = options.environment
    let status: Int32 = try MainActor.assumeIsolated {
        do { return try Launcher.run(session: session, setup: setup, environment: environment) } catch let e
            as TerminalError
        { fail(e) }
    }
    if status != 0 { throw ExitCode(status) }
}
