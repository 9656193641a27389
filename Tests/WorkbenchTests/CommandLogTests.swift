import Foundation
import ServiceStore
import Testing

@testable import Workbench

@Suite("What the debug log says of a command")
struct CommandLogTests {
    @Test("A command's shape names its ids, choices, codes and numbers, and only the kind of its text")
    func shape() throws {
        let scenario = try Desk()
        let session = try scenario.session()
        func invocation(_ line: String) throws -> Invocation {
            let words = try CommandLexer.words(line)
            let (spec, rest) = try #require(CommandCatalogue.find(words.map(\.text)))
            return try spec.parse(Array(words[rest...]), text: line, lastCreated: session.lastCreated)
        }

        #expect(
            try invocation("open C-ACME SN-1 Zanzibar rattle priority=2 contact=\"Violetta Quist\"").logShape
                == "open customer=CUSTOMER serial=SERIAL subject=TEXT priority=2 contact=TEXT")
        #expect(try invocation("labour 12 30").logShape == "labour case=12 minutes=30")
    }

    @Test("Said no is refused with its kind; a store that could not is failed with the error's case")
    func outcomes() {
        let ok = CommandResult(command: "whoami", message: "you")
        let refused = CommandResult(command: "labour", message: "no", failure: .refused)
        let invalid = CommandResult(command: "close", message: "no", failure: .invalid)
        let full = StoreError.diskFull(path: "/x.sqlite")

        #expect(CommandOutcome(ok, unexpected: nil).text == "ok")
        #expect(CommandOutcome(refused, unexpected: nil).text == "refused permission")
        #expect(CommandOutcome(invalid, unexpected: nil).text == "refused invalid")
        #expect(CommandOutcome(invalid, unexpected: full).text == "failed StoreError.diskFull")
        #expect(CommandOutcome(invalid, unexpected: full).level == .error)
    }
}
