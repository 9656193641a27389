import TextUI

extension WorkbenchApp {
    /// Draws the open modal; returns where the cursor goes.
    func renderModal(_ canvas: inout Canvas, _ screen: Rect, status: Rect) -> Point? {
        switch modal {
        case .help(let help)?:
            help.render(on: &canvas, in: screen, styles: styles)
        case .form(let form, _)?:
            return form.render(on: &canvas, in: screen, styles: styles)
        case .dialog(let dialog, _)?:
            dialog.render(on: &canvas, in: screen, styles: styles)
        case .commandLine(let field)?:
            canvas.fill(status, style: styles.style(.input))
            let label = canvas.put(":", x: status.x, y: status.y, style: styles.style(.inputFocused))
            let rect = Rect(x: status.x + label, y: status.y, width: status.width - label, height: 1)
            let cursor = field.render(on: &canvas, in: rect, styles: styles)
            let listTop = max(0, status.y - 7)
            field.renderCandidates(
                on: &canvas, below: Rect(x: rect.x, y: listTop, width: min(40, rect.width), height: 1),
                maxRows: 6, styles: styles)
            return cursor
        case .reserve(let view)?:
            return view.render(on: &canvas, in: screen, styles: styles)
        case .output(let title, let list)?:
            // A report wider than the box scrolls sideways: say so.
            let wide = list.lines.contains { DisplayWidth.of($0.text) > min(screen.width - 4, 110) - 2 }
            drawListBox(
                list, title: title, footer: wide ? "← → scroll · Esc closes" : "Esc closes", width: 110, on: &canvas,
                in: screen)
        case .approvals(let view)?:
            drawListBox(view.list, title: view.title, footer: ApprovalsView.footer, width: 140, on: &canvas, in: screen)
        case .menu(let title, let list, _, _)?:
            let footer = "Enter or the letter opens · Esc closes"
            let widest =
                ([footer, title].map(DisplayWidth.of) + list.lines.map { DisplayWidth.of($0.text) }).max() ?? 0
            drawListBox(list, title: title, footer: footer, width: widest + 6, on: &canvas, in: screen)
        case nil:
            break
        }
        return nil
    }

    /// A list in a box in the middle of the screen, `width` wide at most.
    private func drawListBox(
        _ list: ListView, title: String, footer: String, width: Int, on canvas: inout Canvas, in screen: Rect
    ) {
        let box = screen.centered(
            Size(width: min(screen.width - 4, width), height: min(screen.height - 4, list.lines.count + 3)))
        let inside = canvas.drawBox(
            box, title: title, footer: footer, role: .borderFocused, fill: .dialog, styles: styles)
        list.render(on: &canvas, in: inside, styles: styles)
    }
}
