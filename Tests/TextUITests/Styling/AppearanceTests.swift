import Testing

@testable import TextUI

@Suite("What a style looks like")
struct AppearanceTests {
    @Test("Reverse swaps what is seen: bright green text in reverse looks like black on bright green")
    func reverse() {
        // Given
        let reversed = Style(foreground: .ansi(10), background: .ansi(0), attributes: [.bold, .reverse])
        let block = Style(foreground: .ansi(0), background: .ansi(10), attributes: .bold)

        // When / Then
        #expect(Appearance(reversed) == Appearance(block))
        #expect(Appearance(Style(attributes: .reverse)).paper == .terminalForeground)
        #expect(Appearance(.plain).paper == .terminalBackground)
    }
}
