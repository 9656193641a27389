import Testing

@testable import TextUI

/// What the application would tell the loader; TextUI itself knows no actions.
private let actions: Set<String> = [
    "quit", "help", "redraw", "open-case", "search", "close-case", "next", "previous", "reserve-part",
]
private let contexts: Set<String> = ["queue", "parts"]

private let base = """
    name = "base"

    [global]
    "F1" = "help"
    "q" = "quit"
    "C-l" = "redraw"
    "?" = "help"
    "Down" = "next"

    [queue]
    "Enter" = "open-case"
    "/" = "search"
    "q" = "close-case"
    """

@Suite("Loading keymap files")
struct KeymapLoaderTests {
    /// Writes `files` into a fresh keymaps directory; the loader for it and the directory.
    private func setUp(_ files: [String: String]) throws -> (KeymapLoader, dir: String) {
        let dir = try StylingFixture.directory()
        for (file, text) in files { try StylingFixture.write(text, to: file, in: dir) }
        return (KeymapLoader(directories: [dir + "/keymaps"], knownActions: actions, knownContexts: contexts), dir)
    }

    /// The error loading `name` throws, with the directory written "DIR".
    private func failure(_ name: String, _ files: [String: String], userOverride: String? = nil) throws -> String? {
        let (loader, dir) = try setUp(files)
        defer { StylingFixture.remove(dir) }
        let error = #expect(throws: ConfigError.self) {
            try loader.load(name, userOverride: userOverride.map { dir + "/" + $0 })
        }
        return error?.description.replacingOccurrences(of: dir, with: "DIR")
    }

    @Test("A keymap binds keys per context, in the order written")
    func bindings() throws {
        // Given
        let (loader, dir) = try setUp(["keymaps/base.toml": base])
        defer { StylingFixture.remove(dir) }

        // When
        let keymap = try loader.load("base")

        // Then
        #expect(keymap.name == "base")
        #expect(keymap.contextNames == ["global", "queue"])
        #expect(
            keymap.bindings(in: "global").map(\.key) == [
                .function(1), .character("q"), .control("l"), .character("?"), .down,
            ])
        #expect(keymap.bindings(in: "queue").map(\.action) == ["open-case", "search", "close-case"])
        #expect(keymap.bindings(in: "queue")[1].location.description == dir + "/keymaps/base.toml:12")
        #expect(keymap.bindings(in: "parts").isEmpty)
    }

    @Test("A child keymap rebinds in place, adds at the end, and unbinds with \"none\"")
    func inheritance() throws {
        // Given
        let (loader, dir) = try setUp([
            "keymaps/base.toml": base,
            "keymaps/child.toml": """
            name = "child"
            inherits = "base"
            [global]
            "?" = "none"
            "C-l" = "search"
            "F5" = "redraw"
            [parts]
            "r" = "reserve-part"
            """,
        ])
        defer { StylingFixture.remove(dir) }

        // When
        let keymap = try loader.load("child")

        // Then
        #expect(keymap.name == "child")
        #expect(keymap.files == [dir + "/keymaps/child.toml", dir + "/keymaps/base.toml"])
        #expect(
            keymap.bindings(in: "global").map(\.key) == [
                .function(1), .character("q"), .control("l"), .down, .function(5),
            ])
        #expect(keymap.action(for: .control("l"), context: "queue") == "search")
        #expect(keymap.action(for: .character("?"), context: "queue") == nil)
        #expect(keymap.action(for: .character("r"), context: "parts") == "reserve-part")
        #expect(keymap.action(for: .enter, context: "queue") == "open-case")
    }

    @Test("A user keymap changes single bindings of the chosen keymap and keeps its name")
    func userOverride() throws {
        // Given
        let (loader, dir) = try setUp([
            "keymaps/base.toml": base,
            "user/keymap.toml": "[queue]\n\"Enter\" = \"none\"\n\"o\" = \"open-case\"\n[global]\n\"F1\" = \"quit\"\n",
        ])
        defer { StylingFixture.remove(dir) }

        // When
        let keymap = try loader.load("base", userOverride: dir + "/user/keymap.toml")
        let withoutOverride = try loader.load("base", userOverride: dir + "/user/absent.toml")

        // Then
        #expect(keymap.name == "base")
        #expect(keymap.files == [dir + "/user/keymap.toml", dir + "/keymaps/base.toml"])
        #expect(keymap.action(for: .enter, context: "queue") == nil)
        #expect(keymap.action(for: .character("o"), context: "queue") == "open-case")
        #expect(keymap.action(for: .function(1), context: "queue") == "quit")
        #expect(keymap.action(for: .character("/"), context: "queue") == "search")
        #expect(withoutOverride.action(for: .enter, context: "queue") == "open-case")
    }

    @Test(
        "Each fault in a keymap file names its line and what is wrong",
        arguments: [
            (
                "[queue]\n\"o\" = \"opne-case\"",
                "k.toml:3: unknown action 'opne-case' for 'o' in [queue] (did you mean 'open-case'?)"
            ),
            ("[queue]\n\"o\" = \"frobnicate\"", "k.toml:3: unknown action 'frobnicate' for 'o' in [queue]"),
            (
                "[queue]\n\"C-\" = \"quit\"",
                "k.toml:3: unknown key name 'C-' in [queue]: keys are written as a, ?, Space, C-l, M-x, F5, Enter, Esc, Tab, S-Tab, Up, PageDown"
            ),
            (
                "[queue]\n\"F99\" = \"quit\"",
                "k.toml:3: unknown key name 'F99' in [queue]: keys are written as a, ?, Space, C-l, M-x, F5, Enter, Esc, Tab, S-Tab, Up, PageDown"
            ),
            ("[quue]\n\"q\" = \"quit\"", "k.toml:2: unknown context [quue] (did you mean 'queue'?)"),
            ("[dialog]\n\"q\" = \"quit\"", "k.toml:2: unknown context [dialog]: contexts are global, parts, queue"),
            (
                "[queue]\n\"C-l\" = \"redraw\"\n\"Enter\" = \"open-case\"\n\"C-L\" = \"quit\"",
                "k.toml:5: 'C-L' in [queue] is the same key as 'C-l' on line 3: a key is bound once per context"
            ),
            (
                "[global]\n\"Space\" = \"next\"\n\" \" = \"previous\"",
                "k.toml:4: ' ' in [global] is the same key as 'Space' on line 3: a key is bound once per context"
            ),
            ("[queue]\n\"q\" = 1", "k.toml:3: the action for 'q' in [queue] must be a string, not an integer"),
            ("[queue]\n\"q\" = [\"quit\"]", "k.toml:3: the action for 'q' in [queue] must be a string, not a list"),
            (
                "[queue.sub]\n\"q\" = \"quit\"",
                "k.toml:2: the action for 'sub' in [queue] must be a string, not a table"
            ),
            ("queue = \"quit\"", "k.toml:2: 'queue' must be a table of key bindings ([queue]), not a string"),
            (
                "nmae = \"x\"",
                "k.toml:2: unknown key 'nmae': a keymap has name, inherits and a table per context (did you mean 'name'?)"
            ),
            ("inherits = \"nowhere\"", "k.toml:2: no keymap named 'nowhere' in DIR/keymaps"),
        ])
    func faults(body: String, expected: String) throws {
        // Given / When
        let message = try failure("k", ["keymaps/k.toml": "name = \"k\"\n" + body + "\n"])

        // Then
        #expect(message == "DIR/keymaps/" + expected)
    }

    @Test("A keymap needs a name; a user keymap needs none but may not inherit, and its faults name its lines")
    func overrideFaults() throws {
        #expect(
            try failure("k", ["keymaps/k.toml": "[global]\n"])
                == "DIR/keymaps/k.toml:1: a keymap needs a name: name = \"…\"")
        #expect(
            try failure(
                "base", ["keymaps/base.toml": base, "user.toml": "\ninherits = \"base\"\n"], userOverride: "user.toml")
                == "DIR/user.toml:2: a user keymap changes single bindings of the chosen keymap and cannot inherit; "
                + "choose the keymap with keymap = \"…\" in config.toml")
        #expect(
            try failure(
                "base", ["keymaps/base.toml": base, "user.toml": "[queue]\n\"x\" = \"explode\"\n"],
                userOverride: "user.toml")
                == "DIR/user.toml:2: unknown action 'explode' for 'x' in [queue]")
    }

    @Test("Keymaps that inherit in a circle are refused, naming the files")
    func cycle() throws {
        // Given / When
        let message = try failure(
            "a",
            [
                "keymaps/a.toml": "name = \"a\"\ninherits = \"b\"\n",
                "keymaps/b.toml": "name = \"b\"\ninherits = \"a\"\n",
            ])

        // Then
        #expect(
            message
                == "DIR/keymaps/b.toml:2: keymaps inherit in a circle: DIR/keymaps/a.toml → DIR/keymaps/b.toml → DIR/keymaps/a.toml"
        )
    }
}

@Suite("Looking up keys and actions")
struct KeymapLookupTests {
    private func keymap() throws -> Keymap {
        let dir = try StylingFixture.directory()
        defer { StylingFixture.remove(dir) }
        try StylingFixture.write(base, to: "base.toml", in: dir)
        return try KeymapLoader(directories: [dir], knownActions: actions, knownContexts: contexts).load("base")
    }

    @Test("A key's action is the context's own, else the global one")
    func actionForKey() throws {
        // Given
        let keymap = try keymap()

        // When / Then
        #expect(keymap.action(for: .character("q"), context: "queue") == "close-case")
        #expect(keymap.action(for: .character("q"), context: "parts") == "quit")
        #expect(keymap.action(for: .control("l"), context: "queue") == "redraw")
        #expect(keymap.action(for: .enter, context: "parts") == nil)
        #expect(keymap.action(for: .character("x"), context: "queue") == nil)
        #expect(keymap.action(for: .character("q"), context: "unheard-of") == "quit")
    }

    @Test("An action's keys are the context's first, then global keys the context leaves alone, as written")
    func keysForAction() throws {
        // Given
        let keymap = try keymap()

        // When / Then
        #expect(keymap.keys(for: "help", context: "queue") == [.function(1), .character("?")])
        #expect(keymap.keys(for: "quit", context: "queue") == [])
        #expect(keymap.keys(for: "quit", context: "parts") == [.character("q")])
        #expect(keymap.keys(for: "close-case", context: "queue") == [.character("q")])
        #expect(keymap.keys(for: "open-case", context: nil) == [])
        #expect(keymap.keys(for: "help", context: nil) == [.function(1), .character("?")])
        #expect(keymap.keys(for: "help", context: "queue").map(\.description) == ["F1", "?"])
    }
}
