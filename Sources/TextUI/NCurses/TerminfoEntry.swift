import CNCursesW

/// What the terminfo database says of the terminal `TERM` names, looked up as ncurses looks it
/// up when the workbench starts (`newterm`), but without starting it: `casebench doctor` asks
/// from a script or over SSH what the screen would meet.
public enum TerminfoEntry: Equatable, Sendable {
    case termUnset
    /// An entry describes it; `colors` is its `colors` capability, 0 when it names none.
    case found(term: String, colors: Int)
    /// No entry describes it (a terminal this host's ncurses was not given, e.g. over SSH).
    case unknown(term: String)
    /// This host has no terminfo database at all.
    case noDatabase(term: String)
    /// A printing terminal, which cannot hold a screen.
    case hardcopy(term: String)

    /// `TERM` from `environment`; the lookup itself follows ncurses' own `TERMINFO` and
    /// `TERMINFO_DIRS`, from the process's environment.
    public static func lookUp(environment: [String: String]) -> TerminfoEntry {
        guard let term = environment["TERM"], !term.isEmpty else { return .termUnset }
        var colors: Int32 = 0
        switch cb_terminfo_colors(term, &colors) {
        case 1: return .found(term: term, colors: Int(max(colors, 0)))
        case 2: return .hardcopy(term: term)
        case -1: return .noDatabase(term: term)
        default: return .unknown(term: term)
        }
    }
}
