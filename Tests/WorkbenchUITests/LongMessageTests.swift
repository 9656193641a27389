import Testing
import TextUI

@testable import WorkbenchUI

@MainActor
@Suite("Long messages at 80 columns")
struct LongMessageTests {
    @Test("A refusal too long for the status line opens whole in a box, hint included; Esc closes it")
    func refusalWhole() throws {
        // arun may not release a reservation of agnes's case 1: the refusal names the request to make
        let s = try Screen(size: Size(width: 80, height: 24), as: "arun")
        s.press(.character(":"))
        s.type("release 2")
        s.press(.enter)
        #expect(s.contains("release refused"))
        #expect(s.contains("request release 2 REASON for=YOUR-CASE"))
        s.press(.escape)
        #expect(!s.contains("release refused"))
    }

    @Test("A key the role may not use, refused with a reason too long for the status line, opens it whole")
    func disabledKeyWhole() throws {
        let s = try Screen(size: Size(width: 80, height: 24), as: "agnes")
        s.press(.down)
        s.press(.character("P"))
        #expect(s.contains("No parts refused"))
        #expect(s.contains("travel and expenses is"))
        s.press(.escape)
        #expect(s.app.modal == nil)
    }

    @Test("A short message stays on the status line, with no box")
    func shortStays() throws {
        let s = try Screen(size: Size(width: 80, height: 24), as: "agnes")
        s.press(.character(":"))
        s.type("release 1")
        s.press(.enter)
        #expect(s.line(22) == "case 1: released 1 × P-SEAL back to VAN-TOM")
        #expect(s.app.modal == nil)
    }
}
