import Testing

@testable import TextUI

/// `RoleStyles` with the arrow for a selection.
struct ArrowStyles: StyleProvider {
    func style(_ role: StyleRole) -> Style { RoleStyles().style(role) }
    var selectionMark: SelectionMark { .arrow }
}

@Suite("The selection's mark: bar or arrow")
struct SelectionMarkTests {
    let source = ArrayTableSource([
        TableRow(["C-1", "Acme Ltd"]),
        TableRow(["C-2", "Fjord Café"], role: .fail),
        TableRow(["C-3", "山田工業"]),
    ])

    func table() -> TableView {
        TableView(
            columns: [TableColumn("Case", width: .fixed(4)), TableColumn("Customer")], source: source)
    }

    func drawn(_ table: TableView, styles: some StyleProvider = ArrowStyles()) -> Canvas {
        draw(20, 4) { table.render(on: &$0, in: Rect(x: 0, y: 0, width: 20, height: 4), styles: styles) }
    }

    /// The cells two canvases of one size differ in.
    func changed(_ a: Canvas, _ b: Canvas) -> [Point] {
        (0..<a.size.height).flatMap { y in
            (0..<a.size.width).compactMap { x in a[x, y] == b[x, y] ? nil : Point(x: x, y: y) }
        }
    }

    @Test("the arrow stands in a column of its own; the selected row keeps its own colours")
    func arrowTable() {
        let table = table()
        table.select(1)
        let canvas = drawn(table)
        #expect(canvas.lines == [" Case Customer", " C-1  Acme Ltd", "▶C-2  Fjord Café", " C-3  山田工業"])
        #expect(canvas.role(atX: 0, y: 2) == .selected)
        // The failing row stays red under the arrow, where the bar would have covered it.
        #expect(canvas.role(atX: 2, y: 2) == .fail)
        #expect(canvas.role(atX: 10, y: 2) == .fail)
        #expect(canvas.role(atX: 1, y: 0) == .header)
        table.isFocused = false
        #expect(drawn(table).role(atX: 0, y: 2) == .selectedUnfocused)
    }

    @Test("moving the arrow changes two cells, where the bar changes two whole rows")
    func arrowMovesTwoCells() {
        let table = table()
        let before = drawn(table)
        table.handle(.down)
        #expect(changed(before, drawn(table)) == [Point(x: 0, y: 1), Point(x: 0, y: 2)])

        let bar = self.table()
        let barBefore = drawn(bar, styles: RoleStyles())
        bar.handle(.down)
        #expect(changed(barBefore, drawn(bar, styles: RoleStyles())).count == 40)
    }

    @Test("a selectable list gets the arrow's column; a list without a selection does not")
    func lists() {
        let lines = [ListLine("one"), ListLine("two", role: .warning)]
        let list = ListView(lines: lines, selectable: true)
        list.handle(.down)
        let canvas = draw(10, 2) {
            list.render(on: &$0, in: Rect(x: 0, y: 0, width: 10, height: 2), styles: ArrowStyles())
        }
        #expect(canvas.lines == [" one", "▶two"])
        #expect(canvas.role(atX: 0, y: 1) == .selected)
        #expect(canvas.role(atX: 1, y: 1) == .warning)

        let text = ListView(lines: lines)
        let plain = draw(10, 2) {
            text.render(on: &$0, in: Rect(x: 0, y: 0, width: 10, height: 2), styles: ArrowStyles())
        }
        #expect(plain.lines == ["one", "two"])
    }
}
