import ArgumentParser
import Testing

@testable import casebench

@Suite("Command names")
struct CommandNamesTests {
    /// A command without a name of its own is named by ArgumentParser from its type, through
    /// `String(describing:)`: the Swift runtime then scans every protocol conformance in the
    /// binary, three times for each command, at every start — 2.3 of the 7.5 ms `casebench
    /// --version` took (perf, 2026-12-07). Every `casebench batch` session pays it before its
    /// first command.
    @Test("Every command and subcommand names itself, so no start derives a name from a type")
    func everyCommandNamed() {
        var unnamed: [String] = []
        var named = 0
        func walk(_ command: ParsableCommand.Type) {
            if command.configuration.commandName == nil { unnamed.append("\(command)") } else { named += 1 }
            command.configuration.subcommands.forEach(walk)
        }
        walk(casebench.Casebench.self)
        #expect(unnamed.isEmpty, "\(unnamed)")
        #expect(named > 30)
    }
}
