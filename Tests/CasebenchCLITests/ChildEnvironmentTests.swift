import Foundation
import Testing

extension ProcessTests {
    /// A test's result must not depend on who runs it: a program started by a test sees only the
    /// variables the test names (with `XDG_CONFIG_HOME` in a developer's shell, a keymap test
    /// once failed because the child read that user's keymap).
    @Suite("What a started program sees of the environment")
    struct ChildEnvironmentTests {
        private func names(_ envOutput: String) -> Set<String> {
            Set(
                envOutput.split(separator: "\n").compactMap {
                    $0.split(separator: "=", maxSplits: 1).first.map(String.init)
                })
        }

        @Test("Run directly: HOME, PATH, LC_ALL and the test's own, nothing inherited")
        func direct() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let run = try Casebench.spawn("/usr/bin/env", [], input: "", environment: cb.environment(["NO_COLOR": "1"]))
            #expect(names(run.stdout) == ["HOME", "PATH", "LC_ALL", "NO_COLOR"])
            #expect(run.lines.contains("HOME=\(cb.home)"))
        }

        @Test("Run in tmux: TERM as the test pins it, and nothing of tmux's or the runner's environment")
        func inTmux() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let out = cb.path("env.txt")
            let tmux = try Tmux(
                size: (80, 24), command: ["/bin/sh", "-c", "/usr/bin/env > \(Tmux.quote(out))"],
                environment: ["HOME": cb.home], directory: cb.home)
            defer { tmux.kill() }
            #expect(try tmux.exitStatus() == 0)
            let seen = try String(contentsOfFile: out, encoding: .utf8)
            // sh adds PWD (and may add SHLVL or _) itself; none of those come from outside.
            #expect(names(seen).subtracting(["PWD", "SHLVL", "_"]) == ["HOME", "PATH", "LC_ALL", "TERM"])
            #expect(seen.contains("TERM=xterm-256color\n"))
        }
    }
}
