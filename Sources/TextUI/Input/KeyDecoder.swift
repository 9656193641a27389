/// Turns what a terminal sends into key presses, whatever `TERM` claims: the escape sequences of
/// xterm, vt220, the Linux console, rxvt and PuTTY (its SCO mode too) for F1–F20, the arrows,
/// Home, End, Insert, Delete, PgUp, PgDn and Shift-Tab. A sequence it does not know is taken
/// whole and reported as unrecognised — never replayed as the single keys it is made of (under
/// `TERM=linux` an xterm's F1, `ESC O P`, would otherwise have been Alt-O and `P`, a command).
///
/// Mouse reports come on the same input: xterm's SGR form `ESC [ < b ; x ; y M` (`m` on release)
/// is decoded into `Key.mouse`; the legacy X10 form `ESC [ M b x y` only while `x10Mouse` says
/// reporting is on, because without it `ESC [ M` is PuTTY's SCO F1.
///
/// Pure: fed one code point at a time, it answers with the keys those complete. The ncurses
/// backend feeds it what ncurses did not decode itself; tests feed it bytes.
public struct KeyDecoder: Sendable {

    private enum State: Sendable {
        case ground
        case escape
        /// `ESC [` then parameter and intermediate bytes.
        case csi(String)
        /// `ESC O` then (rarely) a modifier digit.
        case ss3(String)
        /// `ESC [ [`: the Linux console's F1–F5.
        case linuxF
        /// `ESC [ M` while mouse reporting is on: the X10 report's three bytes read so far.
        case x10([Unicode.Scalar])
    }

    /// Whether `ESC [ M` starts an X10 mouse report (reporting is on) rather than being SCO F1.
    public var x10Mouse: Bool

    private var state = State.ground
    /// The sequence read so far, for the note when it turns out unknown.
    private var sequence: [Unicode.Scalar] = []

    /// A parameter string longer than this is no key's: it is still read to its end, and dropped.
    private static let longestParameters = 16

    public init(x10Mouse: Bool = false) { self.x10Mouse = x10Mouse }

    /// Whether a sequence has begun and more of it is awaited: the caller waits the escape
    /// delay for the rest, then calls `timeout()`.
    public var isPending: Bool {
        if case .ground = state { return false }
        return true
    }

    /// Decodes a whole buffer, as if nothing more came after it.
    public static func decode(_ bytes: [UInt8], x10Mouse: Bool = false) -> [Key] {
        var decoder = KeyDecoder(x10Mouse: x10Mouse)
        var events: [Key] = []
        var utf8 = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch utf8.decode(&iterator) {
            case .scalarValue(let s): events += decoder.feed(s)
            case .emptyInput: break loop
            // A byte that is not UTF-8 is no key; the terminal's other input goes on.
            case .error: events += decoder.timeout()
            }
        }
        return events + decoder.timeout()
    }

    /// Takes the next code point the terminal sent; returns the keys it completes.
    public mutating func feed(_ s: Unicode.Scalar) -> [Key] {
        switch state {
        case .ground:
            return ground(s)
        case .escape:
            switch s {
            case "[":
                state = .csi("")
                remember(s)
                return []
            case "O":
                state = .ss3("")
                remember(s)
                return []
            case "\u{1B}":
                // Esc, then a new sequence (some terminals send Alt-arrows as ESC ESC [ A).
                sequence = [s]
                return [.escape]
            default:
                reset()
                if s.value >= 0x20 && s.value != 0x7F { return [.alt(Character(s))] }
                return [.escape] + ground(s)
            }
        case .csi(let parameters):
            return csi(parameters, s)
        case .ss3(let parameters):
            if ("0"..."9").contains(s) || s == ";" {
                state = .ss3(parameters + String(s))
                remember(s)
                return []
            }
            remember(s)
            let event = Self.ss3Key(s) ?? unrecognised()
            reset()
            return [event]
        case .linuxF:
            remember(s)
            let keys: [Unicode.Scalar: Int] = ["A": 1, "B": 2, "C": 3, "D": 4, "E": 5]
            let event = keys[s].map { Key.function($0) } ?? unrecognised()
            reset()
            return [event]
        case .x10(let read):
            return x10(read, s)
        }
    }

    /// Nothing more came within the escape delay: what was begun ends here. A lone Esc is
    /// Esc; `ESC [` or `ESC O` alone was Alt-[ or Alt-O; anything longer was cut off.
    public mutating func timeout() -> [Key] {
        defer { reset() }
        switch state {
        case .ground: return []
        case .escape: return [.escape]
        case .csi(""): return [.alt("[")]
        case .ss3(""): return [.alt("O")]
        default: return [unrecognised()]
        }
    }

    /// Keeps what the note will show of the sequence: its start, however long it runs.
    private mutating func remember(_ s: Unicode.Scalar) {
        if sequence.count < 24 { sequence.append(s) } else if sequence.count == 24 { sequence.append("…") }
    }

    private mutating func reset() {
        state = .ground
        sequence = []
    }

    private func unrecognised() -> Key {
        Key.unrecognised(sequence.map { $0 == "\u{1B}" ? "ESC" : Self.printable($0) }.joined(separator: " "))
    }

    private static func printable(_ s: Unicode.Scalar) -> String {
        s.value < 0x20 || s.value == 0x7F ? "^" + String(Unicode.Scalar(s.value ^ 0x40)!) : String(s)
    }

    private mutating func ground(_ s: Unicode.Scalar) -> [Key] {
        switch s.value {
        case 0x1B:
            state = .escape
            sequence = [s]
            return []
        case 0x09: return [.tab]
        case 0x0A, 0x0D: return [.enter]
        case 0x08, 0x7F: return [.backspace]
        case 0x01...0x1A: return [.control(Character(Unicode.Scalar(s.value + 0x60)!))]
        case 0x00, 0x1C...0x1F: return [.unrecognised(Self.printable(s))]
        case 0x80..<0xA0: return [.unrecognised("U+" + String(s.value, radix: 16, uppercase: true))]
        default: return [.character(Character(s))]
        }
    }

    private mutating func csi(_ parameters: String, _ s: Unicode.Scalar) -> [Key] {
        remember(s)
        // `[` would end a CSI sequence, but right after `ESC [` it is the Linux console's F1–F5.
        if parameters.isEmpty && s == "[" {
            state = .linuxF
            return []
        }
        switch s.value {
        case 0x20...0x3F:
            // Past any key's length, keep reading to the final byte but stop keeping it.
            state = .csi(parameters.count < Self.longestParameters ? parameters + String(s) : parameters + "…")
            return []
        case 0x40...0x7E:
            if parameters.isEmpty && s == "M" && x10Mouse {
                state = .x10([])
                return []
            }
            let events: [Key]
            if parameters.hasPrefix("<") && (s == "M" || s == "m") {
                events = Self.sgrMouse(parameters.dropFirst(), released: s == "m") ?? [unrecognised()]
            } else {
                events = [Self.csiKey(parameters, s) ?? unrecognised()]
            }
            reset()
            return events
        default:
            // A control character inside a sequence: the sequence was cut off; the character
            // is the next key.
            if sequence.last == s { sequence.removeLast() }
            let cut = unrecognised()
            reset()
            return [cut] + ground(s)
        }
    }

    /// `ESC [ < code ; column ; row M|m`: the mouse event, none for a button not used here (a
    /// fourth or fifth button, a move with none held), or nil when the report is garbled — not
    /// three numbers, or a position no screen has — and so is reported as unrecognised.
    private static func sgrMouse(_ parameters: Substring, released: Bool) -> [Key]? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        // Each number is short: the decoder cut longer parameters with "…", which is no digit.
        guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty && $0.count <= 5 && $0.allSatisfy(\.isASCII) }),
            let code = Int(fields[0]), let column = Int(fields[1]), let row = Int(fields[2]),
            (0...255).contains(code), (1...MouseEvent.largestCoordinate).contains(column),
            (1...MouseEvent.largestCoordinate).contains(row)
        else { return nil }
        return MouseEvent.xterm(code: code, column: column, row: row, released: released).map { [.mouse($0)] } ?? []
    }

    /// The bytes after `ESC [ M` while X10 mouse reporting is on: button, column and row, each
    /// plus 32. A control character among them means the report was cut off.
    private mutating func x10(_ read: [Unicode.Scalar], _ s: Unicode.Scalar) -> [Key] {
        guard s.value >= 0x20 else {
            let cut = unrecognised()
            reset()
            return [cut] + ground(s)
        }
        remember(s)
        let bytes = read + [s]
        guard bytes.count == 3 else {
            state = .x10(bytes)
            return []
        }
        reset()
        let values = bytes.map { Int($0.value) - 32 }
        // X10 says "released" without saying which button: only presses act, so it is dropped.
        return MouseEvent.xterm(code: values[0], column: values[1], row: values[2], released: false)
            .map { [.mouse($0)] } ?? []
    }

    /// `ESC [ parameters final`.
    private static func csiKey(_ parameters: String, _ final: Unicode.Scalar) -> Key? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        // Private parameters (`<`, `=`, `>`, `?`) belong to reports (focus, a mouse report
        // `sgrMouse` did not take), not keys.
        if let first = parameters.unicodeScalars.first, "<=>?".unicodeScalars.contains(first) { return nil }
        let number = fields.first.flatMap { Int($0) }
        // With a modifier (ESC [ 1 ; 5 A is Ctrl-Up) the key is still the arrow.
        if let key = cursorKeys[final] { return key }
        switch final {
        case "Z": return .backTab
        case "P"..."S" where !parameters.isEmpty:
            // xterm's modified F1–F4: ESC [ 1 ; 2 P is Shift-F1.
            return .function(Int(final.value - Unicode.Scalar("P").value) + 1)
        case "M"..."X" where parameters.isEmpty:
            // SCO (PuTTY's SCO mode): ESC [ M is F1 … ESC [ X is F12.
            return .function(Int(final.value - Unicode.Scalar("M").value) + 1)
        case "~":
            guard let number else { return nil }
            return tildeKeys[number]
        default:
            return nil
        }
    }

    /// The arrows, Home and End: the same final letter after `ESC [` (normal mode) and after
    /// `ESC O` (application mode).
    private static let cursorKeys: [Unicode.Scalar: Key] = [
        "A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end,
    ]

    /// `ESC [ n ~` as vt220, xterm, rxvt and PuTTY send them.
    private static let tildeKeys: [Int: Key] = [
        1: .home, 7: .home, 4: .end, 8: .end, 2: .insert, 3: .delete, 5: .pageUp, 6: .pageDown,
        11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
        17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
        23: .function(11), 24: .function(12), 25: .function(13), 26: .function(14), 28: .function(15),
        29: .function(16), 31: .function(17), 32: .function(18), 33: .function(19), 34: .function(20),
    ]

    /// `ESC O final`: vt100 and xterm's F1–F4, the arrows and Home/End in application mode,
    /// and the keypad in application mode (its digits and signs are those characters).
    private static func ss3Key(_ final: Unicode.Scalar) -> Key? {
        if let key = cursorKeys[final] { return key }
        switch final {
        case "P"..."S": return .function(Int(final.value - Unicode.Scalar("P").value) + 1)
        case "M": return .enter
        case "j": return .character("*")
        case "k": return .character("+")
        case "l": return .character(",")
        case "m": return .character("-")
        case "n": return .character(".")
        case "o": return .character("/")
        case "X": return .character("=")
        case "p"..."y": return .character(Character(Unicode.Scalar(final.value - Unicode.Scalar("p").value + 0x30)!))
        default: return nil
        }
    }
}
