/// The screen's actions: what each controller contributes, as `CommandCatalogue.all` is the
/// commands' groups. The F-key bar's come first, F1 to F10, then the rest in the controllers'
/// order; the keymap file, the README's key table and the help overlay list them so.
public enum ActionTable {
    public static let all: [ScreenAction] = {
        let actions =
            GlobalController.actions + CaseController.actions + NavigationController.actions
            + QueueController.actions + PartsController.actions + ClosureController.actions
        return actions.filter { $0.functionKey != nil }.sorted { $0.functionKey! < $1.functionKey! }
            + actions.filter { $0.functionKey == nil }
    }()

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
            let place = a.context == .global ? "everywhere" : "\(a.context.rawValue) pane"
            return "| \(keys) | \(a.help)\(a.dangerous ? " (asks first)" : "") | \(place) |"
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
