import CNCursesW
import Foundation

/// The locale the screen draws in, as it stands once set for this process: the workbench
/// sets it before ncurses starts, and `casebench doctor` sets it the same way to report what
/// the screen would meet. `TerminalLocale` decides; this applies the decision.
public enum LocaleStatus: Equatable, Sendable {
    /// The locale the environment names is installed and UTF-8.
    case asNamed(String)
    /// The screen draws in C.UTF-8 instead; `note` says what was set aside (nil when the
    /// environment named no locale, or C).
    case cUTF8(note: String?)
    /// The screen cannot draw: why, in words that say what to do.
    case unusable(String)

    /// Sets this process's locale: the one the environment names, or C.UTF-8 in its place.
    /// `setlocale` reads the process's own environment; `environment` gives the name it says.
    public static func establish(environment: [String: String]) -> LocaleStatus {
        let installed = setlocale(LC_ALL, "") != nil
        // As setlocale reads them: the first that is set and not empty.
        let named = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        switch TerminalLocale.decide(named: named, installed: installed, isUTF8: cb_locale_is_utf8() != 0) {
        case .asNamed: return .asNamed(named)
        case .cUTF8:
            if setlocale(LC_ALL, "C.UTF-8") != nil, cb_locale_is_utf8() != 0 {
                return .cUTF8(note: TerminalLocale.fallbackNote(named: named))
            }
            return .unusable("this host has no C.UTF-8 locale, which the workbench draws in; install one (locales)")
        case .refused(let reason): return .unusable(reason)
        }
    }
}
