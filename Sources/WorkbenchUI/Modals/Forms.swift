import ServiceCore
import TextUI
import Workbench

/// Forms and confirmations over the panes. A form's submit turns its values into one line
/// of the command language, run as any other; refused, the form comes back as it was typed.
extension WorkbenchApp {
    func form(_ title: String, _ fields: [FormField], submit: @escaping (FormValues) -> String?) {
        modal = .form(FormView(title: title, fields: fields), submit: submit)
    }

    func confirm(
        _ title: String, _ message: [String], button: String, dangerous: Bool = true, then: @escaping () -> Void
    ) {
        modal = .dialog(Dialog(title: title, message: message, buttons: [button, "Cancel"], dangerous: dangerous)) {
            choice in
            if choice == 0 { then() }
        }
    }

    /// Completion of the last argument of a command line that starts with `prefix`.
    func completer(_ prefix: String) -> (String) -> [String] {
        { [weak self] typed in self?.session.completions(for: prefix + typed) ?? [] }
    }
}

/// What a form's fields accept, with what to say when a value is not that.
enum Validators {
    static func time(_ s: String) -> String? { Timestamp(parsing: s) == nil ? "a time: YYYY-MM-DDTHH:MM" : nil }
    static func number(_ s: String) -> String? { (Int(s) ?? 0) > 0 ? nil : "a whole number above 0" }
    static func money(_ s: String) -> String? { Money(parsing: s) == nil ? "an amount like 120.00" : nil }
    static func code(_ s: String) -> String? {
        ReasonCode.isWellFormed(s) ? nil : "capitals, digits and dashes, e.g. REPLACED-PART"
    }
}
