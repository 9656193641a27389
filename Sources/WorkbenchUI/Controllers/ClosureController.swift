import TextUI

/// The closure checklist's own key: do what fixes the selected check.
enum ClosureController {
    static let actions: [ScreenAction] = [
        ScreenAction(
            "fix-check", "Fix", "Do what fixes the selected check", context: .closure, keys: ["Enter"],
            .onCase { app, _ in fixCheck(app) })
    ]

    /// Runs the fix's action; a pane's own action works on what is selected there, so the
    /// focus goes there first and the status line says what to select.
    @MainActor
    static func fixCheck(_ app: WorkbenchApp) {
        guard let check = app.closure.selectedCheck, !check.passed else { return }
        guard let fix = ActionTable.running(check.id.fix) else {
            app.status = StatusLine(message: "\(check.id.title): \(check.message)", kind: .info)
            return
        }
        if let pane = PaneID(rawValue: fix.context.rawValue), pane != .closure {
            app.focus = pane
            let keys = app.keymap.keys(for: fix.name, context: pane.rawValue).map(\.description).joined(separator: "/")
            app.status = StatusLine(message: "\(check.message) — select it and press \(keys)", kind: .info)
            return
        }
        app.perform(fix)
    }
}
