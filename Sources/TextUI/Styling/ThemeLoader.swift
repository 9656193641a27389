import Foundation

/// Finds and loads themes: by name in a list of directories (the user's before the shipped
/// ones), or by path; follows `inherits`; checks that every role is defined.
///
/// ```swift
/// let loader = ThemeLoader(directories: ConfigPaths(environment: env).themeDirectories(shipped: shippedThemes))
/// let theme = try loader.load(
///     config.theme?.value ?? "default", requestedAt: config.theme?.location,
///     background: TerminalBackground.choose(named: config.background, environment: env))
/// let styles = theme.resolve(depth: terminal.colorDepth, noColor: Theme.noColorRequested(environment: env))
/// ```
public struct ThemeLoader: Sendable {
    public let directories: [String]

    public init(directories: [String]) { self.directories = directories }

    private var search: NamedFileSearch { NamedFileSearch(directories: directories, kind: "theme") }

    /// The theme `reference` names: a name looked up as `<dir>/<name>.toml`, or a path (it has a
    /// "/" or ends in ".toml"). `requestedAt` is where the name was written (the config file's
    /// `theme = …`), to be blamed when there is no such theme and to anchor a relative path.
    /// `background` decides whether the `[light-palette]` entries are used.
    public func load(
        _ reference: String, requestedAt: FileLocation? = nil, background: TerminalBackground = .dark
    ) throws(ConfigError) -> Theme {
        let path = try search.locate(reference, requestedAt: requestedAt)
        let files = try InheritanceChain.load(path, search: search).map { (d) throws(ConfigError) in try ThemeFile(d) }
        return try Self.combine(files, background: background)
    }

    /// The names of the themes in all directories, for a picker or `--help`.
    public func available() -> [String] { search.available() }

    /// Layers the files (root ancestor first): palettes and styles, the child's winning per
    /// name and per role; then resolves palette names and checks that no role is missing.
    /// On a light background each file's `[light-palette]` is laid over its own `[palette]`,
    /// so a child's palette still wins over its parent's light one: green-screen, which names
    /// every colour of the default's palette, stays green on black on any terminal.
    static func combine(_ files: [ThemeFile], background: TerminalBackground = .dark) throws(ConfigError) -> Theme {
        var palette: [String: Color] = [:]
        var raw: [String: ThemeFile.RawStyle] = [:]
        for file in files {
            palette.merge(file.palette) { _, child in child }
            if background == .light { palette.merge(file.lightPalette) { _, light in light } }
            raw.merge(file.styles) { _, child in child }
        }
        try checkLightPalettes(files)
        let own = files.last!
        let missing = StyleRole.all.filter { raw[$0.rawValue] == nil }
        guard missing.isEmpty else {
            let names = missing.map(\.rawValue).joined(separator: ", ")
            let through = files.count > 1 ? " (nor do the themes it inherits from)" : ""
            throw own.document.error(
                "theme '\(own.name)' does not define \(missing.count == 1 ? "role" : "roles") \(names)\(through)",
                at: ["styles"])
        }
        var styles: [StyleRole: ThemeStyle] = [:]
        for role in StyleRole.all {
            let r = raw[role.rawValue]!
            func color(_ spec: ColorSpec?, _ field: String) throws(ConfigError) -> Color {
                switch spec {
                case nil: return .terminalDefault
                case .color(let c): return c
                case .palette(let name):
                    guard let c = palette[name] else {
                        let hint =
                            palette.isEmpty
                            ? " (no [palette] defines it)" : NameSuggestion.hint(for: name, among: palette.keys)
                        throw ConfigError(
                            "unknown palette name '\(name)' for \(field) of style '\(r.role)'\(hint)",
                            at: r.colorLocations[field] ?? r.location)
                    }
                    return c
                }
            }
            styles[role] = ThemeStyle(
                foreground: try color(r.foreground, "fg"), background: try color(r.background, "bg"),
                attributes: r.attributes,
                monoAttributes: r.attributes.union(r.monoOn).subtracting(r.monoOff))
        }
        return Theme(name: own.name, files: files.reversed().map(\.document.file), styles: styles)
    }

    /// A light-palette entry replaces a palette entry of its own file or an ancestor's: one
    /// that replaces nothing is a misspelling, which would otherwise show only on a light
    /// terminal. Checked whatever the background, so a fault is found on any.
    private static func checkLightPalettes(_ files: [ThemeFile]) throws(ConfigError) {
        var known: Set<String> = []
        for file in files {
            known.formUnion(file.palette.keys)
            for name in file.document.orderedKeys(file.lightPalette, at: [ThemeFile.lightPaletteKey])
            where !known.contains(name) {
                throw file.document.error(
                    "light-palette entry '\(name)' replaces no [palette] entry of this theme or those it inherits from"
                        + NameSuggestion.hint(for: name, among: known), at: [ThemeFile.lightPaletteKey, name])
            }
        }
    }
}

extension Theme {
    /// The `NO_COLOR` convention (no-color.org): set and not empty means no colour.
    public static func noColorRequested(environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }
}
