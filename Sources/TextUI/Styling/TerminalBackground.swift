/// Whether the terminal's own background is dark or light. A theme that keeps the terminal's
/// background (the default theme) needs other colours on each: cyan text reads well on black
/// and hardly at all on white. Themes that paint their own background do not care.
public enum TerminalBackground: String, Hashable, Sendable, CaseIterable {
    case dark, light

    /// The background `COLORFGBG` says (`"15;0"`, or rxvt's `"0;default;15"`: its last field
    /// is the background's ANSI number), or nil when it is unset or says no number. As in vim,
    /// 0–6 and 8 are dark and the rest (7, white, and the bright colours) light.
    public static func fromColorFGBG(_ value: String?) -> TerminalBackground? {
        guard let last = value?.split(separator: ";").last, let n = Int(last), (0...15).contains(n) else {
            return nil
        }
        return (0...6).contains(n) || n == 8 ? .dark : .light
    }

    /// The background to choose colours for: the one the user named (`--background`, then
    /// config.toml's `background`), else what the terminal tells through `COLORFGBG`, else
    /// dark. The user's word wins because `COLORFGBG` is set by the terminal that started the
    /// shell and is carried unchanged through ssh, su and tmux into terminals it does not
    /// describe.
    public static func choose(named: TerminalBackground?, environment: [String: String]) -> TerminalBackground {
        named ?? fromColorFGBG(environment["COLORFGBG"]) ?? .dark
    }
}
