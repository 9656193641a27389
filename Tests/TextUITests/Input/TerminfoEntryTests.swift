import Testing
import TextUI

/// The terminfo lookup `casebench doctor` reports, as ncurses will make it when the workbench starts.
@Suite("The terminal's terminfo entry")
struct TerminfoEntryTests {
    @Test("A type every Debian describes is found with its colours; an unknown one and none at all are told apart")
    func lookUp() {
        #expect(
            TerminfoEntry.lookUp(environment: ["TERM": "xterm-256color"]) == .found(term: "xterm-256color", colors: 256)
        )
        #expect(TerminfoEntry.lookUp(environment: ["TERM": "vt100"]) == .found(term: "vt100", colors: 0))
        #expect(TerminfoEntry.lookUp(environment: ["TERM": "no-such-terminal"]) == .unknown(term: "no-such-terminal"))
        #expect(TerminfoEntry.lookUp(environment: ["TERM": ""]) == .termUnset)
        #expect(TerminfoEntry.lookUp(environment: [:]) == .termUnset)
    }
}
