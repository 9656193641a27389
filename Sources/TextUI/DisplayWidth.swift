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
            if scalar.value == 0xFE0F {
                width = max(width, 2)
                continue
            } // emoji presentation
            let w = Int(cb_wcwidth(scalar.value))
            if w > 0 { width = max(width, w) } else if w < 0 && width == 0 { width = 1 }
        }
        return min(width, 2)
    }

    public static func of(_ s: some StringProtocol) -> Int {
        // Printable ASCII, most of what a queue row holds, is a column a byte: no wcwidth.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        return s.reduce(0) { $0 + of($1) }
    }

    /// The longest prefix of `s` that fits in `columns`.
    public static func clip(_ s: some StringProtocol, to columns: Int) -> String {
        var out = ""
        var used = 0
        for c in s {
            let w = of(c)
            if used + w > columns { break }
            out.append(c)
            used += w
        }
        return out
    }

    public enum Alignment: Sendable { case left, right, center }

    /// `s` clipped to `columns` and padded with spaces to exactly that width; an ellipsis
    /// marks text that was cut when `ellipsis` is set.
    public static func fit(_ s: some StringProtocol, to columns: Int, align: Alignment = .left, ellipsis: Bool = false)
        -> String
    {
        guard columns > 0 else { return "" }
        var text = String(s)
        if of(text) > columns {
            text = ellipsis && columns > 1 ? clip(text, to: columns - 1) + "…" : clip(text, to: columns)
        }
        let pad = columns - of(text)
        switch align {
        case .left: return text + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + text
        case .center:
            return String(repeating: " ", count: pad / 2) + text + String(repeating: " ", count: pad - pad / 2)
        }
    }

    /// Text made safe to draw or print: a control character (which could move the cursor,
    /// change the title, clear the screen or start an escape sequence) becomes its visible
    /// picture — ESC shows as ␛, so a reader sees that someone put one there — and a C1
    /// control or a bidirectional override (which could reorder what is read) becomes �.
    /// Tabs become a space. Each replacement is one column wide, as layout expects.
    public static func inert(_ s: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x09: out.append(" ")
            case 0x00...0x1F: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: out.append("\u{FFFD}")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Lines of text made inert one by one, the line breaks kept: for printing to a terminal.
    public static func inertLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { inert($0) }.joined(separator: "\n")
    }
}
