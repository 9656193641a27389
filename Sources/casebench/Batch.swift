import ArgumentParser
import Foundation
import ServiceStore
import Workbench

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run command-language lines from a file or standard input, one result per command.",
        discussion:
            "Exit status: 0 when every command succeeded, 1 when one failed, 2 when the session could not start.")

    @OptionGroup var options: DatabaseOptions

    @Flag(help: "Print one JSON object per command: line, ok, command, message, details, ids, error.")
    var json = false

    @Flag(help: "Stop at the first command that fails.")
    var stopOnError = false

    @Argument(help: "A script file; standard input when omitted or '-'.")
    var file: String?

    func run() throws {
        let session = options.session()
        let lines: AnySequence<String>
        if let file, file != "-" {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                fail(Failure(description: "cannot read \(file)"))
            }
            lines = AnySequence(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        } else {
            // Each line runs as it arrives, not once standard input has ended: a program that
            // feeds commands through a pipe gets each result while it still writes the next.
            lines = AnySequence(AnyIterator { readLine(strippingNewline: true) })
        }
        let summary = BatchRunner.run(lines, session: session, json: json, stopOnError: stopOnError) {
            json ? Output.document($0 + "\n") : Output.say($0)
            // A result is flushed as soon as its command has committed, whatever standard output
            // is: a caller that reads "ok" knows the write is in, even if the batch is killed
            // next. (fflush(nil) flushes every stream: `stdout` itself is not concurrency-safe.)
            fflush(nil)
        }
        if summary.failures > 0 { throw ExitCode(1) }
    }
}
