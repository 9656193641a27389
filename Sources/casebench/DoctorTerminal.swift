import TextUI
import Workbench

/// The terminal the workbench would start on: its type known to terminfo, its colours, and a
/// UTF-8 locale — looked up as `NCursesTerminal` looks them up, without starting ncurses — and
/// the editor a form's notes and reasons open in.
enum DoctorTerminal {
    static func checks(environment: [String: String]) -> [DoctorCheck] {
        terminfo(environment) + [locale(environment), editor(environment)]
    }

    /// `$VISUAL`, else `$EDITOR`, as the workbench chooses it (`ExternalEditor`); none is no fault.
    private static func editor(_ environment: [String: String]) -> DoctorCheck {
        guard let editor = ExternalEditor(environment: environment) else {
            return .ok("editor", "none ($VISUAL and $EDITOR unset): notes and reasons are typed in the form")
        }
        return .ok(
            "editor", "\(editor.command) (from $\(editor.variable)): C-x C-e in a form opens notes and reasons in it")
    }

    private static func terminfo(_ environment: [String: String]) -> [DoctorCheck] {
        let otherType = "set TERM=xterm-256color"
        switch TerminfoEntry.lookUp(environment: environment) {
        case .termUnset:
            return [.fail("terminal", "TERM is not set, so the terminal's type is unknown", fix: otherType)]
        case .unknown(let term):
            return [
                .fail(
                    "terminal", "no terminfo entry describes TERM=\(term)",
                    fix: "install the ncurses-term package or \(otherType)")
            ]
        case .noDatabase(let term):
            return [
                .fail(
                    "terminal", "TERM=\(term), but this host has no terminfo database",
                    fix: "install the ncurses-base and ncurses-term packages")
            ]
        case .hardcopy(let term):
            return [
                .fail("terminal", "TERM=\(term) is a printing terminal, which cannot hold a screen", fix: otherType)
            ]
        case .found(let term, let colors):
            return [.ok("terminal", "TERM=\(term), described by terminfo"), Self.colors(colors, term, environment)]
        }
    }

    private static func colors(_ colors: Int, _ term: String, _ environment: [String: String]) -> DoctorCheck {
        if Theme.noColorRequested(environment: environment) {
            return .ok("colours", "\(colors) by terminfo, but NO_COLOR is set: attributes only")
        }
        if colors >= 8 { return .ok("colours", "\(colors)") }
        return .warn(
            "colours", "terminfo gives TERM=\(term) no colours: themes draw with attributes only",
            fix: "if your terminal shows colours, set TERM=xterm-256color")
    }

    private static func locale(_ environment: [String: String]) -> DoctorCheck {
        let fix = "generate the locale (locale-gen) or set LANG=C.UTF-8"
        switch LocaleStatus.establish(environment: environment) {
        case .asNamed(let name): return .ok("locale", "\(name), UTF-8")
        case .cUTF8(nil): return .ok("locale", "none named: the screen draws in C.UTF-8")
        case .cUTF8(let note?): return .warn("locale", note, fix: fix)
        case .unusable(let reason): return .fail("locale", reason, fix: fix)
        }
    }
}
