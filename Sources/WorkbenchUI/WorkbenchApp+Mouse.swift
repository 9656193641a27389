import TextUI

/// The mouse, as lazygit, htop and k9s take it: a left click focuses the pane under it and
/// selects the row clicked; the wheel moves the list under the pointer as Up and Down would;
/// a click on the F-key bar presses that key. Every hit is measured against the geometry the
/// last frame was drawn with (`Layout`, the bar's places, each list's drawn rows), and every
/// change goes through what a key would do: a click alone never writes.
extension WorkbenchApp {
    /// Rows one notch of the wheel moves, as in most terminal programs.
    static let wheelRows = 3
    /// The key a notch of the wheel presses, that many times.
    static let wheelKeys: [MouseEvent.Button: Key] = [.wheelUp: .up, .wheelDown: .down]

    func handle(_ event: MouseEvent) {
        // Only presses act (a release follows each).
        guard event.action == .press, Layout.fits(terminal.size) else { return }
        if let modal {
            // A box that scrolls takes the wheel wherever the pointer is, as its keys do; a
            // click on a form's field moves there, as Tab does; nothing else is clicked in a
            // box, and nothing outside it.
            if modal.scrolls, let key = Self.wheelKeys[event.button] {
                for _ in 0..<Self.wheelRows { handleModal(key) }
            } else if case .form(let form, _) = modal, event.button == .left,
                let field = form.field(at: event.position)
            {
                form.moveFocus(to: field)
            }
            return
        }
        let layout = Layout(size: terminal.size, focus: focus, zoomed: zoomed)
        let point = event.position
        if layout.keyBar.contains(point) {
            guard event.button == .left,
                let item = FunctionKeyBar(items: functionKeys).item(atColumn: point.x, in: layout.keyBar),
                let key = Key(name: item.key)
            else { return }
            handle(key)
        } else if let line = layout.summary, line.contains(point) {
            // At 80×24 the other panes are their few words on this line: a click opens one.
            guard event.button == .left,
                let part = summaryParts(line).last(where: { $0.x <= point.x }), let pane = part.pane
            else { return }
            endFilter()
            focus = pane
        } else if let (id, _) = layout.panes.first(where: { $0.value.contains(point) }) {
            switch event.button {
            case .left:
                endFilter()
                focus = id
                select(in: id) { $0.select(at: point) }
            case .wheelUp, .wheelDown:
                let key = Self.wheelKeys[event.button]!
                select(in: id) { pane in
                    (0..<Self.wheelRows).reduce(false) { moved, _ in pane.handle(key) || moved }
                }
            default:
                return
            }
        }
    }

    /// Changes the selection of pane `id`; a new case in the queue is read once no key waits.
    private func select(in id: PaneID, _ change: (any Pane) -> Bool) {
        let before = queue.selectedCase
        _ = change(panes[id]!)
        if queue.selectedCase != before { selectionMoved() }
    }

    /// A click elsewhere ends the queue's filter being typed, as Enter would, keeping it.
    private func endFilter() {
        if queue.filterField != nil { queue.handleFilter(.enter) }
    }
}
