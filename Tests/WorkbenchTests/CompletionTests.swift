import ServiceCore
import Testing

@testable import Workbench

@Suite("Completing and composing command lines")
struct CompletionTests {
    @Test(
        "A quoted word reads back as itself",
        arguments: [
            "plain", "two words", "say \"hi\"", "back\\slash", "a=b", "#hash", "@", "", "Müller & Söhne", "山田 工業",
        ])
    func quoteRoundTrip(word: String) throws {
        let words = try CommandLexer.words("note 1 " + CommandText.quote(word))
        #expect(words.count == 3)
        #expect(words[2].text == word)
        #expect(words[2].optionName == nil)
    }

    @Test("A composed line leaves empty options out and parses back")
    func composedLine() throws {
        let line = CommandText.line(
            "open", ["C-W", "SN-W", "Leaks at \"the\" seal"],
            options: [("priority", "2"), ("contact", ""), ("name", "A = B")])
        #expect(line == #"open C-W SN-W "Leaks at \"the\" seal" priority=2 name="A = B""#)
        let desk = try Desk()
        #expect(try desk.session("agnes").run(line)?.ok == true)
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.subject } == "Leaks at \"the\" seal")
    }

    @Test("Completion offers command names, then values for the argument being typed")
    func completion() throws {
        let desk = try Desk()
        let s = try desk.session("agnes")
        #expect(s.completions(for: "ver") == ["verify", "verify database"])
        #expect(s.completions(for: "verify d") == ["database"])
        #expect(s.completions(for: "contract re") == ["release"])
        #expect(
            s.completions(for: "request ") == [
                "goodwill", "cover-object", "waive-deductible", "extend-cap", "reopen", "release",
            ])
        #expect(s.completions(for: "open C-") == ["C-K", "C-W", "C-X"])
        #expect(s.completions(for: "open C-W SN-") == ["SN-S", "SN-W"])
        #expect(s.completions(for: "schedule 1 t") == ["tia", "tom"])
        #expect(s.completions(for: "use 1 P-") == ["P-BOARD", "P-FAN", "P-MA", "P-SEAL", "P-STD"])
        // After an item, only the bins that hold it
        #expect(s.completions(for: "use 1 P-FAN 1 ") == ["B-1"])
        #expect(s.completions(for: "reserve 1 P-SEAL 2 ") == ["B-1", "B-S", "VAN-TOM"])
        #expect(s.completions(for: "visit 1 ") == ["done", "no-access"])
        #expect(s.completions(for: "whoami ") == [])
    }
}
