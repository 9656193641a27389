import ServiceCore
import TextUI
import Workbench

/// What each action does. Case work always ends as one line of the command language run by
/// the Session, so the screen can do nothing that `batch` cannot, and is refused alike.
extension WorkbenchApp {
    func perform(_ action: ScreenAction) {
        if let refusal = action.refusal(for: session.user) {
            let message = "\(action.label): \(refusal)"
            status = StatusLine(message: message, kind: .error)
            if cutsStatusLine(message) { showWhole(message, title: "\(action.label) refused") }
            return
        }
        switch action.name {
        case "help": modal = .help(helpOverlay())
        case "quit": quit()
        case "find": focus = .queue; queue.startFilter()
        case "refresh": refreshData(); status = StatusLine(message: "read again", kind: .info)
        case "redraw": terminal.redrawAll()
        case "command-line": openCommandLine()
        case "focus-next", "focus-previous":
            let all = PaneID.allCases, i = all.firstIndex(of: focus)!
            focus = all[(i + (action.name == "focus-next" ? 1 : all.count - 1)) % all.count]
        case "zoom": zoomed.toggle()
        case "move-up", "move-down", "page-up", "page-down", "move-top", "move-bottom":
            let key: Key = switch action.name {
            case "move-up": .up
            case "move-down": .down
            case "page-up": .pageUp
            case "page-down": .pageDown
            case "move-top": .home
            default: .end
            }
            let before = queue.selectedCase
            _ = panes[focus]?.handle(key)
            if queue.selectedCase != before { loadDetail() }
        case "show-case": focus = .entitlement
        case "next-view": queue.cycleView(); loadDetail()
        case "view-open", "view-mine", "view-unverified", "view-due-today", "view-ready", "view-blocked", "view-all":
            let views: [String: QueueQuery.View] = ["view-open": .open, "view-mine": .mine, "view-unverified": .unverified,
                                                    "view-due-today": .dueToday, "view-ready": .readyToClose,
                                                    "view-blocked": .blockedAtClose, "view-all": .all]
            queue.setView(views[action.name]!)
            loadDetail()
        case "sort": queue.cycleSort(); loadDetail()
        case "clear-filter": queue.clearFilter(); loadDetail()
        case "new-case": newCaseForm()
        case "reports": reportsDialog()
        case "approvals": openApprovals()
        case "undo": run("undo")
        case "redo": run("redo")
        default: performOnCase(action)
        }
    }

    /// Actions on the selected case.
    private func performOnCase(_ action: ScreenAction) {
        guard let d = detail else {
            status = StatusLine(message: "\(action.label): select a case first", kind: .error)
            return
        }
        let id = String(d.serviceCase.id.rawValue)
        switch action.name {
        case "verify": run("verify \(id)")
        case "no-parts", "no-labour": run("\(action.name) \(id)")
        case "bill": bill(d)
        case "close-case":
            confirm("Close case \(id)?", [
                d.serviceCase.subject,
                "",
                "Closing adds the covered amounts to the warranty's spent amount and debits contract balances.",
                "It cannot be undone; only a supervisor can reopen a closed case.",
            ], button: "Close case") { [weak self] in
                guard let self, let result = self.run("close \(id)", shown: .statusLine), result.failure == .invalid else { return }
                // Refused by the gate: the checklist says why; show it.
                if !self.isWide { self.focus = .closure }
            }
        case "cancel-case":
            confirm("Cancel case \(id)?", ["A cancelled case cannot be worked on again."], button: "Cancel case") { [weak self] in
                self?.form("Cancel case \(id)", [FormField("reason", label: "Reason")]) { v in
                    CommandText.line("cancel", [id, v["reason"]!])
                }
            }
        case "schedule":
            let start = nextHour(), end = start.adding(hours: 2)
            form("Schedule a visit on case \(id)", [
                FormField("technician", label: "Technician", completion: completer("schedule \(id) ")),
                FormField("start", label: "From (UTC)", value: minute(start), validator: timeValidator),
                FormField("end", label: "To (UTC)", value: minute(end), validator: timeValidator),
            ]) { v in CommandText.line("schedule", [id, v["technician"]!, v["start"]!, v["end"]!]) }
        case "visit-done":
            let planned = d.visits.filter { $0.status == .planned }
            if planned.isEmpty {
                status = StatusLine(message: "case \(id) has no planned visit; s schedules one", kind: .error)
            } else if planned.count == 1 {
                run("visit \(planned[0].id) done")
            } else {
                form("Which visit is done?", [
                    FormField("visit", label: "Visit", value: String(planned[0].id.rawValue), validator: numberValidator),
                ]) { v in "visit \(v["visit"]!) done" }
            }
        case "reserve":
            modal = .reserve(ReserveView(session: session, caseID: d.serviceCase.id))
        case "use-part":
            // What the reservation selected in the parts pane holds, when that pane has the focus.
            let held = focus == .parts ? parts.selectedReservation : nil
            form("Part used on case \(id)", [
                FormField("item", label: "Item", value: held?.sku ?? "", completion: completer("use \(id) ")),
                FormField("quantity", label: "Quantity", value: String(held?.remaining ?? 1), validator: numberValidator),
                FormField("bin", label: "From bin", value: held?.bin ?? "", completion: { [weak self] p in
                    guard let self, case .form(let f, _)? = self.modal else { return [] }
                    return self.session.completions(for: "use \(id) \(f.value(of: "item") ?? "-") 1 \(p)")
                }),
            ]) { v in CommandText.line("use", [id, v["item"]!, v["quantity"]!, v["bin"]!]) }
        case "take-back":
            let command = parts.selectedReservation != nil ? "release" : "return"
            if let refusal = ScreenAction.refusal(CommandCatalogue.find([command])?.0, for: session.user) {
                status = StatusLine(message: "\(command): \(refusal)", kind: .error)
                return
            }
            switch parts.selectedRow {
            case .reservation(let r)?:
                run("release \(r.id)")
            case .line(let l)? where l.kind == .part && (l.quantity ?? 0) > 0:
                form("Return a part of line \(l.id): \(l.description)", [
                    FormField("quantity", label: "How many back", value: String(l.quantity ?? 1), validator: numberValidator),
                ]) { v in "return \(l.id) \(v["quantity"]!)" }
            default:
                status = StatusLine(message: "take back: select a reservation or a part line in the parts pane", kind: .error)
            }
        case "labour":
            let me = session.user.role == .technician ? session.user.account : ""
            form("Labour on case \(id)", [
                FormField("minutes", label: "Minutes", validator: numberValidator),
                FormField("technician", label: "Technician", value: me, completion: completer("schedule \(id) ")),
            ]) { v in CommandText.line("labour", [id, v["minutes"]!], options: [("technician", v["technician"] ?? "")]) }
        case "travel":
            form("Travel on case \(id)", [
                FormField("amount", label: "Amount", validator: moneyValidator),
                FormField("note", label: "Note", optional: true),
            ]) { v in CommandText.line("travel", [id, v["amount"]!], options: [("note", v["note"] ?? "")]) }
        case "expense":
            form("Expense on case \(id)", [
                FormField("amount", label: "Amount", validator: moneyValidator),
                FormField("description", label: "What", placeholder: "e.g. Call-out fee"),
            ]) { v in CommandText.line("expense", [id, v["amount"]!, v["description"]!]) }
        case "resolve":
            form("Resolve case \(id)", [
                FormField("code", label: "Resolution code", value: d.serviceCase.resolutionCode ?? "",
                          placeholder: "e.g. REPLACED-PART", validator: codeValidator),
                FormField("notes", label: "Technician notes"),
            ]) { v in CommandText.line("resolve", [id, v["code"]!, v["notes"]!]) }
        case "note":
            form("Note on case \(id)", [FormField("text", label: "Note")]) { v in CommandText.line("note", [id, v["text"]!]) }
        case "classify":
            guard let line = parts.selectedLine else {
                status = StatusLine(message: "classify: select a line in the parts pane first", kind: .error)
                return
            }
            form("Classify line \(line.id): \(line.description)", [
                FormField("as", label: "As", value: "billable",
                          validator: { ["billable", "proposed"].contains($0) ? nil : "billable or proposed" },
                          completion: { p in ["billable", "proposed"].filter { $0.hasPrefix(p) } }),
                FormField("reason", label: "Reason code", optional: true, validator: codeValidator),
            ]) { v in CommandText.line("classify", [String(line.id.rawValue), v["as"]!] + (v["reason"].map { [$0] } ?? [])) }
        case "request-override":
            overrideForm(d)
        case "fix-check":
            guard let check = closure.selectedCheck, !check.passed else { return }
            guard let fix = ActionTable.running(check.id.fix) else {
                status = StatusLine(message: "\(check.id.title): \(check.message)", kind: .info)
                return
            }
            // A pane's own action works on what is selected there: go there first.
            if let pane = PaneID(rawValue: fix.context.rawValue), pane != .closure {
                focus = pane
                let keys = keymap.keys(for: fix.name, context: pane.rawValue).map(\.description).joined(separator: "/")
                status = StatusLine(message: "\(check.message) — select it and press \(keys)", kind: .info)
                return
            }
            perform(fix)
        default:
            status = StatusLine(message: "\(action.name) is not available yet", kind: .error)
        }
    }

    private func bill(_ d: CaseDetail) {
        let id = String(d.serviceCase.id.rawValue)
        guard let result = run("bill \(id)") else { return }
        if !result.ok, result.message.contains("`bill \(id) zero`") {
            confirm("Nothing to bill on case \(id)", ["Record a zero warranty confirmation?",
                                                      "(Or add a call-out fee with e, then bill.)"],
                    button: "Record zero", dangerous: false) { [weak self] in self?.run("bill \(id) zero") }
        }
    }

    private func overrideForm(_ d: CaseDetail) {
        let id = String(d.serviceCase.id.rawValue)
        let kinds = ["goodwill", "cover-object", "waive-deductible", "extend-cap"]
        form("Ask for an override on case \(id)", [
            FormField("kind", label: "Kind", value: "goodwill",
                      validator: { kinds.contains($0) ? nil : kinds.joined(separator: ", ") },
                      completion: { p in kinds.filter { $0.hasPrefix(p) } }),
            FormField("line", label: "Line (goodwill)", value: parts.selectedLine.map { String($0.id.rawValue) } ?? "",
                      optional: true, validator: numberValidator),
            FormField("amount", label: "Amount (goodwill, cap)", optional: true, validator: moneyValidator),
            FormField("contract", label: "Contract (cover object)", optional: true,
                      completion: completer("request cover-object \(id) ")),
            FormField("reason", label: "Reason code", validator: codeValidator),
            FormField("note", label: "Note", optional: true),
        ]) { [weak self] v in
            let reason = v["reason"]!, note = [("note", v["note"] ?? "")]
            switch v["kind"]! {
            case "goodwill":
                guard let line = v["line"], let amount = v["amount"] else {
                    self?.status = StatusLine(message: "goodwill needs a line and an amount", kind: .error); return nil
                }
                return CommandText.line("request goodwill", [line, amount, reason], options: note)
            case "cover-object":
                guard let contract = v["contract"] else {
                    self?.status = StatusLine(message: "cover object needs a contract", kind: .error); return nil
                }
                return CommandText.line("request cover-object", [id, contract, reason], options: note)
            case "extend-cap":
                guard let amount = v["amount"] else {
                    self?.status = StatusLine(message: "extend cap needs an amount", kind: .error); return nil
                }
                return CommandText.line("request extend-cap", [id, amount, reason], options: note)
            default:
                return CommandText.line("request waive-deductible", [id, reason], options: note)
            }
        }
    }

    // MARK: - Approvals

    /// The approvals queue, read afresh.
    func openApprovals() {
        do {
            modal = .approvals(ApprovalsView(items: try session.pendingApprovals()))
        } catch {
            status = StatusLine(message: "could not read the approvals: \(error)", kind: .error)
        }
    }

    /// A note, then the decision; back to the queue for the next one. Refused, the form
    /// stays with the reason on the status line.
    func decide(_ item: PendingApproval, approve: Bool) {
        let verb = approve ? "approve" : "reject"
        let id = String(item.request.id.rawValue)
        let view = FormView(title: "\(approve ? "Approve" : "Reject") #\(id): \(item.request.summary) on case \(item.request.caseID)",
                            fields: [FormField("note", label: "Note", optional: true)])
        func submit(_ values: [String: String]) -> String? {
            modal = nil
            if let result = run(CommandText.line(verb, [id], options: [("note", values["note"] ?? "")])), result.ok {
                openApprovals()
            } else {
                modal = .form(view, submit: submit)
            }
            return nil
        }
        modal = .form(view, submit: submit)
    }

    // MARK: - Reports

    /// Which report; it opens in a view that scrolls, as `:report …` would. A letter picks.
    private func reportsDialog() {
        let month = String(session.today.description.prefix(7))
        var entries: [(key: Character, label: String, command: String)] = [
            ("k", "KPIs: completeness, first fix, resolution, SLA, status and age", "report kpi"),
            ("s", "SLA: by priority, with the cases breached or at risk", "report sla"),
            ("r", "Reconcile \(month): parts and issues, open cases, open claims", "report reconcile \(month)"),
            ("p", "Contract profitability: fee earned against covered cost", "report profitability"),
            ("w", "Warranty cost by item", "report warranty-cost"),
            ("l", "Leakage: an audit sample of 10 closed cases (seed 1)", "report leakage"),
        ]
        if let id = detail?.serviceCase.id {
            entries.append(("c", "Completion report of case \(id)", "report case \(id)"))
        }
        let list = ListView(lines: entries.map { ListLine("\($0.key)  \($0.label)") }, selectable: true)
        modal = .menu(title: "Reports (CSV, JSON: casebench report … --format)", list, keys: entries.map(\.key)) { [weak self] i in
            guard let self, let result = self.run(entries[i].command), result.ok else { return }
            self.modal = .output(title: result.message, ListView(text: result.details.isEmpty ? ["(nothing)"] : result.details))
        }
    }

    // MARK: - New case

    func newCaseForm() {
        form("New case", [
            FormField("customer", label: "Customer", placeholder: "id or name", completion: completer("open ")),
            FormField("serial", label: "Serial", completion: { [weak self] prefix in
                guard let self, case .form(let f, _)? = self.modal else { return [] }
                let customer = f.value(of: "customer") ?? ""
                return self.session.completions(for: "open \(customer.isEmpty ? "-" : customer) \(prefix)")
            }),
            FormField("subject", label: "Fault"),
            FormField("priority", label: "Priority 1–4", value: "3",
                      validator: { (1...4).contains(Int($0) ?? 0) ? nil : "1 (highest) to 4" }),
            FormField("contact", label: "Contact", optional: true),
            FormField("name", label: "New caller: name", optional: true),
            FormField("region", label: "New caller: region", optional: true),
            FormField("item", label: "New asset: item", optional: true, completion: completer("use 1 ")),
            FormField("installed", label: "New asset: installed", placeholder: "YYYY-MM-DD", optional: true,
                      validator: { CivilDate(parsing: $0) == nil ? "a date: YYYY-MM-DD" : nil }),
        ]) { v in
            CommandText.line("open", [v["customer"]!, v["serial"]!, v["subject"]!], options: [
                ("priority", v["priority"] ?? ""), ("contact", v["contact"] ?? ""), ("name", v["name"] ?? ""),
                ("region", v["region"] ?? ""), ("item", v["item"] ?? ""), ("installed", v["installed"] ?? ""),
            ])
        }
    }

    // MARK: - Building blocks

    var isWide: Bool { Layout(size: terminal.size, focus: focus, zoomed: zoomed).isWide }

    func form(_ title: String, _ fields: [FormField], submit: @escaping ([String: String]) -> String?) {
        modal = .form(FormView(title: title, fields: fields), submit: submit)
    }

    func confirm(_ title: String, _ message: [String], button: String, dangerous: Bool = true, then: @escaping () -> Void) {
        modal = .dialog(Dialog(title: title, message: message, buttons: [button, "Cancel"], dangerous: dangerous)) { choice in
            if choice == 0 { then() }
        }
    }

    func openCommandLine() {
        modal = .commandLine(TextField(placeholder: "a command; Tab completes, Enter runs, Esc leaves") { [weak self] value in
            guard let self else { return [] }
            let head = value.last?.isWhitespace == true ? value : String(value[..<(value.lastIndex(where: \.isWhitespace).map { value.index(after: $0) } ?? value.startIndex)])
            return self.session.completions(for: value).map { head + $0 }
        })
    }

    /// Completion of the last argument of a command line that starts with `prefix`.
    func completer(_ prefix: String) -> (String) -> [String] {
        { [weak self] typed in self?.session.completions(for: prefix + typed) ?? [] }
    }

    func helpOverlay() -> HelpOverlay {
        let titles: [ActionContext: String] = [.global: "Everywhere", .queue: "Cases", .entitlement: "Asset & entitlement",
                                               .parts: "Parts & lines", .closure: "Closure checklist"]
        let sections = ActionContext.allCases.compactMap { context -> HelpSection? in
            let entries = ActionTable.all.filter { $0.context == context }.compactMap { a -> HelpEntry? in
                let keys = keymap.keys(for: a.name, context: context == .global ? nil : context.rawValue).map(\.description)
                guard !keys.isEmpty else { return nil }
                return HelpEntry(keys.joined(separator: " "), a.help, disabled: a.refusal(for: session.user))
            }
            return entries.isEmpty ? nil : HelpSection(titles[context]!, entries: entries)
        }
        return HelpOverlay(title: "Keys — \(session.user.account) (\(session.user.role.rawValue))", sections: sections)
    }

    private func nextHour() -> Timestamp {
        let now = session.now
        return Timestamp(seconds: (now.seconds / 3600 + 1) * 3600)
    }

    private func minute(_ t: Timestamp) -> String { String(t.description.dropLast()) } // drop the Z

    private var timeValidator: (String) -> String? { { Timestamp(parsing: $0) == nil ? "a time: YYYY-MM-DDTHH:MM" : nil } }
    private var numberValidator: (String) -> String? { { (Int($0) ?? 0) > 0 ? nil : "a whole number above 0" } }
    private var moneyValidator: (String) -> String? { { Money(parsing: $0) == nil ? "an amount like 120.00" : nil } }
    private var codeValidator: (String) -> String? {
        { ReasonCode.isWellFormed($0) ? nil : "capitals, digits and dashes, e.g. REPLACED-PART" }
    }
}
