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
/// the permission shown for each are all made from it, as tig makes its requests. Each action
/// carries its handler: the controller that contributes it says what it does.
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
    /// What it does, once the user's role may.
    let handler: Handler

    enum Handler: Sendable {
        /// The screen's own, or a command on no particular case.
        case screen(@MainActor @Sendable (WorkbenchApp) -> Void)
        /// Works on the selected case; with none selected, the status line asks for one.
        case onCase(@MainActor @Sendable (WorkbenchApp, CaseDetail) -> Void)
    }

    init(
        _ name: String, _ label: String, _ help: String, context: ActionContext = .global, command: String? = nil,
        alsoRuns: [String] = [], dangerous: Bool = false, f functionKey: Int? = nil, keys: [String],
        _ handler: Handler
    ) {
        self.name = name
        self.label = label
        self.help = help
        self.context = context
        self.command = command
        self.alsoRuns = alsoRuns
        self.dangerous = dangerous
        self.functionKey = functionKey
        self.keys = keys
        self.handler = handler
    }

    /// The catalogue's entry for the command this action runs.
    public var spec: CommandSpec? {
        command.flatMap { CommandCatalogue.find($0.split(separator: " ").map(String.init))?.0 }
    }

    /// Why this may not be done in `session` — its database is read-only, or its user's role
    /// may not — or nil when it may.
    public func refusal(in session: Session) -> String? { ScreenAction.refusal(spec, in: session) }

    static func refusal(_ spec: CommandSpec?, in session: Session) -> String? {
        if let spec, let reason = session.readOnlyRefusal(spec) { return reason }
        let user = session.user
        guard let permission = spec?.permission, !user.role.may(permission) else { return nil }
        let who = Role.allCases.filter { $0.may(permission) }.map(\.rawValue).joined(separator: ", ")
        return "not for \(user.role.rawValue)s: \(permission.rawValue) is for \(who)"
    }
}
