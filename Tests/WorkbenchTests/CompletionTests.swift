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

    @Test(
        "resolve's code completes from the desk's active codes, typed in small letters; the form's check is resolve's")
    func resolutionCodes() throws {
        var dataset = Scenario.dataset
        dataset.resolutionCodes = [
            ResolutionCode(code: "FIXED", description: "Repaired on site without parts"),
            ResolutionCode(code: "NO-FAULT-FOUND", description: "No fault found"),
            ResolutionCode(code: "OLD-CODE", description: "Before 2020", active: false),
            ResolutionCode(code: "REPLACED-PART", description: "Replaced a part"),
        ]
        let s = try Desk(dataset).session("tom")
        #expect(s.completions(for: "resolve 1 ") == ["FIXED", "NO-FAULT-FOUND", "REPLACED-PART"])
        #expect(s.completions(for: "resolve 1 n") == ["NO-FAULT-FOUND"])
        #expect(s.resolutionCodes(matching: "fault").map(\.code) == ["NO-FAULT-FOUND"])
        #expect(s.resolutionCodeProblem("fixed") == nil)
        #expect(
            s.resolutionCodeProblem("old-code")
                == "resolution code OLD-CODE is retired; the codes are FIXED, NO-FAULT-FOUND, REPLACED-PART")
        #expect(s.resolutionCodeProblem("no fault") == "letters, digits and dashes, e.g. REPLACED-PART")
    }

    @Test(
        "A used part's bins: the visit technician's van first, even short of the quantity, each with what the case can use there"
    )
    func binsForUse() throws {
        // Given agnes's case on SN-W (NORTH), tom's visit, and 2 seal kits reserved in depot B-1
        let desk = try Desk()
        let agnes = try desk.session("agnes")
        for line in ["open C-W SN-W Unit stops", "verify 1", "schedule 1 tom", "reserve 1 P-SEAL 2 B-1"] {
            let r = agnes.run(line)!
            #expect(r.ok, "\(line): \(r.message)")
        }
        // When six are to be used, Then his van (5) comes first, then B-1 with the case's two
        // counted, then the south depot; never the cores bin
        let offers = agnes.binsForUse(of: "P-SEAL", on: CaseID(1), quantity: 6)
        #expect(
            offers.map { "\($0.bin.id) \($0.usable) \($0.heldForCase) \($0.isOwnVan)" } == [
                "VAN-TOM 5 0 true", "B-1 100 2 false", "B-S 50 0 false",
            ])
        // And items are found by any word of their description from three letters on
        #expect(agnes.items(matching: "motor").map(\.sku) == ["P-FAN"])
        #expect(agnes.items(matching: "ki").map(\.sku) == [])
    }
}
