import Foundation
import ServiceCore
import ServiceStore
import Testing
import TextUI
import Workbench

@testable import WorkbenchUI

/// The project's folders, found from this file.
enum Project {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

let businessDate = CivilDate(parsing: "2026-06-15")!
let fixedClock: @Sendable () -> Timestamp = { Timestamp(date: businessDate, hour: 9) }

/// The workbench on a virtual screen, over the shipped training dataset (its setup script
/// run), with the shipped default keymap and theme: a test presses keys and reads the screen.
@MainActor
final class Screen {
    let db: AppDatabase
    let terminal: VirtualTerminal
    let app: WorkbenchApp
    let keymap: Keymap

    /// `path`: an on-disk database (needed to see another connection's commits); in memory otherwise.
    /// `readOnly`: the workbench looks at the set-up database at `path` through a read-only open,
    /// as `casebench --read-only` does.
    init(
        size: Size = Size(width: 80, height: 24), as user: String = "agnes", path: String? = nil,
        keymapName: String = "default", depth: ColorDepth = .ansi256, theme themeName: String = "default",
        noColor: Bool = false, readOnly: ReadOnlyRequest? = nil, editorEnvironment: [String: String]? = nil,
        view: QueueQuery.View? = nil, cursor: SelectionMark = .bar
    ) throws {
        let trainer = User(account: "trainer", name: "Trainer", role: .trainer)
        let db: AppDatabase
        if let path {
            db = try AppDatabase.create(
                at: path, kind: .training, creator: trainer, at: fixedClock(), businessDate: businessDate)
        } else {
            db = try AppDatabase.inMemory(
                kind: .training, creator: trainer, at: fixedClock(), businessDate: businessDate)
        }
        let dataset = try Dataset.read(directory: Project.path("data/training"))
        try db.perform(
            CommandRecord(
                actor: Actor(account: "trainer"), at: fixedClock(), text: "load", label: "load", undoable: false)
        ) {
            try dataset.write(into: $0)
        }
        let setup = try Session(database: db, account: "trainer", clock: fixedClock)
        setup.recordsUndo = false
        let script = try String(contentsOfFile: Project.path("data/training/setup.cb"), encoding: .utf8)
        for line in script.split(separator: "\n") {
            if let r = setup.run(String(line)), !r.ok { throw ScreenError(message: "setup: \(r.message)") }
        }
        if let readOnly, let path {
            self.db = try AppDatabase.open(at: path, readOnly: readOnly)
        } else {
            self.db = db
        }
        keymap = try KeymapLoader(
            directories: [Project.path("keymaps")], knownActions: ActionTable.names,
            knownContexts: ActionTable.contexts
        ).load(keymapName)
        let theme = try ThemeLoader(directories: [Project.path("themes")]).load(themeName)
        terminal = VirtualTerminal(size: size, colorDepth: depth)
        let session = try Session(database: self.db, account: "trainer", actingAs: user, clock: fixedClock)
        var styles = theme.resolve(depth: depth, noColor: noColor)
        styles.selectionMark = cursor
        app = try WorkbenchApp(
            session: session, terminal: terminal, styles: styles,
            keymap: keymap, editor: editorEnvironment.flatMap(ExternalEditor.init(environment:)),
            editorEnvironment: editorEnvironment ?? [:], view: view)
        app.render()
    }

    struct ScreenError: Error { var message: String }

    /// Whatever the test pressed, the ledger, stock and reservations still agree.
    isolated deinit {
        let problems = (try? db.read { try $0.stockProblems() }) ?? ["the invariant check could not run"]
        #expect(problems == [], "the ledger, stock and reservations disagree at the end of the test")
    }

    /// Presses each key as the run loop would: handle, then draw.
    /// Presses each key as the run loop would when no other key is waiting: handle, draw, and
    /// read the case the selection moved to (then draw again).
    func press(_ keys: Key...) {
        for k in keys {
            app.handle(k)
            app.render()
            if app.settle() { app.render() }
        }
    }

    /// Keys arriving together, as typed ahead or pasted: each handled and drawn, the case read
    /// only once they stop — as the run loop does.
    func burst(_ keys: [Key]) {
        for k in keys {
            app.handle(k)
            app.render()
        }
        if app.settle() { app.render() }
    }

    /// Presses keys by name, as a keymap writes them: "Tab", "C-s", "F8", "q".
    func press(names: String) {
        for name in names.split(separator: " ") { press(Key(name: String(name))!) }
    }

    /// What a terminal sends, as bytes, through the decoder the real terminal uses.
    func send(bytes: [UInt8]) {
        for k in KeyDecoder.decode(bytes) { press(k) }
    }

    /// Types text into whatever has the focus.
    func type(_ text: String) {
        for c in text { press(.character(c)) }
    }

    func resize(to size: Size) {
        terminal.resize(to: size)
        press(.resize)
    }

    var text: String { terminal.text }
    func line(_ y: Int) -> String { terminal.line(y) }
    var statusLine: String { terminal.line(terminal.size.height - 2) }
    var lines: [String] { (0..<terminal.size.height).map { terminal.line($0) } }
    func contains(_ s: String) -> Bool { text.contains(s) }
}
