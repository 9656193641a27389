import ServiceCore
import TextUI
import Workbench

/// The workbench screen. A key goes: modal (form, dialog, help, `:` line) if one is open,
/// else the keymap — the focused pane's context, then global — to an action, whose handler
/// (from its controller, `Controllers/`) runs a command-language line through the Session (one
/// transaction, audited, undoable); then the queue re-reads its visible window, the case is
/// read again, and one frame is drawn. Keys are in `+Keys`, drawing in `+Drawing`, what is
/// open over the panes in `Modals/`.
@MainActor
public final class WorkbenchApp {
    public let session: Session
    let terminal: Terminal
    public let styles: any StyleProvider
    let keymap: Keymap
    private let changes: ChangeNotice?
    /// The user's editor for long text (`$VISUAL`, `$EDITOR`), nil when none is set; and the
    /// environment it runs with: the user's own, as the program got it.
    let editor: ExternalEditor?
    let editorEnvironment: [String: String]

    let queue: QueuePane
    let entitlement = EntitlementPane()
    let parts = PartsPane()
    let closure: ClosurePane
    var focus: PaneID = .queue
    var zoomed = false
    /// The widest each piece of the summary line has been since the focus last moved: a
    /// piece keeps its column as the selection moves, so the eye finds it in the same place
    /// and a Down rewrites only the letters that changed, not the rest of the line shifted.
    var summaryWidths: (focus: PaneID, byPane: [PaneID: Int])?
    var detail: CaseDetail?
    /// The selection moved since `detail` was read: it is read once the keys stop (`settle`),
    /// so a held or typed-ahead Down never waits behind reading every case it passes.
    private(set) var detailStale = false
    /// The cases read since the data last changed, on the day they were read: moving back to
    /// one — Esc after a search returns to the case shown before it — shows it without reading
    /// it again. Emptied by every change, own or another's (`refreshData`, `selectCase`).
    private var readDetails: (day: CivilDate, byCase: [CaseID: CaseDetail])?
    /// What undo would undo next, read after each command rather than at every frame.
    private(set) var undoLabel: String?
    var status = StatusLine(message: "")
    var modal: Modal?
    private(set) var running = true
    public var isRunning: Bool { running }

    public init(
        session: Session, terminal: Terminal, styles: any StyleProvider, keymap: Keymap,
        editor: ExternalEditor? = nil, editorEnvironment: [String: String] = [:],
        view: QueueQuery.View? = nil
    ) throws {
        self.session = session
        self.editor = editor
        self.editorEnvironment = editorEnvironment
        self.terminal = terminal
        self.styles = styles
        self.keymap = keymap
        changes = try session.watchChanges()
        queue = QueuePane(session: session, view: view)
        closure = ClosurePane(
            keysFor: { [keymap] name in
                let context =
                    ActionTable.named(name).map { $0.context == .global ? "closure" : $0.context.rawValue } ?? "closure"
                return keymap.keys(for: name, context: context).map(\.description)
            }, user: { [session] in session.user })
        loadDetail()
        readHistory()
        status = StatusLine(
            message: session.readOnlyReason.map { "\($0): nothing can be recorded" }
                ?? (session.user.role == .trainer
                    ? "You are the trainer: `:as USER` plays a role (:user list shows them) · ? lists the keys"
                    : "? lists the keys · / finds a case · : takes any command"))
    }

    var panes: [PaneID: any Pane] { [.queue: queue, .entitlement: entitlement, .parts: parts, .closure: closure] }

    /// Whether another workbench has committed since the last look; if so, reads the visible
    /// rows and the case again. The run loop calls it between keys.
    @discardableResult
    public func poll() -> Bool {
        guard (try? changes?.othersCommitted()) == true else { return false }
        refreshData()
        return true
    }

    // MARK: - Running

    /// Reads keys and draws until quit or a signal; returns the exit status.
    public func run() -> Int32 {
        render()
        while running {
            let signal = terminal.takeStopSignal()
            if signal != 0 { return 128 + signal }
            // While the detail waits to be read, look for a key without waiting: keys already
            // typed go first, and the case is read when they stop.
            if let key = terminal.nextKey(timeout: detailStale ? 0 : 250) {
                handle(key)
                render()
            } else if settle() || poll() {
                render()
            }
        }
        return 0
    }

    func quit() { running = false }

    // MARK: - Data

    /// The queue's selection moved: the case is read once no key is waiting.
    func selectionMoved() { detailStale = true }

    /// Reads the case the selection moved to, if it has not been: what the run loop does when
    /// no key is waiting, and what any key but a move in the queue needs first (it may act on
    /// the case). True when it read.
    @discardableResult
    func settle() -> Bool {
        guard detailStale else { return false }
        loadDetail()
        return true
    }

    /// Shows the selected case (after a command, a change by others, a new selection): read
    /// again, unless it was read since the data last changed.
    func loadDetail() {
        detailStale = false
        guard let id = queue.selectedCase else {
            detail = nil
            for p in panes.values { p.show(nil) }
            return
        }
        let today = session.today
        if let kept = readDetails, kept.day == today, let read = kept.byCase[id] {
            detail = read
        } else {
            do {
                detail = try session.caseDetail(id)
                // A few screens' worth: a long scroll does not hold every case it passed.
                var byCase = readDetails.flatMap { $0.day == today && $0.byCase.count < 64 ? $0.byCase : nil } ?? [:]
                byCase[id] = detail
                readDetails = (today, byCase)
            } catch {
                detail = nil
                status = StatusLine(message: "could not read case \(id): \(error)", kind: .error)
            }
        }
        for p in panes.values where p.id != .queue { p.show(detail) }
    }

    /// The data changed: what was read of it is forgotten.
    private func forgetReads() {
        readDetails = nil
        queue.reload()
    }

    func refreshData() {
        forgetReads()
        loadDetail()
        readHistory()
    }

    /// What undo would undo next: it changes only with a command, this user's or another's.
    func readHistory() { undoLabel = (try? session.historyLabels())?.undo }

    /// Where a result is shown besides the status line, which an 80-column terminal over SSH
    /// cuts: whole in a box.
    enum Shown {
        /// Only there: the screen itself shows why (a refused close points at the checklist).
        case statusLine
        /// A refusal the status line would cut, whole: it says what to do. A success is seen
        /// in the panes, and a box after every long one would stop the keys' flow.
        case wholeWhenRefused
        /// Typed at the command line: any message it would cut, and the details, above them.
        case wholeWithDetails
    }

    /// Runs one line of the command language, as `batch` would, and shows its result.
    @discardableResult
    func run(_ line: String, shown: Shown = .wholeWhenRefused) -> CommandResult? {
        guard let result = session.run(line) else { return nil }
        changes?.ownCommitsRead()
        status = StatusLine(message: result.message, kind: result.ok ? .success : .error)
        if let id = result.ids["case"] { selectCase(CaseID(id)) } else { refreshData() }
        let cut = cutsStatusLine(result.message)
        let whole =
            switch shown {
            case .statusLine: false
            case .wholeWhenRefused: cut && !result.ok
            case .wholeWithDetails: cut
            }
        let details = shown == .wholeWithDetails ? result.details : []
        if whole {
            showWhole(result.message, title: result.ok ? result.command : "\(result.command) refused", details: details)
        } else if !details.isEmpty {
            showWhole(nil, title: result.message, details: details)
        }
        return result
    }

    func cutsStatusLine(_ message: String) -> Bool { DisplayWidth.of(message) > terminal.size.width - 1 }

    /// A box with `message` wrapped whole, above any details.
    func showWhole(_ message: String?, title: String, details: [String] = []) {
        let text = message.map { DisplayWidth.wrap($0, to: min(terminal.size.width - 4, 110) - 2) } ?? []
        modal = .output(title: title, ListView(text: text + details))
    }

    /// Selects a case in the queue after re-reading it; when the current view does not list
    /// it, the "open" view with no filter is tried.
    func selectCase(_ id: CaseID) {
        forgetReads()
        for attempt in 0..<2 {
            if attempt == 1 {
                queue.clearFilter()
                queue.setView(.open)
            }
            if let i = (0..<min(queue.source.rowCount, 500)).first(where: { queue.source.row(at: $0)?.id == id }) {
                queue.table.select(i)
                break
            }
        }
        loadDetail()
        readHistory()
    }
}
