/// A key press as the workbench sees it, whatever the terminal sent — or a mouse report, which
/// arrives on the same input among the keys and in order with them.
public enum Key: Hashable, Sendable {
    /// A printable character, space included.
    case character(Character)
    /// Ctrl with a letter: `.control("l")` is Ctrl-L.
    case control(Character)
    /// Alt (Meta) with a character, sent as ESC then the character.
    case alt(Character)
    case function(Int)
    case enter, tab, backTab, backspace, delete, insert, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// The terminal changed size.
    case resize
    /// An escape sequence no known terminal sends for a key (`KeyDecoder`), as printable text:
    /// bound to nothing, so it never acts; the screen may say it was ignored.
    case unrecognised(String)
    /// A click, release or wheel notch, while mouse reporting is on: bound to no key name.
    case mouse(MouseEvent)
}

extension Key: CustomStringConvertible {
    private static let named: [(String, Key)] = [
        ("Enter", .enter), ("Tab", .tab), ("S-Tab", .backTab), ("Backspace", .backspace), ("Delete", .delete),
        ("Insert", .insert), ("Esc", .escape), ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right),
        ("Home", .home), ("End", .end), ("PageUp", .pageUp), ("PageDown", .pageDown), ("Space", .character(" ")),
    ]

    /// The name keymaps and help use: "a", "?", "Space", "C-l", "M-x", "F5", "Enter", "S-Tab", "PageDown".
    public var description: String {
        if let (name, _) = Key.named.first(where: { $0.1 == self }) { return name }
        switch self {
        case .character(let c): return String(c)
        case .control(let c): return "C-\(c)"
        case .alt(let c): return "M-\(c)"
        case .function(let n): return "F\(n)"
        case .resize: return "Resize"
        case .unrecognised(let sequence): return "unknown key (\(sequence))"
        case .mouse(let event): return "mouse \(event)"
        default: return "?"
        }
    }

    /// Parses a key name; nil for a name that is no key.
    public init?(name: String) {
        if let (_, key) = Key.named.first(where: { $0.0.lowercased() == name.lowercased() }) {
            self = key
            return
        }
        if name.count == 1 {
            self = .character(name.first!)
            return
        }
        if name.hasPrefix("C-"), name.count == 3, let c = name.last, c.isLetter, c.isASCII {
            self = .control(Character(c.lowercased()))
            return
        }
        if name.hasPrefix("M-"), name.count == 3, let c = name.last {
            self = .alt(c)
            return
        }
        if name.hasPrefix("F") || name.hasPrefix("f"), let n = Int(name.dropFirst()), (1...24).contains(n) {
            self = .function(n)
            return
        }
        return nil
    }
}
