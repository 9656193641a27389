import ServiceCore
import TextUI
import Workbench

/// The workbench screen. A key goes: modal (form, dialog, help, `:` line) if one is open,
/// else the keymap — the focused pane's context, then global — to an action, which runs a
/// command-language line through the Session (one transaction, audited, undoable); then the
/// queue re-reads its visible window, the case is read again, and one frame is drawn.
@MainActor
public final class WorkbenchApp {
    public let session: Session
    let terminal: Terminal
    public let styles: any StyleProvider
    let keymap: Keymap
    private let changes: ChangeNotice?

    let queue: QueuePane
    let entitlement = EntitlementPane()
    let parts = PartsPane()
    let closure: ClosurePane
    var focus: PaneID = .queue
    var zoomed = false
    var detail: CaseDetail?
    var status = StatusLine(message: "")
    var modal: Modal?
    private(set) var running = true
    public var isRunning: Bool { running }

    enum Modal {
        case help(HelpOverlay)
        /// `submit` turns the values into a command line (or nil to stay open).
        case form(FormView, submit: ([String: String]) -> String?)
        case dialog(Dialog, choose: (Int) -> Void)
        case commandLine(TextField)
        case output(title: String, ListView)
        /// A list to pick from: Enter, or the letter an entry starts with, picks it.
        case menu(title: String, ListView, keys: [Character], choose: (Int) -> Void)
        case reserve(ReserveView)
        case approvals(ApprovalsView)
    }

    public init(session: Session, terminal: Terminal, styles: any StyleProvider, keymap: Keymap) throws {
        self.session = session
        self.terminal = terminal
        self.styles = styles
        self.keymap = keymap
        changes = try session.watchChanges()
        queue = QueuePane(session: session)
        closure = ClosurePane(keysFor: { [keymap] name in
            let context = ActionTable.named(name).map { $0.context == .global ? "closure" : $0.context.rawValue } ?? "closure"
            return keymap.keys(for: name, context: context).map(\.description)
        })
        loadDetail()
        status = StatusLine(message: session.user.role == .trainer
            ? "You are the trainer: `:as USER` plays a role (:user list shows them) · ? lists the keys"
            : "? lists the keys · / finds a case · : takes any command")
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
            if let key = terminal.nextKey(timeout: 250) {
                handle(key)
                render()
            } else if poll() {
                render()
            }
        }
        return 0
    }

    func quit() { running = false }

    // MARK: - Data

    /// Reads the selected case again (after a command, a change by others, a new selection).
    func loadDetail() {
        guard let id = queue.selectedCase else {
            detail = nil
            for p in panes.values { p.show(nil) }
            return
        }
        do {
            detail = try session.caseDetail(id)
        } catch {
            detail = nil
            status = StatusLine(message: "could not read case \(id): \(error)", kind: .error)
        }
        for p in panes.values where p.id != .queue { p.show(detail) }
    }

    func refreshData() {
        queue.reload()
        loadDetail()
    }

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
        status = StatusLine(message: result.message, kind: result.ok ? .success : .error)
        if let id = result.ids["case"] { selectCase(CaseID(id)) } else { refreshData() }
        let cut = cutsStatusLine(result.message)
        let whole = switch shown {
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
        queue.reload()
        for attempt in 0..<2 {
            if attempt == 1 { queue.clearFilter(); queue.setView(.open) }
            if let i = (0..<min(queue.source.rowCount, 500)).first(where: { queue.source.row(at: $0)?.id == id }) {
                queue.table.select(i)
                break
            }
        }
        loadDetail()
    }

    // MARK: - Keys

    public func handle(_ key: Key) {
        if key == .resize { return }
        if !Layout.fits(terminal.size) {
            if let name = keymap.action(for: key, context: "global"), name == "quit" { quit() }
            return
        }
        if modal != nil { handleModal(key); return }
        if focus == .queue, queue.filterField != nil {
            let before = queue.selectedCase
            queue.handleFilter(key)
            if queue.selectedCase != before { loadDetail() }
            return
        }
        if let name = keymap.action(for: key, context: focus.rawValue), let action = ActionTable.named(name) {
            perform(action)
            return
        }
        let before = queue.selectedCase
        if !(panes[focus]?.handle(key) ?? false) {
            status = StatusLine(message: "\(key) does nothing here; ? lists the keys", kind: .info)
        }
        if queue.selectedCase != before { loadDetail() }
    }

    private func handleModal(_ key: Key) {
        switch modal {
        case .help(let help)?:
            if help.handle(key) == .closed { modal = nil }
        case .form(let form, let submit)?:
            switch form.handle(key) {
            case .submitted(let values):
                guard let line = submit(values) else { return }
                modal = nil
                if let result = run(line), !result.ok {
                    // Keep what was typed: the form comes back with the error beneath it.
                    modal = .form(form, submit: submit)
                }
            case .cancelled: modal = nil
            default: break
            }
        case .dialog(let dialog, let choose)?:
            switch dialog.handle(key) {
            case .chosen(let i): modal = nil; choose(i)
            case .cancelled: modal = nil
            case .pending: break
            }
        case .commandLine(let field)?:
            switch field.handle(key) {
            case .submit:
                modal = nil
                let line = field.value
                run(line, shown: .wholeWithDetails)
            case .cancel: modal = nil
            default: break
            }
        case .output(_, let list)?:
            if key == .escape || key == .enter || key == .character("q") { modal = nil } else { _ = list.handle(key) }
        case .menu(_, let list, let keys, let choose)?:
            var picked: Int?
            switch key {
            case .escape, .character("q"): modal = nil
            case .enter: picked = list.selectedIndex
            case .character(let c): picked = keys.firstIndex(of: c)
            default: _ = list.handle(key)
            }
            if let picked { modal = nil; choose(picked) }
        case .approvals(let view)?:
            switch view.handle(key) {
            case .close: modal = nil
            case .refused(let why): status = StatusLine(message: why, kind: .error)
            case .decide(let item, let approve): decide(item, approve: approve)
            case .none: break
            }
        case .reserve(let view)?:
            switch view.handle(key) {
            case .submit(let line):
                modal = nil
                if let result = run(line), !result.ok { modal = .reserve(view) }
            case .cancel: modal = nil
            case .editing: break
            }
        case nil:
            break
        }
    }

    // MARK: - Drawing

    public func render() {
        let size = terminal.size
        var canvas = Canvas(size: size, fill: styles.style(.normal))
        guard Layout.fits(size) else {
            // Only quitting makes sense until the terminal grows.
            let lines = DisplayWidth.wrap("Casebench needs at least \(Layout.minimum) and this terminal is \(size).", to: size.width)
                + DisplayWidth.wrap("Enlarge it, or press q to quit.", to: size.width)
            for (i, line) in lines.enumerated() {
                canvas.put(DisplayWidth.fit(line, to: size.width, align: .center), x: 0, y: max(0, size.height / 2 - 1) + i,
                           style: styles.style(i < lines.count - 1 ? .warning : .normal))
            }
            terminal.present(canvas, cursor: nil)
            return
        }
        let layout = Layout(size: size, focus: focus, zoomed: zoomed)
        renderHeader(&canvas, layout.header)
        for (id, rect) in layout.panes { panes[id]!.render(on: &canvas, in: rect, styles: styles, focused: id == focus) }
        if let line = layout.summary { renderSummary(&canvas, line) }
        var cursor = focus == .queue ? queue.cursor : nil
        renderStatus(&canvas, layout.status)
        FunctionKeyBar(items: functionKeys).render(on: &canvas, in: layout.keyBar, styles: styles)
        if let c = renderModal(&canvas, Rect(size: size), status: layout.status) { cursor = c }
        terminal.present(canvas, cursor: cursor)
    }

    private func renderHeader(_ canvas: inout Canvas, _ rect: Rect) {
        canvas.fill(rect, style: styles.style(.statusLine))
        var x = rect.x + canvas.put(" Casebench ", x: rect.x, y: rect.y, style: styles.style(.titleFocused))
        if session.info.kind == .training {
            let date = session.info.businessDate.map { rect.width >= 120 ? " · business date \($0)" : " \($0)" } ?? ""
            let mark = " TRAINING\(date) "
            x += canvas.put(mark, x: x, y: rect.y, style: styles.style(.training))
        }
        let who = session.user.account == session.account
            ? "\(session.account) (\(session.user.role.rawValue))"
            : "\(session.account) as \(session.user.account) (\(session.user.role.rawValue))"
        let right = " " + who + " "
        let rightWidth = DisplayWidth.of(right)
        if let d = detail {
            let room = rect.maxX - x - rightWidth - 1
            let text = DisplayWidth.fit(" case \(d.serviceCase.id) · \(d.serviceCase.subject)", to: max(0, room), ellipsis: true)
            canvas.put(text, x: x, y: rect.y, style: styles.style(.statusLine))
        }
        canvas.put(right, x: rect.maxX - rightWidth, y: rect.y, style: styles.style(.statusLine))
    }

    private func renderSummary(_ canvas: inout Canvas, _ rect: Rect) {
        var x = rect.x
        let others = PaneID.allCases.filter { $0 != focus }
        for (i, id) in others.enumerated() {
            let (text, role) = panes[id]!.summary
            if i > 0 { x += canvas.put(" · ", x: x, y: rect.y, limit: rect.maxX - x, style: styles.style(.dim)) }
            x += canvas.put(text, x: x, y: rect.y, limit: rect.maxX - x, style: styles.style(role))
        }
        let tab = keymap.keys(for: "focus-next", context: nil).first.map { "  (\($0) next pane)" } ?? ""
        canvas.put(tab, x: x, y: rect.y, limit: rect.maxX - x, style: styles.style(.dim))
    }

    private func renderStatus(_ canvas: inout Canvas, _ rect: Rect) {
        var s = status
        if let undo = (try? session.historyLabels())?.undo {
            let key = keymap.keys(for: "undo", context: nil).last.map { " (\($0))" } ?? ""
            let right = "undo: \(undo)\(key)"
            // The undo label gives way whole to a message that needs the room.
            if DisplayWidth.of(s.message) + DisplayWidth.of(right) + 3 <= rect.width {
                s.right = right
                s.rightRole = .statusLine
            }
        }
        s.render(on: &canvas, in: rect, styles: styles)
    }

    /// Draws the open modal; returns where the cursor goes.
    private func renderModal(_ canvas: inout Canvas, _ screen: Rect, status: Rect) -> Point? {
        switch modal {
        case .help(let help)?:
            help.render(on: &canvas, in: screen, styles: styles)
        case .form(let form, _)?:
            return form.render(on: &canvas, in: screen, styles: styles)
        case .dialog(let dialog, _)?:
            dialog.render(on: &canvas, in: screen, styles: styles)
        case .commandLine(let field)?:
            canvas.fill(status, style: styles.style(.input))
            let label = canvas.put(":", x: status.x, y: status.y, style: styles.style(.inputFocused))
            let rect = Rect(x: status.x + label, y: status.y, width: status.width - label, height: 1)
            let cursor = field.render(on: &canvas, in: rect, styles: styles)
            let listTop = max(0, status.y - 7)
            field.renderCandidates(on: &canvas, below: Rect(x: rect.x, y: listTop, width: min(40, rect.width), height: 1),
                                   maxRows: 6, styles: styles)
            return cursor
        case .reserve(let view)?:
            return view.render(on: &canvas, in: screen, styles: styles)
        case .output(let title, let list)?:
            // A report wider than the box scrolls sideways: say so.
            let wide = list.lines.contains { DisplayWidth.of($0.text) > min(screen.width - 4, 110) - 2 }
            drawListBox(list, title: title, footer: wide ? "← → scroll · Esc closes" : "Esc closes", width: 110, on: &canvas, in: screen)
        case .approvals(let view)?:
            drawListBox(view.list, title: view.title, footer: ApprovalsView.footer, width: 140, on: &canvas, in: screen)
        case .menu(let title, let list, _, _)?:
            let footer = "Enter or the letter opens · Esc closes"
            let widest = ([footer, title].map(DisplayWidth.of) + list.lines.map { DisplayWidth.of($0.text) }).max() ?? 0
            drawListBox(list, title: title, footer: footer, width: widest + 6, on: &canvas, in: screen)
        case nil:
            break
        }
        return nil
    }

    /// A list in a box in the middle of the screen, `width` wide at most.
    private func drawListBox(_ list: ListView, title: String, footer: String, width: Int, on canvas: inout Canvas, in screen: Rect) {
        let box = screen.centered(Size(width: min(screen.width - 4, width), height: min(screen.height - 4, list.lines.count + 3)))
        let inside = canvas.drawBox(box, title: title, footer: footer, role: .borderFocused, fill: .dialog, styles: styles)
        list.render(on: &canvas, in: inside, styles: styles)
    }

    /// The F-key bar, from the action table; what the role may not do is shown disabled.
    var functionKeys: [FunctionKeyItem] {
        ActionTable.all.filter { $0.functionKey != nil }.sorted { $0.functionKey! < $1.functionKey! }.map { a in
            FunctionKeyItem("F\(a.functionKey!)", a.label, enabled: a.refusal(for: session.user) == nil)
        }
    }
}
