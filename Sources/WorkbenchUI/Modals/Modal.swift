import TextUI
import Workbench

/// What is open over the panes, and takes every key until it closes.
extension WorkbenchApp {
    enum Modal {
        case help(HelpOverlay)
        /// `submit` turns the values into a command line (or nil to stay open).
        case form(FormView, submit: (FormValues) -> String?)
        case dialog(Dialog, choose: (Int) -> Void)
        case commandLine(TextField)
        case output(title: String, ListView)
        /// A list to pick from: Enter, or the letter an entry starts with, picks it.
        case menu(title: String, ListView, keys: [Character], choose: (Int) -> Void)
        case reserve(ReserveView)
        case approvals(ApprovalsView)

        /// Whether Up and Down scroll the box (help, a report, a menu, approvals), so the
        /// wheel may too; in a form they move between fields, in a dialog between buttons.
        var scrolls: Bool {
            switch self {
            case .help, .output, .menu, .approvals: true
            case .form, .dialog, .commandLine, .reserve: false
            }
        }
    }

    func handleModal(_ key: Key) {
        switch modal {
        case .help(let help)?:
            if help.handle(key) == .closed { modal = nil }
        case .form(let form, let submit)?:
            switch form.handle(key) {
            case .submitted(let values):
                guard let line = submit(values) else { return }
                modal = nil
                if let result = run(line), !result.ok {
                    // Keep what was typed: the form comes back with the error beneath it.
                    modal = .form(form, submit: submit)
                }
            case .cancelled: modal = nil
            case .editInEditor(let index): editInEditor(form, at: index)
            default: break
            }
        case .dialog(let dialog, let choose)?:
            switch dialog.handle(key) {
            case .chosen(let i):
                modal = nil
                choose(i)
            case .cancelled: modal = nil
            case .pending: break
            }
        case .commandLine(let field)?:
            switch field.handle(key) {
            case .submit:
                modal = nil
                let line = field.value
                run(line, shown: .wholeWithDetails)
            case .cancel: modal = nil
            default: break
            }
        case .output(_, let list)?:
            if key == .escape || key == .enter || key == .character("q") { modal = nil } else { _ = list.handle(key) }
        case .menu(_, let list, let keys, let choose)?:
            var picked: Int?
            switch key {
            case .escape, .character("q"): modal = nil
            case .enter: picked = list.selectedIndex
            case .character(let c): picked = keys.firstIndex(of: c)
            default: _ = list.handle(key)
            }
            if let picked {
                modal = nil
                choose(picked)
            }
        case .approvals(let view)?:
            switch view.handle(key) {
            case .close: modal = nil
            case .refused(let why): status = StatusLine(message: why, kind: .error)
            case .decide(let item, let approve): decide(item, approve: approve)
            case .none: break
            }
        case .reserve(let view)?:
            switch view.handle(key) {
            case .submit(let line):
                modal = nil
                if let result = run(line), !result.ok { modal = .reserve(view) }
            case .cancel: modal = nil
            case .editing: break
            }
        case nil:
            break
        }
    }
}
