import ServiceCore
import TextUI
import Workbench

/// Forms and confirmations over the panes. A form's submit turns its values into one line
/// of the command language, run as any other; refused, the form comes back as it was typed.
extension WorkbenchApp {
    func form(_ title: String, _ fields: [FormField], submit: @escaping (FormValues) -> String?) {
        modal = .form(formView(title, fields), submit: submit)
    }

    /// A form, offering the user's editor for its long-text fields when one is set.
    func formView(_ title: String, _ fields: [FormField]) -> FormView {
        let view = FormView(title: title, fields: fields)
        view.offersEditor = editor != nil
        return view
    }

    /// C-x C-e on a long-text field: its text in the user's editor, with the terminal given
    /// over meanwhile and drawn again after; what comes back replaces the field's text, or the
    /// field keeps it and says why. Nothing is recorded until the form is submitted.
    func editInEditor(_ form: FormView, at index: Int) {
        guard let editor else { return }
        let field = form.fields[index]
        let input = form.inputs[index]
        // What each commit needs beside the database, opened before the group is given up.
        session.holdFilesForChildren()
        let outcome = editor.edit(
            input.value, what: "the " + field.label.lowercased(), name: field.name,
            environment: editorEnvironment
        ) { run in try terminal.suspend(while: run) }
        switch outcome {
        case .edited(let text, let joined):
            input.value = text
            input.message = nil
            status = StatusLine(
                message: joined > 0
                    ? "\(field.label): the editor's \(joined) lines were joined into one, as the field holds one line"
                    : "\(field.label) from the editor; C-s saves the form",
                kind: .info)
        case .kept(let why):
            input.message = why
            status = StatusLine(message: why, kind: .error)
        }
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
