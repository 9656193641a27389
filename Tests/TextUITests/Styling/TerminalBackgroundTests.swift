import Testing

@testable import TextUI

@Suite("Dark and light terminal backgrounds")
struct TerminalBackgroundTests {
    @Test(
        "COLORFGBG's last field is the background: 0–6 and 8 dark, the rest light; no number, no answer",
        arguments: [
            ("15;0", TerminalBackground?.some(.dark)), ("0;15", .light), ("0;default;15", .light), ("7;8", .dark),
            ("0;7", .light), ("12;4", .dark), ("default;default", nil), ("", nil), ("0;16", nil),
        ])
    func colorFGBG(value: String, expected: TerminalBackground?) {
        #expect(TerminalBackground.fromColorFGBG(value) == expected)
    }

    @Test("The background the user names wins over COLORFGBG, which wins over dark")
    func choice() {
        let light = ["COLORFGBG": "0;15"]
        #expect(TerminalBackground.choose(named: .dark, environment: light) == .dark)
        #expect(TerminalBackground.choose(named: nil, environment: light) == .light)
        #expect(TerminalBackground.choose(named: .light, environment: [:]) == .light)
        #expect(TerminalBackground.choose(named: nil, environment: [:]) == .dark)
    }

    /// Writes `files` into a fresh themes directory.
    private func themes(_ files: [String: String]) throws -> String {
        let dir = try StylingFixture.directory()
        for (file, text) in files { try StylingFixture.write(text, to: file, in: dir) }
        return dir
    }

    static let base = """
        name = "base"
        [palette]
        accent = "cyan"
        good = "green"
        [light-palette]
        accent = "blue"
        good = "color22"
        [styles]
        selected = { fg = "black", bg = "accent" }
        ok = { fg = "good" }
        \(StylingFixture.plainRoles(except: ["selected", "ok"]))
        """

    @Test("On a light background a theme's light palette replaces its palette's entries")
    func lightPalette() throws {
        // Given
        let dir = try themes(["base.toml": Self.base])
        defer { StylingFixture.remove(dir) }
        let loader = ThemeLoader(directories: [dir])

        // When
        let dark = try loader.load("base", background: .dark)
        let light = try loader.load("base", background: .light)

        // Then
        #expect(dark.styles[.selected]?.background == .ansi(6))
        #expect(dark.styles[.ok]?.foreground == .ansi(2))
        #expect(light.styles[.selected]?.background == .ansi(4))
        #expect(light.styles[.ok]?.foreground == .indexed(22))
    }

    @Test("A child's palette wins over its parent's light palette; the child's own light palette over both")
    func inheritance() throws {
        // Given
        let dir = try themes([
            "base.toml": Self.base,
            "child.toml": """
            name = "child"
            inherits = "base"
            [palette]
            accent = "magenta"
            [light-palette]
            good = "color28"
            """,
        ])
        defer { StylingFixture.remove(dir) }

        // When
        let light = try ThemeLoader(directories: [dir]).load("child", background: .light)

        // Then
        #expect(light.styles[.selected]?.background == .ansi(5))
        #expect(light.styles[.ok]?.foreground == .indexed(28))
    }

    @Test(
        "A light-palette entry that replaces nothing, or is no colour, is refused at its line on any background",
        arguments: TerminalBackground.allCases)
    func faults(background: TerminalBackground) throws {
        for (text, expected) in [
            (
                "name = \"t\"\ninherits = \"base\"\n[light-palette]\nacent = \"blue\"\n",
                "DIR/t.toml:4: light-palette entry 'acent' replaces no [palette] entry of this theme or those it"
                    + " inherits from (did you mean 'accent'?)"
            ),
            (
                "name = \"t\"\ninherits = \"base\"\n\n[light-palette]\naccent = \"pink\"\n",
                "DIR/t.toml:5: bad colour 'pink' for light-palette entry 'accent': expected \(ColorSpec.forms)"
            ),
        ] {
            // Given
            let dir = try themes(["base.toml": Self.base, "t.toml": text])
            defer { StylingFixture.remove(dir) }

            // When
            let error = #expect(throws: ConfigError.self) {
                try ThemeLoader(directories: [dir]).load("t", background: background)
            }

            // Then
            #expect(error?.description.replacingOccurrences(of: dir, with: "DIR") == expected)
        }
    }

    @Test("The default theme chooses other accents on a light terminal: white on steel blue for the selection")
    func defaultOnLight() throws {
        // Given / When
        let styles = try ThemeLoader(directories: [StylingFixture.shippedThemes]).load("default", background: .light)
            .resolve(depth: .ansi256)

        // Then
        #expect(styles.style(.normal) == .plain)
        #expect(styles.style(.selected) == Style(foreground: .ansi(15), background: .indexed(25)))
        #expect(styles.style(.ok) == Style(foreground: .indexed(22)))
    }
}
