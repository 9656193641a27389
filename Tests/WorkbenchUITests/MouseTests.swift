import Testing
import TextUI

@testable import WorkbenchUI

extension Screen {
    /// A press and release of `button` (xterm's code: 0 left, 64/65 the wheel) at the cell
    /// (`x`, `y`), sent as the SGR report a terminal writes, through the decoder.
    func click(_ x: Int, _ y: Int, button: Int = 0) {
        let at = "\(button);\(x + 1);\(y + 1)"
        send(bytes: Array("\u{1B}[<\(at)M\u{1B}[<\(at)m".utf8))
    }

    func click(_ point: Point) { click(point.x, point.y) }

    func wheel(down: Bool, at x: Int, _ y: Int) { click(x, y, button: down ? 65 : 64) }

    /// The row of the screen whose text starts with `prefix`.
    func row(startingWith prefix: String, _ note: Comment? = nil) throws -> Int {
        try #require(lines.firstIndex { $0.hasPrefix(prefix) }, note)
    }
}

/// Clicks and the wheel on the virtual screen, as a terminal reports them.
@MainActor
@Suite("The mouse on the virtual screen")
struct MouseTests {
    @Test("A click on a queue row selects that case, and its panes show it; the header row selects nothing")
    func clickSelectsCase() throws {
        let s = try Screen()
        s.click(10, try s.row(startingWith: "│    2 "))
        #expect(s.line(0).contains("case 2 · Pump leaki"))
        #expect(s.line(20).hasSuffix("─ 3/5 ─┘"))
        #expect(s.line(21).hasPrefix("Entitlement: warranty"))
        s.click(10, 2) // the column titles
        s.click(10, 15) // below the last case
        s.click(10, 0) // the header line
        #expect(s.line(0).contains("case 2 · Pump leaki"))
        #expect(s.line(20).hasSuffix("─ 3/5 ─┘"))
    }

    @Test("The wheel moves the selection three rows a notch, as Down and Up would, and stops at the ends")
    func wheelMovesSelection() throws {
        let s = try Screen()
        s.wheel(down: true, at: 30, 8)
        #expect(s.line(20).hasSuffix("─ 4/5 ─┘"))
        #expect(s.line(0).contains("case 4 · "))
        s.wheel(down: true, at: 30, 8)
        #expect(s.line(20).hasSuffix("─ 5/5 ─┘"))
        s.wheel(down: false, at: 30, 8)
        #expect(s.line(20).hasSuffix("─ 2/5 ─┘"))
        // Off the panes the wheel moves nothing
        s.wheel(down: true, at: 30, 23)
        s.wheel(down: true, at: 30, 0)
        #expect(s.line(20).hasSuffix("─ 2/5 ─┘"))
    }

    @Test("At 80×24 a click on a pane's words in the summary line focuses that pane")
    func clickSummaryFocuses() throws {
        let s = try Screen()
        let lines = try #require(s.terminal.find("Lines: 3"))
        s.click(lines)
        #expect(s.line(1).hasPrefix("┌─ ▶ Parts & lines "))
        let cases = try #require(s.terminal.find("Cases: 5"))
        s.click(cases)
        #expect(s.line(1).hasPrefix("┌─ ▶ Cases "))
        // The separators and the hint focus nothing
        s.click(try #require(s.terminal.find("(Tab next pane)")))
        #expect(s.line(1).hasPrefix("┌─ ▶ Cases "))
    }

    @Test("At 200×50 a click focuses the pane under it (▶ moves) and selects the line or check clicked")
    func clickFocusesPane() throws {
        let s = try Screen(size: Size(width: 200, height: 50))
        #expect(s.terminal.find("▶ Cases") != nil)
        let labour = try #require(s.terminal.find("90 min labour"))
        s.click(labour)
        #expect(s.terminal.find("▶ Parts & lines") != nil)
        #expect(s.terminal.find("▶ Cases") == nil)
        #expect(s.app.parts.selectedLine?.description.hasPrefix("90 min labour") == true)
        #expect(s.terminal.style(at: labour) == s.app.styles.style(.selected))
        // A check's second line selects the check
        let reason = try #require(s.terminal.find("no billing outcome yet"))
        s.click(reason)
        #expect(s.terminal.find("▶ Closure checklist") != nil)
        #expect(s.app.closure.selectedCheck?.id.title == "every line portion on a current billing outcome")
        // The text pane takes the focus, and has nothing to select
        s.click(try #require(s.terminal.find("Why")))
        #expect(s.terminal.find("▶ Asset & entitlement") != nil)
        #expect(s.line(0).contains("case 3 · "))
    }

    @Test("At 200×50 the wheel moves the list under the pointer, not the focused one")
    func wheelUnderPointer() throws {
        let s = try Screen(size: Size(width: 200, height: 50))
        let parts = try #require(s.terminal.find("P-SEAL Pump seal kit"))
        #expect(s.app.parts.table.selectedIndex == 0)
        s.wheel(down: true, at: parts.x, parts.y)
        #expect(s.app.parts.table.selectedIndex == 2)
        #expect(s.terminal.find("▶ Cases") != nil)
        #expect(s.line(0).contains("case 3 · "))
    }

    @Test("A click on an F-key label does what the key does; while a box is open clicks outside it do nothing")
    func clickFunctionKeys() throws {
        let s = try Screen()
        let keyed = try Screen()
        keyed.press(.function(4))
        let row = try s.row(startingWith: "│    2 ")
        s.click(try #require(s.terminal.find("Verify"))) // its label
        #expect(s.statusLine == keyed.statusLine)
        #expect(s.lines == keyed.lines)

        s.click(try #require(s.terminal.find("F1Help"))) // its key name
        #expect(s.contains("Everywhere"))
        let open = s.lines
        s.click(10, row)
        s.click(try #require(s.terminal.find("F10")))
        #expect(s.lines == open)
        #expect(s.app.isRunning)
        s.press(.escape)
        s.click(try #require(s.terminal.find("F10Quit")))
        #expect(!s.app.isRunning)
    }

    @Test("The wheel scrolls the help, as Up and Down do there; in a form it does nothing")
    func wheelInBoxes() throws {
        let s = try Screen()
        s.press(.function(1))
        let top = s.lines
        #expect(s.contains("Everywhere"))
        s.wheel(down: true, at: 40, 12)
        #expect(!s.contains("Everywhere"))
        s.wheel(down: false, at: 0, 0)
        #expect(s.lines == top)
        s.press(.escape)
        s.press(.function(2))
        let form = s.lines
        #expect(s.contains("New case"))
        s.wheel(down: true, at: 40, 12)
        s.click(0, 12)
        #expect(s.lines == form)
    }

    @Test("A click on a form's field moves there, as Tab does; under a completion list it does nothing")
    func clickFormField() throws {
        let s = try Screen()
        s.press(.function(2))
        let first = try #require(s.terminal.cursor)
        let fault = try #require(s.terminal.find("Fault:"), "\(s.text)")
        s.click(fault)
        #expect(s.terminal.cursor?.y == fault.y)
        s.click(first.x, first.y)
        #expect(s.terminal.cursor?.y == first.y)
        // Tab offers customers in a list over the fields below: a click there picks no field
        let closed = s.lines
        s.press(.tab)
        #expect(s.lines[first.y + 2] != closed[first.y + 2], "\(s.text)")
        let offered = s.lines
        s.click(first.x, first.y + 2)
        #expect(s.lines == offered)
    }

    @Test("Clicks and the wheel alone record nothing: no command runs, nothing to undo")
    func clicksDoNotWrite() throws {
        let s = try Screen(size: Size(width: 200, height: 50))
        // Every row but the key bar, which presses keys (tried on its own above)
        for y in stride(from: 0, to: 49, by: 3) {
            for x in stride(from: 0, to: 199, by: 17) {
                s.click(x, y)
                s.click(x, y, button: 2)
                s.wheel(down: y % 2 == 0, at: x, y)
            }
        }
        #expect(s.app.undoLabel == nil)
        #expect(s.app.isRunning)
        // Each report was taken as the mouse, not as a key nobody knows
        #expect(!s.statusLine.contains("ignored"), "\(s.statusLine)")
    }

    @Test("A click while the queue's filter is typed ends it, keeping the filter, and selects the row")
    func clickEndsFilter() throws {
        let s = try Screen()
        s.press(.character("/"))
        s.type("Pump")
        let row = try s.row(startingWith: "│    2 ", "\(s.text)")
        s.click(10, row)
        #expect(s.app.queue.filterField == nil)
        #expect(s.line(1).contains("/Pump "))
        #expect(s.line(0).contains("case 2 · "))
    }
}
