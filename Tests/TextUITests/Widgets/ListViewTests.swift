import Testing

@testable import TextUI

@Suite("List view")
struct ListViewTests {
    let log = (1...20).map { "line \($0)" }

    func drawn(_ list: ListView, width: Int = 12, height: Int = 4, styles: some StyleProvider = PlainStyles()) -> Canvas
    {
        draw(width, height) { list.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: height), styles: styles) }
    }

    @Test("a text block scrolls line by line and by pages, never past its end")
    func scrolling() {
        // Given 20 lines in a pane 4 high
        let list = ListView(text: log)
        #expect(drawn(list).lines == ["line 1", "line 2", "line 3", "line 4"])

        // When Down, PageDown and End are pressed
        #expect(list.handle(.down))
        #expect(drawn(list).lines[0] == "line 2")
        #expect(list.handle(.pageDown))
        #expect(list.scrollOffset == 5)
        #expect(list.handle(.end))

        // Then the last page shows, and keys past the end stay there
        #expect(drawn(list).lines == ["line 17", "line 18", "line 19", "line 20"])
        #expect(list.handle(.down))
        #expect(list.scrollOffset == 16)
        #expect(list.handle(.home))
        #expect(list.scrollOffset == 0)
        #expect(list.selectedIndex == nil)
        #expect(!list.handle(.enter))

        // And scrolling to a line, or adding lines, keeps the window where it was put
        list.scroll(to: 7)
        #expect(list.scrollOffset == 7)
        list.lines.append(ListLine("line 21"))
        #expect(list.scrollOffset == 7)
        #expect(drawn(list).lines[0] == "line 8")
        list.scroll(to: 100)
        #expect(list.scrollOffset == 17)
        list.lines = [ListLine("only")]
        #expect(list.scrollOffset == 0)
    }

    @Test("a selectable list moves its selection and the window follows")
    func selection() {
        let list = ListView(text: log, selectable: true)
        let first = drawn(list, styles: RoleStyles())
        #expect(first.role(atX: 0, y: 0) == .selected)
        #expect(first.role(atX: 11, y: 0) == .selected)
        for _ in 0..<5 { list.handle(.down) }
        let moved = drawn(list, styles: RoleStyles())
        #expect(list.selectedIndex == 5)
        #expect(moved.lines == ["line 3", "line 4", "line 5", "line 6"])
        #expect(moved.role(atX: 0, y: 3) == .selected)
        list.isFocused = false
        #expect(drawn(list, styles: RoleStyles()).role(atX: 0, y: 3) == .selectedUnfocused)
        list.select(99)
        #expect(list.selectedIndex == 19)
        list.lines = Array(log.prefix(3)).map { ListLine($0) }
        #expect(list.selectedIndex == 2)
        list.scroll(to: 0)
        #expect(list.scrollOffset == 0)
    }

    @Test("lines wider than the pane scroll sideways, keeping wide characters in their columns")
    func sideways() {
        // Given a line wider than the pane
        let list = ListView(lines: [ListLine("C-1 山田工業 broken pump"), ListLine("short", role: .warning)])
        list.horizontalStep = 5
        #expect(drawn(list, height: 2).lines == ["C-1 山田工業", "short"])

        // When Right is pressed, then again past the end
        #expect(list.handle(.right))
        #expect(drawn(list, height: 2).lines == [" 田工業 brok", ""])
        #expect(list.handle(.right))
        #expect(list.handle(.right))
        #expect(list.columnOffset == 12)
        #expect(drawn(list, height: 2).lines == [" broken pump", ""])

        // Then Left goes back; a list that fits leaves Left and Right to others
        #expect(list.handle(.left))
        #expect(list.columnOffset == 7)
        let fits = ListView(text: ["fits"])
        #expect(!fits.handle(.right))
        _ = drawn(fits)
        #expect(!fits.handle(.right))
        #expect(drawn(list, height: 2, styles: RoleStyles()).role(atX: 0, y: 1) == .warning)
    }

    @Test("an empty list shows its message; tiny panes do not crash")
    func emptyAndTiny() {
        let empty = ListView()
        empty.emptyMessage = "No notes"
        #expect(drawn(empty, height: 2).lines == ["No notes", ""])
        #expect(empty.selectedIndex == nil)
        let list = ListView(text: log, selectable: true)
        for width in 0...3 { for height in 0...2 { _ = drawn(list, width: width, height: height) } }
        #expect(drawn(list, width: 3, height: 1).lines == ["lin"])
    }
}
