import Testing

@testable import TextUI

@Suite("The shipped themes")
struct ShippedThemeTests {
    static let names = ["default", "high-contrast", "mono", "green-screen"]
    private let loader = ThemeLoader(directories: [StylingFixture.shippedThemes])

    /// Roles that must look different from each other at every depth, or the screen loses
    /// meaning: where the selection is, which pane has focus, what is an error.
    static let distinct: [(StyleRole, StyleRole)] = [
        (.selected, .normal), (.selectedUnfocused, .normal), (.selected, .selectedUnfocused),
        (.titleFocused, .title), (.borderFocused, .border), (.header, .normal),
        (.statusLine, .normal), (.statusError, .statusLine), (.statusError, .normal), (.statusSuccess, .normal),
        (.keyName, .keyLabel), (.keyLabel, .normal), (.input, .normal), (.inputFocused, .input),
        (.inputFocused, .normal),
        (.fail, .normal), (.warning, .normal), (.disabled, .normal), (.dim, .normal), (.training, .normal),
    ]

    @Test("Every shipped theme loads and defines every role", arguments: names)
    func loads(name: String) throws {
        // Given / When
        let theme = try loader.load(name)

        // Then
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.all))
    }

    @Test("The shipped themes are all there is in the themes folder")
    func available() {
        #expect(loader.available() == Self.names.sorted())
    }

    @Test(
        "Every shipped theme keeps the roles apart at every depth and with NO_COLOR",
        arguments: names, ColorDepth.allCases)
    func legible(name: String, depth: ColorDepth) throws {
        // Given
        let theme = try loader.load(name)

        for noColor in [false, true] {
            // When
            let styles = theme.resolve(depth: depth, noColor: noColor)

            // Then
            for (a, b) in Self.distinct {
                #expect(
                    styles.style(a) != styles.style(b),
                    "\(name) at \(depth)\(noColor ? " with NO_COLOR" : ""): \(a) looks like \(b)")
            }
        }
    }

    @Test(
        "In every shipped theme the selected row looks like no row beside it, at every depth, on either background",
        arguments: names, ColorDepth.allCases)
    func selectionStandsOut(name: String, depth: ColorDepth) throws {
        for background in TerminalBackground.allCases {
            // Given
            let theme = try loader.load(name, background: background)

            for noColor in [false, true] {
                // When
                let hiding = theme.resolve(depth: depth, noColor: noColor).rolesHidingSelection()

                // Then
                #expect(
                    hiding == [],
                    "\(name) on \(background) at \(depth)\(noColor ? " with NO_COLOR" : ""): the selection looks like \(hiding)"
                )
            }
        }
    }

    /// Borders are lines, not text: WCAG's 3:1 for graphics (1.4.11) is what they need.
    static let decorative: Set<StyleRole> = [.border, .borderFocused]

    /// Each theme against the background it is meant for: the terminal's own, dark or light,
    /// where a role keeps it, else the one the role paints. As written (the 16 ANSI colours and
    /// the 256 in xterm's RGB) and as a 256-colour terminal shows `#rrggbb`. Not at 8 colours:
    /// there a bright colour is sent as its base colour in bold, which xterm draws bright and
    /// other terminals do not, so what is seen is the terminal's to decide. `dim` is not
    /// measured either, for the same reason: how faint is each terminal's own.
    @Test(
        "Every role of every shipped theme is 4.5:1 against its background (3:1 for borders), on dark and light terminals",
        arguments: names, [ColorDepth.trueColor, .ansi256])
    func readable(name: String, depth: ColorDepth) throws {
        for background in TerminalBackground.allCases {
            // Given
            let styles = try loader.load(name, background: background).resolve(depth: depth)

            for role in StyleRole.all {
                // When
                let ratio = Contrast.ratio(of: Appearance(styles.style(role)), on: background)

                // Then
                let needed = Self.decorative.contains(role) ? 3.0 : 4.5
                #expect(
                    ratio >= needed,
                    "\(name) on \(background) at \(depth): \(role) is \((ratio * 100).rounded() / 100):1, needs \(needed)"
                )
            }
        }
    }

    @Test(
        "No role of a shipped theme draws text in its own background colour, or on a background without naming its text colour",
        arguments: names, ColorDepth.allCases)
    func contrast(name: String, depth: ColorDepth) throws {
        // Given
        let styles = try loader.load(name).resolve(depth: depth, noColor: false)

        for role in StyleRole.all {
            // When
            let s = styles.style(role)

            // Then: the terminal's own foreground on a chosen background may be anything, even that background
            if s.background != .terminalDefault {
                #expect(
                    s.foreground != .terminalDefault,
                    "\(name) at \(depth): \(role) sets a background but not its text colour")
                #expect(s.foreground != s.background, "\(name) at \(depth): \(role) draws in its own background colour")
            }
        }
    }

    @Test("The default theme keeps the terminal's own background for ordinary text")
    func defaultIsCalm() throws {
        // Given / When
        let styles = try loader.load("default").resolve(depth: .trueColor, noColor: false)

        // Then
        #expect(styles.style(.normal) == .plain)
        #expect(styles.style(.dim) == Style(attributes: .dim))
        #expect(styles.style(.selected) == Style(foreground: .ansi(0), background: .ansi(6)))
    }

    @Test("The mono theme has no colour at all and looks the same at every depth")
    func mono() throws {
        // Given
        let theme = try loader.load("mono")

        // When / Then
        for depth in ColorDepth.allCases {
            #expect(
                theme.resolve(depth: depth, noColor: false).styles
                    == theme.resolve(depth: .monochrome, noColor: true).styles)
        }
        #expect(
            theme.styles.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
        #expect(theme.resolve(depth: .trueColor).style(.selected) == Style(attributes: .reverse))
    }

    @Test("Green-screen inherits the default theme and is green on black")
    func greenScreen() throws {
        // Given
        let theme = try loader.load("green-screen")

        // When
        let eight = theme.resolve(depth: .ansi8, noColor: false)

        // Then
        #expect(
            theme.files == [
                StylingFixture.shippedThemes + "/green-screen.toml", StylingFixture.shippedThemes + "/default.toml",
            ])
        #expect(eight.style(.normal) == Style(foreground: .ansi(2), background: .ansi(0)))
        #expect(
            eight.style(.titleFocused)
                == Style(foreground: .ansi(2), background: .ansi(0), attributes: [.bold, .underline]))
        #expect(eight.style(.title) == Style(foreground: .ansi(2), background: .ansi(0), attributes: .bold))
        #expect(eight.style(.selected) == Style(foreground: .ansi(0), background: .ansi(2)))
        // It paints its own background, so a light terminal changes nothing
        #expect(try loader.load("green-screen", background: .light) == theme)
        for role in StyleRole.all {
            let s = theme.styles[role]!
            #expect([Color.ansi(0), .ansi(2), .ansi(10)].contains(s.foreground), "\(role) foreground \(s.foreground)")
            #expect([Color.ansi(0), .ansi(2), .ansi(10)].contains(s.background), "\(role) background \(s.background)")
        }
    }
}
