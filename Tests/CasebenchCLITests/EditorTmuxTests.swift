import Foundation
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// The real binary in tmux with `EDITOR` a script: the terminal given over and taken back.
    @Suite("The user's editor from the workbench in tmux")
    struct EditorTmuxTests {
        /// A fake editor: it notes the terminal's modes and its process groups, shows the text
        /// it was given, and waits for the test's `go` file before it writes its own.
        func editor(_ cb: Casebench) throws -> String {
            let script = cb.path("editor")
            let body = """
                #!/bin/sh
                for last in "$@"; do :; done
                stty -a > '\(cb.path("stty"))'
                echo "$last" > '\(cb.path("file"))'
                ps -o pgid= -o tpgid= -p $$ > '\(cb.path("groups"))'
                echo "EDITING $(cat "$last")"
                while [ ! -e '\(cb.path("go"))' ]; do sleep 0.05; done
                printf 'Seal replaced, tested\\n' > "$last"

                """
            try body.write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            return script
        }

        @Test(
            "C-x C-e gives the terminal to $EDITOR in the foreground and takes it back drawn whole; Ctrl-C there is the editor's, and a hang-up ends the workbench once the editor has",
            arguments: ["save", "C-c", "HUP"])
        func editorInTmux(how: String) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try Tmux(
                size: (80, 24), command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite"), "--as", "tia"],
                environment: ["HOME": cb.home, "EDITOR": try editor(cb)], directory: cb.home)
            defer { tmux.kill() }
            try tmux.wait(for: "F10Quit")
            #expect(try tmux.waitForMouseModes("1000 1006") == "1000 1006")
            try tmux.send("N")
            #expect(try tmux.wait(for: "C-x C-e editor").contains("Note on case 3"))
            try tmux.type("Pump leaks")
            try tmux.send("C-x", "C-e")

            // The editor has the terminal: the workbench's screen is gone, curses' modes are off
            let editing = try tmux.wait(for: "EDITING Pump leaks")
            #expect(!editing.contains("F10Quit"))
            #expect(try !tmux.alternateScreen())
            // The mouse is the terminal's again: a click would be typed text to the editor
            #expect(try tmux.mouseModes() == "")
            let stty = try String(contentsOfFile: cb.path("stty"), encoding: .utf8)
            #expect(stty.contains(" icanon") && stty.contains(" echo ") && stty.contains(" icrnl"), "\(stty)")
            // And it is in the terminal's foreground process group, as from the shell
            let groups = try String(contentsOfFile: cb.path("groups"), encoding: .utf8)
                .split(whereSeparator: \.isWhitespace)
            #expect(groups.count == 2 && groups[0] == groups[1], "\(groups)")

            switch how {
            case "C-c":
                // Ctrl-C ends the editor and only the editor: the field keeps its text
                try tmux.send("C-c")
                let back = try tmux.wait(for: "the editor exited with status 130")
                #expect(back.contains("F10Quit") && back.contains("Note on case 3"))
                #expect(back.contains("Pump leaks"))
                // Esc closes the form (alone: Esc and q together would be Alt-q); q quits as ever
                try tmux.send("Escape")
                let deadline = Date().addingTimeInterval(10)
                while try tmux.screen().contains("Note on case 3"), Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.05)
                }
                try tmux.send("q")
                let status = try tmux.exitStatus()
                #expect(status == 0, "\((try? tmux.screen()) ?? "")")
            case "HUP":
                // The link drops while the editor runs: the workbench waits for it, then ends as
                // a hang-up ends it, the terminal restored
                let pid = try tmux.run(["display-message", "-p", "-t", "t", "#{pane_pid}"])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let hangUp = Process()
                hangUp.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
                hangUp.arguments = ["-HUP", "-P", pid, "-f", "casebench"]
                hangUp.environment = ChildEnvironment.base
                try hangUp.run()
                hangUp.waitUntilExit()
                Thread.sleep(forTimeInterval: 0.3)
                #expect(try tmux.screen().contains("EDITING Pump leaks"))
                FileManager.default.createFile(atPath: cb.path("go"), contents: nil)
                #expect(try tmux.exitStatus() == 129)
                #expect(try !tmux.alternateScreen())
            default:
                FileManager.default.createFile(atPath: cb.path("go"), contents: nil)
                // Back: the whole screen drawn again, the form with the editor's text in it
                let back = try tmux.wait(for: "Seal replaced, tested")
                #expect(back.contains("F10Quit") && back.contains("Note on case 3"), "\(back)")
                #expect(!back.contains("EDITING"))
                #expect(try tmux.alternateScreen())
                #expect(try tmux.waitForMouseModes("1000 1006") == "1000 1006")
                try tmux.send("C-s")
                try tmux.wait(for: "case 3: note added")
                try tmux.send("q")
                #expect(try tmux.exitStatus() == 0)
                let notes = try AppDatabase.open(at: cb.path("t.sqlite")).read { try $0.serviceCase(CaseID(3)) }?
                    .technicianNotes
                #expect(notes?.hasSuffix("Seal replaced, tested") == true, "\(notes ?? "")")
            }
            // Nothing of the editor's file is left behind, its folder neither
            let file = try String(contentsOfFile: cb.path("file"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(file.hasPrefix("/tmp/casebench-edit-") && file.hasSuffix("/text.txt"), "\(file)")
            #expect(!FileManager.default.fileExists(atPath: (file as NSString).deletingLastPathComponent))
        }

        @Test("Ctrl-Z in the editor stops the editor and the workbench as one job; fg brings both back, drawn whole")
        func suspendedJob() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            // An interactive shell with job control, as a user's login shell
            let tmux = try Tmux(
                size: (80, 24), command: ["/bin/bash", "--norc", "--noprofile", "-i"],
                environment: ["HOME": cb.home, "PS1": "shell> "],
                directory: cb.home)
            defer { tmux.kill() }
            try tmux.wait(for: "shell> ")
            let line =
                "EDITOR=" + Tmux.quote(try editor(cb)) + " "
                + [Casebench.binary, "demo", "--db", cb.path("t.sqlite"), "--as", "tia"].map(Tmux.quote)
                .joined(separator: " ")
            try tmux.type(line)
            try tmux.send("Enter")
            try tmux.wait(for: "F10Quit")
            try tmux.send("N")
            try tmux.wait(for: "C-x C-e editor")
            try tmux.send("C-x", "C-e")
            try tmux.wait(for: "EDITING")
            try tmux.send("C-z")
            // The shell has the terminal: one job stopped, not the workbench drawn over it
            let stopped = try tmux.wait(for: "Stopped")
            #expect(!stopped.contains("F10Quit"), "\(stopped)")
            try tmux.type("fg")
            try tmux.send("Enter")
            // The editor has the terminal again, and nothing draws over it while it runs
            Thread.sleep(forTimeInterval: 0.5)
            let resumed = try tmux.screen()
            #expect(!resumed.contains("F10Quit"), "\(resumed)")
            FileManager.default.createFile(atPath: cb.path("go"), contents: nil)
            let back = try tmux.wait(for: "Seal replaced, tested")
            #expect(back.contains("F10Quit") && back.contains("Note on case 3"), "\(back)")
            // And the workbench's own Ctrl-Z still works as before (ncurses' handler is back)
            try tmux.send("Escape")
            let deadline = Date().addingTimeInterval(10)
            while try tmux.screen().contains("Note on case 3"), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            try tmux.send("C-z")
            try tmux.wait(for: "Stopped")
            try tmux.type("fg")
            try tmux.send("Enter")
            try tmux.wait(for: "F10Quit")
            try tmux.send("q")
            try tmux.type("exit")
            try tmux.send("Enter")
            #expect(try tmux.exitStatus() == 0)
        }
    }
}
