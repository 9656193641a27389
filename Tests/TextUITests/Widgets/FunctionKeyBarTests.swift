import Testing

@testable import TextUI

@Suite("Function-key bar")
struct FunctionKeyBarTests {
    let bar = FunctionKeyBar(items: [
        FunctionKeyItem("F1", "Help"), FunctionKeyItem("F2", "Assign"), FunctionKeyItem("F3", "Search"),
        FunctionKeyItem("F4", "Filter"), FunctionKeyItem("F5", "Reserve parts"), FunctionKeyItem("F6", "Sort"),
        FunctionKeyItem("F7", "Close case", enabled: false), FunctionKeyItem("F8", "Approve"),
        FunctionKeyItem("F9", "Undo"), FunctionKeyItem("F10", "Quit"),
    ])

    func drawn(width: Int) -> Canvas {
        draw(width, 1) { bar.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: 1), styles: RoleStyles()) }
    }

    @Test("at 80 columns all ten keys fit, the longest labels shortened")
    func eighty() {
        let canvas = drawn(width: 80)
        #expect(canvas.lines == ["F1Help F2Assign F3Search F4Filter F5Reser F6Sort F7Close F8Appro F9Undo F10Quit"])
        #expect(bar.slots(width: 80).reduce(0, +) + 21 == 80)
        #expect(canvas.role(atX: 0, y: 0) == .keyName)
        #expect(canvas.role(atX: 2, y: 0) == .keyLabel)
        #expect(canvas.role(atX: 6, y: 0) == .keyLabel)
    }

    @Test("at 200 columns every label shows whole, on bands at least six wide")
    func wide() {
        let canvas = drawn(width: 200)
        #expect(
            canvas.lines == [
                "F1Help  F2Assign F3Search F4Filter F5Reserve parts F6Sort  F7Close case F8Approve F9Undo  F10Quit"
            ])
        #expect(canvas.role(atX: 150, y: 0) == .normal)
    }

    @Test("a disabled item stays on the bar in the disabled role")
    func disabled() {
        let canvas = drawn(width: 200)
        let x = 2 + 6 + 2 + 7 + 2 + 7 + 2 + 7 + 2 + 14 + 2 + 6
        #expect(canvas.lines[0].dropFirst(x - 1).hasPrefix(" F7Close case"))
        #expect((x..<(x + 13)).allSatisfy { canvas.role(atX: $0, y: 0) == .disabled })
        #expect(canvas.role(atX: x + 13, y: 0) == .keyName)
    }

    @Test("narrow rows shorten labels to nothing before dropping a key, then clip")
    func narrow() {
        #expect(drawn(width: 30).lines == ["F1 F2 F3 F4 F5 F6 F7 F8 F9 F10"])
        #expect(drawn(width: 21).lines == ["F1F2F3F4F5F6F7F8F9F10"])
        #expect(drawn(width: 10).lines == ["F1F2F3F4F5"])
        for width in 0...3 { _ = drawn(width: width) }
    }
}
