/// What a piece of the screen is, for the theme to decide how it looks. Widgets draw with
/// roles, never with colours; a theme file names these roles.
public struct StyleRole: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Ordinary text.
    public static let normal = StyleRole("normal")
    /// Less important text: hints, ages, separators.
    public static let dim = StyleRole("dim")
    /// A pane's or dialog's title.
    public static let title = StyleRole("title")
    /// The focused pane's title.
    public static let titleFocused = StyleRole("title.focused")
    public static let border = StyleRole("border")
    public static let borderFocused = StyleRole("border.focused")
    /// Table column headings.
    public static let header = StyleRole("header")
    /// The selected row of the focused table.
    public static let selected = StyleRole("selected")
    /// The selected row of a table that is not focused.
    public static let selectedUnfocused = StyleRole("selected.unfocused")
    /// Good news: ✓, covered, ready.
    public static let ok = StyleRole("ok")
    /// A failing check, ✗.
    public static let fail = StyleRole("fail")
    public static let warning = StyleRole("warning")
    /// Something the user may not do: shown, with its reason, never hidden.
    public static let disabled = StyleRole("disabled")
    public static let statusLine = StyleRole("status")
    public static let statusError = StyleRole("status.error")
    public static let statusSuccess = StyleRole("status.success")
    /// The function-key bar: the key ("F1") and what it does ("Help").
    public static let keyName = StyleRole("keybar.key")
    public static let keyLabel = StyleRole("keybar.label")
    public static let input = StyleRole("input")
    public static let inputFocused = StyleRole("input.focused")
    public static let dialog = StyleRole("dialog")
    /// The marker that this is a training database, on screen at all times.
    public static let training = StyleRole("training")

    /// Every role a theme must (directly or through `inherits`) define.
    public static let all: [StyleRole] = [
        .normal, .dim, .title, .titleFocused, .border, .borderFocused, .header, .selected, .selectedUnfocused,
        .ok, .fail, .warning, .disabled, .statusLine, .statusError, .statusSuccess, .keyName, .keyLabel,
        .input, .inputFocused, .dialog, .training,
    ]
}

/// Looks up the style of a role: a theme resolved for the terminal's colour depth.
public protocol StyleProvider {
    func style(_ role: StyleRole) -> Style
    /// How lists and tables show their selected row.
    var selectionMark: SelectionMark { get }
}

extension StyleProvider {
    public var selectionMark: SelectionMark { .bar }
}

/// Every role plain: for tests that look only at text.
public struct PlainStyles: StyleProvider {
    public init() {}
    public func style(_ role: StyleRole) -> Style {
        switch role {
        case .selected, .statusLine, .keyLabel: Style(attributes: .reverse)
        default: .plain
        }
    }
}
