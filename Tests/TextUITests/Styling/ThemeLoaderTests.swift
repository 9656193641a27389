import Testing

@testable import TextUI

@Suite("Loading theme files")
struct ThemeLoaderTests {
    /// Writes `files` (name → text) into a fresh themes directory and loads `name` from it.
    private func load(_ name: String, _ files: [String: String]) throws -> (Theme, dir: String) {
        let dir = try StylingFixture.directory()
        for (file, text) in files { try StylingFixture.write(text, to: file, in: dir) }
        return (try ThemeLoader(directories: [dir]).load(name), dir)
    }

    /// The error loading `name` from `files` throws, as text, with the directory written "DIR".
    private func failure(_ name: String, _ files: [String: String]) throws -> String? {
        let dir = try StylingFixture.directory()
        defer { StylingFixture.remove(dir) }
        for (file, text) in files { try StylingFixture.write(text, to: file, in: dir) }
        let error = #expect(throws: ConfigError.self) { try ThemeLoader(directories: [dir]).load(name) }
        return error?.description.replacingOccurrences(of: dir, with: "DIR")
    }

    @Test("A theme's styles, palette colours and mono attributes are read as written")
    func readsStyles() throws {
        // Given
        let (theme, dir) = try load(
            "t",
            [
                "t.toml": """
                name = "calm"
                [palette]
                accent = "#5f87af"
                [styles]
                selected = { fg = "black", bg = "accent", bold = true, mono = { reverse = true, bold = false } }
                warning = { fg = "bright-yellow", underline = true, italic = true }
                dim = { dim = true, fg = "color244" }
                \(StylingFixture.plainRoles(except: ["selected", "warning", "dim"]))
                """
            ])
        defer { StylingFixture.remove(dir) }

        // Then
        #expect(theme.name == "calm")
        #expect(theme.files == [dir + "/t.toml"])
        #expect(
            theme.styles[.selected]
                == ThemeStyle(
                    foreground: .ansi(0), background: .rgb(0x5f, 0x87, 0xaf),
                    attributes: [.bold], monoAttributes: [.reverse]))
        #expect(theme.styles[.warning] == ThemeStyle(foreground: .ansi(11), attributes: [.underline, .italic]))
        #expect(theme.styles[.dim] == ThemeStyle(foreground: .indexed(244), attributes: [.dim]))
        #expect(theme.styles[.normal] == ThemeStyle())
        #expect(theme.styles.count == StyleRole.all.count)
    }

    @Test("Role names with a dot may be quoted, dotted keys, or [styles.role] tables")
    func roleSpellings() throws {
        // Given
        let (theme, dir) = try load(
            "t",
            [
                "t.toml": """
                name = "t"
                [styles]
                status.error = { fg = "red" }
                status.success.fg = "green"
                status.reverse = true
                "title.focused" = { bold = true }
                \(StylingFixture.plainRoles(except: ["status", "status.error", "status.success", "title.focused", "selected"]))
                [styles.selected]
                fg = "blue"
                reverse = true
                """
            ])
        defer { StylingFixture.remove(dir) }

        // Then
        #expect(theme.styles[.statusLine] == ThemeStyle(attributes: [.reverse]))
        #expect(theme.styles[.statusError] == ThemeStyle(foreground: .ansi(1)))
        #expect(theme.styles[.statusSuccess] == ThemeStyle(foreground: .ansi(2)))
        #expect(theme.styles[.titleFocused] == ThemeStyle(attributes: [.bold]))
        #expect(theme.styles[.selected] == ThemeStyle(foreground: .ansi(4), attributes: [.reverse]))
    }

    @Test("A child replaces its parent's roles one by one, and its palette recolours the parent's styles")
    func inheritance() throws {
        // Given a grandparent with every role, a parent that recolours, a child that restyles one role
        let (theme, dir) = try load(
            "child",
            [
                "base.toml": """
                name = "base"
                [palette]
                accent = "cyan"
                [styles]
                selected = { fg = "black", bg = "accent" }
                "title.focused" = { fg = "accent", bold = true }
                \(StylingFixture.plainRoles(except: ["selected", "title.focused"]))
                """,
                "parent.toml": "name = \"parent\"\ninherits = \"base\"\n[palette]\naccent = \"green\"\n",
                "child.toml": "name = \"child\"\ninherits = \"parent\"\n[styles]\nselected = { reverse = true }\n",
            ])
        defer { StylingFixture.remove(dir) }

        // Then
        #expect(theme.name == "child")
        #expect(theme.files == [dir + "/child.toml", dir + "/parent.toml", dir + "/base.toml"])
        #expect(theme.styles[.selected] == ThemeStyle(attributes: [.reverse]))
        #expect(theme.styles[.titleFocused] == ThemeStyle(foreground: .ansi(2), attributes: [.bold]))
    }

    @Test("Themes that inherit in a circle are refused, naming the files")
    func cycle() throws {
        // Given / When
        let message = try failure(
            "a",
            [
                "a.toml": "name = \"a\"\ninherits = \"b\"\n",
                "b.toml": "name = \"b\"\n\ninherits = \"a\"\n",
            ])

        // Then
        #expect(message == "DIR/b.toml:3: themes inherit in a circle: DIR/a.toml → DIR/b.toml → DIR/a.toml")
    }

    @Test("A theme that inherits from one that is nowhere is blamed at its inherits line")
    func missingParent() throws {
        // Given / When
        let message = try failure(
            "a", ["a.toml": "name = \"a\"\ninherits = \"defualt\"\n", "default.toml": "name = \"d\"\n"])

        // Then
        #expect(message == "DIR/a.toml:2: no theme named 'defualt' in DIR (did you mean 'default'?)")
    }

    @Test("A theme that leaves roles undefined is refused, naming the theme and the roles")
    func missingRoles() throws {
        // Given / When
        let alone = try failure(
            "t",
            [
                "t.toml": """
                name = "t"

                [styles]
                \(StylingFixture.plainRoles(except: ["training", "dialog"]))
                """
            ])
        let inherited = try failure(
            "c",
            [
                "p.toml": "name = \"p\"\n[styles]\n\(StylingFixture.plainRoles(except: ["training"]))\n",
                "c.toml": "name = \"c\"\ninherits = \"p\"\n",
            ])

        // Then
        #expect(alone == "DIR/t.toml:3: theme 't' does not define roles dialog, training")
        #expect(
            inherited == "DIR/c.toml:1: theme 'c' does not define role training (nor do the themes it inherits from)")
    }

    @Test(
        "Each fault in a theme file names its line and what is wrong",
        arguments: [
            (
                "[styles]\nselcted = { fg = \"red\" }",
                "t.toml:3: unknown role 'selcted' (did you mean 'selected'?)"
            ),
            (
                "[styles]\n\"status.eror\" = {}",
                "t.toml:3: unknown role 'status.eror' (did you mean 'status.error'?)"
            ),
            (
                "[styles]\nnormal = {}\nselected = { fg = \"#12345\" }",
                "t.toml:4: bad colour '#12345' for fg of style 'selected': expected #rrggbb, six hexadecimal digits"
            ),
            (
                "[styles]\nselected = { bg = \"color300\" }",
                "t.toml:3: bad colour 'color300' for bg of style 'selected': colour indexes run from color0 to color255"
            ),
            (
                "[styles]\nselected = { fg = 3 }",
                "t.toml:3: fg of style 'selected' must be a colour (a string), not an integer"
            ),
            (
                "[styles]\nselected = { fgg = \"red\" }",
                "t.toml:3: unknown key 'fgg' in style 'selected': a style takes fg, bg, bold, dim, underline, reverse, italic and mono "
                    + "(did you mean 'fg'?)"
            ),
            (
                "[styles]\nselected = { bold = \"yes\" }",
                "t.toml:3: 'bold' of style 'selected' must be true or false, not a string"
            ),
            (
                "[styles]\nselected = { mono = { revers = true } }",
                "t.toml:3: unknown key 'revers' in 'mono' of style 'selected': mono takes bold, dim, underline, reverse and italic "
                    + "(did you mean 'reverse'?)"
            ),
            (
                "[styles]\nselected = { mono = { reverse = 1 } }",
                "t.toml:3: 'reverse' in 'mono' of style 'selected' must be true or false, not an integer"
            ),
            (
                "[styles]\nselected = { mono = true }",
                "t.toml:3: 'mono' of style 'selected' must be a table such as { reverse = true }, not true or false"
            ),
            (
                "[styles]\nselected = \"red\"",
                "t.toml:3: style 'selected' must be a table such as { fg = \"cyan\", bold = true }, not a string"
            ),
            (
                "[styles]\n\"status.error\" = {}\nstatus.error = { bold = true }",
                "t.toml:4: role 'status.error' is styled twice: also on line 3"
            ),
            ("styles = 3", "t.toml:2: 'styles' must be a table ([styles]), not an integer"),
            (
                "colours = {}",
                "t.toml:2: unknown key 'colours': a theme has name, inherits, palette, light-palette and styles"
            ),
            ("[palette]\nred = \"#ff0000\"", "t.toml:3: palette name 'red' reads as a colour; choose another name"),
            ("[palette]\naccent = 5", "t.toml:3: palette entry 'accent' must be a colour (a string), not an integer"),
            (
                "[palette]\naccent = \"teal\"",
                "t.toml:3: bad colour 'teal' for palette entry 'accent': expected default, a colour name "
                    + "(black red green yellow blue magenta cyan white), bright-<name>, color0…color255 or #rrggbb"
            ),
            ("inherits = 3", "t.toml:2: 'inherits' must be the name of a theme (a string), not an integer"),
        ])
    func faults(body: String, expected: String) throws {
        // Given / When
        let message = try failure("t", ["t.toml": "name = \"t\"\n" + body + "\n"])

        // Then
        #expect(message == "DIR/" + expected)
    }

    @Test("A palette name no palette defines is blamed on the line that uses it")
    func unknownPaletteName() throws {
        // Given a style written as a table, so fg has its own line
        let message = try failure(
            "t",
            [
                "t.toml": """
                name = "t"
                [palette]
                accent = "cyan"
                [styles]
                \(StylingFixture.plainRoles(except: ["selected"]))
                [styles.selected]
                bold = true
                fg = "acent"
                """
            ])
        let noPalette = try failure(
            "t",
            [
                "t.toml": "name = \"t\"\n[styles]\nselected = { bg = \"accent\" }\n"
                    + StylingFixture.plainRoles(except: ["selected"])
            ])

        // Then
        #expect(
            message
                == "DIR/t.toml:\(8 + StyleRole.all.count - 2): unknown palette name 'acent' for fg of style 'selected' "
                + "(did you mean 'accent'?)")
        #expect(
            noPalette
                == "DIR/t.toml:3: unknown palette name 'accent' for bg of style 'selected' (no [palette] defines it)")
    }

    @Test("A theme without a name, or with a syntax error, is refused")
    func nameAndSyntax() throws {
        #expect(try failure("t", ["t.toml": "[styles]\n"]) == "DIR/t.toml:1: a theme needs a name: name = \"…\"")
        #expect(try failure("t", ["t.toml": "name = \"\"\n"]) == "DIR/t.toml:1: 'name' must not be empty")
        let syntax = try failure("t", ["t.toml": "name = \"t\"\n[styles]\nnormal = { fg = \"red\" \n"])
        #expect(syntax == "DIR/t.toml:3:23: Error while parsing inline table: expected key or closing '}', saw '\\n'")
    }
}

@Suite("Finding themes by name and path")
struct ThemeSearchTests {
    private let complete = "[styles]\n" + StylingFixture.plainRoles()

    @Test("The user's directory is searched before the shipped one")
    func userFirst() throws {
        // Given
        let root = try StylingFixture.directory()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("name = \"mine\"\n\(complete)", to: "user/t.toml", in: root)
        try StylingFixture.write("name = \"shipped\"\n\(complete)", to: "shipped/t.toml", in: root)
        try StylingFixture.write("name = \"other\"\n\(complete)", to: "shipped/o.toml", in: root)
        let loader = ThemeLoader(directories: [root + "/user", root + "/shipped"])

        // When / Then
        #expect(try loader.load("t").name == "mine")
        #expect(try loader.load("o").name == "other")
        #expect(loader.available() == ["o", "t"])
    }

    @Test("A user's theme may inherit from the shipped theme of the same name")
    func sameNameParent() throws {
        // Given
        let root = try StylingFixture.directory()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write(
            "name = \"default\"\ninherits = \"default\"\n[styles]\nselected = { bold = true }\n",
            to: "user/default.toml", in: root)
        try StylingFixture.write("name = \"default\"\n\(complete)", to: "shipped/default.toml", in: root)

        // When
        let theme = try ThemeLoader(directories: [root + "/user", root + "/shipped"]).load("default")

        // Then
        #expect(theme.files == [root + "/user/default.toml", root + "/shipped/default.toml"])
        #expect(theme.styles[.selected] == ThemeStyle(attributes: [.bold]))
    }

    @Test("A theme is found by path; a relative path from the config file is relative to that file")
    func byPath() throws {
        // Given
        let root = try StylingFixture.directory()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("name = \"p\"\n\(complete)", to: "conf/mine/p.toml", in: root)
        let loader = ThemeLoader(directories: [])

        // When / Then
        #expect(try loader.load(root + "/conf/mine/p.toml").name == "p")
        #expect(
            try loader.load("mine/p.toml", requestedAt: FileLocation(file: root + "/conf/config.toml", line: 2)).name
                == "p")
    }

    @Test("A theme that is nowhere is blamed on the line that named it")
    func notFound() throws {
        // Given
        let root = try StylingFixture.directory()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("name = \"mono\"\n", to: "mono.toml", in: root)
        let loader = ThemeLoader(directories: [root, "/nonexistent"])

        // When
        let named = #expect(throws: ConfigError.self) {
            try loader.load("mnoo", requestedAt: FileLocation(file: "config.toml", line: 2))
        }
        let fromCommandLine = #expect(throws: ConfigError.self) { try loader.load("solarized") }

        // Then
        #expect(
            named?.description == "config.toml:2: no theme named 'mnoo' in \(root), /nonexistent (did you mean 'mono'?)"
        )
        #expect(fromCommandLine?.description == "no theme named 'solarized' in \(root), /nonexistent")
        #expect(
            #expect(throws: ConfigError.self) {
                try loader.load("themes/x.toml", requestedAt: FileLocation(file: "/c/config.toml", line: 4))
            }?
            .description == "/c/config.toml:4: no theme file /c/themes/x.toml")
    }
}
