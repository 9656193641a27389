import ServiceCore
import Testing

@testable import Workbench

@Suite("The command language")
struct CommandLanguageTests {
    @Test("A visit scheduled without times takes the technician's next free two hours, from the next whole hour")
    func scheduleNextFreeSlot() throws {
        // Given tom booked 10:00–11:00 on one case, at 09:00 on the business day
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-W SN-W First
            open C-X SN-X Second
            schedule 1 tom 2026-06-15T10:00 2026-06-15T11:00
            schedule 2 tom
            schedule 2 tom
            schedule 2 tom 2026-06-16T08:00
            """)
        #expect(results.filter { !$0.ok }.map(\.message) == [])
        // When a visit is booked without times, Then it starts when his booked hour ends, for two hours
        #expect(
            results[4].message
                == "scheduled visit 2 on case 2: Tom 2026-06-15T11:00Z – 2026-06-15T13:00Z (his next free slot)")
        // And the next one after that; a start given alone gets two hours
        #expect(results[5].message.contains("2026-06-15T13:00Z – 2026-06-15T15:00Z (his next free slot)"))
        #expect(results[6].message.hasSuffix("2026-06-16T08:00Z – 2026-06-16T10:00Z"))
    }

    @Test("resolve takes a code of the desk's list in any case, and refuses one it does not have, naming the codes")
    func resolveWithTheDesksCodes() throws {
        // Given a desk whose list holds FIXED and REPLACED-PART, and a retired OLD-CODE
        var dataset = Scenario.dataset
        dataset.resolutionCodes = [
            ResolutionCode(code: "FIXED", description: "Repaired on site without parts"),
            ResolutionCode(code: "OLD-CODE", description: "Before 2020", active: false),
            ResolutionCode(code: "REPLACED-PART", description: "Replaced a part"),
        ]
        let desk = try Desk(dataset)
        #expect(try desk.session("agnes").run("open C-W SN-W Unit stops")!.ok)
        let tom = try desk.session("tom")
        let before = try desk.footprint()

        // When tom mistypes the code, or gives the retired one
        let unknown = tom.run("resolve 1 FIXD Seal reseated")!
        let retired = tom.run("resolve 1 old-code Seal reseated")!

        // Then each is refused, naming the code and the codes there are, and nothing is written
        #expect(unknown.failure == .invalid)
        #expect(unknown.message == "resolve: no resolution code FIXD; the codes are FIXED, REPLACED-PART")
        #expect(retired.failure == .invalid)
        #expect(
            retired.message == "resolve: resolution code OLD-CODE is retired; the codes are FIXED, REPLACED-PART")
        #expect(try desk.footprint() == before)

        // When he types it in small letters, Then it is taken, in capitals
        let fixed = tom.run("resolve 1 fixed Seal reseated")!
        #expect(fixed.ok, "\(fixed.message)")
        #expect(fixed.message == "case 1 resolved: FIXED")
        #expect(try desk.read { try $0.serviceCase(CaseID(1))?.resolutionCode } == "FIXED")
    }

    @Test("A desk without resolution codes, as every database before them, takes any well-formed code")
    func resolveWithoutAList() throws {
        let desk = try Desk()
        #expect(try desk.session("agnes").run("open C-W SN-W Unit stops")!.ok)
        let result = try desk.session("tom").run("resolve 1 swapped-unit Whole unit swapped")!
        #expect(result.message == "case 1 resolved: SWAPPED-UNIT")
    }

    @Test("Words split on spaces; double quotes group; backslash escapes inside quotes; # starts a comment")
    func lexing() throws {
        let words = try CommandLexer.words(#"open C-1 "SN 4" Leaks at the \"seal\" note="two words" # a comment"#)
        #expect(words.map(\.text) == ["open", "C-1", "SN 4", "Leaks", "at", "the", "\"seal\"", "note=two words"])
        #expect(words.last?.optionName == "note")
        #expect(words.last?.optionValue == "two words")
        #expect(words[6].optionName == nil)
    }

    @Test("A quoted word with '=' is text, not an option")
    func quotedEqualsIsText() throws {
        let words = try CommandLexer.words(#"note 1 "ratio=3:1" x=y"#)
        #expect(words[2].optionName == nil)
        #expect(words[3].optionName == "x")
    }

    @Test("Blank and comment-only lines are not commands")
    func blankLines() throws {
        let desk = try Desk()
        let s = try desk.session("agnes")
        #expect(s.run("") == nil)
        #expect(s.run("   # just a note") == nil)
    }

    @Test("@ means the last id of the kind the argument takes")
    func atReferences() throws {
        let desk = try Desk()
        let results = try desk.run(
            """
            as agnes
            open C-W SN-W First
            open C-X SN-X Second
            schedule @ tom 2026-06-15T10:00 2026-06-15T11:00
            as tom
            visit @ done
            labour @ 30
            """)
        #expect(results.filter { !$0.ok }.isEmpty)
        #expect(results[3].message.hasPrefix("scheduled visit 1 on case 2"))
        #expect(results[5].message == "visit 1 on case 2: done")
        #expect(results[6].message == "case 2 line 1: 30 min labour (tom) 30.00")
        #expect(results[6].ids == ["line": 1])
    }

    @Test("Two-word command names are found before one-word ones")
    func twoWordNames() {
        #expect(CommandCatalogue.find(["contract", "release", "K-1"])?.0.name == "contract release")
        #expect(CommandCatalogue.find(["contract", "release", "K-1"])?.1 == 2)
        #expect(CommandCatalogue.find(["open", "C-1"])?.0.name == "open")
        #expect(CommandCatalogue.find(["contract"]) == nil)
    }

    @Test("Every command has a unique name, a summary, and help that names who may run it")
    func catalogueIsWhole() throws {
        let names = CommandCatalogue.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(CommandCatalogue.all.allSatisfy { !$0.summary.isEmpty })
        let desk = try Desk()
        let help = try desk.session("tom").run("help close")!
        #expect(
            help.message
                == "close: Close a case: refused, naming what is missing, until every check of the closure gate holds")
        #expect(
            help.details == [
                "usage: close CASE", "  CASE: the case", "needs: close cases (agent, technician, supervisor)",
            ])
        let all = try desk.session("tom").run("help")!
        #expect(all.details.count == CommandCatalogue.all.count)
        #expect(
            all.details.contains {
                $0.hasPrefix("open CUSTOMER SERIAL TEXT...") && $0.hasSuffix("(not for technicians)")
            })
    }

    @Test("The usage line follows the arguments and options")
    func usage() {
        #expect(CommandCatalogue.find(["schedule"])!.0.usage == "schedule CASE TECHNICIAN [TIME] [TIME]")
        #expect(CommandCatalogue.find(["classify"])!.0.usage == "classify LINE billable|proposed [REASON]")
    }
}
