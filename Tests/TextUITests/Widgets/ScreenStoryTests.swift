import Testing

@testable import TextUI

/// Widgets put together as the workbench will: a boxed table, a status line and the key bar,
/// driven through the virtual terminal one key at a time.
@Suite("Screen story")
struct ScreenStoryTests {
    final class QueueScreen {
        let terminal: VirtualTerminal
        let source = CountingSource(count: 340)
        let table: TableView
        var status = StatusLine(message: "Ready", right: "agnes · agent · TRAINING", rightRole: .training)
        let bar = FunctionKeyBar(items: [
            FunctionKeyItem("F1", "Help"), FunctionKeyItem("F2", "Assign"), FunctionKeyItem("F3", "Search"),
            FunctionKeyItem("F4", "Filter"), FunctionKeyItem("F5", "Reserve parts"), FunctionKeyItem("F6", "Sort"),
            FunctionKeyItem("F7", "Close case", enabled: false), FunctionKeyItem("F8", "Approve"),
            FunctionKeyItem("F9", "Undo"), FunctionKeyItem("F10", "Quit"),
        ])
        var help: HelpOverlay?

        init(terminal: VirtualTerminal) {
            self.terminal = terminal
            table = TableView(
                columns: [TableColumn("Case", width: .fixed(6)), TableColumn("Customer")], source: source)
        }

        func frame() {
            let styles = RoleStyles()
            var canvas = Canvas(size: terminal.size)
            let (body, bottom) = Rect(size: terminal.size).splitBottom(2)
            let inner = canvas.drawBox(
                body, title: "Case queue", footer: table.positionText, role: .borderFocused,
                titleRole: .titleFocused, styles: styles)
            table.render(on: &canvas, in: inner, styles: styles)
            status.render(on: &canvas, in: bottom.row(0), styles: styles)
            bar.render(on: &canvas, in: bottom.row(1), styles: styles)
            help?.render(on: &canvas, in: Rect(size: terminal.size), styles: styles)
            terminal.present(canvas, cursor: nil)
        }

        /// Reads every queued key, drawing a frame after each, as the event loop does.
        func run() {
            frame()
            while let key = terminal.nextKey(timeout: 0) {
                if let open = help {
                    if open.handle(key) == .closed { help = nil }
                } else if key == .function(1) {
                    help = HelpOverlay(sections: [HelpSection("Queue", entries: [HelpEntry("↑ ↓", "Move")])])
                } else if !table.handle(key), key != .resize {
                    status.message = "\(key) is not bound"
                    status.kind = .error
                }
                frame()
            }
        }
    }

    @Test("moving through the queue, asking for help, and resizing the terminal")
    func story() {
        // Given the queue on an 80×24 terminal
        let terminal = VirtualTerminal()
        let screen = QueueScreen(terminal: terminal)
        screen.run()
        #expect(terminal.line(0) == "┌─ Case queue " + String(repeating: "─", count: 65) + "┐")
        #expect(terminal.line(1) == "│Case   Customer" + String(repeating: " ", count: 63) + "│")
        #expect(terminal.line(2).hasPrefix("│C-0    Customer 0 "))
        #expect(terminal.line(21).hasSuffix(" 1/340 ─┘"))
        #expect(terminal.line(22) == "Ready" + String(repeating: " ", count: 51) + "agnes · agent · TRAINING")
        #expect(terminal.line(23) == "F1Help F2Assign F3Search F4Filter F5Reser F6Sort F7Close F8Appro F9Undo F10Quit")
        #expect(screen.source.requested == [0..<19])

        // When Down is pressed eleven times and then an unbound key
        terminal.press(Array(repeating: .down, count: 11) + [.character("z")])
        screen.run()

        // Then the twelfth case is selected, the position shows it, and the status complains
        #expect(terminal.find("C-11 ") == Point(x: 1, y: 13))
        #expect(terminal.style(at: Point(x: 1, y: 13)) == RoleStyles().style(.selected))
        #expect(terminal.line(21).hasSuffix(" 12/340 ─┘"))
        #expect(terminal.line(22).hasPrefix("z is not bound "))
        #expect(terminal.style(at: Point(x: 0, y: 22)) == RoleStyles().style(.statusError))
        #expect(terminal.style(at: Point(x: 79, y: 22)) == RoleStyles().style(.training))
        #expect(terminal.frames == 14)

        // When F1 opens help and Esc closes it
        terminal.press(.function(1))
        screen.run()
        #expect(terminal.find("Move") != nil)
        terminal.press(.escape)
        screen.run()
        #expect(terminal.find("Move") == nil)

        // When the terminal grows to 100×30
        terminal.resize(to: Size(width: 100, height: 30))
        screen.run()

        // Then everything is laid out again at the new size, still reading only what shows
        #expect(terminal.line(0).count == 100)
        #expect(terminal.line(29).hasPrefix("F1Help  F2Assign F3Search F4Filter F5Reserve parts F6Sort  F7Close case"))
        #expect(terminal.find("C-11 ") == Point(x: 1, y: 13))
        #expect(screen.source.requested.allSatisfy { $0.count <= 25 })
        #expect(screen.source.requested.last == 0..<25)
    }
}
