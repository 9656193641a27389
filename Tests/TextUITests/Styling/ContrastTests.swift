import Testing

@testable import TextUI

@Suite("Contrast")
struct ContrastTests {
    @Test("Contrast is WCAG's, over xterm's colours: 21 for black on white, 1.98 for cyan on white")
    func ratios() {
        // Given
        let cyanText = Appearance(Style(foreground: .ansi(6)))

        // When / Then
        #expect(abs(Contrast.ratio(Contrast.RGB(0, 0, 0), Contrast.RGB(255, 255, 255)) - 21) < 0.001)
        #expect(abs(Contrast.ratio(of: cyanText, on: .light) - 1.98) < 0.01)
        #expect(Contrast.ratio(of: cyanText, on: .dark) > 10)
        // The 256-colour cube and greys: color22 is #005f00, color244 #808080
        #expect(Contrast.xtermRGB(.indexed(22)) == Contrast.RGB(0, 0x5f, 0))
        #expect(Contrast.xtermRGB(.indexed(244)) == Contrast.RGB(0x80, 0x80, 0x80))
        #expect(Contrast.xtermRGB(.terminalDefault) == nil)
    }
}
