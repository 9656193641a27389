import Testing

@testable import TextUI

@Suite("Virtual terminal")
struct VirtualTerminalTests {
    @Test("keys come back in the order they were queued, then nil")
    func keyQueue() {
        // Given a terminal with keys pressed and text typed
        let terminal = VirtualTerminal(size: Size(width: 20, height: 5))
        terminal.press(.down, .control("s"))
        terminal.type("é 1")

        // When the keys are read
        var keys: [Key] = []
        while let key = terminal.nextKey(timeout: 100) { keys.append(key) }

        // Then they are the pressed keys, then one character key per character
        #expect(keys == [.down, .control("s"), .character("é"), .character(" "), .character("1")])
        #expect(terminal.nextKey(timeout: 0) == nil)
        #expect(terminal.pendingKeys == 0)
    }

    @Test("resizing changes the size and queues a resize key")
    func resize() {
        // Given an 80×24 terminal
        let terminal = VirtualTerminal()
        #expect(terminal.size == Size(width: 80, height: 24))

        // When it is resized
        terminal.resize(to: Size(width: 100, height: 30))

        // Then the app sees the new size and a resize key
        #expect(terminal.size == Size(width: 100, height: 30))
        #expect(terminal.nextKey(timeout: 0) == .resize)
    }

    @Test("a presented frame is read back as text, lines, positions and styles")
    func present() {
        // Given a frame with a wide name and a styled word
        let terminal = VirtualTerminal(size: Size(width: 12, height: 3), colorDepth: .monochrome)
        var canvas = Canvas(size: terminal.size)
        canvas.put("山田 Ltd", x: 1, y: 0)
        canvas.put("OK", x: 9, y: 2, style: Style(attributes: .bold))

        // When it is presented twice
        terminal.present(canvas, cursor: Point(x: 3, y: 1))
        terminal.present(canvas, cursor: nil)

        // Then the screen reads as the frame, and the cursor is the last one given
        #expect(terminal.text == " 山田 Ltd\n\n         OK")
        #expect(terminal.line(0) == " 山田 Ltd")
        #expect(terminal.line(1) == "")
        #expect(terminal.line(7) == "")
        #expect(terminal.find("Ltd") == Point(x: 6, y: 0))
        #expect(terminal.find("田") == Point(x: 3, y: 0))
        #expect(terminal.find("OK") == Point(x: 9, y: 2))
        #expect(terminal.find("nowhere") == nil)
        #expect(terminal.style(at: Point(x: 9, y: 2)).attributes == .bold)
        #expect(terminal.style(at: Point(x: 8, y: 2)) == .plain)
        #expect(terminal.style(at: Point(x: 99, y: 99)) == .plain)
        #expect(terminal.cursor == nil)
        #expect(terminal.frames == 2)
        #expect(terminal.colorDepth == .monochrome)
    }

    @Test("a small event loop over the virtual terminal edits a field")
    func eventLoop() {
        // Given a field on a terminal, and keys typed
        let terminal = VirtualTerminal(size: Size(width: 20, height: 2))
        let field = TextField()
        terminal.type("abc")
        terminal.press(.left, .backspace, .enter)

        // When an app loop reads keys and presents a frame after each
        var submitted = false
        while let key = terminal.nextKey(timeout: 10) {
            if field.handle(key) == .submit { submitted = true }
            var canvas = Canvas(size: terminal.size)
            let cursor = field.render(on: &canvas, in: Rect(x: 2, y: 1, width: 10, height: 1), styles: PlainStyles())
            terminal.present(canvas, cursor: cursor)
        }

        // Then the screen and cursor show the edited value
        #expect(submitted)
        #expect(terminal.frames == 6)
        #expect(terminal.line(1) == "  ac")
        #expect(terminal.cursor == Point(x: 3, y: 1))
    }
}
