import ServiceCore
import TextUI
import Workbench

/// What works everywhere, whatever has the focus: help, quit, find, reload, undo and redo,
/// the command line, reports, approvals and a new case.
enum GlobalController {
    static let actions: [ScreenAction] = [
        ScreenAction(
            "help", "Help", "Show the keys and what they do", f: 1, keys: ["F1", "?"],
            .screen { $0.modal = .help(helpOverlay($0)) }),
        ScreenAction(
            "new-case", "New",
            "Open a case: customer and serial with completion; a caller not yet known is created for review",
            command: "open", f: 2, keys: ["F2", "n"], .screen(newCaseForm)),
        ScreenAction(
            "find", "Find", "Filter the queue as you type: subject, customer, serial or case number", f: 3,
            keys: ["F3", "/"],
            .screen { app in
                app.focus = .queue
                app.queue.startFilter()
            }),
        ScreenAction(
            "refresh", "Reload", "Read the queue and the case again", f: 5, keys: ["F5"],
            .screen { app in
                app.refreshData()
                app.status = StatusLine(message: "read again", kind: .info)
            }),
        ScreenAction(
            "undo", "Undo", "Undo your last command", command: "undo", f: 9, keys: ["F9", "u"],
            .screen { $0.run("undo") }),
        ScreenAction(
            "quit", "Quit", "Leave the workbench; everything done is already saved", f: 10, keys: ["F10", "q"],
            .screen { $0.quit() }),
        ScreenAction(
            "redo", "Redo", "Redo what you last undid", command: "redo", keys: ["C-r"],
            .screen { $0.run("redo") }),
        ScreenAction(
            "command-line", "Command", "Type any command of the command language, with completion",
            keys: [":"], .screen { $0.openCommandLine() }),
        ScreenAction(
            "reports", "Reports",
            "Reports: KPIs, SLA, reconciliation, profitability, warranty cost, leakage, the case's completion report",
            command: "report kpi", keys: ["K"], .screen(reportsMenu)),
        ScreenAction(
            "approvals", "Approvals", "The overrides waiting for a supervisor: a approves, r rejects, with a note",
            command: "approve", keys: ["A"], .screen { $0.openApprovals() }),
    ]

    /// Every action the keymap binds, by pane, with its keys; what the role may not do, or a
    /// read-only database cannot take, is shown disabled.
    @MainActor
    static func helpOverlay(_ app: WorkbenchApp) -> HelpOverlay {
        let titles: [ActionContext: String] = [
            .global: "Everywhere", .queue: "Cases", .entitlement: "Asset & entitlement",
            .parts: "Parts & lines", .closure: "Closure checklist",
        ]
        let sections = ActionContext.allCases.compactMap { context -> HelpSection? in
            let entries = ActionTable.all.filter { $0.context == context }.compactMap { a -> HelpEntry? in
                let keys = app.keymap.keys(for: a.name, context: context == .global ? nil : context.rawValue)
                    .map(\.description)
                guard !keys.isEmpty else { return nil }
                return HelpEntry(keys.joined(separator: " "), a.help, disabled: a.refusal(in: app.session))
            }
            return entries.isEmpty ? nil : HelpSection(titles[context]!, entries: entries)
        }
        let user = app.session.user
        return HelpOverlay(title: "Keys — \(user.account) (\(user.role.rawValue))", sections: sections)
    }

    /// Which report; it opens in a view that scrolls, as `:report …` would. A letter picks.
    @MainActor
    static func reportsMenu(_ app: WorkbenchApp) {
        let month = String(app.session.today.description.prefix(7))
        var entries: [(key: Character, label: String, command: String)] = [
            ("k", "KPIs: completeness, first fix, resolution, SLA, status and age", "report kpi"),
            ("s", "SLA: by priority, with the cases breached or at risk", "report sla"),
            ("r", "Reconcile \(month): parts and issues, open cases, open claims", "report reconcile \(month)"),
            ("p", "Contract profitability: fee earned against covered cost", "report profitability"),
            ("w", "Warranty cost by item", "report warranty-cost"),
            ("l", "Leakage: an audit sample of 10 closed cases (seed 1)", "report leakage"),
        ]
        if let id = app.detail?.serviceCase.id {
            entries.append(("c", "Completion report of case \(id)", "report case \(id)"))
        }
        let list = ListView(lines: entries.map { ListLine("\($0.key)  \($0.label)") }, selectable: true)
        let title = "Reports (CSV, JSON: casebench report … --format)"
        app.modal = .menu(title: title, list, keys: entries.map(\.key)) { [weak app] i in
            guard let app, let result = app.run(entries[i].command), result.ok else { return }
            let details = result.details.isEmpty ? ["(nothing)"] : result.details
            app.modal = .output(title: result.message, ListView(text: details))
        }
    }

    /// Customer and serial with completion; a caller or asset not yet known is created for review.
    @MainActor
    static func newCaseForm(_ app: WorkbenchApp) {
        let customer = FormField(
            "customer", label: "Customer", placeholder: "id or name",
            completion: app.completer("open "))
        let serial = FormField(
            "serial", label: "Serial",
            completion: { [weak app] prefix in
                guard let app, case .form(let f, _)? = app.modal else { return [] }
                let typed = f.value(of: customer) ?? ""
                return app.session.completions(for: "open \(typed.isEmpty ? "-" : typed) \(prefix)")
            })
        let subject = FormField("subject", label: "Fault", longText: true)
        let priority = FormField(
            "priority", label: "Priority 1–4", value: "3",
            validator: { (1...4).contains(Int($0) ?? 0) ? nil : "1 (highest) to 4" })
        let contact = FormField("contact", label: "Contact", optional: true)
        let name = FormField("name", label: "New caller: name", optional: true)
        let region = FormField("region", label: "New caller: region", optional: true)
        let item = FormField("item", label: "New asset: item", optional: true, completion: app.completer("use 1 "))
        let installed = FormField(
            "installed", label: "New asset: installed", placeholder: "YYYY-MM-DD", optional: true,
            validator: { CivilDate(parsing: $0) == nil ? "a date: YYYY-MM-DD" : nil })
        app.form("New case", [customer, serial, subject, priority, contact, name, region, item, installed]) { v in
            CommandText.line(
                "open", [v.text(customer), v.text(serial), v.text(subject)],
                options: [priority, contact, name, region, item, installed].map { ($0.name, v.text($0)) })
        }
    }
}
