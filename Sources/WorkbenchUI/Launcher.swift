import Foundation
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
        public init(theme: String? = nil, keymap: String? = nil, background: TerminalBackground? = nil) {
            self.theme = theme
            self.keymap = keymap
            self.background = background
        }
    }

    /// What the screen is drawn and driven with, loaded from the shipped and user files.
    public struct Setup {
        public var theme: Theme
        public var keymap: Keymap
    }

    public static func loadSetup(
        choices: Choices, config: ConfigFile, paths: ConfigPaths,
        environment: [String: String], executable: String
    ) throws -> Setup {
        let keymap = try KeymapLoader(
            directories: keymapDirectories(paths: paths, environment: environment, executable: executable),
            knownActions: ActionTable.names, knownContexts: ActionTable.contexts
        )
        .load(
            choices.keymap ?? config.keymap?.value ?? "default",
            requestedAt: choices.keymap == nil ? config.keymap?.location : nil,
            userOverride: paths.userKeymapFile)
        let theme = try ThemeLoader(
            directories: themeDirectories(paths: paths, environment: environment, executable: executable)
        )
        .load(
            choices.theme ?? config.theme?.value ?? "default",
            requestedAt: choices.theme == nil ? config.theme?.location : nil,
            background: TerminalBackground.choose(
                named: choices.background ?? config.background, environment: environment))
        return Setup(theme: theme, keymap: keymap)
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
        let terminal = try NCursesTerminal(environment: environment, noColor: noColor)
        defer { terminal.shutdown() }
        let app = try WorkbenchApp(
            session: session, terminal: terminal,
            styles: setup.theme.resolve(depth: terminal.colorDepth, noColor: noColor),
            keymap: setup.keymap)
        if let note = terminal.localeNote { app.status = StatusLine(message: "\(note) · \(app.status.message)") }
        return app.run()
    }
}
