import Testing

@testable import TextUI

/// Mouse reports as terminals send them once mode 1000 (with 1006's SGR encoding) is on: each
/// is one typed event, at a 0-based cell, and a garbled one is never read as keys.
@Suite("Mouse reports")
struct MouseDecoderTests {
    private func keys(_ text: String, x10: Bool = false) -> [Key] {
        KeyDecoder.decode(Array(text.utf8), x10Mouse: x10)
    }

    private func mouse(
        _ action: MouseEvent.Action, _ button: MouseEvent.Button, _ x: Int, _ y: Int,
        _ modifiers: MouseEvent.Modifiers = []
    ) -> Key {
        .mouse(MouseEvent(action, button, at: Point(x: x, y: y), modifiers: modifiers))
    }

    @Test("SGR: presses and releases of each button, at the cell counted from 0")
    func sgrButtons() {
        #expect(keys("\u{1B}[<0;1;1M") == [mouse(.press, .left, 0, 0)])
        #expect(keys("\u{1B}[<0;10;5m") == [mouse(.release, .left, 9, 4)])
        #expect(keys("\u{1B}[<1;3;4M") == [mouse(.press, .middle, 2, 3)])
        #expect(keys("\u{1B}[<2;80;24M") == [mouse(.press, .right, 79, 23)])
        // Past column 223, where the X10 form gives up
        #expect(keys("\u{1B}[<0;300;60M") == [mouse(.press, .left, 299, 59)])
        // A click and what was typed after it, in order
        #expect(keys("\u{1B}[<0;5;6Mq") == [mouse(.press, .left, 4, 5), .character("q")])
        #expect(
            keys("j\u{1B}[<0;5;6M\u{1B}[<0;5;6m") == [
                .character("j"), mouse(.press, .left, 4, 5), mouse(.release, .left, 4, 5),
            ])
    }

    @Test("SGR: the wheel's notches, the modifiers, and a drag")
    func sgrWheelAndModifiers() {
        #expect(keys("\u{1B}[<64;7;8M") == [mouse(.press, .wheelUp, 6, 7)])
        #expect(keys("\u{1B}[<65;7;8M") == [mouse(.press, .wheelDown, 6, 7)])
        #expect(
            keys("\u{1B}[<66;1;1M\u{1B}[<67;1;1M") == [
                mouse(.press, .wheelLeft, 0, 0), mouse(.press, .wheelRight, 0, 0),
            ])
        #expect(keys("\u{1B}[<4;2;2M") == [mouse(.press, .left, 1, 1, .shift)])
        #expect(keys("\u{1B}[<24;2;2M") == [mouse(.press, .left, 1, 1, [.alt, .control])])
        #expect(keys("\u{1B}[<81;2;2M") == [mouse(.press, .wheelDown, 1, 1, .control)])
        #expect(keys("\u{1B}[<32;9;9M") == [mouse(.drag, .left, 8, 8)])
    }

    @Test("A report of a button not used here (the 4th and 5th, a move with none held) is dropped quietly")
    func unusedButtons() {
        #expect(keys("\u{1B}[<128;1;1M") == [])
        #expect(keys("\u{1B}[<35;1;1M") == [])
        #expect(keys("\u{1B}[<3;1;1Mx") == [.character("x")])
    }

    @Test(
        "A garbled or huge report is one unrecognised key: no crash, none of its characters pressed",
        arguments: [
            "\u{1B}[<0;1M", "\u{1B}[<0;1;1;1M", "\u{1B}[<;1;1M", "\u{1B}[<0;0;1M", "\u{1B}[<0;1;0M",
            "\u{1B}[<0;10000;1M", "\u{1B}[<0;1;99999999999999999999M", "\u{1B}[<256;1;1M", "\u{1B}[<-1;1;1M",
            "\u{1B}[<0;1:2;3M", "\u{1B}[<0;1;1 M",
            "\u{1B}[<0;1;1M".replacingOccurrences(of: "1;1", with: String(repeating: "9", count: 500)),
            "\u{1B}[<0;2;3" + String(repeating: ";", count: 10_000) + "M",
        ])
    func garbled(report: String) {
        let decoded = keys(report + "q")
        #expect(decoded.count == 2, "\(report.debugDescription)")
        if case .unrecognised = decoded.first {
        } else {
            Issue.record("\(report.prefix(20).debugDescription): \(decoded)")
        }
        #expect(decoded.last == .character("q"))
    }

    @Test("A report cut off by the end of input or a control character is dropped; what cut it is a key")
    func cutOff() {
        #expect(keys("\u{1B}[<0;5") == [.unrecognised("ESC [ < 0 ; 5")])
        #expect(keys("\u{1B}[<0;5\r") == [.unrecognised("ESC [ < 0 ; 5"), .enter])
        #expect(keys("\u{1B}[M !", x10: true) == [.unrecognised("ESC [ M   !")])
        #expect(keys("\u{1B}[M !\t", x10: true) == [.unrecognised("ESC [ M   !"), .tab])
    }

    @Test(
        "X10 (ESC [ M b x y) while reporting is on: a press is its event, a release is dropped; off, ESC [ M is SCO F1")
    func x10() {
        // Button 0 at column 1, row 1: bytes 32, 33, 33
        #expect(keys("\u{1B}[M !!", x10: true) == [mouse(.press, .left, 0, 0)])
        #expect(keys("\u{1B}[M`+&q", x10: true) == [mouse(.press, .wheelUp, 10, 5), .character("q")])
        #expect(keys("\u{1B}[M#!!q", x10: true) == [.character("q")])
        // Not one of its bytes is a key of its own
        #expect(keys("\u{1B}[M\"qq", x10: true) == [mouse(.press, .right, 80, 80)])
        #expect(keys("\u{1B}[M !!") == [.function(1), .character(" "), .character("!"), .character("!")])
    }

    @Test("Fed a byte at a time, a report is pending until its final byte")
    func streaming() {
        var decoder = KeyDecoder()
        var out: [Key] = []
        for s in "\u{1B}[<65;12;3".unicodeScalars {
            out += decoder.feed(s)
            #expect(decoder.isPending)
        }
        out += decoder.feed("M")
        #expect(out == [mouse(.press, .wheelDown, 11, 2)])
        #expect(!decoder.isPending)
    }

    @Test("The event's name says the button, what it did and where, for a note on the status line")
    func description() {
        #expect(Key.mouse(MouseEvent(.press, .left, at: Point(x: 3, y: 4))).description == "mouse left press at 3,4")
        #expect(
            Key.mouse(MouseEvent(.press, .wheelUp, at: Point(x: 0, y: 0), modifiers: [.control])).description
                == "mouse C-wheelUp press at 0,0")
    }
}
