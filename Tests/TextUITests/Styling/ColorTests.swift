import Testing

@testable import TextUI

@Suite("Colour names in theme files")
struct ColorNameTests {
    @Test(
        "Every written form gives its colour",
        arguments: [
            ("default", ColorSpec.color(.terminalDefault)),
            ("black", .color(.ansi(0))), ("red", .color(.ansi(1))), ("white", .color(.ansi(7))),
            ("bright-black", .color(.ansi(8))), ("bright-cyan", .color(.ansi(14))), ("bright-white", .color(.ansi(15))),
            ("color0", .color(.indexed(0))), ("color208", .color(.indexed(208))), ("color255", .color(.indexed(255))),
            ("#ff8700", .color(.rgb(255, 135, 0))), ("#0A0b0C", .color(.rgb(10, 11, 12))),
            ("accent", .palette("accent")), ("on-bar_2", .palette("on-bar_2")),
        ])
    func forms(text: String, expected: ColorSpec) throws {
        // Given / When
        let parsed = try ColorSpec.parse(text).get()

        // Then
        #expect(parsed == expected)
    }

    @Test(
        "Text that tries to be a colour and is none says what was expected",
        arguments: [
            ("#ff870", "expected #rrggbb, six hexadecimal digits"),
            ("#gg8700", "expected #rrggbb, six hexadecimal digits"),
            ("color256", "colour indexes run from color0 to color255"),
            ("bright-pink", "bright- goes with black, red, green, yellow, blue, magenta, cyan or white"),
            (
                "light blue",
                "expected default, a colour name (black red green yellow blue magenta cyan white), "
                    + "bright-<name>, color0…color255 or #rrggbb, or a [palette] name"
            ),
            (
                "",
                "expected default, a colour name (black red green yellow blue magenta cyan white), "
                    + "bright-<name>, color0…color255 or #rrggbb, or a [palette] name"
            ),
        ])
    func badForms(text: String, reason: String) {
        // Given / When
        let result = ColorSpec.parse(text)

        // Then
        guard case .failure(let e) = result else {
            Issue.record("\(text) parsed as \(result)")
            return
        }
        #expect(e.reason == reason)
    }
}

@Suite("Downsampling colours to what the terminal shows")
struct ColorDownsamplingTests {
    @Test(
        "#rrggbb becomes the nearest of xterm's 256: cube colours and greys",
        arguments: [
            (0x000000, 16), (0xffffff, 231), (0xff8700, 208), (0x5f87af, 67), (0xd70000, 160), (0x5f5f5f, 59),
            (0x808080, 244), (0x767676, 243), (0x080808, 232), (0x121212, 233), (0xeeeeee, 255),
            (0xff0000, 196), (0x00ff00, 46), (0x0000ff, 21), (0x123456, 23), (0xfafafa, 231), (0x0c0c0c, 232),
        ])
    func to256(rgb: Int, index: Int) {
        // Given
        let (r, g, b) = (UInt8(rgb >> 16), UInt8((rgb >> 8) & 0xFF), UInt8(rgb & 0xFF))

        // When / Then
        #expect(ColorDownsampling.index256(r, g, b) == UInt8(index))
        #expect(ColorDownsampling.to256(.rgb(r, g, b)) == .indexed(UInt8(index)))
    }

    @Test(
        "#rrggbb and indexed colours become the nearest of the eight basic ones",
        arguments: [
            (Color.rgb(0xff, 0x87, 0x00), Color.ansi(3)), (.rgb(0x5f, 0x87, 0xaf), .ansi(6)),
            (.rgb(0, 0, 0x80), .ansi(4)),
            (.rgb(0x80, 0x80, 0x80), .ansi(7)), (.rgb(0x30, 0x30, 0x30), .ansi(0)), (.rgb(0xff, 0, 0), .ansi(1)),
            (.rgb(0, 0xff, 0), .ansi(2)), (.rgb(0xff, 0, 0xff), .ansi(5)), (.rgb(0xff, 0xff, 0xff), .ansi(7)),
            (.indexed(208), .ansi(3)), (.indexed(21), .ansi(4)), (.indexed(232), .ansi(0)), (.indexed(255), .ansi(7)),
            (.indexed(3), .ansi(3)), (.ansi(6), .ansi(6)), (.rgb(0x7f, 0x80, 0x7f), .ansi(2)),
            (.rgb(0x5f, 0, 0), .ansi(0)), (.terminalDefault, .terminalDefault),
        ])
    func to8(color: Color, expected: Color) {
        // Given / When
        let (basic, bold) = ColorDownsampling.toBasic8(color)

        // Then
        #expect(basic == expected)
        #expect(!bold)
    }

    @Test(
        "Bright ANSI colours at 8 colours are their base colour and need bold",
        arguments: [
            (Color.ansi(8), Color.ansi(0)), (.ansi(9), .ansi(1)), (.ansi(15), .ansi(7)), (.indexed(10), .ansi(2)),
            (.indexed(12), .ansi(4)),
        ])
    func brightTo8(color: Color, expected: Color) {
        // Given / When
        let (basic, bold) = ColorDownsampling.toBasic8(color)

        // Then
        #expect(basic == expected)
        #expect(bold)
    }
}

@Suite("Resolving a theme for a terminal's colour depth")
struct ThemeResolveTests {
    /// One role in true colour with a bright background, one with a bright foreground, one
    /// selected row that shows by colour only and by reverse in monochrome.
    let theme = Theme(
        name: "t", files: ["t.toml"],
        styles: [
            .normal: ThemeStyle(foreground: .rgb(0xff, 0x87, 0x00), background: .ansi(12), attributes: [.italic]),
            .warning: ThemeStyle(foreground: .ansi(11), background: .indexed(236), attributes: [.underline]),
            .selected: ThemeStyle(foreground: .ansi(0), background: .rgb(0x5f, 0x87, 0xaf), monoAttributes: [.reverse]),
        ])

    @Test("True colour keeps every colour as written")
    func trueColor() {
        // Given / When
        let styles = theme.resolve(depth: .trueColor, noColor: false)

        // Then
        #expect(
            styles.style(.normal)
                == Style(foreground: .rgb(0xff, 0x87, 0x00), background: .ansi(12), attributes: [.italic]))
        #expect(styles.style(.selected) == Style(foreground: .ansi(0), background: .rgb(0x5f, 0x87, 0xaf)))
    }

    @Test("256 colours turn #rrggbb into indexes and keep ANSI and indexed colours")
    func ansi256() {
        // Given / When
        let styles = theme.resolve(depth: .ansi256, noColor: false)

        // Then
        #expect(styles.style(.normal) == Style(foreground: .indexed(208), background: .ansi(12), attributes: [.italic]))
        #expect(
            styles.style(.warning) == Style(foreground: .ansi(11), background: .indexed(236), attributes: [.underline]))
        #expect(styles.style(.selected) == Style(foreground: .ansi(0), background: .indexed(67)))
    }

    @Test(
        "8 colours use the basic colours; a bright foreground adds bold, a bright background just loses its brightness")
    func ansi8() {
        // Given / When
        let styles = theme.resolve(depth: .ansi8, noColor: false)

        // Then
        #expect(styles.style(.normal) == Style(foreground: .ansi(3), background: .ansi(4), attributes: [.italic]))
        #expect(
            styles.style(.warning)
                == Style(foreground: .ansi(3), background: .ansi(0), attributes: [.underline, .bold]))
        #expect(styles.style(.selected) == Style(foreground: .ansi(0), background: .ansi(6)))
    }

    @Test("Monochrome drops colours and uses each role's mono attributes")
    func monochrome() {
        // Given / When
        let styles = theme.resolve(depth: .monochrome, noColor: false)

        // Then
        #expect(styles.style(.normal) == Style(attributes: [.italic]))
        #expect(styles.style(.warning) == Style(attributes: [.underline]))
        #expect(styles.style(.selected) == Style(attributes: [.reverse]))
    }

    @Test("NO_COLOR forces monochrome at any depth", arguments: ColorDepth.allCases)
    func noColor(depth: ColorDepth) {
        // Given / When
        let styles = theme.resolve(depth: depth, noColor: true)

        // Then
        #expect(styles == theme.resolve(depth: .monochrome, noColor: false))
        #expect(styles.depth == .monochrome)
    }

    @Test("NO_COLOR counts when set and not empty")
    func noColorEnvironment() {
        #expect(Theme.noColorRequested(environment: ["NO_COLOR": "1"]))
        #expect(!Theme.noColorRequested(environment: ["NO_COLOR": ""]))
        #expect(!Theme.noColorRequested(environment: [:]))
    }

    @Test("A role the theme does not know draws as normal")
    func unknownRole() {
        // Given / When
        let styles = theme.resolve(depth: .trueColor, noColor: false)

        // Then
        #expect(styles.style(StyleRole("future.role")) == styles.style(.normal))
    }
}
