import Foundation
import ServiceCore
import ServiceStore
import Testing
import TextUI

@testable import WorkbenchUI

/// Notes and reasons written in the user's `$VISUAL`/`$EDITOR` (C-x C-e in a form), with a
/// fake editor: a shell script in a folder of the test's own.
@MainActor
@Suite("Long text in the user's editor, on a virtual screen")
struct EditorScreenTests {
    /// A folder with `editor`, a script whose body is `body` (the file to edit is its last
    /// argument), and what it writes beside it.
    final class FakeEditor {
        let folder: String
        var path: String { folder + "/editor" }

        init(_ body: String) throws {
            folder =
                FileManager.default.temporaryDirectory.appendingPathComponent("cb-editor-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let script = "#!/bin/sh\nfor last in \"$@\"; do :; done\necho \"$@\" > \(folder)/arguments\n" + body + "\n"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }

        func read(_ name: String) -> String? {
            try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The workbench as Tia, with `EDITOR` set to `command` (the fake editor unless named).
    func screen(_ editor: FakeEditor, command: String? = nil, variable: String = "EDITOR") throws -> Screen {
        try Screen(
            as: "tia",
            editorEnvironment: [variable: command ?? editor.path, "PATH": "/usr/bin:/bin", "TMPDIR": editor.folder])
    }

    /// The note form on the selected case, "Pump leaks" typed in it.
    func noteForm(_ s: Screen) {
        s.press(.character("N"))
        s.type("Pump leaks")
    }

    func pressEditorKey(_ s: Screen) { s.press(.control("x"), .control("e")) }

    @Test("C-x C-e: the note in the editor and back, the terminal given over and drawn again; saved, the case has it")
    func roundTrip() throws {
        let editor = try FakeEditor(
            """
            stat -c '%a' "$(dirname "$last")" "$last" > "$(dirname "$0")/modes"
            cp "$last" "$(dirname "$0")/given"
            printf 'checked the seal\\n' >> "$last"
            """)
        let s = try screen(editor)
        noteForm(s)
        #expect(s.contains("Note on case 3"))
        #expect(s.contains("C-x C-e editor"), "\(s.text)")
        pressEditorKey(s)

        // The editor had the terminal once, and nothing was drawn over it meanwhile; every cell
        // is drawn again after
        #expect(s.terminal.suspensions == 1)
        #expect(s.terminal.framesWhileSuspended == 0)
        #expect(s.terminal.redraws == 1)
        // It was given the field's text in a file of its own: NAME.txt, 0600 in a 0700 folder, gone after
        #expect(editor.read("given") == "Pump leaks\n")
        #expect(editor.read("modes") == "700\n600\n")
        let file = try #require(editor.read("arguments")?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(file.hasPrefix(editor.folder + "/casebench-edit-") && file.hasSuffix("/text.txt"), "\(file)")
        #expect(!FileManager.default.fileExists(atPath: (file as NSString).deletingLastPathComponent))

        // Its two lines are one in the field, and the status line says so
        #expect(s.app.status.message.contains("the editor's 2 lines were joined into one"), "\(s.app.status.message)")
        #expect(s.contains("Pump leaks checked the seal"), "\(s.text)")
        // Nothing is recorded until the form is saved
        #expect(try s.db.read { try $0.serviceCase(CaseID(3)) }?.technicianNotes.contains("checked the seal") == false)
        s.press(.control("s"))
        #expect(s.statusLine.contains("case 3: note added"), "\(s.statusLine)")
        #expect(
            try s.db.read { try $0.serviceCase(CaseID(3)) }?.technicianNotes.hasSuffix("Pump leaks checked the seal")
                == true)
    }

    @Test("$EDITOR is a command line for the shell, run as git runs it; $VISUAL comes first")
    func shellCommandLine() throws {
        let editor = try FakeEditor("printf 'Seal replaced' > \"$last\"")
        let s = try Screen(
            as: "tia",
            editorEnvironment: [
                "VISUAL": "'\(editor.path)' --wait -u NONE", "EDITOR": "/bin/false", "TMPDIR": editor.folder,
            ])
        noteForm(s)
        pressEditorKey(s)
        #expect(editor.read("arguments")?.hasPrefix("--wait -u NONE \(editor.folder)/casebench-edit-") == true)
        #expect(s.contains("Seal replaced"), "\(s.text)")
        #expect(!s.contains("Pump leaks"))
    }

    @Test(
        "The editor failing, or its text holding a NUL or running too long: the field keeps its text, and says why",
        arguments: [
            ("exit 3", "the editor exited with status 3: the note was kept as it was"),
            (
                "printf 'a\\000b\\n' > \"$last\"",
                "the editor's text holds a NUL byte on line 1 (byte 2): the note was kept as it was"
            ),
            (
                "head -c 4001 /dev/zero | tr '\\000' x > \"$last\"",
                "the editor's text is 4,001 characters long; a text is at most 4,000: the note was kept as it was"
            ),
            (
                "printf '\\374\\n' > \"$last\"",
                "the editor's text is not UTF-8 on line 1 (byte 1): the note was kept as it was"
            ),
        ])
    func refused(body: String, message: String) throws {
        let editor = try FakeEditor(body)
        let s = try screen(editor)
        noteForm(s)
        pressEditorKey(s)
        #expect(s.app.status.message == message)
        guard case .form(let form, _)? = s.app.modal else {
            Issue.record("the form closed")
            return
        }
        #expect(form.inputs[0].value == "Pump leaks")
        #expect(form.inputs[0].message == message)
        // The message is in the form, beneath the field
        #expect(s.contains("the editor"), "\(s.text)")
        // And nothing was recorded; the field is saved as it was
        s.press(.control("s"))
        #expect(try s.db.read { try $0.serviceCase(CaseID(3)) }?.technicianNotes.hasSuffix("Pump leaks") == true)
    }

    @Test("No $VISUAL or $EDITOR: the key is not offered, and C-x C-e does what it did (C-e: end of line)")
    func notOffered() throws {
        let s = try Screen(as: "tia")
        noteForm(s)
        #expect(!s.contains("C-x C-e"))
        #expect(s.contains("Tab next · S-Tab back · C-s save · Esc cancel"))
        s.press(.home)
        pressEditorKey(s)
        s.type("!")
        guard case .form(let form, _)? = s.app.modal else {
            Issue.record("the form closed")
            return
        }
        #expect(form.inputs[0].value == "Pump leaks!")
        #expect(s.terminal.suspensions == 0)
    }

    @Test("Only long text opens in the editor: on a code or a number the key says so and starts nothing")
    func onlyLongText() throws {
        let editor = try FakeEditor("printf 'X' > \"$last\"")
        let s = try screen(editor)
        // Resolve: the code is no long text, the technician notes are
        s.press(.character("R"))
        #expect(s.contains("C-x C-e editor"))
        pressEditorKey(s)
        #expect(s.terminal.suspensions == 0)
        if case .form(let form, _)? = s.app.modal {
            #expect(form.inputs[0].message == "only notes and reasons open in the editor")
        }
        s.press(.tab)
        pressEditorKey(s)
        #expect(s.terminal.suspensions == 1)
        guard case .form(let form, _)? = s.app.modal else {
            Issue.record("the form closed")
            return
        }
        #expect(form.inputs[1].value == "X")
        // A form with no long text offers no editor
        s.press(.escape)
        s.press(.character("l"))
        #expect(s.contains("Labour on case 3"))
        #expect(!s.contains("C-x C-e"))
    }
}
