/// What the eye sees of a style: the colour of the letters and of the cell behind them, once
/// `reverse` has swapped them. Two styles written differently can look the same — bright
/// green text in reverse is black on bright green, as a selection written that way is — so
/// questions of what can be told apart are asked of appearances, not of styles.
public struct Appearance: Hashable, Sendable {
    /// A colour on screen: the terminal's own text or background colour, or one that is sent.
    public enum Shade: Hashable, Sendable {
        case terminalForeground
        case terminalBackground
        case color(Color)
    }

    public var ink: Shade
    public var paper: Shade
    /// The style's attributes but `reverse`, which is already in `ink` and `paper`.
    public var attributes: Attributes

    public init(_ style: Style) {
        let foreground: Shade =
            style.foreground == .terminalDefault ? .terminalForeground : .color(style.foreground)
        let background: Shade =
            style.background == .terminalDefault ? .terminalBackground : .color(style.background)
        let reversed = style.attributes.contains(.reverse)
        ink = reversed ? background : foreground
        paper = reversed ? foreground : background
        attributes = style.attributes.subtracting(.reverse)
    }
}
