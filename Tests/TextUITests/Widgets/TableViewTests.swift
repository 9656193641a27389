import Testing

@testable import TextUI

@Suite("Table view")
struct TableViewTests {
    let columns = [
        TableColumn("Case", width: .fixed(6)),
        TableColumn("Customer", width: .flex(min: 8, weight: 1)),
        TableColumn("Age", width: .fixed(3), alignment: .right),
    ]

    func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }

    @Test("spare width goes to flexible columns by weight; too little width keeps the minimums")
    func columnWidths() {
        let columns = [
            TableColumn("a", width: .fixed(6)), TableColumn("b", width: .flex(min: 8, weight: 1)),
            TableColumn("c", width: .flex(min: 4, weight: 2)), TableColumn("d", width: .fixed(3)),
        ]
        #expect(TableColumn.widths(of: columns, total: 40) == [6, 14, 14, 3])
        #expect(TableColumn.widths(of: columns, total: 10) == [6, 8, 4, 3])
        #expect(TableColumn.widths(of: columns, total: 40, gap: 0) == [6, 15, 16, 3])
        #expect(TableColumn.widths(of: [], total: 40) == [])
    }

    @Test("accents, CJK, emoji and combining marks keep every column at its place")
    func wideCharacters() {
        // Given rows whose names have characters of every width
        let source = ArrayTableSource([
            TableRow(["C-1", "Acme Ltd", "3"]),
            TableRow(["C-2", "山田工業", "12"]),
            TableRow(["C-3", "Cafe\u{301} Crème", "1"]),
            TableRow(["C-4", "🔧 Tools", "100"]),
        ])
        let table = TableView(columns: columns, source: source)

        // When the table is drawn 30 columns wide
        let terminal = VirtualTerminal(size: Size(width: 30, height: 6))
        var canvas = Canvas(size: terminal.size)
        table.render(on: &canvas, in: Rect(x: 0, y: 0, width: 30, height: 6), styles: PlainStyles())
        terminal.present(canvas, cursor: nil)

        // Then every row's cells start (and the ages end) at the same columns
        #expect(
            terminal.text.components(separatedBy: "\n") == [
                "Case   Customer" + spaces(12) + "Age",
                "C-1    Acme Ltd" + spaces(14) + "3",
                "C-2    山田工業" + spaces(13) + "12",
                "C-3    Café Crème" + spaces(12) + "1",
                "C-4    🔧 Tools" + spaces(12) + "100",
                "",
            ])
        #expect(terminal.find("Acme") == Point(x: 7, y: 1))
        #expect(terminal.find("山田工業") == Point(x: 7, y: 2))
        #expect(terminal.find("Crème") == Point(x: 12, y: 3))
        #expect(terminal.find("Tools") == Point(x: 10, y: 4))
        #expect(terminal.find("12") == Point(x: 28, y: 2))
        #expect(terminal.find("100") == Point(x: 27, y: 4))
    }

    @Test("a wide name cut at a narrow column ends in an ellipsis and keeps the next column's place")
    func wideCut() {
        let table = TableView(
            columns: [TableColumn("Name", width: .fixed(4)), TableColumn("N", width: .fixed(2))],
            source: ArrayTableSource([TableRow(["山田工業", "1"]), TableRow(["Müller AG", "2"])]))
        let canvas = draw(7, 3) {
            table.render(on: &$0, in: Rect(x: 0, y: 0, width: 7, height: 3), styles: PlainStyles())
        }
        #expect(canvas.lines == ["Name N", "山…  1", "Mül… 2"])
    }

    @Test("only the visible window is asked of a source of a million rows")
    func windowing() {
        // Given a million-row source and a table 22 rows high (a header and 21 rows)
        let source = CountingSource(count: 1_000_000)
        let table = TableView(
            columns: [TableColumn("Case", width: .fixed(8)), TableColumn("Customer")], source: source)
        let rect = Rect(x: 0, y: 0, width: 40, height: 22)
        var canvas = Canvas(size: Size(width: 40, height: 22))

        // When it is drawn, then End is pressed and it is drawn again
        table.render(on: &canvas, in: rect, styles: PlainStyles())
        #expect(source.requested == [0..<21])
        #expect(table.handle(.end))
        table.render(on: &canvas, in: rect, styles: PlainStyles())

        // Then only the two windows were read, and the last row shows at the bottom
        #expect(source.requested == [0..<21, 999_979..<1_000_000])
        #expect(source.rowsRequested == 42)
        #expect(canvas.lines[21].hasPrefix("C-999999"))
        #expect(canvas.lines[1].hasPrefix("C-999979"))
        #expect(table.selectedIndex == 999_999)
        #expect(table.positionText == "1000000/1000000")
    }

    @Test("navigation keys move the selection and the window follows it")
    func navigation() {
        // Given 100 rows in a table showing 10
        let table = TableView(columns: columns, source: CountingSource(count: 100))
        let rect = Rect(x: 0, y: 0, width: 30, height: 11)
        var canvas = Canvas(size: Size(width: 30, height: 11))
        table.render(on: &canvas, in: rect, styles: PlainStyles())
        #expect(table.pageSize == 10)

        // When Down is pressed 12 times
        for _ in 0..<12 { table.handle(.down) }
        table.render(on: &canvas, in: rect, styles: PlainStyles())

        // Then row 12 is selected, at the bottom of a window starting at row 3
        #expect(table.selectedIndex == 12)
        #expect(table.scrollOffset == 3)
        #expect(canvas.lines[1].hasPrefix("C-3 "))
        #expect(canvas.lines[10].hasPrefix("C-12 "))
        #expect(table.positionText == "13/100")

        // And page keys move by a page, keeping the selected row's place on screen
        table.handle(.pageDown)
        #expect((table.selectedIndex, table.scrollOffset) == (22, 13))
        table.handle(.pageUp)
        #expect((table.selectedIndex, table.scrollOffset) == (12, 3))
        table.handle(.end)
        #expect((table.selectedIndex, table.scrollOffset) == (99, 90))
        table.handle(.pageDown)
        #expect((table.selectedIndex, table.scrollOffset) == (99, 90))
        table.handle(.home)
        #expect((table.selectedIndex, table.scrollOffset) == (0, 0))

        // And a navigation key at the edge is still the table's, other keys are not
        #expect(table.handle(.up))
        #expect(table.selectedIndex == 0)
        #expect(!table.handle(.character("x")))
        #expect(!table.handle(.enter))
    }

    @Test("selecting clamps to the rows there are and scrolls to the row")
    func select() {
        let table = TableView(columns: columns, source: CountingSource(count: 100))
        var canvas = Canvas(size: Size(width: 30, height: 11))
        table.render(on: &canvas, in: Rect(x: 0, y: 0, width: 30, height: 11), styles: PlainStyles())
        table.select(50)
        #expect((table.selectedIndex, table.scrollOffset) == (50, 41))
        table.select(500)
        #expect(table.selectedIndex == 99)
        table.select(-3)
        #expect((table.selectedIndex, table.scrollOffset) == (0, 0))
        table.move(by: 5)
        #expect(table.selectedIndex == 5)
    }

    @Test("when the rows shrink the selection and window are clamped")
    func shrink() {
        // Given row 50 of 100 selected
        let source = CountingSource(count: 100)
        let table = TableView(columns: columns, source: source)
        let rect = Rect(x: 0, y: 0, width: 30, height: 11)
        var canvas = Canvas(size: Size(width: 30, height: 11))
        table.render(on: &canvas, in: rect, styles: RoleStyles())
        table.select(50)

        // When the source drops to 5 rows and the table is drawn
        source.rowCount = 5
        #expect(table.selectedIndex == 4)
        canvas = Canvas(size: Size(width: 30, height: 11))
        table.render(on: &canvas, in: rect, styles: RoleStyles())

        // Then the last row is selected and all five show from the top
        #expect(table.scrollOffset == 0)
        #expect(canvas.lines[1].hasPrefix("C-0 "))
        #expect(canvas.lines[5].hasPrefix("C-4 "))
        #expect(canvas.lines[6] == "")
        #expect(canvas.role(atX: 0, y: 5) == .selected)
        #expect(source.requested.last == 0..<5)

        // And a new, smaller source clamps as soon as it is set
        table.source = ArrayTableSource([TableRow(["only"])])
        #expect(table.selectedIndex == 0)
    }

    @Test("the selection is drawn across the row, focused or not; a row's own role shows otherwise")
    func roles() {
        // Given three rows, the second one a warning, the first selected
        let source = ArrayTableSource([
            TableRow(["C-1", "Acme", "1"]), TableRow(["C-2", "Late Ltd", "90"], role: .warning),
            TableRow(["C-3", "Beta", "2"]),
        ])
        let table = TableView(columns: columns, source: source)
        let rect = Rect(x: 0, y: 0, width: 30, height: 4)

        // When drawn focused, then unfocused
        let focused = draw(30, 4) { table.render(on: &$0, in: rect, styles: RoleStyles()) }
        table.isFocused = false
        let unfocused = draw(30, 4) { table.render(on: &$0, in: rect, styles: RoleStyles()) }

        // Then every cell of the selected row, gaps included, has the selection's role
        #expect((0..<30).allSatisfy { focused.role(atX: $0, y: 1) == .selected })
        #expect((0..<30).allSatisfy { unfocused.role(atX: $0, y: 1) == .selectedUnfocused })
        #expect((0..<30).allSatisfy { focused.role(atX: $0, y: 0) == .header })
        #expect(focused.role(atX: 0, y: 2) == .warning)
        #expect(focused.role(atX: 0, y: 3) == .normal)

        // And when the warning row is selected the selection wins
        table.isFocused = true
        table.handle(.down)
        let moved = draw(30, 4) { table.render(on: &$0, in: rect, styles: RoleStyles()) }
        #expect(moved.role(atX: 0, y: 2) == .selected)
        #expect(moved.role(atX: 0, y: 1) == .normal)
    }

    @Test("an empty table shows its message and has no selection")
    func empty() {
        let table = TableView(columns: columns, source: ArrayTableSource([]), emptyMessage: "No open cases")
        let canvas = draw(30, 4) {
            table.render(on: &$0, in: Rect(x: 0, y: 0, width: 30, height: 4), styles: RoleStyles())
        }
        #expect(canvas.lines == ["Case   Customer" + spaces(12) + "Age", spaces(8) + "No open cases", "", ""])
        #expect(canvas.role(atX: 8, y: 1) == .dim)
        #expect(table.selectedIndex == nil)
        #expect(table.positionText == "0/0")
        #expect(table.handle(.down))
        #expect(table.selectedIndex == nil)
    }

    @Test("rows with missing or extra cells draw what there is")
    func raggedRows() {
        let table = TableView(
            columns: columns, source: ArrayTableSource([TableRow(["C-1"]), TableRow(["C-2", "A", "1", "extra"])]))
        let canvas = draw(20, 3) {
            table.render(on: &$0, in: Rect(x: 0, y: 0, width: 20, height: 3), styles: PlainStyles())
        }
        #expect(canvas.lines == ["Case   Customer  Age", "C-1", "C-2    A           1"])
    }

    @Test("a table in a tiny rectangle degrades and never crashes")
    func tiny() {
        let source = CountingSource(count: 3)
        let table = TableView(columns: columns, source: source)
        for width in 0...12 {
            for height in 0...3 {
                _ = draw(12, 4) {
                    table.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: height), styles: PlainStyles())
                }
            }
        }
        let one = draw(3, 2) { table.render(on: &$0, in: Rect(x: 0, y: 0, width: 1, height: 2), styles: PlainStyles()) }
        #expect(one.lines == ["C", "C"])
        let headerOnly = draw(12, 1) {
            table.render(on: &$0, in: Rect(x: 0, y: 0, width: 12, height: 1), styles: PlainStyles())
        }
        #expect(headerOnly.lines == ["Case   Cust…"])
        // A table drawn at an offset stays inside its rectangle
        let offset = draw(14, 3) {
            table.render(on: &$0, in: Rect(x: 2, y: 1, width: 10, height: 2), styles: PlainStyles())
        }
        #expect(offset.lines == ["", "  Case   Cu…", "  C-0    Cu…"])
    }
}
