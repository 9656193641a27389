import TextUI

/// The screen's own movements, everywhere: between panes, zoom, redraw, and the rows of the
/// focused pane. They run no command.
enum NavigationController {
    static let actions: [ScreenAction] = [
        ScreenAction("focus-next", "Next pane", "Move to the next pane", keys: ["Tab"], .screen { focus($0, by: 1) }),
        ScreenAction(
            "focus-previous", "Previous pane", "Move to the previous pane", keys: ["S-Tab"],
            .screen { focus($0, by: PaneID.allCases.count - 1) }),
        ScreenAction(
            "zoom", "Zoom", "Give the focused pane the whole screen, or share it again", keys: ["z"],
            .screen { $0.zoomed.toggle() }),
        ScreenAction(
            "redraw", "Redraw", "Draw the whole screen again", keys: ["C-l"],
            .screen { $0.terminal.redrawAll() }),
        ScreenAction("move-up", "Up", "Previous row", keys: ["Up"], .screen { move($0, .up) }),
        ScreenAction("move-down", "Down", "Next row", keys: ["Down"], .screen { move($0, .down) }),
        ScreenAction("page-up", "Page up", "Previous page", keys: ["PageUp"], .screen { move($0, .pageUp) }),
        ScreenAction("page-down", "Page down", "Next page", keys: ["PageDown"], .screen { move($0, .pageDown) }),
        ScreenAction("move-top", "Top", "First row", keys: ["Home"], .screen { move($0, .home) }),
        ScreenAction("move-bottom", "Bottom", "Last row", keys: ["End"], .screen { move($0, .end) }),
    ]

    /// `steps` panes on, round the four.
    @MainActor
    static func focus(_ app: WorkbenchApp, by steps: Int) {
        let all = PaneID.allCases
        let i = all.firstIndex(of: app.focus)!
        app.focus = all[(i + steps) % all.count]
    }

    /// The actions that only move a selection: in the queue they leave the case to be read
    /// once the keys stop.
    static let moves: Set<String> = ["move-up", "move-down", "page-up", "page-down", "move-top", "move-bottom"]

    /// The focused pane moves its selection as the key would; a new case in the queue is read
    /// once no key is waiting.
    @MainActor
    static func move(_ app: WorkbenchApp, _ key: Key) {
        let before = app.queue.selectedCase
        _ = app.panes[app.focus]?.handle(key)
        if app.queue.selectedCase != before { app.selectionMoved() }
    }
}
