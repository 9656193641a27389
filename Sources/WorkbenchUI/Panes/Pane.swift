import TextUI
import Workbench

/// A pane of the workbench: draws itself in a box, takes the navigation keys while focused,
/// and sums itself up in a few words when it is not shown (at 80×24).
@MainActor
protocol Pane: AnyObject {
    var id: PaneID { get }
    /// The case the pane shows, or nil.
    func show(_ detail: CaseDetail?)
    func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider, focused: Bool)
    /// Navigation keys; true when the key was used.
    func handle(_ key: Key) -> Bool
    /// A click at `point`, where the last frame drew the pane: selects the row there, if the
    /// pane has rows to select; true when it did.
    func select(at point: Point) -> Bool
    /// "Close: 3 ✗", for the summary line.
    var summary: (text: String, role: StyleRole) { get }
}

/// Put before the focused pane's title. The theme marks focus too, but by colour, or without
/// colour by a border in bold, which at 200×50 among four frames is hard to find; a mark in
/// the text shows in every theme, on every terminal, and to a screen reader.
let focusMarker = "▶ "

extension Pane {
    /// A pane of text has no rows to select: a click only focuses it.
    func select(at point: Point) -> Bool { false }

    /// Draws the pane's frame and title, returning the inside.
    func frame(
        _ canvas: inout Canvas, _ rect: Rect, title: String, footer: String? = nil,
        styles: some StyleProvider, focused: Bool
    ) -> Rect {
        canvas.drawBox(
            rect, title: focused ? focusMarker + title : title, footer: footer,
            role: focused ? .borderFocused : .border, titleRole: focused ? .titleFocused : .title, styles: styles)
    }
}
