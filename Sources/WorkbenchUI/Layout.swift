import TextUI

/// The four panes of the workbench.
public enum PaneID: String, CaseIterable, Sendable {
    case queue, entitlement, parts, closure

    public var title: String {
        switch self {
        case .queue: "Cases"
        case .entitlement: "Asset & entitlement"
        case .parts: "Parts & lines"
        case .closure: "Closure checklist"
        }
    }
}

/// Where everything goes for a terminal size, a focused pane and zoom.
///
/// Wide (at least 120×32): the queue across the top, the other three side by side below, the
/// parts and lines in the middle and widest.
/// Otherwise — 80×24 over SSH — the focused pane takes the body and the other three are one
/// summary line. Zoom gives the focused pane the body at any size.
public struct Layout: Equatable, Sendable {
    public static let minimum = Size(width: 60, height: 16)
    public static let wideFrom = Size(width: 120, height: 32)

    public var header: Rect
    /// The rectangle of each pane on screen; panes not shown have none.
    public var panes: [PaneID: Rect]
    /// One line summing up the panes that are not shown, if any.
    public var summary: Rect?
    public var status: Rect
    public var keyBar: Rect
    public var isWide: Bool

    public init(size: Size, focus: PaneID, zoomed: Bool) {
        let full = Rect(size: size)
        let (header, rest) = full.splitTop(1)
        let (aboveBar, keyBar) = rest.splitBottom(1)
        let (body, status) = aboveBar.splitBottom(1)
        self.header = header
        self.status = status
        self.keyBar = keyBar
        isWide = !zoomed && size.width >= Layout.wideFrom.width && size.height >= Layout.wideFrom.height
        if isWide {
            // The queue a good 40 % (at least 14 rows, a dozen cases); the case's panes the
            // rest, the lines' table widest, the two that wrap text a little narrower.
            let (top, bottom) = body.splitTop(max(body.height * 2 / 5, min(14, body.height / 2)))
            let side = bottom.width * 3 / 10
            let (left, others) = bottom.splitLeft(side)
            let (middle, right) = others.splitLeft(others.width - side)
            panes = [.queue: top, .entitlement: left, .parts: middle, .closure: right]
            summary = nil
        } else {
            let (main, line) = body.splitBottom(1)
            panes = [focus: main]
            summary = line
        }
    }

    public static func fits(_ size: Size) -> Bool {
        size.width >= minimum.width && size.height >= minimum.height
    }
}
