import Testing

@testable import TextUI

@Suite("Hostile text is drawn inert")
struct HostileTextTests {
    @Test(
        "Control characters show as their pictures, C1 controls and bidi overrides as �, each one column",
        arguments: [
            ("\u{1b}[2J\u{1b}]0;pwned\u{7}", "␛[2J␛]0;pwned␇"),
            ("a\u{8}\u{8}b\r\nc", "a␈␈b␍␊c"),
            ("del\u{7f}", "del␡"),
            ("\u{9b}31m", "�31m"),
            ("abc\u{202e}fed", "abc�fed"),
            ("tab\there", "tab here"),
            ("'; DROP TABLE service_case; --", "'; DROP TABLE service_case; --"),
            ("山田 Café", "山田 Café"),
        ])
    func inert(raw: String, shown: String) {
        #expect(DisplayWidth.inert(raw) == shown)
        // Every replacement takes the one column the layout counted
        #expect(DisplayWidth.of(DisplayWidth.inert(raw)) == DisplayWidth.of(shown))
    }

    @Test("A canvas never holds a control character, whatever it is given")
    func canvas() {
        var canvas = Canvas(size: Size(width: 30, height: 1))
        _ = canvas.put("Bakery\u{1b}[2J\u{1b}[31mRed\u{7}", x: 0, y: 0)
        #expect(canvas.line(0).hasPrefix("Bakery␛[2J␛[31mRed␇"))
        #expect(!canvas.text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
    }

    @Test("Printed lines keep their breaks; what is inside each is inert")
    func lines() {
        #expect(DisplayWidth.inertLines("case 8: \u{1b}[2J\nnote: \u{7}\n") == "case 8: ␛[2J\nnote: ␇\n")
    }
}
