import TextUI
import Workbench

extension CaseController {
    /// One form for the four kinds of override; what each kind needs is checked on submit.
    @MainActor
    static func requestOverride(_ app: WorkbenchApp, _ d: CaseDetail) {
        let id = d.caseNumber
        let kinds = ["goodwill", "cover-object", "waive-deductible", "extend-cap"]
        let kind = FormField(
            "kind", label: "Kind", value: "goodwill",
            validator: { kinds.contains($0) ? nil : kinds.joined(separator: ", ") },
            completion: { p in kinds.filter { $0.hasPrefix(p) } })
        let selected = app.parts.selectedLine.map { String($0.id.rawValue) } ?? ""
        let lineField = FormField(
            "line", label: "Line (goodwill)", value: selected, optional: true,
            validator: Validators.number)
        let amountField = FormField(
            "amount", label: "Amount (goodwill, cap)", optional: true,
            validator: Validators.money)
        let contractField = FormField(
            "contract", label: "Contract (cover object)", optional: true,
            completion: app.completer("request cover-object \(id) "))
        let reasonCode = FormField("reason", label: "Reason code", validator: Validators.code)
        let noteText = FormField("note", label: "Note", optional: true, longText: true)
        let fields = [kind, lineField, amountField, contractField, reasonCode, noteText]
        app.form("Ask for an override on case \(id)", fields) { [weak app] v in
            let reason = v.text(reasonCode)
            let note = [(noteText.name, v.text(noteText))]
            switch v.text(kind) {
            case "goodwill":
                guard let line = v[lineField], let amount = v[amountField] else {
                    app?.status = StatusLine(message: "goodwill needs a line and an amount", kind: .error)
                    return nil
                }
                return CommandText.line("request goodwill", [line, amount, reason], options: note)
            case "cover-object":
                guard let contract = v[contractField] else {
                    app?.status = StatusLine(message: "cover object needs a contract", kind: .error)
                    return nil
                }
                return CommandText.line("request cover-object", [id, contract, reason], options: note)
            case "extend-cap":
                guard let amount = v[amountField] else {
                    app?.status = StatusLine(message: "extend cap needs an amount", kind: .error)
                    return nil
                }
                return CommandText.line("request extend-cap", [id, amount, reason], options: note)
            default:
                return CommandText.line("request waive-deductible", [id, reason], options: note)
            }
        }
    }
}
