import ServiceCore
import TextUI
import Workbench

/// The supervisors' approvals queue: every pending override, oldest first, with its case,
/// what it asks, the amount at stake, who asked, why and how long ago. `a` approves and `r`
/// rejects the selected one (a note, then Enter); a supervisor's own requests are shown
/// dimmed and cannot be decided here.
@MainActor
final class ApprovalsView {
    enum Event {
        case none, close
        case decide(PendingApproval, approve: Bool)
        case refused(String)
    }

    private(set) var items: [PendingApproval]
    let list: ListView

    init(items: [PendingApproval]) {
        self.items = items
        list = ListView(lines: items.map { ListLine($0.row, role: $0.isOwn ? .dim : nil) }, selectable: true)
        list.emptyMessage = "No override is waiting."
    }

    var selected: PendingApproval? { list.selectedIndex.flatMap { items.indices.contains($0) ? items[$0] : nil } }

    func handle(_ key: Key) -> Event {
        switch key {
        case .escape, .character("q"): return .close
        case .character("a"), .character("r"):
            guard let item = selected else { return .none }
            if item.isOwn { return .refused("#\(item.request.id) is your own request: another supervisor decides it") }
            return .decide(item, approve: key == .character("a"))
        default:
            _ = list.handle(key)
            return .none
        }
    }

    var title: String { "Approvals · \(items.count) waiting" }
    static let footer = "a approves · r rejects · Esc closes"
}

extension WorkbenchApp {
    /// The approvals queue, read afresh.
    func openApprovals() {
        do {
            modal = .approvals(ApprovalsView(items: try session.pendingApprovals()))
        } catch {
            status = StatusLine(message: "could not read the approvals: \(error)", kind: .error)
        }
    }

    /// A note, then the decision; back to the queue for the next one. Refused, the form
    /// stays with the reason on the status line.
    func decide(_ item: PendingApproval, approve: Bool) {
        let verb = approve ? "approve" : "reject"
        let id = String(item.request.id.rawValue)
        let note = FormField("note", label: "Note", optional: true, longText: true)
        let view = formView(
            "\(approve ? "Approve" : "Reject") #\(id): \(item.request.summary) on case \(item.request.caseID)", [note])
        func submit(_ values: FormValues) -> String? {
            modal = nil
            if let result = run(CommandText.line(verb, [id], options: [(note.name, values.text(note))])), result.ok {
                openApprovals()
            } else {
                modal = .form(view, submit: submit)
            }
            return nil
        }
        modal = .form(view, submit: submit)
    }
}
