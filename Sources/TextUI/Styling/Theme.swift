/// How one role looks, as the theme wrote it: colours at full depth, and the attributes to use
/// when there is no colour at all.
public struct ThemeStyle: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes
    /// The attributes on a monochrome terminal (or with `NO_COLOR`): the style's own, changed by
    /// its `mono = { … }` table, so that what colour alone showed (a selection) stays visible.
    public var monoAttributes: Attributes

    public init(
        foreground: Color = .terminalDefault, background: Color = .terminalDefault,
        attributes: Attributes = [], monoAttributes: Attributes? = nil
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.monoAttributes = monoAttributes ?? attributes
    }
}

/// A loaded theme: every role of `StyleRole.all` defined, palette names resolved, inheritance
/// applied. Turn it into what widgets read with `resolve(depth:noColor:)`.
public struct Theme: Hashable, Sendable {
    public let name: String
    /// The files it was made from, the theme's own first, then its ancestors.
    public let files: [String]
    public let styles: [StyleRole: ThemeStyle]

    public init(name: String, files: [String], styles: [StyleRole: ThemeStyle]) {
        self.name = name
        self.files = files
        self.styles = styles
    }

    /// The theme as a terminal of `depth` shows it. `noColor` (the `NO_COLOR` convention: set
    /// and not empty) forces monochrome whatever the terminal can do.
    ///
    /// - trueColor: colours as written.
    /// - ansi256: `#rrggbb` becomes the nearest cube colour or grey.
    /// - ansi8: everything becomes the nearest of the eight basic colours; bright ANSI colours
    ///   become their base colour plus bold (in the foreground; a background just loses the
    ///   brightness).
    /// - monochrome: no colours; each role's mono attributes.
    public func resolve(depth: ColorDepth, noColor: Bool = false) -> ThemeStyles {
        let depth = noColor ? .monochrome : depth
        return ThemeStyles(depth: depth, styles: styles.mapValues { Self.style($0, depth: depth) })
    }

    static func style(_ s: ThemeStyle, depth: ColorDepth) -> Style {
        switch depth {
        case .trueColor:
            return Style(foreground: s.foreground, background: s.background, attributes: s.attributes)
        case .ansi256:
            return Style(
                foreground: ColorDownsampling.to256(s.foreground), background: ColorDownsampling.to256(s.background),
                attributes: s.attributes)
        case .ansi8:
            let (fg, bright) = ColorDownsampling.toBasic8(s.foreground)
            let (bg, _) = ColorDownsampling.toBasic8(s.background)
            return Style(foreground: fg, background: bg, attributes: bright ? s.attributes.union(.bold) : s.attributes)
        case .monochrome:
            return Style(attributes: s.monoAttributes)
        }
    }
}

/// A theme resolved for one terminal: what widgets read styles through.
public struct ThemeStyles: StyleProvider, Hashable, Sendable {
    public let depth: ColorDepth
    public let styles: [StyleRole: Style]
    /// How lists and tables show their selected row: the user's choice (`cursor`), not the theme's.
    public var selectionMark: SelectionMark = .bar

    /// A role the theme does not know (a widget's own, newer than `StyleRole.all`) draws as
    /// `normal`.
    public func style(_ role: StyleRole) -> Style {
        styles[role] ?? styles[.normal] ?? .plain
    }
}
