import ArgumentParser
import Foundation

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Say which files casebench uses and why, and check the terminal and the database.",
        discussion: """
            One line per check: ok, warn or FAIL, and under each that is not ok what to do. The exit status \
            is 0 when no check FAILs, else 1. Nothing is created or changed: the database is only read.
            """)

    @OptionGroup var options: DatabaseOptions
    @OptionGroup var screen: ScreenOptions

    func run() throws {
        // DatabaseOptions brings --as along; doctor starts no session, so it would mean nothing.
        // --read-only it takes as it is: doctor only ever reads, through the store's probe.
        if options.actingAs != nil { fail(Failure(description: "doctor starts no session, so it takes no --as")) }
        let files = DoctorFiles.checks(options: options, screen: screen, executable: CommandLine.arguments[0])
        let checks =
            files.checks + DoctorTerminal.checks(environment: options.environment)
            + DoctorDatabase.checks(files.database)
        for check in checks { check.lines.forEach(Output.say) }
        Output.say(checks.summary)
        if checks.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }
}
