import Foundation

/// The settings of `config.toml`: which database, theme and keymap, and the terminal's
/// background. The user's file and the shared host's (`/etc/…`) are both read, the user's
/// values winning; a fault in either stops the load.
///
/// ```toml
/// database = "~/cases/main.sqlite"
/// theme = "high-contrast"
/// keymap = "default"
/// background = "light"
/// log = "~/casebench-debug.log"
/// log-slow-ms = 20
/// mouse = false
/// cursor = "arrow"
/// audit-key = "/etc/casebench/audit-key"
/// ```
public struct ConfigFile: Hashable, Sendable {
    /// A value and where it was written, so that a theme that cannot be found is blamed on the
    /// line that named it.
    public struct Setting: Hashable, Sendable {
        public let value: String
        public let location: FileLocation
    }

    /// The database path: `~/` is the user's home; a relative path is relative to the config
    /// file's own directory (not to wherever the program was started).
    public private(set) var database: Setting?
    public private(set) var theme: Setting?
    public private(set) var keymap: Setting?
    /// The debug log's path (`--log` wins), read as `database` is.
    public private(set) var log: Setting?
    /// The key this host signs a PostgreSQL desk's audit head with, read as `database` is.
    public private(set) var auditKey: Setting?
    /// How long a statement takes before the debug log writes it (`--log-slow-ms` wins).
    public private(set) var logSlowMilliseconds: Int?
    /// Whether the terminal's background is dark or light, for themes with a light palette;
    /// nil when not said, and then `COLORFGBG` is asked (`TerminalBackground.choose`).
    public private(set) var background: TerminalBackground?
    /// Whether the workbench asks the terminal for mouse reports: "on" or "off" (from `true` or
    /// `false`); nil when not said, and then it does (`--no-mouse` wins).
    public private(set) var mouse: Setting?
    /// How lists show their selected row: "bar" or "arrow" (`SelectionMark`); nil when not said.
    public private(set) var cursor: Setting?
    /// The files that were there and were read, user's first.
    public private(set) var files: [String] = []

    static let keys = [
        "database", "theme", "keymap", "background", "log", "log-slow-ms", "mouse", "cursor", "audit-key",
    ]

    public init() {}

    /// Reads the user's config file, then the shared host's; either may be absent.
    public static func load(_ paths: ConfigPaths) throws(ConfigError) -> ConfigFile {
        try load(
            files: [paths.userConfigFile, paths.systemConfigFile].compactMap { $0 }, home: paths.environment["HOME"])
    }

    /// Reads `files` that exist, the earlier ones' values winning.
    public static func load(files: [String], home: String?) throws(ConfigError) -> ConfigFile {
        var config = ConfigFile()
        for file in files where TOMLDocument.exists(file) {
            let document = try TOMLDocument.read(file)
            config.files.append(file)
            for key in document.orderedKeys(document.root, at: []) {
                let value = document.root[key]!
                guard keys.contains(key) else {
                    throw document.error(
                        "unknown key '\(key)': the config file has database, theme, keymap, background, log, log-slow-ms, mouse, "
                            + "cursor and audit-key"
                            + NameSuggestion.hint(for: key, among: keys), at: [key])
                }
                // The one number among the settings: milliseconds, written as TOML writes numbers.
                if key == "log-slow-ms" {
                    guard case .integer(let ms) = value, ms >= 0 else {
                        throw document.error(
                            "'log-slow-ms' must be a whole number of milliseconds, 0 or more", at: [key])
                    }
                    config.logSlowMilliseconds = config.logSlowMilliseconds ?? ms
                    continue
                }
                if key == "mouse" {
                    guard let on = value.boolean else {
                        throw document.error("'mouse' must be true or false, not \(value.kind)", at: [key])
                    }
                    config.mouse =
                        config.mouse ?? Setting(value: on ? "on" : "off", location: document.location(of: [key]))
                    continue
                }
                guard var text = value.string else {
                    throw document.error("'\(key)' must be a string, not \(value.kind)", at: [key])
                }
                guard !text.isEmpty else { throw document.error("'\(key)' must not be empty", at: [key]) }
                // A database URL (postgresql://…) names a server, not a file: it is kept as written.
                if key == "log" || key == "audit-key" || (key == "database" && !text.contains("://")) {
                    text = try path(text, key: key, in: document, home: home)
                }
                if key == "background" {
                    guard let background = TerminalBackground(rawValue: text) else {
                        throw document.error("'background' must be \"dark\" or \"light\", not \"\(text)\"", at: [key])
                    }
                    config.background = config.background ?? background
                    continue
                }
                if key == "cursor" {
                    guard SelectionMark(rawValue: text) != nil else {
                        throw document.error("'cursor' must be \"bar\" or \"arrow\", not \"\(text)\"", at: [key])
                    }
                    config.cursor = config.cursor ?? Setting(value: text, location: document.location(of: [key]))
                    continue
                }
                let setting = Setting(value: text, location: document.location(of: [key]))
                switch key {
                case "database": config.database = config.database ?? setting
                case "theme": config.theme = config.theme ?? setting
                case "log": config.log = config.log ?? setting
                case "audit-key": config.auditKey = config.auditKey ?? setting
                default: config.keymap = config.keymap ?? setting
                }
            }
        }
        return config
    }

    /// A path setting: `~/` is the user's home; a relative path is relative to the config file's folder.
    private static func path(_ text: String, key: String, in document: TOMLDocument, home: String?) throws(ConfigError)
        -> String
    {
        if text == "~" || text.hasPrefix("~/") {
            guard let home, !home.isEmpty else {
                throw document.error("'\(key)' starts with ~ but HOME is not set", at: [key])
            }
            return (home as NSString).appendingPathComponent(String(text.dropFirst(2)))
        }
        if text.hasPrefix("/") { return text }
        let directory = (document.file as NSString).deletingLastPathComponent
        return ((directory as NSString).appendingPathComponent(text) as NSString).standardizingPath
    }
}
