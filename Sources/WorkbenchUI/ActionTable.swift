import ServiceCore
import TextUI
import Workbench

/// Where an action's keys apply: everywhere, or while a pane has the focus.
public enum ActionContext: String, CaseIterable, Sendable {
    case global, queue, entitlement, parts, closure
}

/// One thing the screen can do. The table of them extends the command catalogue with what
/// is the screen's own — default keys, pane, F-key slot, the dangerous flag, and screen-only
/// actions such as focus and zoom — and the keymap files, the F-key bar, the help overlay and
/// the permission shown for each are all made from it, as tig makes its requests.
public struct ScreenAction: Sendable {
    public let name: String
    /// Short, for the F-key bar.
    public let label: String
    public let help: String
    public let context: ActionContext
    /// The catalogue command it runs, whose permission it needs; nil for screen-only actions.
    public let command: String?
    /// Asks for confirmation first.
    public let dangerous: Bool
    public let functionKey: Int?
    /// The default keymap's keys.
    public let keys: [String]
    /// Commands it carries out besides `command`, choosing by what is selected (take-back
    /// releases a reservation or returns a part): a closure check they fix points at it.
    public let alsoRuns: [String]

    init(_ name: String, _ label: String, _ help: String, context: ActionContext = .global, command: String? = nil,
         alsoRuns: [String] = [], dangerous: Bool = false, f functionKey: Int? = nil, keys: [String]) {
        self.name = name; self.label = label; self.help = help; self.context = context; self.command = command
        self.alsoRuns = alsoRuns; self.dangerous = dangerous; self.functionKey = functionKey; self.keys = keys
    }

    /// The catalogue's entry for the command this action runs.
    public var spec: CommandSpec? { command.flatMap { CommandCatalogue.find($0.split(separator: " ").map(String.init))?.0 } }

    /// Why `user` may not do this, or nil when they may.
    public func refusal(for user: User) -> String? { ScreenAction.refusal(spec, for: user) }

    static func refusal(_ spec: CommandSpec?, for user: User) -> String? {
        guard let permission = spec?.permission, !user.role.may(permission) else { return nil }
        let who = Role.allCases.filter { $0.may(permission) }.map(\.rawValue).joined(separator: ", ")
        return "not for \(user.role.rawValue)s: \(permission.rawValue) is for \(who)"
    }
}

public enum ActionTable {
    public static let all: [ScreenAction] = [
        // The F-key bar, F1 to F10.
        ScreenAction("help", "Help", "Show the keys and what they do", f: 1, keys: ["F1", "?"]),
        ScreenAction("new-case", "New", "Open a case: customer and serial with completion; a caller not yet known is created for review",
                     command: "open", f: 2, keys: ["F2", "n"]),
        ScreenAction("find", "Find", "Filter the queue as you type: subject, customer, serial or case number", f: 3, keys: ["F3", "/"]),
        ScreenAction("verify", "Verify", "Verify the case's entitlement again, from master data as it is now",
                     command: "verify", f: 4, keys: ["F4", "v"]),
        ScreenAction("refresh", "Reload", "Read the queue and the case again", f: 5, keys: ["F5"]),
        ScreenAction("schedule", "Visit", "Schedule a technician's visit", command: "schedule", f: 6, keys: ["F6", "s"]),
        ScreenAction("bill", "Bill", "Build the billing outcomes from the case's lines", command: "bill", f: 7, keys: ["F7", "b"]),
        ScreenAction("close-case", "Close", "Close the case; refused, with the reason, until every check holds",
                     command: "close", dangerous: true, f: 8, keys: ["F8", "C"]),
        ScreenAction("undo", "Undo", "Undo your last command", command: "undo", f: 9, keys: ["F9", "u"]),
        ScreenAction("quit", "Quit", "Leave the workbench; everything done is already saved", f: 10, keys: ["F10", "q"]),

        // Everywhere.
        ScreenAction("redo", "Redo", "Redo what you last undid", command: "redo", keys: ["C-r"]),
        ScreenAction("command-line", "Command", "Type any command of the command language, with completion", keys: [":"]),
        ScreenAction("reports", "Reports", "Reports: KPIs, SLA, reconciliation, profitability, warranty cost, leakage, the case's completion report",
                     command: "report kpi", keys: ["K"]),
        ScreenAction("approvals", "Approvals", "The overrides waiting for a supervisor: a approves, r rejects, with a note",
                     command: "approve", keys: ["A"]),
        ScreenAction("visit-done", "Done", "Mark the case's planned visit done", command: "visit", keys: ["d"]),
        ScreenAction("reserve", "Reserve", "Reserve parts for the case, seeing each bin's availability as you type",
                     command: "reserve", keys: ["r"]),
        ScreenAction("use-part", "Part", "Record a part used, from a bin (what the selected reservation holds, if one is)",
                     command: "use", keys: ["p"]),
        ScreenAction("labour", "Labour", "Record labour minutes", command: "labour", keys: ["l"]),
        ScreenAction("no-parts", "No parts", "Record that the case needed no parts", command: "no-parts", keys: ["P"]),
        ScreenAction("no-labour", "No labour", "Record that the case needed no labour", command: "no-labour", keys: ["L"]),
        ScreenAction("travel", "Travel", "Record travel", command: "travel", keys: ["t"]),
        ScreenAction("expense", "Expense", "Record an expense, such as a call-out fee", command: "expense", keys: ["e"]),
        ScreenAction("resolve", "Resolve", "Record the resolution code and the technician's notes", command: "resolve", keys: ["R"]),
        ScreenAction("note", "Note", "Add to the technician's notes", command: "note", keys: ["N"]),
        ScreenAction("request-override", "Override", "Ask a supervisor for an exception: goodwill, cover object, waive deductible, extend cap",
                     command: "request goodwill", keys: ["o"]),
        ScreenAction("cancel-case", "Cancel", "Cancel a case that has no recorded work",
                     command: "cancel", dangerous: true, keys: ["X"]),
        ScreenAction("focus-next", "Next pane", "Move to the next pane", keys: ["Tab"]),
        ScreenAction("focus-previous", "Previous pane", "Move to the previous pane", keys: ["S-Tab"]),
        ScreenAction("zoom", "Zoom", "Give the focused pane the whole screen, or share it again", keys: ["z"]),
        ScreenAction("redraw", "Redraw", "Draw the whole screen again", keys: ["C-l"]),
        ScreenAction("move-up", "Up", "Previous row", keys: ["Up"]),
        ScreenAction("move-down", "Down", "Next row", keys: ["Down"]),
        ScreenAction("page-up", "Page up", "Previous page", keys: ["PageUp"]),
        ScreenAction("page-down", "Page down", "Next page", keys: ["PageDown"]),
        ScreenAction("move-top", "Top", "First row", keys: ["Home"]),
        ScreenAction("move-bottom", "Bottom", "Last row", keys: ["End"]),

        // The case queue.
        ScreenAction("show-case", "Show", "Show the selected case's entitlement", context: .queue, keys: ["Enter"]),
        ScreenAction("next-view", "Next view", "Cycle the saved views", context: .queue, keys: ["V"]),
        ScreenAction("view-open", "Open", "Saved view: open cases", context: .queue, keys: ["1"]),
        ScreenAction("view-mine", "Mine", "Saved view: my open cases", context: .queue, keys: ["2"]),
        ScreenAction("view-unverified", "Unverified", "Saved view: entitlement not verified, or changed since", context: .queue, keys: ["3"]),
        ScreenAction("view-due-today", "Due today", "Saved view: SLA due by the end of today", context: .queue, keys: ["4"]),
        ScreenAction("view-ready", "Ready", "Saved view: ready to close", context: .queue, keys: ["5"]),
        ScreenAction("view-blocked", "Blocked", "Saved view: resolved, but blocked at close", context: .queue, keys: ["6"]),
        ScreenAction("view-all", "All", "Saved view: every case, closed ones too", context: .queue, keys: ["7"]),
        ScreenAction("sort", "Sort", "Cycle the order: SLA due, age, priority, number", context: .queue, keys: ["S"]),
        ScreenAction("clear-filter", "Clear", "Clear the filter", context: .queue, keys: ["Esc"]),

        // Parts and lines.
        ScreenAction("classify", "Classify", "Make the selected line billable with a reason, or give it back to the proposal",
                     context: .parts, command: "classify", keys: ["c"]),
        // Two commands with two permissions: which one is checked when it runs.
        ScreenAction("take-back", "Take back", "Release the selected reservation, or return the selected part to its bin",
                     context: .parts, alsoRuns: ["release", "return"], keys: ["x"]),

        // The closure checklist.
        ScreenAction("fix-check", "Fix", "Do what fixes the selected check", context: .closure, keys: ["Enter"]),
    ]

    public static let names = Set(all.map(\.name))
    public static let contexts = Set(ActionContext.allCases.map(\.rawValue))

    public static func named(_ name: String) -> ScreenAction? { all.first { $0.name == name } }

    /// The action that runs `command` (a closure check's fix), if the screen has one.
    public static func running(_ command: String) -> ScreenAction? {
        all.first { $0.command == command } ?? all.first { $0.alsoRuns.contains(command) }
    }

    /// The README's table of default keys: one row per action, "| `F1` `?` | Help | where |".
    public static var readmeRows: [String] {
        all.map { a in
            let keys = a.keys.map { "`\($0)`" }.joined(separator: " ")
            let where_ = a.context == .global ? "everywhere" : "\(a.context.rawValue) pane"
            return "| \(keys) | \(a.help)\(a.dangerous ? " (asks first)" : "") | \(where_) |"
        }
    }

    /// The default keymap, as the TOML text `keymaps/default.toml` holds (a test keeps the two equal).
    public static var defaultKeymapText: String {
        var out = "# The default keymap, made from the workbench's action table: every binding there is\n"
        out += "# here, and a test keeps the two equal. Other keymaps inherit from this one.\nname = \"default\"\n"
        for context in ActionContext.allCases {
            let actions = all.filter { $0.context == context }
            out += "\n[\(context.rawValue)]\n"
            for a in actions { for k in a.keys { out += "\"\(k)\" = \"\(a.name)\"\n" } }
        }
        return out
    }
}
