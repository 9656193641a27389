import ArgumentParser
import Foundation
import ServiceStore
import TextUI
import Workbench

/// The debug log's options, part of every command's `DatabaseOptions`.
struct LogOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Append a debug log to this file (else config.toml's `log`): commands, outcomes, times, slow SQL.",
            valueName: "file"))
    var log: String?

    @Flag(help: "Write the commands' text and SQL's bound values to the log too: customer text.")
    var logText = false

    @Option(
        help: ArgumentHelp(
            "Log SQL statements that take at least this long (else config.toml's `log-slow-ms`, else 50).",
            valueName: "ms"))
    var logSlowMs: Int?

    func validate() throws {
        if let logSlowMs, logSlowMs < 0 { throw ValidationError("--log-slow-ms must be 0 or more") }
    }

    /// The log the options and config file ask for, open; nil when none is. The config file is
    /// read only for what the options leave unsaid.
    /// A log that cannot be opened stops the program, as a bad config value does, rather than
    /// running on without it: whoever asked for a log is chasing something, and a run that
    /// leaves no trace of it would be wasted on them — and would look like one that did.
    func open(_ config: @autoclosure () -> ConfigFile) -> DebugLog? {
        guard let path = log ?? config().log?.value else { return nil }
        let slow = logSlowMs ?? config().logSlowMilliseconds ?? 50
        do {
            return try DebugLog(
                path: path, account: OSAccount.current(), includesText: logText, slowStatement: .milliseconds(slow))
        } catch { fail(error) }
    }
}

extension DatabaseOptions {
    /// Runs the work of a subcommand that is no command of the language (init, restore,
    /// generate) and logs it as one: its name, whether it went, how long it took. An error is
    /// logged by its kind, then ends the program as `fail` does.
    func logged<T>(_ name: String, _ body: () throws -> T) -> T {
        let log = logging.open(config())
        let start = ContinuousClock.now
        do {
            let result = try body()
            log?.write(.info, "\(name): ok \((ContinuousClock.now - start).logText)")
            return result
        } catch {
            log?.write(.error, "\(name): failed \(logKind(of: error)) \((ContinuousClock.now - start).logText)")
            fail(error)
        }
    }
}
