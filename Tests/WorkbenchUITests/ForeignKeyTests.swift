import ServiceCore
import Testing
import TextUI

@testable import WorkbenchUI

/// Key sequences from another terminal reach the workbench as bytes: a known one is its key,
/// an unknown one acts nowhere — not on the queue, not in a form, not in the filter.
@MainActor
@Suite("Keys from other terminals")
struct ForeignKeyTests {
    private static let unknown: [UInt8] = [0x1B, 0x5B, 0x39, 0x39, 0x7E] // ESC [ 9 9 ~
    private static let xtermF1: [UInt8] = [0x1B, 0x4F, 0x50] // ESC O P
    private static let sco: [UInt8] = [0x1B, 0x5B, 0x4D] // ESC [ M, F1 in SCO mode

    @Test("An unknown sequence is a quiet note on the queue, and types nothing into a form or the filter")
    func unknownActsNowhere() throws {
        let s = try Screen(size: Size(width: 80, height: 24), as: "tom")
        s.press(.down)
        let before = try s.db.read { try $0.auditEntries().count }
        s.send(bytes: Self.unknown)
        #expect(s.statusLine.hasPrefix("ignored ESC [ 9 9 ~: the terminal sent a key Casebench does not know"))
        // In the labour form: nothing typed, the form still open
        s.press(.character("l"))
        #expect(s.contains("Labour on case 1"))
        s.send(bytes: Self.unknown + Array("30".utf8))
        #expect(s.contains("Labour on case 1"))
        #expect(!s.contains("~30") && !s.contains("9930"))
        s.press(.escape)
        // In the filter
        s.press(.character("/"))
        s.send(bytes: Self.unknown)
        #expect(!s.contains("/[99~") && !s.contains("99~"))
        s.press(.escape)
        #expect(try s.db.read { try $0.auditEntries().count } == before)
    }

    @Test("An xterm's F1 and PuTTY's SCO F1 open help, whatever the terminal said it was")
    func foreignF1() throws {
        let s = try Screen(size: Size(width: 120, height: 40), as: "tom")
        for bytes in [Self.xtermF1, Self.sco] {
            s.send(bytes: bytes)
            #expect(s.contains("Keys — tom"))
            s.press(.escape)
            #expect(!s.contains("Keys — tom"))
        }
    }
}
