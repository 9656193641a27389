import Foundation
import ServiceCore
import Testing

@testable import Workbench

@Suite("Long text in the user's editor: which editor, and what comes back")
struct ExternalEditorTests {
    @Test("$VISUAL before $EDITOR, as git and mutt choose; a variable set empty or blank counts as unset")
    func whichEditor() {
        #expect(ExternalEditor(environment: ["VISUAL": "vim", "EDITOR": "nano"])?.command == "vim")
        #expect(ExternalEditor(environment: ["VISUAL": "vim", "EDITOR": "nano"])?.variable == "VISUAL")
        #expect(ExternalEditor(environment: ["EDITOR": "code -w"])?.command == "code -w")
        #expect(ExternalEditor(environment: ["EDITOR": "code -w"])?.variable == "EDITOR")
        #expect(ExternalEditor(environment: ["VISUAL": "", "EDITOR": "nano"])?.command == "nano")
        #expect(ExternalEditor(environment: ["VISUAL": "  ", "EDITOR": "nano"])?.command == "nano")
        // Neither: no editor is offered, the form's field is all there is
        #expect(ExternalEditor(environment: [:]) == nil)
        #expect(ExternalEditor(environment: ["VISUAL": "", "EDITOR": ""]) == nil)
        #expect(ExternalEditor(environment: ["TERM": "xterm", "HOME": "/home/agnes"]) == nil)
    }

    func read(_ text: String, limit: Int = InputBounds.textLength) -> Result<(String, Int), ExternalEditor.Problem> {
        ExternalEditor.read(Array(text.utf8), limit: limit)
    }

    func text(_ result: Result<(String, Int), ExternalEditor.Problem>) -> String? {
        if case .success(let (text, _)) = result { return text }
        return nil
    }

    func problem(_ result: Result<(String, Int), ExternalEditor.Problem>) -> String? {
        if case .failure(let problem) = result { return problem.description }
        return nil
    }

    @Test("One trailing line break goes; a single line comes back as written, so a round trip changes nothing")
    func trailingLineBreak() {
        #expect(text(read("Pump seal replaced\n")) == "Pump seal replaced")
        #expect(text(read("Pump seal replaced\r\n")) == "Pump seal replaced")
        #expect(text(read("Pump seal replaced")) == "Pump seal replaced")
        #expect(text(read("  two  spaces kept \n")) == "  two  spaces kept ")
        #expect(text(read("")) == "")
        #expect(text(read("\n")) == "")
        #expect(text(read("Grüße, 山田\n")) == "Grüße, 山田")
    }

    @Test("Several lines become one — the command language takes a note as one line — blank ones left out")
    func linesJoined() throws {
        let result = read("Replaced the seal.\r\n\nTested for an hour.  \nNo leak.\n")
        #expect(text(result) == "Replaced the seal. Tested for an hour. No leak.")
        if case .success(let (_, joined)) = result { #expect(joined == 3) }
        // A last blank line is no second line to speak of
        if case .success(let (one, joined)) = read("One line\n\n") {
            #expect(one == "One line")
            #expect(joined == 0)
        }
    }

    @Test("A NUL byte, bytes that are not UTF-8, another control character or too long a text: refused, saying where")
    func refused() {
        #expect(problem(read("first\nse\u{0}cond\n")) == "holds a NUL byte on line 2 (byte 9)")
        let latin1: [UInt8] = Array("ok\nGr".utf8) + [0xFC] + Array("e\n".utf8)
        #expect(
            problem(ExternalEditor.read(latin1, limit: InputBounds.textLength)) == "is not UTF-8 on line 2 (byte 6)")
        #expect(
            problem(read("fine\nred \u{1B}[31m\n"))
                == "on line 2 holds a control character (ESC) at character 5; text may hold none but tab")
        #expect(
            problem(read(String(repeating: "x", count: InputBounds.textLength + 1) + "\n"))
                == "is 4,001 characters long; a text is at most 4,000")
        #expect(text(read(String(repeating: "x", count: InputBounds.textLength) + "\n"))?.count == 4_000)
    }

    @Test("The command language holds a text to the same bound, and says how long it was")
    func commandLanguageBound() throws {
        let desk = try Desk()
        let long = String(repeating: "y", count: InputBounds.textLength + 1)
        let results = try desk.run(
            """
            as agnes
            open C-W SN-W \(long)
            open C-W SN-W \(String(repeating: "y", count: InputBounds.textLength))
            """)
        #expect(results[1].message == "open: TEXT is 4,001 characters long; a text is at most 4,000")
        #expect(results[2].ok, "\(results[2].message)")
    }
}
