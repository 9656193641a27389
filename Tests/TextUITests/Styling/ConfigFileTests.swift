import Testing

@testable import TextUI

@Suite("Where configuration lives")
struct ConfigPathsTests {
    @Test("XDG_CONFIG_HOME is used when absolute, else HOME/.config; /etc for the shared host")
    func directories() {
        // Given
        let xdg = ConfigPaths(environment: ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/u"])
        let home = ConfigPaths(environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": ""])
        let relative = ConfigPaths(environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": "conf"])
        let nothing = ConfigPaths(environment: [:])

        // When / Then
        #expect(xdg.userConfigFile == "/x/conf/casebench/config.toml")
        #expect(xdg.userKeymapFile == "/x/conf/casebench/keymap.toml")
        #expect(xdg.themeDirectories(shipped: "/opt/cb/themes") == ["/x/conf/casebench/themes", "/opt/cb/themes"])
        #expect(xdg.keymapDirectories(shipped: "/opt/cb/keymaps") == ["/x/conf/casebench/keymaps", "/opt/cb/keymaps"])
        #expect(home.userConfigFile == "/home/u/.config/casebench/config.toml")
        #expect(relative.userConfigFile == "/home/u/.config/casebench/config.toml")
        #expect(nothing.userConfigFile == nil)
        #expect(nothing.themeDirectories(shipped: "/opt/cb/themes") == ["/opt/cb/themes"])
        #expect(nothing.systemConfigFile == "/etc/casebench/config.toml")
    }
}

@Suite("The config file")
struct ConfigFileTests {
    /// A user directory and a "system" directory under a fresh temporary root.
    private func paths() throws -> (ConfigPaths, root: String) {
        let root = try StylingFixture.directory()
        return (
            ConfigPaths(
                environment: ["XDG_CONFIG_HOME": root + "/xdg", "HOME": root + "/home"],
                systemDirectory: root + "/etc"), root
        )
    }

    @Test("The user's values win over the shared host's, which fill in the rest")
    func userWins() throws {
        // Given
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write(
            "# mine\ntheme = \"mono\"\nbackground = \"dark\"\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write(
            "database = \"/srv/cases.sqlite\"\ntheme = \"default\"\nkeymap = \"vi\"\nbackground = \"light\"\n",
            to: "etc/config.toml", in: root)

        // When
        let config = try ConfigFile.load(paths)

        // Then
        #expect(config.theme?.value == "mono")
        #expect(config.theme?.location.description == root + "/xdg/casebench/config.toml:2")
        #expect(config.database?.value == "/srv/cases.sqlite")
        #expect(config.keymap?.value == "vi")
        #expect(config.keymap?.location.description == root + "/etc/config.toml:3")
        #expect(config.background == .dark)
        #expect(config.files == [root + "/xdg/casebench/config.toml", root + "/etc/config.toml"])
    }

    @Test("No config file at all is an empty configuration")
    func none() throws {
        // Given
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }

        // When
        let config = try ConfigFile.load(paths)

        // Then
        #expect(config == ConfigFile())
    }

    @Test("A database path may start with ~/ or be relative to the config file")
    func databasePath() throws {
        // Given
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("database = \"~/cases/main.sqlite\"\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write("database = \"../data/./cases.sqlite\"\n", to: "etc/config.toml", in: root)

        // When
        let user = try ConfigFile.load(paths)
        let shared = try ConfigFile.load(files: [root + "/etc/config.toml"], home: nil)

        // Then
        #expect(user.database?.value == root + "/home/cases/main.sqlite")
        #expect(shared.database?.value == root + "/data/cases.sqlite")
    }

    @Test("A database URL is kept as written, not read as a path; the audit key's path is read as the database's")
    func databaseURLAndAuditKey() throws {
        // Given
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        let url = "postgresql:///cases?host=/run/postgresql&user=casebench"
        try StylingFixture.write(
            "database = \"\(url)\"\naudit-key = \"~/keys/desk\"\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write("audit-key = \"audit-key\"\n", to: "etc/config.toml", in: root)

        // When
        let user = try ConfigFile.load(paths)
        let shared = try ConfigFile.load(files: [root + "/etc/config.toml"], home: nil)

        // Then
        #expect(user.database?.value == url)
        #expect(user.auditKey?.value == root + "/home/keys/desk")
        #expect(shared.auditKey?.value == root + "/etc/audit-key")
    }

    @Test("The log path is read as the database's: ~/ is HOME, a relative path the config file's folder")
    func logPath() throws {
        // Given
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("log = \"~/logs/cb.log\"\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write("log = \"debug.log\"\nlog-slow-ms = 20\n", to: "etc/config.toml", in: root)

        // When
        let user = try ConfigFile.load(paths)
        let shared = try ConfigFile.load(files: [root + "/etc/config.toml"], home: nil)

        // Then
        #expect(user.log?.value == root + "/home/logs/cb.log")
        #expect(shared.log?.value == root + "/etc/debug.log")
        #expect(shared.logSlowMilliseconds == 20)
        #expect(user.logSlowMilliseconds == 20) // the shared host's, as the user's file leaves it unsaid
    }

    @Test("mouse = false turns the mouse off, the user's word winning over the shared host's; unsaid, it is nil")
    func mouseSwitch() throws {
        // Given
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("theme = \"mono\"\nmouse = false\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write("mouse = true\n", to: "etc/config.toml", in: root)

        // When
        let user = try ConfigFile.load(paths)
        let shared = try ConfigFile.load(files: [root + "/etc/config.toml"], home: nil)
        let none = try ConfigFile.load(files: [], home: nil)

        // Then
        #expect(user.mouse?.value == "off")
        #expect(user.mouse?.location.description == root + "/xdg/casebench/config.toml:2")
        #expect(shared.mouse?.value == "on")
        #expect(none.mouse == nil)
    }

    @Test("cursor = \"arrow\" asks for the arrow, the user's word winning over the shared host's")
    func cursorChoice() throws {
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("cursor = \"arrow\"\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write("cursor = \"bar\"\n", to: "etc/config.toml", in: root)
        #expect(try ConfigFile.load(paths).cursor?.value == "arrow")
        #expect(try ConfigFile.load(files: [root + "/etc/config.toml"], home: nil).cursor?.value == "bar")
        #expect(try ConfigFile.load(files: [], home: nil).cursor == nil)
    }

    @Test(
        "Each fault names its file and line, in either file, and nothing is half loaded",
        arguments: [
            (
                "theme = \"mono\"\ncolour = \"yes\"\n",
                "config.toml:2: unknown key 'colour': the config file has database, theme, keymap, background, log, log-slow-ms, mouse, cursor and audit-key"
            ),
            (
                "them = \"mono\"\n",
                "config.toml:1: unknown key 'them': the config file has database, theme, keymap, background, log, log-slow-ms, mouse, cursor and audit-key (did you mean 'theme'?)"
            ),
            ("\ntheme = 3\n", "config.toml:2: 'theme' must be a string, not an integer"),
            ("[database]\npath = \"x\"\n", "config.toml:1: 'database' must be a string, not a table"),
            ("keymap = \"\"\n", "config.toml:1: 'keymap' must not be empty"),
            ("\nbackground = \"dim\"\n", "config.toml:2: 'background' must be \"dark\" or \"light\", not \"dim\""),
            (
                "log-slow-ms = \"50\"\n",
                "config.toml:1: 'log-slow-ms' must be a whole number of milliseconds, 0 or more"
            ),
            ("\nlog-slow-ms = -1\n", "config.toml:2: 'log-slow-ms' must be a whole number of milliseconds, 0 or more"),
            ("mouse = \"no\"\n", "config.toml:1: 'mouse' must be true or false, not a string"),
            ("\ncursor = \"block\"\n", "config.toml:2: 'cursor' must be \"bar\" or \"arrow\", not \"block\""),
            ("\n\ntheme = mono\n", "config.toml:3:9: Error while parsing value: could not determine value type"),
        ])
    func faults(text: String, expected: String) throws {
        // Given a good user file and a faulty shared one
        let (paths, root) = try paths()
        defer { StylingFixture.remove(root) }
        try StylingFixture.write("theme = \"default\"\n", to: "xdg/casebench/config.toml", in: root)
        try StylingFixture.write(text, to: "etc/config.toml", in: root)

        // When
        let error = #expect(throws: ConfigError.self) { try ConfigFile.load(paths) }

        // Then
        #expect(error?.description == root + "/etc/" + expected)
    }

    @Test("A database path with ~ and no HOME is refused")
    func tildeWithoutHome() throws {
        // Given
        let root = try StylingFixture.directory()
        defer { StylingFixture.remove(root) }
        let file = try StylingFixture.write("\ndatabase = \"~/x.sqlite\"\n", to: "config.toml", in: root)

        // When
        let error = #expect(throws: ConfigError.self) { try ConfigFile.load(files: [file], home: nil) }

        // Then
        #expect(error?.description == file + ":2: 'database' starts with ~ but HOME is not set")
    }
}

@Suite("From config file to theme and keymap")
struct ConfigWiringTests {
    @Test("The theme the config file names is loaded for the terminal; a missing one is blamed on the config line")
    func themeFromConfig() throws {
        // Given a user config naming a shipped theme and one naming no theme
        let root = try StylingFixture.directory()
        defer { StylingFixture.remove(root) }
        let env = ["XDG_CONFIG_HOME": root]
        try StylingFixture.write("keymap = \"k\"\ntheme = \"green-screen\"\n", to: "casebench/config.toml", in: root)
        let paths = ConfigPaths(environment: env, systemDirectory: root + "/etc")
        let loader = ThemeLoader(directories: paths.themeDirectories(shipped: StylingFixture.shippedThemes))

        // When
        let config = try ConfigFile.load(paths)
        let theme = try loader.load(config.theme?.value ?? "default", requestedAt: config.theme?.location)
        let styles = theme.resolve(depth: .ansi8, noColor: Theme.noColorRequested(environment: env))
        let missing = #expect(throws: ConfigError.self) {
            try ThemeLoader(directories: [root]).load(config.theme!.value, requestedAt: config.theme?.location)
        }

        // Then
        #expect(styles.style(.normal) == Style(foreground: .ansi(2), background: .ansi(0)))
        #expect(missing?.description == "\(root)/casebench/config.toml:2: no theme named 'green-screen' in \(root)")
    }
}
