import Foundation
import ServiceCore
import TextUI
import Workbench

/// Starts the workbench on a real terminal: the keymap and theme are loaded and checked
/// first, so a bad file is reported as plain text and the program never starts
/// half-configured; then ncurses; and the terminal is restored however the loop ends.
public enum Launcher {
    public struct Choices: Sendable {
        public var theme: String?
        public var keymap: String?
        public var background: TerminalBackground?
        /// `--mouse` (true) or `--no-mouse` (false); nil when neither was given.
        public var mouse: Bool?
        /// `--cursor`: how lists show their selected row; nil when not given.
        public var cursor: SelectionMark?
        /// `--view`: the saved view the queue starts on; nil for the role's own.
        public var view: QueueQuery.View?
        public init(
            theme: String? = nil, keymap: String? = nil, background: TerminalBackground? = nil, mouse: Bool? = nil,
            cursor: SelectionMark? = nil, view: QueueQuery.View? = nil
        ) {
            self.theme = theme
            self.keymap = keymap
            self.background = background
            self.mouse = mouse
            self.cursor = cursor
            self.view = view
        }

        /// `--keymap`, else the config file's, else the default.
        public func keymap(in config: ConfigFile) -> SettingChoice {
            SettingChoice.choose(option: self.keymap, named: "--keymap", configured: config.keymap, builtIn: "default")
        }

        /// `--theme`, else the config file's, else the default.
        public func theme(in config: ConfigFile) -> SettingChoice {
            SettingChoice.choose(option: self.theme, named: "--theme", configured: config.theme, builtIn: "default")
        }

        /// `--mouse`/`--no-mouse`, else the config file's `mouse`, else on: "on" or "off".
        public func mouse(in config: ConfigFile) -> SettingChoice {
            SettingChoice.choose(
                option: mouse.map { $0 ? "on" : "off" }, named: mouse == false ? "--no-mouse" : "--mouse",
                configured: config.mouse, builtIn: "on")
        }

        /// `--cursor`, else the config file's `cursor`, else the bar: "bar" or "arrow".
        public func cursor(in config: ConfigFile) -> SettingChoice {
            SettingChoice.choose(
                option: cursor?.rawValue, named: "--cursor", configured: config.cursor,
                builtIn: SelectionMark.bar.rawValue)
        }

        /// `--background`, else the config file's, else what `COLORFGBG` says, else dark.
        public func background(in config: ConfigFile, environment: [String: String]) -> TerminalBackground {
            TerminalBackground.choose(named: self.background ?? config.background, environment: environment)
        }
    }

    /// What the screen is drawn and driven with, loaded from the shipped and user files.
    public struct Setup {
        public var theme: Theme
        public var keymap: Keymap
        /// Whether the terminal is asked for mouse reports.
        public var mouse: Bool
        /// How lists show their selected row.
        public var cursor: SelectionMark
        /// The saved view the queue starts on; nil for the role's own.
        public var view: QueueQuery.View?
    }

    public static func loadSetup(
        choices: Choices, config: ConfigFile, paths: ConfigPaths,
        environment: [String: String], executable: String
    ) throws -> Setup {
        let keymap = try loadKeymap(
            choices.keymap(in: config), paths: paths, environment: environment, executable: executable)
        let theme = try loadTheme(
            choices.theme(in: config), background: choices.background(in: config, environment: environment),
            paths: paths,
            environment: environment, executable: executable)
        return Setup(
            theme: theme, keymap: keymap, mouse: choices.mouse(in: config).value == "on",
            // Checked when the option was parsed or the config file read.
            cursor: SelectionMark(rawValue: choices.cursor(in: config).value) ?? .bar, view: choices.view)
    }

    /// The keymap chosen, from the user's keymaps before the shipped ones, checked against the
    /// action table, with the user's override file on top.
    public static func loadKeymap(
        _ choice: SettingChoice, paths: ConfigPaths, environment: [String: String], executable: String
    ) throws(ConfigError) -> Keymap {
        try KeymapLoader(
            directories: keymapDirectories(paths: paths, environment: environment, executable: executable),
            knownActions: ActionTable.names, knownContexts: ActionTable.contexts
        )
        .load(choice.value, requestedAt: choice.requestedAt, userOverride: paths.userKeymapFile)
    }

    /// The theme chosen, from the user's themes before the shipped ones.
    public static func loadTheme(
        _ choice: SettingChoice, background: TerminalBackground, paths: ConfigPaths,
        environment: [String: String], executable: String
    ) throws(ConfigError) -> Theme {
        try ThemeLoader(directories: themeDirectories(paths: paths, environment: environment, executable: executable))
            .load(choice.value, requestedAt: choice.requestedAt, background: background)
    }

    /// The folders themes are looked for in: the user's, then the shipped one.
    public static func themeDirectories(paths: ConfigPaths, environment: [String: String], executable: String)
        -> [String]
    {
        paths.themeDirectories(shipped: ShippedFiles.place("themes", environment: environment, executable: executable))
    }

    /// The folders keymaps are looked for in: the user's, then the shipped one.
    public static func keymapDirectories(paths: ConfigPaths, environment: [String: String], executable: String)
        -> [String]
    {
        paths.keymapDirectories(
            shipped: ShippedFiles.place("keymaps", environment: environment, executable: executable))
    }

    /// The names of the themes `loadSetup` can find, the user's among them.
    public static func themeNames(paths: ConfigPaths, environment: [String: String], executable: String)
        -> [String]
    {
        ThemeLoader(directories: themeDirectories(paths: paths, environment: environment, executable: executable))
            .available()
    }

    /// The names of the keymaps `loadSetup` can find, the user's among them.
    public static func keymapNames(paths: ConfigPaths, environment: [String: String], executable: String)
        -> [String]
    {
        KeymapLoader(
            directories: keymapDirectories(paths: paths, environment: environment, executable: executable),
            knownActions: [], knownContexts: []
        ).available()
    }

    /// Runs the workbench until quit; returns the exit status (128 + signal when one stopped it).
    @MainActor
    public static func run(session: Session, setup: Setup, environment: [String: String]) throws -> Int32 {
        let noColor = Theme.noColorRequested(environment: environment)
        let terminal = try NCursesTerminal(environment: environment, noColor: noColor, mouse: setup.mouse)
        defer { terminal.shutdown() }
        var styles = setup.theme.resolve(depth: terminal.colorDepth, noColor: noColor)
        styles.selectionMark = setup.cursor
        let app = try WorkbenchApp(
            session: session, terminal: terminal, styles: styles,
            keymap: setup.keymap,
            // The user's own environment, whole, as git gives it: an editor needs TERM, HOME,
            // PATH, the locale and its own settings; Casebench keeps no secret in it.
            editor: ExternalEditor(environment: environment), editorEnvironment: environment, view: setup.view)
        if let note = terminal.localeNote { app.status = StatusLine(message: "\(note) · \(app.status.message)") }
        return app.run()
    }
}
