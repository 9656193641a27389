import ServiceCore
import TextUI
import Workbench

/// The closure gate: every check with ✓ or ✗, what is missing, and the key that fixes it.
@MainActor
final class ClosurePane: Pane {
    let id = PaneID.closure
    let list = ListView(lines: [], selectable: true)
    private var detail: CaseDetail?
    /// The key names of an action, from the keymap in use.
    private let keysFor: (String) -> [String]
    /// Who is at the keys: a trainer's `:as` changes it, and with it the keys a check offers.
    private let user: () -> User

    init(keysFor: @escaping (String) -> [String], user: @escaping () -> User) {
        self.keysFor = keysFor
        self.user = user
        list.emptyMessage = "No case selected"
    }

    private var items: [ListLine] = []
    private var wrapped = WrappedLines()

    /// The check under the cursor.
    var selectedCheck: ClosureCheck? {
        guard let d = detail, d.serviceCase.status.isOpen, let i = list.selectedIndex,
            wrapped.owners.indices.contains(i)
        else { return nil }
        let index = wrapped.owners[i] / 2
        return d.checks.indices.contains(index) ? d.checks[index] : nil
    }

    /// "[b]" for a check whose fix has a key; "[p, or P/L: none]" when saying there was
    /// nothing also fixes it; "[ask a supervisor]" when the fix is not for this user's role —
    /// a key that would only be refused is not offered.
    private func fixKey(_ check: ClosureCheck) -> String {
        guard !check.passed, let action = ActionTable.running(check.id.fix) else { return "" }
        let role = user().role
        if let permission = Self.permission(check.id.fix), !role.may(permission) {
            return " [ask \(Role.named(mayDo: permission))]"
        }
        let keys = keysFor(action.name)
        // A pane's own action is pressed there: say where.
        let pane = action.context == .global || action.context == .closure ? "" : " in \(action.context.rawValue)"
        let none = check.id.alsoFixedBy.filter { Self.permission($0).map(role.may) ?? true }
            .compactMap { ActionTable.running($0).flatMap { keysFor($0.name).first } }
        guard !keys.isEmpty else { return "" }
        return " [\(keys.joined(separator: "/"))\(pane)"
            + (none.isEmpty ? "" : ", or \(none.joined(separator: "/")): none") + "]"
    }

    /// The permission a command needs: a fix's own, whatever screen action runs it.
    private static func permission(_ command: String) -> Permission? {
        CommandCatalogue.find([command])?.0.permission
    }

    func show(_ detail: CaseDetail?) {
        let keep = selectedCheck.flatMap { c in detail?.checks.firstIndex { $0.id == c.id } } ?? 0
        self.detail = detail
        if let d = detail, !d.serviceCase.status.isOpen {
            items = [ListLine("Case \(d.serviceCase.id) is \(d.serviceCase.status.rawValue).", role: .dim)]
        } else {
            items = (detail?.checks ?? []).flatMap { c in
                [
                    ListLine("\(c.passed ? "✓" : "✗") \(c.id.title)\(fixKey(c))", role: c.passed ? .ok : .fail),
                    ListLine("    \(c.message)", role: c.passed ? .dim : .normal),
                ]
            }
        }
        rewrap(width: wrapped.width)
        selectCheck(keep)
    }

    private func rewrap(width: Int) {
        wrapped = WrappedLines(items, width: width)
        list.lines = wrapped.lines
    }

    /// Selects the first line of check `index`.
    private func selectCheck(_ index: Int) {
        if let line = wrapped.owners.firstIndex(of: index * 2) { list.select(line) }
    }

    func handle(_ key: Key) -> Bool {
        // Up and Down move check by check, whatever the lines they take.
        let current =
            list.selectedIndex.flatMap { wrapped.owners.indices.contains($0) ? wrapped.owners[$0] / 2 : nil } ?? 0
        let count = (detail?.checks.count ?? 0)
        switch key {
        case .down:
            selectCheck(min(current + 1, max(0, count - 1)))
            return true
        case .up:
            selectCheck(max(0, current - 1))
            return true
        default: return list.handle(key)
        }
    }

    /// A click on any line of a check selects the check, as Up and Down do.
    func select(at point: Point) -> Bool {
        guard detail?.serviceCase.status.isOpen == true, let line = list.line(at: point),
            wrapped.owners.indices.contains(line)
        else { return false }
        selectCheck(wrapped.owners[line] / 2)
        return true
    }

    func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider, focused: Bool) {
        var footer: String? = nil
        if let d = detail, d.serviceCase.status.isOpen {
            let failing = d.failingChecks.count
            let close = keysFor("close-case").first.map { " · \($0) closes" } ?? ""
            footer = failing == 0 ? "ready to close\(close)" : "\(failing) of \(d.checks.count) checks fail"
        }
        let inside = frame(&canvas, rect, title: PaneID.closure.title, footer: footer, styles: styles, focused: focused)
        if inside.width != wrapped.width {
            let keep = selectedCheck.flatMap { c in detail?.checks.firstIndex { $0.id == c.id } } ?? 0
            rewrap(width: inside.width)
            selectCheck(keep)
        }
        list.isFocused = focused
        list.render(on: &canvas, in: inside, styles: styles)
    }

    var summary: (text: String, role: StyleRole) {
        guard let d = detail else { return ("Close: —", .dim) }
        if !d.serviceCase.status.isOpen { return ("Close: \(d.serviceCase.status.rawValue)", .dim) }
        let failing = d.failingChecks.count
        return failing == 0 ? ("Close: ready ✓", .ok) : ("Close: \(failing) ✗", .fail)
    }
}
