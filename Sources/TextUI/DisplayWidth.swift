import CNCursesW
import Foundation

/// Columns a text takes on a terminal: not `String.count`. Accents take one column, CJK and
/// most emoji two, combining marks none. Measured per code point with the C library's
/// `wcwidth`, as ncurses and the terminal measure it (ZWJ emoji sequences stay approximate).
public enum DisplayWidth {
    /// `wcwidth` answers for the current locale's character type: make sure it is UTF-8.
    private static let localeReady: Bool = {
        if cb_locale_is_utf8() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
        return true
    }()

    /// Columns of one character (grapheme cluster).
    public static func of(_ c: Character) -> Int {
        _ = localeReady
        var width = 0
        for scalar in c.unicodeScalars {
            if scalar.value == 0xFE0F { width = max(width, 2); continue }    // emoji presentation
            let w = Int(cb_wcwidth(scalar.value))
            if w > 0 { width = max(width, w) } else if w < 0 && width == 0 { width = 1 }
        }
        return min(width, 2)
    }

    public static func of(_ s: some StringProtocol) -> Int {
        s.reduce(0) { $0 + of($1) }
    }

    /// The longest prefix of `s` that fits in `columns`.
    public static func clip(_ s: some StringProtocol, to columns: Int) -> String {
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > columns { break }
            out.append(c); used += w
        }
        return out
    }

    public enum Alignment: Sendable { case left, right, center }

    /// `s` clipped to `columns` and padded with spaces to exactly that width; an ellipsis
    /// marks text that was cut when `ellipsis` is set.
    public static func fit(_ s: some StringProtocol, to columns: Int, align: Alignment = .left, ellipsis: Bool = false) -> String {
        guard columns > 0 else { return "" }
        var text = String(s)
        if of(text) > columns {
            text = ellipsis && columns > 1 ? clip(text, to: columns - 1) + "…" : clip(text, to: columns)
        }
        let pad = columns - of(text)
        switch align {
        case .left: return text + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + text
        case .center: return String(repeating: " ", count: pad / 2) + text + String(repeating: " ", count: pad - pad / 2)
        }
    }

    /// Text made safe to draw: control characters (which could move the cursor, change the
    /// title or clear the screen) become visible symbols; tabs become a space.
    public static func inert(_ s: some StringProtocol) -> String {
        var out = ""
        for c in s {
            if c == "\t" { out.append(" "); continue }
            if c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                out.append("�")
            } else {
                out.append(c)
            }
        }
        return out
    }
}
