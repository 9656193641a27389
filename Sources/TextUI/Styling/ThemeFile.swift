/// One theme file, checked but not yet combined with the files it inherits from: palette
/// names stay unresolved until the whole chain is known, so that a child's palette recolours
/// its parent's styles.
///
/// ```toml
/// name = "green-screen"
/// inherits = "default"
/// [palette]
/// accent = "bright-green"
/// [light-palette]          # replaces palette entries on a light terminal background
/// accent = "green"
/// [styles]
/// selected = { fg = "black", bg = "accent", mono = { reverse = true } }
/// "status.error" = { fg = "bright-white", bg = "red", bold = true }
/// ```
struct ThemeFile: Sendable {
    /// A role's style as written, with where it was written for later faults.
    struct RawStyle: Sendable {
        var role: String
        var foreground: ColorSpec?
        var background: ColorSpec?
        var attributes: Attributes = []
        var monoOn: Attributes = []
        var monoOff: Attributes = []
        /// Where the role is written, and where its fg and bg are (their own lines when the
        /// style is written as a `[styles.role]` table).
        var location: FileLocation
        var colorLocations: [String: FileLocation] = [:]
    }

    let document: TOMLDocument
    let name: String
    let palette: [String: Color]
    /// The entries that replace the palette's on a light background (`TerminalBackground`).
    let lightPalette: [String: Color]
    /// By role name.
    let styles: [String: RawStyle]

    static let topLevelKeys = ["name", "inherits", "palette", lightPaletteKey, "styles"]
    static let lightPaletteKey = "light-palette"
    static let attributeKeys: [(String, Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
    static let styleKeys = ["fg", "bg"] + attributeKeys.map(\.0) + ["mono"]
    static let roleNames = StyleRole.all.map(\.rawValue)

    init(_ document: TOMLDocument) throws(ConfigError) {
        self.document = document
        let root = document.root
        for key in document.orderedKeys(root, at: []) where !Self.topLevelKeys.contains(key) {
            throw document.error(
                "unknown key '\(key)': a theme has name, inherits, palette, light-palette and styles"
                    + NameSuggestion.hint(for: key, among: Self.topLevelKeys), at: [key])
        }
        guard let name = try document.string("name", in: root, at: [], what: "'name'") else {
            throw document.error("a theme needs a name: name = \"…\"", at: [])
        }
        guard !name.isEmpty else { throw document.error("'name' must not be empty", at: ["name"]) }
        self.name = name
        palette = try Self.palette(document, table: "palette")
        lightPalette = try Self.palette(document, table: Self.lightPaletteKey)
        var styles: [String: RawStyle] = [:]
        if let value = root["styles"] {
            guard let table = value.table else {
                throw document.error("'styles' must be a table ([styles]), not \(value.kind)", at: ["styles"])
            }
            try Self.readStyles(table, at: ["styles"], rolePrefix: "", document, into: &styles)
        }
        self.styles = styles
    }

    // MARK: Palette

    /// Reads `[palette]` or `[light-palette]`, which are written alike.
    private static func palette(_ document: TOMLDocument, table name: String) throws(ConfigError) -> [String: Color] {
        guard let value = document.root[name] else { return [:] }
        guard let table = value.table else {
            throw document.error("'\(name)' must be a table ([\(name)]), not \(value.kind)", at: [name])
        }
        var palette: [String: Color] = [:]
        for key in document.orderedKeys(table, at: [name]) {
            let path = [name, key]
            guard !key.isEmpty, key.unicodeScalars.allSatisfy(ColorSpec.isNameCharacter) else {
                throw document.error("palette name '\(key)' may hold only letters, digits, '-' and '_'", at: path)
            }
            guard !ColorSpec.isColorName(key) else {
                throw document.error("palette name '\(key)' reads as a colour; choose another name", at: path)
            }
            let entry = table[key]!
            guard let text = entry.string else {
                throw document.error("\(name) entry '\(key)' must be a colour (a string), not \(entry.kind)", at: path)
            }
            switch ColorSpec.parse(text) {
            case .success(.color(let color)): palette[key] = color
            case .success(.palette):
                throw document.error(
                    "bad colour '\(text)' for \(name) entry '\(key)': expected \(ColorSpec.forms)", at: path)
            case .failure(let e):
                throw document.error("bad colour '\(text)' for \(name) entry '\(key)': \(e.reason)", at: path)
            }
        }
        return palette
    }

    // MARK: Styles

    /// Reads `[styles]`. A role name with a dot may be quoted (`"status.error" = {…}`) or, as
    /// TOML allows, written as a dotted key (`status.error = {…}`, `[styles.status.error]`),
    /// which arrives as a table nested in `status`: any table inside a style that is not `mono`
    /// is read as such a nested role.
    private static func readStyles(
        _ table: [String: ConfigValue], at path: [String], rolePrefix: String,
        _ document: TOMLDocument, into styles: inout [String: RawStyle]
    ) throws(ConfigError) {
        for key in document.orderedKeys(table, at: path) {
            let value = table[key]!
            let role = rolePrefix + key
            guard let fields = value.table else {
                throw document.error(
                    "style '\(role)' must be a table such as { fg = \"cyan\", bold = true }, not \(value.kind)",
                    at: path + [key])
            }
            try readStyle(fields, role: role, at: path + [key], document, into: &styles)
        }
    }

    private static func readStyle(
        _ fields: [String: ConfigValue], role: String, at path: [String],
        _ document: TOMLDocument, into styles: inout [String: RawStyle]
    ) throws(ConfigError) {
        var style = RawStyle(role: role, location: document.location(of: path))
        var nested: [String: ConfigValue] = [:]
        var definesStyle = false
        for key in document.orderedKeys(fields, at: path) {
            let value = fields[key]!
            switch key {
            case "fg", "bg":
                let spec = try colorSpec(value, field: key, role: role, at: path + [key], document)
                if key == "fg" { style.foreground = spec } else { style.background = spec }
                style.colorLocations[key] = document.location(of: path + [key])
                definesStyle = true
            case "mono":
                try readMono(value, into: &style, at: path + [key], document)
                definesStyle = true
            default:
                if let attribute = attributeKeys.first(where: { $0.0 == key })?.1 {
                    guard let on = value.boolean else {
                        throw document.error(
                            "'\(key)' of style '\(role)' must be true or false, not \(value.kind)", at: path + [key])
                    }
                    if on { style.attributes.insert(attribute) }
                    definesStyle = true
                } else if value.table != nil {
                    nested[key] = value
                } else {
                    throw document.error(
                        "unknown key '\(key)' in style '\(role)': a style takes fg, bg, bold, dim, "
                            + "underline, reverse, italic and mono" + NameSuggestion.hint(for: key, among: styleKeys),
                        at: path + [key])
                }
            }
        }
        // A table holding only nested roles (`status` in `status.error = {…}`) defines none itself.
        if definesStyle || nested.isEmpty {
            guard roleNames.contains(role) else {
                throw document.error(
                    "unknown role '\(role)'" + NameSuggestion.hint(for: role, among: roleNames), at: path)
            }
            // TOML takes `"status.error"` and `status.error` as different keys; here they are one role.
            if let first = styles[role] {
                throw document.error(
                    "role '\(role)' is styled twice: also on line \(first.location.line ?? 1)", at: path)
            }
            styles[role] = style
        }
        try readStyles(nested, at: path, rolePrefix: role + ".", document, into: &styles)
    }

    private static func colorSpec(
        _ value: ConfigValue, field: String, role: String, at path: [String],
        _ document: TOMLDocument
    ) throws(ConfigError) -> ColorSpec {
        guard let text = value.string else {
            throw document.error("\(field) of style '\(role)' must be a colour (a string), not \(value.kind)", at: path)
        }
        switch ColorSpec.parse(text) {
        case .success(let spec): return spec
        case .failure(let e):
            throw document.error("bad colour '\(text)' for \(field) of style '\(role)': \(e.reason)", at: path)
        }
    }

    /// `mono = { reverse = true, bold = false }`: changes to the style's own attributes for a
    /// terminal without colour.
    private static func readMono(
        _ value: ConfigValue, into style: inout RawStyle, at path: [String],
        _ document: TOMLDocument
    ) throws(ConfigError) {
        guard let table = value.table else {
            throw document.error(
                "'mono' of style '\(style.role)' must be a table such as { reverse = true }, not \(value.kind)",
                at: path)
        }
        for key in document.orderedKeys(table, at: path) {
            let entry = table[key]!
            guard let attribute = attributeKeys.first(where: { $0.0 == key })?.1 else {
                throw document.error(
                    "unknown key '\(key)' in 'mono' of style '\(style.role)': mono takes bold, dim, underline, "
                        + "reverse and italic" + NameSuggestion.hint(for: key, among: attributeKeys.map(\.0)),
                    at: path + [key])
            }
            guard let on = entry.boolean else {
                throw document.error(
                    "'\(key)' in 'mono' of style '\(style.role)' must be true or false, not \(entry.kind)",
                    at: path + [key])
            }
            if on { style.monoOn.insert(attribute) } else { style.monoOff.insert(attribute) }
        }
    }
}
