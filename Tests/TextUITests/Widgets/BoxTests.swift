import Testing

@testable import TextUI

@Suite("Box drawing")
struct BoxTests {
    @Test("a box has corners, rules, a title on top and a footer below")
    func titledBox() {
        // Given a 20×4 canvas
        var inner = Rect(x: 0, y: 0, width: 0, height: 0)

        // When a box with a title and footer is drawn
        let canvas = draw(20, 4) {
            inner = $0.drawBox(
                Rect(x: 0, y: 0, width: 20, height: 4), title: "Queue", footer: "3/40", styles: RoleStyles())
        }

        // Then the frame surrounds an inside two rows high
        #expect(
            canvas.lines == [
                "┌─ Queue ──────────┐",
                "│                  │",
                "│                  │",
                "└─────────── 3/40 ─┘",
            ])
        #expect(inner == Rect(x: 1, y: 1, width: 18, height: 2))
        #expect(canvas.role(atX: 0, y: 0) == .border)
        #expect(canvas.role(atX: 3, y: 0) == .title)
    }

    @Test("a long title is cut with an ellipsis, a wide one at a character boundary")
    func longTitle() {
        let canvas = draw(12, 3) {
            $0.drawBox(Rect(x: 0, y: 0, width: 12, height: 3), title: "山田工業株式会社", styles: PlainStyles())
        }
        #expect(canvas.lines[0] == "┌─ 山田… ──┐")
        #expect(canvas.lines[0].count == 10) // 山 and 田 take two cells each
    }

    @Test("a box too small for a frame draws nothing and has no inside")
    func tinyBox() {
        for size in [Size(width: 0, height: 0), Size(width: 1, height: 5), Size(width: 5, height: 1)] {
            var inner = Rect(x: 9, y: 9, width: 9, height: 9)
            let canvas = draw(5, 5) { inner = $0.drawBox(Rect(size: size), title: "T", styles: PlainStyles()) }
            #expect(canvas.text == "\n\n\n\n")
            #expect(inner.isEmpty)
        }
        let smallest = draw(2, 2) {
            $0.drawBox(Rect(x: 0, y: 0, width: 2, height: 2), title: "Title", footer: "1/2", styles: PlainStyles())
        }
        #expect(smallest.lines == ["┌┐", "└┘"])
    }

    @Test("a filled box clears what was under it")
    func filled() {
        let canvas = draw(6, 3) {
            $0.put("xxxxxx", x: 0, y: 1)
            $0.drawBox(Rect(x: 1, y: 0, width: 4, height: 3), fill: .dialog, styles: RoleStyles())
        }
        #expect(canvas.lines == [" ┌──┐", "x│  │x", " └──┘"])
        #expect(canvas.role(atX: 2, y: 1) == .dialog)
    }
}
