import Testing

@testable import TextUI

/// What terminals send, as bytes, and the keys they must be: whatever TERM said, a key is
/// recognised in any common terminal's form, and a sequence nobody sends for a key is one
/// ignored key, never its characters pressed one by one.
@Suite("Escape sequences of every terminal")
struct KeyDecoderTests {
    private func keys(_ text: String) -> [Key] { KeyDecoder.decode(Array(text.utf8)) }

    /// One key per terminal form: xterm, vt100/vt220, the Linux console, rxvt, PuTTY and
    /// PuTTY's SCO mode.
    static let forms: [(String, Key, String)] = [
        // F1–F4
        ("\u{1B}OP", .function(1), "xterm, vt100"), ("\u{1B}OQ", .function(2), "xterm"),
        ("\u{1B}OR", .function(3), "xterm"), ("\u{1B}OS", .function(4), "xterm"),
        ("\u{1B}[11~", .function(1), "rxvt, PuTTY"), ("\u{1B}[12~", .function(2), "rxvt, PuTTY"),
        ("\u{1B}[13~", .function(3), "rxvt, PuTTY"), ("\u{1B}[14~", .function(4), "rxvt, PuTTY"),
        ("\u{1B}[[A", .function(1), "linux"), ("\u{1B}[[B", .function(2), "linux"),
        ("\u{1B}[[C", .function(3), "linux"), ("\u{1B}[[D", .function(4), "linux"),
        ("\u{1B}[[E", .function(5), "linux"),
        ("\u{1B}[1;2P", .function(1), "xterm with Shift"),
        // F5–F12
        ("\u{1B}[15~", .function(5), "xterm, vt220"), ("\u{1B}[17~", .function(6), "vt220"),
        ("\u{1B}[18~", .function(7), "vt220"), ("\u{1B}[19~", .function(8), "vt220"),
        ("\u{1B}[20~", .function(9), "vt220"), ("\u{1B}[21~", .function(10), "vt220"),
        ("\u{1B}[23~", .function(11), "vt220"), ("\u{1B}[24~", .function(12), "vt220"),
        ("\u{1B}[15;5~", .function(5), "xterm with Ctrl"),
        ("\u{1B}[M", .function(1), "SCO"), ("\u{1B}[P", .function(4), "SCO"), ("\u{1B}[Q", .function(5), "SCO"),
        ("\u{1B}[X", .function(12), "SCO"),
        // Moving
        ("\u{1B}[A", .up, "ANSI"), ("\u{1B}OA", .up, "application mode"), ("\u{1B}[1;5A", .up, "xterm with Ctrl"),
        ("\u{1B}[B", .down, "ANSI"), ("\u{1B}[C", .right, "ANSI"), ("\u{1B}OD", .left, "application mode"),
        ("\u{1B}[H", .home, "xterm"), ("\u{1B}OH", .home, "xterm application"), ("\u{1B}[1~", .home, "vt220, linux"),
        ("\u{1B}[7~", .home, "rxvt"), ("\u{1B}[F", .end, "xterm"), ("\u{1B}[4~", .end, "vt220, linux"),
        ("\u{1B}[8~", .end, "rxvt"), ("\u{1B}[5~", .pageUp, "vt220"), ("\u{1B}[6~", .pageDown, "vt220"),
        ("\u{1B}[2~", .insert, "vt220"), ("\u{1B}[3~", .delete, "vt220"), ("\u{1B}[Z", .backTab, "xterm"),
        ("\u{1B}OM", .enter, "keypad Enter"),
    ]

    @Test("Every common terminal's form of F1–F12, the arrows, Home, End, PgUp, PgDn, Insert, Delete is its key")
    func everyForm() {
        for (sequence, key, terminal) in Self.forms {
            #expect(keys(sequence) == [key], "\(terminal): \(sequence.debugDescription)")
            // Whatever follows is itself, not part of the key
            #expect(keys(sequence + "q") == [key, .character("q")], "\(terminal): \(sequence.debugDescription) q")
        }
    }

    @Test("A sequence no terminal sends for a key is one unrecognised key: none of its characters is pressed")
    func unknownSwallowedWhole() {
        #expect(keys("\u{1B}[99~") == [.unrecognised("ESC [ 9 9 ~")])
        #expect(keys("\u{1B}[99~P") == [.unrecognised("ESC [ 9 9 ~"), .character("P")])
        #expect(keys("\u{1B}Oz") == [.unrecognised("ESC O z")])
        #expect(keys("\u{1B}[[Z") == [.unrecognised("ESC [ [ Z")])
        #expect(keys("\u{1B}[?1;2c") == [.unrecognised("ESC [ ? 1 ; 2 c")])
        #expect(keys("\u{1B}[1;2M") == [.unrecognised("ESC [ 1 ; 2 M")])
        // Parameters longer than any key's are read to the end and dropped
        let long = "\u{1B}[" + String(repeating: "1;", count: 200) + "~x"
        #expect(keys(long).count == 2)
        #expect(keys(long).last == .character("x"))
    }

    @Test("A sequence cut off by a control character or by the end of input is dropped, and what cut it is a key")
    func cutOff() {
        #expect(keys("\u{1B}[1\t") == [.unrecognised("ESC [ 1"), .tab])
        #expect(keys("\u{1B}[15") == [.unrecognised("ESC [ 1 5")])
        #expect(keys("\u{1B}[[") == [.unrecognised("ESC [ [")])
    }

    @Test("Esc alone is Esc, Esc and a character is Alt, and Esc Esc is Esc then whatever follows")
    func escapeAndAlt() {
        #expect(keys("\u{1B}") == [.escape])
        #expect(keys("\u{1B}x") == [.alt("x")])
        #expect(keys("\u{1B}[") == [.alt("[")])
        #expect(keys("\u{1B}O") == [.alt("O")])
        #expect(keys("\u{1B}\u{1B}[A") == [.escape, .up])
        #expect(keys("\u{1B}\r") == [.escape, .enter])
    }

    @Test(
        "Plain keys: text in any script, Tab, Enter, Backspace, Ctrl-letters; a stray C0 control or bad UTF-8 acts as nothing"
    )
    func plainKeys() {
        #expect(keys("añ€😀") == [.character("a"), .character("ñ"), .character("€"), .character("😀")])
        #expect(keys("\t\r\n\u{7F}\u{08}") == [.tab, .enter, .enter, .backspace, .backspace])
        #expect(keys("\u{13}\u{12}") == [.control("s"), .control("r")])
        #expect(keys("\u{00}") == [.unrecognised("^@")])
        #expect(KeyDecoder.decode([0x61, 0xFF, 0x62]) == [.character("a"), .character("b")])
    }

    @Test("Fed one code point at a time, with the escape delay running out in between, it says the same")
    func streaming() {
        var decoder = KeyDecoder()
        var out: [Key] = []
        for s in "\u{1B}OP".unicodeScalars { out += decoder.feed(s) }
        #expect(out == [.function(1)])
        #expect(!decoder.isPending)
        out = decoder.feed("\u{1B}")
        #expect(decoder.isPending && out.isEmpty)
        #expect(decoder.timeout() == [.escape])
        #expect(!decoder.isPending)
    }

    @Test(
        "Every run of up to four bytes from sequences' alphabet: no crash, and no key from inside a sequence it swallowed"
    )
    func everyShortRun() {
        let alphabet: [UInt8] = Array("\u{1B}[O;~15AMPZ[q\t".utf8) + [0x00, 0xC3, 0xFF]
        var runs: [[UInt8]] = [[]]
        for _ in 0..<4 {
            runs = runs + runs.filter { $0.count == runs.last!.count }.flatMap { r in alphabet.map { r + [$0] } }
        }
        #expect(runs.count > 20_000)
        for bytes in runs {
            let decoded = KeyDecoder.decode(bytes)
            // A printable character only comes from a printable byte outside a sequence: never
            // more character keys than printable bytes.
            let printable = bytes.filter { (0x20..<0x7F).contains($0) }.count + bytes.filter { $0 == 0xC3 }.count
            #expect(decoded.filter { if case .character = $0 { true } else { false } }.count <= printable, "\(bytes)")
        }
    }
}
