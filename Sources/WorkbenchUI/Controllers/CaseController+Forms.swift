import ServiceCore
import TextUI
import Workbench

/// The case actions that ask first: a form per command, its fields read back by name-safe
/// constants, its values turned into one command line.
extension CaseController {
    @MainActor
    static func schedule(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let technician = FormField("technician", label: "Technician", completion: app.completer("schedule \(id) "))
        // Left empty, the command books his next free two hours: Enter after his name books it.
        let from = FormField(
            "start", label: "From (UTC)", placeholder: "his next free slot", optional: true, validator: Validators.time)
        let to = FormField(
            "end", label: "To (UTC)", placeholder: "two hours on", optional: true, validator: Validators.time)
        app.form("Schedule a visit on case \(id)", [technician, from, to]) { v in
            // An end alone says nothing without its start: the command then books from his next free slot.
            let times = v.text(from).isEmpty ? [] : [v.text(from)] + (v.text(to).isEmpty ? [] : [v.text(to)])
            return CommandText.line("schedule", [id, v.text(technician)] + times)
        }
    }

    @MainActor
    static func usePart(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        // What the reservation selected in the parts pane holds, when that pane has the focus;
        // else the case's first reservation still holding parts — on site, the part he brought.
        let held =
            app.focus == .parts ? app.parts.selectedReservation : d.openReservations.first
        // An item is found by its number or by any word of its description: on site he knows
        // the part by what it is.
        let item = FormField(
            "item", label: "Item", value: held?.sku ?? "",
            describedCompletion: { [weak app] typed in
                (app?.session.items(matching: typed.trimmingCharacters(in: .whitespaces)) ?? []).map {
                    Completion($0.sku, note: $0.description)
                }
            })
        let quantity = FormField(
            "quantity", label: "Quantity", value: String(held?.remaining ?? 1),
            validator: Validators.number)
        // His own van first, then the bins `reserve` would suggest, each with how many of the
        // item he can use from it.
        let bin = FormField(
            "bin", label: "From bin", value: held?.bin ?? "",
            describedCompletion: { [weak app] typed in
                guard let app, case .form(let f, _)? = app.modal else { return [] }
                let sku = (f.value(of: item) ?? "").trimmingCharacters(in: .whitespaces)
                let wanted = Int(f.value(of: quantity) ?? "") ?? 1
                guard !sku.isEmpty else { return [] }
                let typedBin = typed.trimmingCharacters(in: .whitespaces).uppercased()
                return app.session.binsForUse(of: sku, on: d.serviceCase.id, quantity: max(1, wanted))
                    .filter { $0.bin.id.uppercased().hasPrefix(typedBin) }
                    .map { Completion($0.bin.id, note: Self.note(for: $0)) }
            })
        app.form("Part used on case \(id)", [item, quantity, bin]) { v in
            CommandText.line("use", [id, v.text(item), v.text(quantity), v.text(bin)])
        }
    }

    /// "3 available, 2 held for this case · your van": what a bin offers for a used part.
    static func note(for offer: BinOffer) -> String {
        var note = "\(offer.usable) available"
        if offer.heldForCase > 0 { note += ", \(offer.heldForCase) held for this case" }
        if offer.isOwnVan { note += " · your van" }
        return note
    }

    @MainActor
    static func labour(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let me = app.session.user.role == .technician ? app.session.user.account : ""
        let minutes = FormField("minutes", label: "Minutes", validator: Validators.number)
        let technician = FormField(
            "technician", label: "Technician", value: me,
            completion: app.completer("schedule \(id) "))
        amountForm(app, "Labour on case \(id)", "labour", id, minutes, option: technician)
    }

    @MainActor
    static func travel(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let amount = FormField("amount", label: "Amount", validator: Validators.money)
        let note = FormField("note", label: "Note", optional: true, longText: true)
        amountForm(app, "Travel on case \(id)", "travel", id, amount, option: note)
    }

    /// `command ID AMOUNT option=…`, as labour and travel take it.
    @MainActor
    private static func amountForm(
        _ app: WorkbenchApp, _ title: String, _ command: String, _ id: String,
        _ amount: FormField, option: FormField
    ) {
        app.form(title, [amount, option]) { v in
            CommandText.line(command, [id, v.text(amount)], options: [(option.name, v.text(option))])
        }
    }

    @MainActor
    static func expense(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let amount = FormField("amount", label: "Amount", validator: Validators.money)
        let what = FormField("description", label: "What", placeholder: "e.g. Call-out fee")
        app.form("Expense on case \(id)", [amount, what]) { v in
            CommandText.line("expense", [id, v.text(amount), v.text(what)])
        }
    }

    @MainActor
    static func resolve(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        // Completed from the desk's list, typed in any case, each code with its description;
        // an unknown code is named on leaving the field, as `resolve` would refuse it.
        let code = FormField(
            "code", label: "Resolution code", value: d.serviceCase.resolutionCode ?? "",
            placeholder: "Tab lists the codes",
            validator: { [weak app] typed in app?.session.resolutionCodeProblem(typed) },
            describedCompletion: { [weak app] typed in
                (app?.session.resolutionCodes(matching: typed.trimmingCharacters(in: .whitespaces)) ?? []).map {
                    Completion($0.code, note: $0.description)
                }
            })
        let notes = FormField("notes", label: "Technician notes", longText: true)
        app.form("Resolve case \(id)", [code, notes]) { v in
            CommandText.line("resolve", [id, ResolutionCode.normalised(v.text(code)), v.text(notes)])
        }
    }

    @MainActor
    static func note(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let text = FormField("text", label: "Note", longText: true)
        app.form("Note on case \(id)", [text]) { v in CommandText.line("note", [id, v.text(text)]) }
    }
}
