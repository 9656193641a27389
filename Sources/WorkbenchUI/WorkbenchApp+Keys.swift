import TextUI
import Workbench

extension WorkbenchApp {
    /// One key: to the open modal, the queue's filter while it is typed, the keymap's action
    /// (the focused pane's context, then global), else the focused pane's navigation.
    public func handle(_ key: Key) {
        if key == .resize { return }
        // A sequence no terminal sends for a key (KeyDecoder): it reaches no form, filter or
        // action, wherever the focus is; a quiet note says it came.
        if case .unrecognised(let sequence) = key {
            status = StatusLine(
                message: "ignored \(sequence): the terminal sent a key Casebench does not know", kind: .info)
            return
        }
        if case .mouse(let event) = key {
            handle(event)
            return
        }
        if !Layout.fits(terminal.size) {
            if let name = keymap.action(for: key, context: "global"), name == "quit" { quit() }
            return
        }
        if modal != nil {
            handleModal(key)
            return
        }
        if focus == .queue, queue.filterField != nil {
            let before = queue.selectedCase
            queue.handleFilter(key)
            if queue.selectedCase != before { selectionMoved() }
            return
        }
        // Anything but a move in the queue may act on the selected case, or show it: read it first.
        if !movesInQueue(key) { settle() }
        if let name = keymap.action(for: key, context: focus.rawValue), let action = ActionTable.named(name) {
            perform(action)
            return
        }
        let before = queue.selectedCase
        if !(panes[focus]?.handle(key) ?? false) {
            status = StatusLine(message: "\(key) does nothing here; ? lists the keys", kind: .info)
        }
        if queue.selectedCase != before { selectionMoved() }
    }

    /// Whether `key` only moves the queue's selection (up, down, a page, either end).
    private func movesInQueue(_ key: Key) -> Bool {
        guard focus == .queue, modal == nil, let name = keymap.action(for: key, context: focus.rawValue) else {
            return false
        }
        return NavigationController.moves.contains(name)
    }

    /// Runs an action the keymap chose: refused, with the reason, when the role may not or the
    /// database is read-only; else its handler, with the selected case when it works on one.
    func perform(_ action: ScreenAction) {
        if let refusal = action.refusal(in: session) {
            let message = "\(action.label): \(refusal)"
            status = StatusLine(message: message, kind: .error)
            if cutsStatusLine(message) { showWhole(message, title: "\(action.label) refused") }
            return
        }
        switch action.handler {
        case .screen(let handler):
            handler(self)
        case .onCase(let handler):
            guard let d = detail else {
                status = StatusLine(message: "\(action.label): select a case first", kind: .error)
                return
            }
            handler(self, d)
        }
    }
}
