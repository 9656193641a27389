import Foundation
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// The real binary in a real terminal (tmux): what a user at 80×24 over SSH sees.
    @Suite("The workbench in tmux")
    struct TmuxTests {
        /// Starts `casebench demo` on a fresh training database, acting as `user`.
        func demo(
            _ cb: Casebench, user: String = "agnes", size: (Int, Int) = (80, 24), extra: [String] = [],
            environment: [String: String] = [:]
        ) throws -> Tmux {
            let tmux = try Tmux(
                size: size, command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite"), "--as", user] + extra,
                environment: ["HOME": cb.home].merging(environment) { $1 }, directory: cb.home)
            try tmux.wait(for: "F10Quit")
            return tmux
        }

        @Test("Open a case by keys: the form, completion, and the new case on screen and in the database")
        func openCase() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb)
            defer { tmux.kill() }
            try tmux.send("F2")
            try tmux.wait(for: "New case")
            try tmux.type("C-FJ")
            try tmux.send("Tab", "Tab")
            try tmux.type("SN-LAST")
            try tmux.send("Tab", "Tab")
            try tmux.type("Leaks again")
            try tmux.send("C-s")
            let screen = try tmux.wait(for: "opened case 8")
            #expect(screen.contains("case 8 · Leaks again"))
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            let c = try AppDatabase.open(at: cb.path("t.sqlite")).read { try $0.serviceCase(CaseID(8)) }
            #expect(c?.serial == "SN-LAST-DAY")
            #expect(c?.assignee == "agnes")
        }

        @Test("Close is refused with the reason on screen, then succeeds once the case is billed")
        func refuseThenClose() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb, user: "arun")
            defer { tmux.kill() }
            // Case 3 is selected: worked and resolved, but not billed
            try tmux.send("F8")
            try tmux.wait(for: "Close case 3?")
            try tmux.send("Left", "Enter")
            let refused = try tmux.wait(for: "close case 3 refused")
            #expect(refused.contains("1 of 7 checks fail (outcomes)"))
            #expect(refused.contains("✗ every line portion on a current billing outcome [F7/b]"))
            try tmux.send("b")
            try tmux.wait(for: "contract debit 183.00 on SC-100")
            try tmux.send("F8")
            try tmux.wait(for: "Close case 3?")
            try tmux.send("Left", "Enter")
            try tmux.wait(for: "closed case 3: contract debit 183.00 on SC-100, invoice trigger 50.00")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
        }

        @Test(
            "Quitting, Ctrl-C, SIGTERM and a hang-up each leave the terminal as it was, and nothing committed is lost",
            arguments: ["q", "C-c", "TERM", "HUP"])
        func terminalRestored(how: String) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb, user: "agnes")
            defer { tmux.kill() }
            #expect(try tmux.alternateScreen())
            #expect(try tmux.mouseModes() == "1000 1006")
            try tmux.send("Down", "v")
            try tmux.wait(for: "undo: verify case 1")
            if how == "TERM" || how == "HUP" {
                let pid = try tmux.run(["display-message", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(
                    in: .whitespacesAndNewlines)
                // The pane runs a shell whose child is casebench.
                let child = Process()
                child.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
                child.arguments = ["-\(how)", "-P", pid, "-f", "casebench"]
                child.environment = ChildEnvironment.base
                try child.run()
                child.waitUntilExit()
            } else {
                try tmux.send(how)
            }
            let status = try #require(try tmux.exitStatus())
            #expect(status == ["q": 0, "C-c": 130, "TERM": 143, "HUP": 129][how])
            #expect(try !tmux.alternateScreen())
            #expect(try tmux.mouseModes() == "")
            #expect(try !tmux.screen().contains("F10Quit"))
            let verifications = try AppDatabase.open(at: cb.path("t.sqlite")).read {
                try $0.auditEntries(caseID: CaseID(1))
            }
            #expect(verifications.map(\.command).contains("verify 1"))
        }

        @Test(
            "The mouse in a real terminal: reporting asked for in SGR, a click selects, the wheel moves, F10 quits",
            arguments: ["xterm-256color", "screen", "tmux-256color"])
        func mouse(term: String) throws {
            // terminfo's kmous differs (ESC [ < for xterm, ESC [ M for screen): ncurses must take neither
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb, environment: ["TERM": term])
            defer { tmux.kill() }
            #expect(try tmux.mouseModes() == "1000 1006")
            let rows = try tmux.screen().split(separator: "\n", omittingEmptySubsequences: false)
            let two = try #require(rows.firstIndex { $0.hasPrefix("│    2 ") })
            try tmux.click(10, two)
            try tmux.wait(for: "case 2 · Pump leaking")
            #expect(try tmux.wait(for: "─ 3/5 ─┘").contains("Entitlement: warranty"))
            try tmux.click(10, two, button: 65)
            try tmux.wait(for: "─ 5/5 ─┘")
            try tmux.click(10, two, button: 64)
            try tmux.wait(for: "─ 2/5 ─┘")
            // The summary line's "Lines: …" opens the parts pane
            let summary = try #require(rows.firstIndex { $0.hasPrefix("Entitlement: ") })
            let lines = try #require(rows[summary].range(of: "Lines:"))
            try tmux.click(rows[summary].distance(from: rows[summary].startIndex, to: lines.lowerBound), summary)
            try tmux.wait(for: "▶ Parts & lines")
            #expect(try !tmux.screen().contains("does nothing here"))
            let bar = try #require(rows.firstIndex { $0.hasPrefix("F1Help") })
            let quit = try #require(rows[bar].range(of: "F10Quit"))
            try tmux.click(rows[bar].distance(from: rows[bar].startIndex, to: quit.lowerBound) + 4, bar)
            #expect(try tmux.exitStatus() == 0)
            #expect(try tmux.mouseModes() == "")
        }

        @Test(
            "Ctrl-Z in a shell with job control gives the shell a terminal without mouse reports; fg takes them again")
        func suspend() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try Tmux(
                size: (80, 24), command: ["bash", "--norc", "--noprofile", "-i"], environment: ["HOME": cb.home],
                directory: cb.home)
            defer { tmux.kill() }
            try tmux.type(
                [Casebench.binary, "demo", "--db", cb.path("t.sqlite")].map(Tmux.quote).joined(separator: " "))
            try tmux.send("Enter")
            let first = try tmux.wait(for: "F10Quit")
            #expect(try tmux.mouseModes() == "1000 1006")
            try tmux.send("C-z")
            try tmux.wait(for: "Stopped")
            #expect(try tmux.mouseModes() == "")
            try tmux.type("fg")
            try tmux.send("Enter")
            try tmux.wait(for: "F10Quit")
            // Asked for again once ncurses' handler has drawn the screen again
            #expect(try tmux.waitForMouseModes("1000 1006") == "1000 1006")
            let rows = first.split(separator: "\n", omittingEmptySubsequences: false)
            try tmux.click(10, try #require(rows.firstIndex { $0.hasPrefix("│    2 ") }))
            try tmux.wait(for: "case 2 · ")
            try tmux.send("q")
            #expect(try tmux.waitForMouseModes("") == "")
        }

        @Test(
            "Mouse reporting is on unless config.toml's mouse = false or --no-mouse says otherwise; --mouse wins over the file",
            arguments: [
                ("", [], "1000 1006"), ("mouse = false", [], ""), ("", ["--no-mouse"], ""),
                ("mouse = false", ["--mouse"], "1000 1006"),
            ])
        func mouseSwitch(config: String, options: [String], modes: String) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let folder = cb.path(".config/casebench")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try (config + "\n").write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
            let tmux = try demo(cb, extra: options)
            defer { tmux.kill() }
            #expect(try tmux.mouseModes() == modes)
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
        }

        @Test(
            "At 80×24 every shipped theme, and NO_COLOR, shows the panes legibly",
            arguments: ["default", "high-contrast", "mono", "green-screen", "NO_COLOR"])
        func themes(theme: String) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux =
                theme == "NO_COLOR"
                ? try demo(cb, environment: ["NO_COLOR": "1"])
                : try demo(cb, extra: ["--theme", theme])
            defer { tmux.kill() }
            let screen = try tmux.screen()
            #expect(screen.contains("TRAINING 2026-06-15"))
            #expect(screen.contains("Cases · open · 5 · by sla"))
            #expect(screen.contains("Entitlement: contract SC-100 ✓ · Lines: 3 · 233.00 · Close: 1 ✗"))
            try tmux.send("Tab")
            #expect(try tmux.wait(for: "→ contract: contract SC-100").contains("Asset & entitlement"))
            try tmux.send("Tab", "Tab")
            #expect(
                try tmux.wait(for: "✗ every line portion on a current billing outcome").contains("Closure checklist"))
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
        }

        @Test("The parts pane in a real terminal: reserve with each bin's availability shown, then take one back")
        func partsPane() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb, user: "agnes")
            defer { tmux.kill() }
            try tmux.send("Down", "Tab", "Tab")
            try tmux.wait(for: "R1 1 × P-SEAL in VAN-TOM")
            try tmux.send("r")
            try tmux.wait(for: "Reserve parts for case 1")
            try tmux.type("P-FAN")
            try tmux.wait(for: "VAN-TOM    van    NORTH  available 1  ← will be used")
            try tmux.send("C-s")
            try tmux.wait(for: "reserved 1 × P-FAN in VAN-TOM (reservation 3)")
            try tmux.send("x")
            try tmux.wait(for: "released 1 × P-SEAL back to VAN-TOM")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            let store = try AppDatabase.open(at: cb.path("t.sqlite"))
            #expect(try store.read { try $0.stockLevel(sku: "P-FAN", bin: "VAN-TOM") }?.reserved == 1)
            #expect(try store.read { try $0.stockLevel(sku: "P-SEAL", bin: "VAN-TOM") }?.reserved == 0)
            #expect(try cb.run(["verify", "--db", cb.path("t.sqlite"), "--as", "ada"]).status == 0)
        }

        @Test("Arrow keys work whether the terminal sends them in application mode (ESC O B) or not (ESC [ B)")
        func cursorKeyModes() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb)
            defer { tmux.kill() }
            try tmux.run(["send-keys", "-t", "t", "-H", "1b", "5b", "42"]) // ESC [ B
            try tmux.wait(for: "case 1 · Pump noisy")
            try tmux.run(["send-keys", "-t", "t", "-H", "1b", "4f", "42"]) // ESC O B
            try tmux.wait(for: "case 2 · Pump leaking")
            #expect(try !tmux.screen().contains("does nothing here"))
            try tmux.send("q")
        }

        @Test(
            "Under TERM=linux, another terminal's F1 is F1 and an unknown sequence does nothing: never its letters as keys"
        )
        func foreignSequences() throws {
            // The technician's case 1 holds parts: `P` (no-parts) would be refused and say so. Under
            // TERM=linux an xterm's F1 (ESC O P) is in no terminfo entry ncurses knows; its `P` once
            // recorded no-parts on a case.
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb, user: "tom", environment: ["TERM": "linux"])
            defer { tmux.kill() }
            try tmux.send("1", "Down") // the open cases, not only his visits
            try tmux.wait(for: "case 1 · Pump noisy")
            for sequence in [["1b", "4f", "50"], ["1b", "5b", "31", "31", "7e"]] { // xterm's F1; PuTTY's F1
                try tmux.run(["send-keys", "-t", "t", "-H"] + sequence)
                try tmux.wait(for: "Keys — tom") // the help overlay
                try tmux.send("Escape")
                for _ in 0..<100 where try tmux.screen().contains("Keys — tom") { Thread.sleep(forTimeInterval: 0.05) }
                #expect(try !tmux.screen().contains("Keys — tom"))
            }
            try tmux.run(["send-keys", "-t", "t", "-H", "1b", "5b", "39", "39", "7e"]) // ESC [ 9 9 ~: no key's
            try tmux.wait(for: "ignored ESC [ 9 9 ~: the terminal sent a key Casebench does not know")
            try tmux.send("Down") // still reads keys after it
            try tmux.wait(for: "case 2 · Pump")
            let screen = try tmux.screen()
            #expect(!screen.contains("no-parts"))
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            let commands = try AppDatabase.open(at: cb.path("t.sqlite")).read { try $0.auditEntries(caseID: CaseID(1)) }
                .map(\.command)
            #expect(!commands.contains { $0.hasPrefix("no-parts") })
        }

        @Test(
            "Quitting leaves the screen as it was, or clear where the terminal has no alternate screen",
            arguments: ["linux", "vt100", "vt220", "screen", "tmux-256color", "xterm-256color"])
        func quitClearsTheScreen(term: String) throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let tmux = try demo(cb, environment: ["TERM": term])
            defer { tmux.kill() }
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            // Nothing of the workbench stays on the screen: the alternate screen gives back what was
            // there before (the demo's own lines), and a terminal without one is cleared
            let left = try tmux.screen()
            #expect(!left.contains("Cases ·") && !left.contains("Quit"), "TERM=\(term) left:\n\(left)")
            if ["linux", "vt100", "vt220"].contains(term) {
                #expect(left.allSatisfy { $0.isWhitespace }, "TERM=\(term) left:\n\(left)")
            }
            #expect(try !tmux.alternateScreen())
        }

        @Test("An unknown TERM, a bad keymap or a bad theme is a clear message, and the screen never starts")
        func badStart() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            _ = try cb.run(["demo", "--db", cb.path("t.sqlite")]) // make the database
            let term = try Tmux(
                size: (80, 24), command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite")],
                environment: ["HOME": cb.home, "TERM": "no-such-terminal"], directory: cb.home)
            defer { term.kill() }
            #expect(try term.exitStatus() == 2)
            #expect(try term.screen().contains("casebench: unknown terminal type TERM=no-such-terminal"))

            let locale = try Tmux(
                size: (80, 24), command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite")],
                environment: ["HOME": cb.home, "LC_ALL": "en_US.ISO-8859-1"], directory: cb.home)
            defer { locale.kill() }
            #expect(try locale.exitStatus() == 2)
            #expect(try locale.screen().contains("casebench: the locale en_US.ISO-8859-1 is not UTF-8"))

            // SSH's SendEnv carries the client's LANG to a host that never installed it (issue 19)
            let sent = try Tmux(
                size: (80, 24), command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite")],
                environment: ["HOME": cb.home, "LC_ALL": "", "LANG": "en_US.UTF-8"], directory: cb.home)
            defer { sent.kill() }
            let fallback = try sent.wait(for: "Cases · open")
            #expect(fallback.contains("Boiler pressure"))
            #expect(fallback.contains("the locale en_US.UTF-8 is not installed on this host: drawing in C.UTF-8"))
            sent.kill()

            let config = cb.path(".config/casebench")
            try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
            try "[global]\n\"x\" = \"fly\"\n".write(toFile: config + "/keymap.toml", atomically: true, encoding: .utf8)
            let keymap = try Tmux(
                size: (80, 24), command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite")],
                environment: ["HOME": cb.home], directory: cb.home)
            defer { keymap.kill() }
            #expect(try keymap.exitStatus() == 2)
            #expect(try keymap.screen().contains("casebench: \(config)/keymap.toml:2: unknown action 'fly'"))
            try FileManager.default.removeItem(atPath: config + "/keymap.toml")

            let theme = try Tmux(
                size: (80, 24), command: [Casebench.binary, "demo", "--db", cb.path("t.sqlite"), "--theme", "plaid"],
                environment: ["HOME": cb.home], directory: cb.home)
            defer { theme.kill() }
            #expect(try theme.exitStatus() == 2)
            #expect(try theme.screen().contains("casebench: no theme named 'plaid'"))
        }
    }
}
