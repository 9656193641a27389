import ServiceCore
import TextUI
import Workbench

/// Work on the selected case, from any pane: verify, visits, parts and labour recorded,
/// resolve, bill, close or cancel. Each ends as one line of the command language run by the
/// Session, so the screen can do nothing that `batch` cannot, and is refused alike.
enum CaseController {
    static let actions: [ScreenAction] = [
        ScreenAction(
            "verify", "Verify", "Verify the case's entitlement again, from master data as it is now",
            command: "verify", f: 4, keys: ["F4", "v"],
            .onCase { app, d in app.run("verify \(d.caseNumber)") }),
        ScreenAction(
            "schedule", "Visit", "Schedule a technician's visit", command: "schedule", f: 6, keys: ["F6", "s"],
            .onCase(schedule)),
        ScreenAction(
            "bill", "Bill", "Build the billing outcomes from the case's lines", command: "bill", f: 7,
            keys: ["F7", "b"], .onCase { app, d in app.bill(d) }),
        ScreenAction(
            "close-case", "Close", "Close the case; refused, with the reason, until every check holds",
            command: "close", dangerous: true, f: 8, keys: ["F8", "C"], .onCase(close)),
        ScreenAction(
            "sign-off", "Sign off",
            "On site: show the customer what is covered and what they pay, then bill and close in one go",
            command: "bill", dangerous: true, keys: ["F"], .onCase(signOff)),
        ScreenAction(
            "visit-done", "Done", "Mark the case's planned visit done", command: "visit", keys: ["d"],
            .onCase(visitDone)),
        ScreenAction(
            "reserve", "Reserve", "Reserve parts for the case, seeing each bin's availability as you type",
            command: "reserve", keys: ["r"],
            .onCase { app, d in
                app.modal = .reserve(ReserveView(session: app.session, caseID: d.serviceCase.id))
            }),
        ScreenAction(
            "use-part", "Part", "Record a part used, from a bin (what the selected reservation holds, if one is)",
            command: "use", keys: ["p"], .onCase(usePart)),
        ScreenAction("labour", "Labour", "Record labour minutes", command: "labour", keys: ["l"], .onCase(labour)),
        ScreenAction(
            "no-parts", "No parts", "Record that the case needed no parts", command: "no-parts", keys: ["P"],
            .onCase { app, d in app.run("no-parts \(d.caseNumber)") }),
        ScreenAction(
            "no-labour", "No labour", "Record that the case needed no labour", command: "no-labour",
            keys: ["L"], .onCase { app, d in app.run("no-labour \(d.caseNumber)") }),
        ScreenAction("travel", "Travel", "Record travel", command: "travel", keys: ["t"], .onCase(travel)),
        ScreenAction(
            "expense", "Expense", "Record an expense, such as a call-out fee", command: "expense", keys: ["e"],
            .onCase(expense)),
        ScreenAction(
            "resolve", "Resolve", "Record the resolution code and the technician's notes", command: "resolve",
            keys: ["R"], .onCase(resolve)),
        ScreenAction("note", "Note", "Add to the technician's notes", command: "note", keys: ["N"], .onCase(note)),
        ScreenAction(
            "request-override", "Override",
            "Ask a supervisor for an exception: goodwill, cover object, waive deductible, extend cap",
            command: "request goodwill", keys: ["o"], .onCase(requestOverride)),
        ScreenAction(
            "cancel-case", "Cancel", "Cancel a case that has no recorded work",
            command: "cancel", dangerous: true, keys: ["X"], .onCase(cancel)),
    ]

    @MainActor
    static func close(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        app.confirm(
            "Close case \(id)?",
            [
                d.serviceCase.subject,
                "",
                "Closing adds the covered amounts to the warranty's spent amount and debits contract balances.",
                "It cannot be undone; only a supervisor can reopen a closed case.",
            ], button: "Close case"
        ) { [weak app] in
            guard let app, let result = app.run("close \(id)", shown: .statusLine), result.failure == .invalid else {
                return
            }
            // Refused by the gate: the checklist says why; show it.
            if !app.isWide { app.focus = .closure }
        }
    }

    /// The completion report a technician shows the customer on site — each line, what the
    /// warranty or contract covers and what the customer pays, and the reserved parts the visit
    /// did not use — and, confirmed, `release` for each of those, `bill` and `close` run one
    /// after the other (commands of their own: a refused close leaves the outcomes built, as
    /// `b` would have, and the checklist says what is missing).
    @MainActor
    static func signOff(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        guard d.serviceCase.status.isOpen else {
            app.status = StatusLine(
                message: "sign off case \(id): it is \(d.serviceCase.status.rawValue) already", kind: .error)
            return
        }
        // Billing is what sign-off does; anything else the checklist misses comes first, and
        // the dialog is not offered for a close that would be refused.
        let missing = d.failingChecks.filter { $0.id != .outcomesComplete && $0.id != .noOpenReservation }
        guard missing.isEmpty else {
            let names = missing.map(\.id.rawValue).joined(separator: ", ")
            app.status = StatusLine(
                message: "sign off case \(id): first \(names) (the checklist says how)", kind: .error)
            if !app.isWide { app.focus = .closure }
            return
        }
        let described = Dictionary(uniqueKeysWithValues: d.lines.map { ($0.id, $0.description) })
        let (_, covered, customer) = d.split
        let lines = d.coverage.map { c in
            "\(described[c.lineID] ?? "line \(c.number)") \(c.amount): covered \(c.covered + c.goodwill), customer \(c.customer)"
        }
        let unused = d.openReservations
        let giveBack = unused.map { "\($0.remaining) × \($0.sku) to \($0.bin)" }.joined(separator: ", ")
        app.confirm(
            "Sign off case \(id)?",
            [d.serviceCase.subject, ""] + (lines.isEmpty ? ["No lines recorded."] : lines) + [
                "",
                "The customer pays \(customer); the warranty or contract covers \(covered).",
            ] + (unused.isEmpty ? [] : ["Gives back the parts not used: \(giveBack)."]) + [
                "Bills the case and closes it; only a supervisor can reopen a closed case."
            ], button: "Bill and close"
        ) { [weak app] in
            // A refused release or bill opens whole, as with x or b; a close refused by the gate
            // shows the checklist.
            guard let app else { return }
            for r in unused {
                guard let released = app.run("release \(r.id)"), released.ok else { return }
            }
            guard let billed = app.run("bill \(id)"), billed.ok else { return }
            guard let closed = app.run("close \(id)", shown: .statusLine), closed.failure == .invalid else { return }
            if !app.isWide { app.focus = .closure }
        }
    }

    @MainActor
    static func cancel(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let why = ["A cancelled case cannot be worked on again."]
        app.confirm("Cancel case \(id)?", why, button: "Cancel case") { [weak app] in
            let reason = FormField("reason", label: "Reason", longText: true)
            app?.form("Cancel case \(id)", [reason]) { v in CommandText.line("cancel", [id, v.text(reason)]) }
        }
    }

    @MainActor
    static func visitDone(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let planned = d.visits.filter { $0.status == .planned }
        if planned.isEmpty {
            app.status = StatusLine(message: "case \(id) has no planned visit; s schedules one", kind: .error)
        } else if planned.count == 1 {
            app.run("visit \(planned[0].id) done")
        } else {
            let visit = FormField(
                "visit", label: "Visit", value: String(planned[0].id.rawValue),
                validator: Validators.number)
            app.form("Which visit is done?", [visit]) { v in "visit \(v.text(visit)) done" }
        }
    }
}

extension WorkbenchApp {
    func bill(_ d: CaseDetail) {
        let id = String(d.serviceCase.id.rawValue)
        guard let result = run("bill \(id)") else { return }
        if !result.ok, result.reason == .nothingToBill {
            confirm(
                "Nothing to bill on case \(id)",
                [
                    "Record a zero warranty confirmation?",
                    "(Or add a call-out fee with e, then bill.)",
                ],
                button: "Record zero", dangerous: false
            ) { [weak self] in self?.run("bill \(id) zero") }
        }
    }
}

extension CaseDetail {
    /// The case's number as the command language takes it.
    var caseNumber: String { String(serviceCase.id.rawValue) }

    /// What the lines come to, what the warranty or contract pays of it (goodwill included)
    /// and what the customer pays: a closed case's split is on its outcomes, an open one's is
    /// computed now.
    var split: (total: Money, covered: Money, customer: Money) {
        let total = Money.sum(lines.map(\.amount))
        let covered =
            coverage.isEmpty
            ? Money.sum(outcomes.flatMap(\.draft.portions).filter { $0.kind != .customer }.map(\.amount))
            : Money.sum(coverage.map { $0.covered + $0.goodwill })
        return (total, covered, total - covered)
    }
}
