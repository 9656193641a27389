import Testing

@testable import TextUI

@Suite("Help overlay")
struct HelpOverlayTests {
    func help() -> HelpOverlay {
        HelpOverlay(
            title: "Keys",
            sections: [
                HelpSection(
                    "Case queue",
                    entries: [
                        HelpEntry("Enter", "Open the selected case"),
                        HelpEntry("F7 c", "Close case", disabled: "needs a supervisor"),
                        HelpEntry("/", "Search"),
                    ]),
                HelpSection(
                    "Global",
                    entries: [
                        HelpEntry("F1 ?", "This help"), HelpEntry("C-z", "Undo"), HelpEntry("q", "Quit"),
                    ]),
            ])
    }

    func row(_ text: String) -> String { "  │ " + text.padding(toLength: 32, withPad: " ", startingAt: 0) + " │" }

    func drawn(_ help: HelpOverlay, styles: some StyleProvider = PlainStyles()) -> Canvas {
        draw(40, 12) { help.render(on: &$0, in: Rect(x: 0, y: 0, width: 40, height: 12), styles: styles) }
    }

    @Test("sections list keys and descriptions in columns; a disabled entry says why")
    func layout() {
        // Given help with two sections, one entry disabled
        let help = help()

        // When drawn on a 40×12 screen
        let canvas = drawn(help, styles: RoleStyles())

        // Then a large centred box shows the first eight of ten lines, and says so
        #expect(
            canvas.lines == [
                "",
                "  ┌─ Keys ───────────────────────────┐",
                row("Case queue"),
                row("Enter  Open the selected case"),
                row("F7 c   Close case (disabled:"),
                row("       needs a supervisor)"),
                row("/      Search"),
                row(""),
                row("Global"),
                row("F1 ?   This help"),
                "  └" + String(repeating: "─", count: 13) + " 1–8/10 · Esc close ─┘",
                "",
            ])
        #expect(canvas.role(atX: 4, y: 2) == .title)
        #expect(canvas.role(atX: 4, y: 3) == .dialog)
        #expect(canvas.role(atX: 4, y: 4) == .disabled)
        #expect(canvas.role(atX: 11, y: 5) == .disabled)
    }

    @Test("arrows and page keys scroll, within the content")
    func scrolling() {
        let help = help()
        _ = drawn(help)
        #expect(help.handle(.down) == .open)
        #expect(help.scrollOffset == 1)
        #expect(help.handle(.end) == .open)
        #expect(help.scrollOffset == 2)
        var canvas = drawn(help)
        #expect(canvas.lines[2] == row("F7 c   Close case (disabled:"))
        #expect(canvas.lines[9] == row("q      Quit"))
        #expect(canvas.lines[10].contains(" 3–10/10 · Esc close "))
        _ = help.handle(.pageUp)
        #expect(help.scrollOffset == 0)
        for _ in 0..<5 { _ = help.handle(.down) }
        #expect(help.scrollOffset == 2)
        _ = help.handle(.home)
        canvas = drawn(help)
        #expect(canvas.lines[2] == row("Case queue"))
        _ = help.handle(.pageDown)
        #expect(help.scrollOffset == 2)
    }

    @Test("Esc, q, ? and F1 close it; other keys do not")
    func closing() {
        let help = help()
        for key in [Key.escape, .character("q"), .character("?"), .function(1)] {
            #expect(help.handle(key) == .closed)
        }
        for key in [Key.enter, .character("x"), .function(2), .left] {
            #expect(help.handle(key) == .open)
        }
    }

    @Test("help that fits shows no position, and tiny screens do not crash")
    func fitsAndTiny() {
        let short = HelpOverlay(sections: [HelpSection("Global", entries: [HelpEntry("q", "Quit")])])
        let canvas = draw(40, 12) {
            short.render(on: &$0, in: Rect(x: 0, y: 0, width: 40, height: 12), styles: PlainStyles())
        }
        #expect(canvas.lines[10] == "  └" + String(repeating: "─", count: 22) + " Esc close ─┘")
        #expect(short.handle(.down) == .open)
        #expect(short.scrollOffset == 0)
        let help = help()
        for width in 0...12 {
            for height in 0...5 {
                _ = draw(12, 5) {
                    help.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: height), styles: PlainStyles())
                }
            }
        }
    }
}
