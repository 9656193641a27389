import TextUI
import Workbench

/// The parts pane's own keys: they work on the line or reservation selected there.
enum PartsController {
    static let actions: [ScreenAction] = [
        ScreenAction(
            "classify", "Classify", "Make the selected line billable with a reason, or give it back to the proposal",
            context: .parts, command: "classify", keys: ["c"], .onCase { app, _ in classify(app) }),
        // Two commands with two permissions: which one is checked when it runs.
        ScreenAction(
            "take-back", "Take back", "Release the selected reservation, or return the selected part to its bin",
            context: .parts, alsoRuns: ["release", "return"], keys: ["x"],
            .onCase { app, _ in takeBack(app) }),
    ]

    @MainActor
    static func classify(_ app: WorkbenchApp) {
        guard let line = app.parts.selectedLine else {
            app.status = StatusLine(message: "classify: select a line in the parts pane first", kind: .error)
            return
        }
        let choices = ["billable", "proposed"]
        let target = FormField(
            "as", label: "As", value: "billable",
            validator: { choices.contains($0) ? nil : "billable or proposed" },
            completion: { p in choices.filter { $0.hasPrefix(p) } })
        let reason = FormField("reason", label: "Reason code", optional: true, validator: Validators.code)
        app.form("Classify line \(line.id): \(line.description)", [target, reason]) { v in
            CommandText.line("classify", [String(line.id.rawValue), v.text(target)] + (v[reason].map { [$0] } ?? []))
        }
    }

    @MainActor
    static func takeBack(_ app: WorkbenchApp) {
        let command = app.parts.selectedReservation != nil ? "release" : "return"
        if let refusal = ScreenAction.refusal(CommandCatalogue.find([command])?.0, in: app.session) {
            app.status = StatusLine(message: "\(command): \(refusal)", kind: .error)
            return
        }
        switch app.parts.selectedRow {
        case .reservation(let r)?:
            app.run("release \(r.id)")
        case .line(let l)? where l.kind == .part && (l.quantity ?? 0) > 0:
            let quantity = FormField(
                "quantity", label: "How many back", value: String(l.quantity ?? 1),
                validator: Validators.number)
            app.form("Return a part of line \(l.id): \(l.description)", [quantity]) { v in
                "return \(l.id) \(v.text(quantity))"
            }
        default:
            let message = "take back: select a reservation or a part line in the parts pane"
            app.status = StatusLine(message: message, kind: .error)
        }
    }
}
