import Foundation

/// Where the application's configuration lives, from the environment given (never the
/// process's own, so tests can point it at temporary directories):
/// `$XDG_CONFIG_HOME/<app>` (else `$HOME/.config/<app>`) for the user, `/etc/<app>` for a
/// shared host.
public struct ConfigPaths: Hashable, Sendable {
    public let environment: [String: String]
    public let application: String
    /// The shared host's directory, `/etc/<app>` unless given.
    public let systemDirectory: String

    public init(environment: [String: String], application: String = "casebench", systemDirectory: String? = nil) {
        self.environment = environment
        self.application = application
        self.systemDirectory = systemDirectory ?? "/etc/\(application)"
    }

    /// The user's directory; nil when neither `XDG_CONFIG_HOME` nor `HOME` gives one. The XDG
    /// spec says an empty or relative `XDG_CONFIG_HOME` is to be ignored.
    public var userDirectory: String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return join(xdg, application) }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return join(home, ".config", application)
    }

    public var userConfigFile: String? { userDirectory.map { join($0, "config.toml") } }
    public var systemConfigFile: String { join(systemDirectory, "config.toml") }
    /// A user's changes to single bindings of the chosen keymap.
    public var userKeymapFile: String? { userDirectory.map { join($0, "keymap.toml") } }

    /// The user's theme directory before the shipped one.
    public func themeDirectories(shipped: String) -> [String] {
        (userDirectory.map { [join($0, "themes")] } ?? []) + [shipped]
    }

    /// The user's keymap directory before the shipped one.
    public func keymapDirectories(shipped: String) -> [String] {
        (userDirectory.map { [join($0, "keymaps")] } ?? []) + [shipped]
    }

    private func join(_ parts: String...) -> String {
        parts.dropFirst().reduce(parts[0]) { ($0 as NSString).appendingPathComponent($1) }
    }
}
