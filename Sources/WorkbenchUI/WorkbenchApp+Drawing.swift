import TextUI
import Workbench

/// One frame: header, panes (or the focused one and a summary line), status line, F-key bar,
/// and what is open over them, drawn into a Canvas and presented at once.
extension WorkbenchApp {
    /// Whether all four panes show at once.
    var isWide: Bool { Layout(size: terminal.size, focus: focus, zoomed: zoomed).isWide }

    public func render() {
        let size = terminal.size
        var canvas = Canvas(size: size, fill: styles.style(.normal))
        guard Layout.fits(size) else {
            // Only quitting makes sense until the terminal grows.
            let lines =
                DisplayWidth.wrap(
                    "Casebench needs at least \(Layout.minimum) and this terminal is \(size).", to: size.width)
                + DisplayWidth.wrap("Enlarge it, or press q to quit.", to: size.width)
            for (i, line) in lines.enumerated() {
                canvas.put(
                    DisplayWidth.fit(line, to: size.width, align: .center), x: 0, y: max(0, size.height / 2 - 1) + i,
                    style: styles.style(i < lines.count - 1 ? .warning : .normal))
            }
            terminal.present(canvas, cursor: nil)
            return
        }
        let layout = Layout(size: size, focus: focus, zoomed: zoomed)
        renderHeader(&canvas, layout.header)
        for (id, rect) in layout.panes {
            panes[id]!.render(on: &canvas, in: rect, styles: styles, focused: id == focus)
        }
        if let line = layout.summary { renderSummary(&canvas, line) }
        var cursor = focus == .queue ? queue.cursor : nil
        renderStatus(&canvas, layout.status)
        FunctionKeyBar(items: functionKeys).render(on: &canvas, in: layout.keyBar, styles: styles)
        if let c = renderModal(&canvas, Rect(size: size), status: layout.status) { cursor = c }
        terminal.present(canvas, cursor: cursor)
    }

    private func renderHeader(_ canvas: inout Canvas, _ rect: Rect) {
        canvas.fill(rect, style: styles.style(.statusLine))
        var x = rect.x + canvas.put(" Casebench ", x: rect.x, y: rect.y, style: styles.style(.titleFocused))
        if session.info.kind == .training {
            let date = session.info.businessDate.map { rect.width >= 120 ? " · business date \($0)" : " \($0)" } ?? ""
            let mark = " TRAINING\(date) "
            x += canvas.put(mark, x: x, y: rect.y, style: styles.style(.training))
        }
        // Kept in sight, not only said once: every command that writes will be refused.
        if session.readOnlyReason != nil {
            x += canvas.put(" READ-ONLY ", x: x, y: rect.y, style: styles.style(.training))
        }
        let who =
            session.user.account == session.account
            ? "\(session.account) (\(session.user.role.rawValue))"
            : "\(session.account) as \(session.user.account) (\(session.user.role.rawValue))"
        let right = " " + who + " "
        let rightWidth = DisplayWidth.of(right)
        if let d = detail {
            let room = rect.maxX - x - rightWidth - 1
            let text = DisplayWidth.fit(
                " case \(d.serviceCase.id) · \(d.serviceCase.subject)", to: max(0, room), ellipsis: true)
            canvas.put(text, x: x, y: rect.y, style: styles.style(.statusLine))
        }
        canvas.put(right, x: rect.maxX - rightWidth, y: rect.y, style: styles.style(.statusLine))
    }

    /// One piece of the summary line: a pane's few words (a click there focuses it), or a
    /// separator or the hint, which belong to no pane.
    struct SummaryPart {
        var pane: PaneID?
        var text: String
        var role: StyleRole
        var x: Int
    }

    /// The panes summed up on the summary line: all but the focused one.
    private var summedPanes: [PaneID] { PaneID.allCases.filter { $0 != focus } }

    /// The summary line's pieces and where each starts: drawn by `renderSummary`, hit by a click.
    /// A pane's piece is as wide as `summaryWidths` says.
    func summaryParts(_ rect: Rect) -> [SummaryPart] { summaryParts(rect, widths: keptSummaryWidths) }

    /// The widths kept for the summary line's pieces, while the focus is where they were kept.
    private var keptSummaryWidths: [PaneID: Int] {
        guard let kept = summaryWidths, kept.focus == focus else { return [:] }
        return kept.byPane
    }

    private func summaryParts(_ rect: Rect, widths: [PaneID: Int]) -> [SummaryPart] {
        var parts: [SummaryPart] = []
        var x = rect.x
        func add(_ pane: PaneID?, _ text: String, _ role: StyleRole, width: Int = 0) {
            parts.append(SummaryPart(pane: pane, text: text, role: role, x: x))
            x += max(width, DisplayWidth.of(text))
        }
        for (i, id) in summedPanes.enumerated() {
            if i > 0 { add(nil, " · ", .dim) }
            let (text, role) = panes[id]!.summary
            add(id, text, role, width: widths[id] ?? 0)
        }
        // The hint whole or not at all: "(Tab next pa" reads as a fault.
        if let hint = keymap.keys(for: "focus-next", context: nil).first.map({ "  (\($0) next pane)" }),
            x + DisplayWidth.of(hint) <= rect.maxX
        {
            add(nil, hint, .dim)
        }
        return parts
    }

    private func renderSummary(_ canvas: inout Canvas, _ rect: Rect) {
        // Each piece as wide as its widest since the focus moved — unless that would push one
        // past the line's end (the checklist's "Close: 2 ✗" out of sight): then the widest
        // start again from the pieces as they are now.
        let now = Dictionary(uniqueKeysWithValues: summedPanes.map { ($0, DisplayWidth.of(panes[$0]!.summary.text)) })
        var widths = keptSummaryWidths.merging(now, uniquingKeysWith: max)
        var parts = summaryParts(rect, widths: widths)
        if let last = parts.last(where: { $0.pane != nil }), last.x + DisplayWidth.of(last.text) > rect.maxX {
            widths = now
            parts = summaryParts(rect, widths: widths)
        }
        summaryWidths = (focus, widths)
        for part in parts where part.x < rect.maxX {
            canvas.put(part.text, x: part.x, y: rect.y, limit: rect.maxX - part.x, style: styles.style(part.role))
        }
    }

    private func renderStatus(_ canvas: inout Canvas, _ rect: Rect) {
        var s = status
        if let undo = undoLabel {
            let key = keymap.keys(for: "undo", context: nil).last.map { " (\($0))" } ?? ""
            let right = "undo: \(undo)\(key)"
            // The undo label gives way whole to a message that needs the room.
            if DisplayWidth.of(s.message) + DisplayWidth.of(right) + 3 <= rect.width {
                s.right = right
                s.rightRole = .statusLine
            }
        }
        s.render(on: &canvas, in: rect, styles: styles)
    }

    /// The F-key bar, from the action table; what the role may not do, or a read-only database
    /// cannot take, is shown disabled.
    var functionKeys: [FunctionKeyItem] {
        ActionTable.all.filter { $0.functionKey != nil }.sorted { $0.functionKey! < $1.functionKey! }.map { a in
            FunctionKeyItem("F\(a.functionKey!)", a.label, enabled: a.refusal(in: session) == nil)
        }
    }
}
