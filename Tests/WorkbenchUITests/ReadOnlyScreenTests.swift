import Foundation
import ServiceStore
import Testing
import TextUI

@testable import WorkbenchUI

/// The workbench on a database opened with `--read-only`: for someone who only looks.
@MainActor
@Suite("The workbench read-only")
struct ReadOnlyScreenTests {
    static let request = ReadOnlyRequest(
        reason: "the database is open read-only (--read-only)", toUpgrade: "open it once without --read-only")

    @Test("READ-ONLY in the title; writing actions disabled with the reason in the F-key bar and help, and refused")
    func writingActionsDisabled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Agnes, an agent, may open cases: what disables New here is the database alone.
        let s = try Screen(
            size: Size(width: 120, height: 40), path: dir.appendingPathComponent("t.sqlite").path,
            readOnly: Self.request)
        #expect(s.line(0).contains(" READ-ONLY "))
        #expect(s.line(1).hasPrefix("┌─ ▶ Cases · open · 5 "))
        let disabled = s.app.styles.style(.disabled)
        for label in ["F2New", "F4Verify", "F8Close", "F9Undo"] {
            let at = try #require(s.terminal.find(label), "\(label) is not in the F-key bar")
            #expect(s.terminal.style(at: Point(x: at.x + 2, y: at.y)) == disabled, "\(label) is not disabled")
        }
        // Looking stays enabled
        let find = try #require(s.terminal.find("F3Find"))
        #expect(s.terminal.style(at: Point(x: find.x + 2, y: find.y)) != disabled)

        s.press(.function(2))
        #expect(!s.contains("┌─ New case "))
        #expect(s.statusLine.hasPrefix("New: the database is open read-only (--read-only)"))
        s.press(.character("?"))
        #expect(s.contains("the database is open read-only (--read-only)"))
        s.press(.escape)

        // A writing command typed at the : line is refused too, with nothing written
        s.press(.character(":"))
        s.type("note 1 looked at it")
        s.press(.enter)
        #expect(
            s.app.status.message.contains("the database is open read-only (--read-only)"), "\(s.app.status.message)")
        // Reading works as usual (Esc first closes the box the long refusal is shown whole in)
        s.press(.escape)
        s.press(.character(":"))
        s.type("show 1")
        s.press(.enter)
        #expect(s.contains("case 1: "), "\(s.text)")
    }
}
