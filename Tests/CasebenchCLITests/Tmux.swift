import Foundation

/// A private tmux server running one program in a window of a given size, pinned like a
/// user's UTF-8 terminal (TERM=xterm-256color, LC_ALL=C.UTF-8) and given only the environment
/// the test names (`ChildEnvironment`). Always kill() it.
struct Tmux {
    let socket = "casebench-test-\(UUID().uuidString.prefix(8))"
    let statusFile: String

    init(size: (Int, Int), command: [String], environment: [String: String], directory: String) throws {
        statusFile = (directory as NSString).appendingPathComponent("status-\(socket)")
        let env = ChildEnvironment.assignments(["TERM": "xterm-256color"].merging(environment) { $1 })
            .map(Self.quote).joined(separator: " ")
        let program = command.map(Self.quote).joined(separator: " ")
        // The program's exit status goes to a file; the shell then waits, so the pane (and
        // what the program left on the screen) can still be read. `env -i`: the program sees
        // only what the test names, not tmux's or the test runner's environment.
        let script =
            "cd \(Self.quote(directory)) && env -i \(env) \(program); echo $? > \(Self.quote(statusFile)); sleep 600"
        // The server it starts would hold a pipe open for ever: it gets no pipe.
        try run(
            ["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(size.0)", "-y", "\(size.1)", script],
            capture: false)
        try run(["set-option", "-t", "t", "status", "off"])
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs `tmux -L socket args…` and returns what it printed. posix_spawn and waitpid, not
    /// Foundation's Process: the client that starts a server exits while its daemon lives on,
    /// and Process on Linux never noticed that exit, leaving the test waiting for ever.
    @discardableResult
    func run(_ args: [String], capture: Bool = true) throws -> String {
        let output = NSTemporaryDirectory() + "tmux-out-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, capture ? output : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        // The test runs on a thread that blocks signals, and a spawned process inherits the
        // mask: give tmux (and so the program under test) an empty one, as a shell would.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        // tmux itself, and so its server and the shell in its pane, start clean too.
        var cEnvironment = ChildEnvironment.assignments([:]).map { strdup($0) } + [nil]
        defer { for variable in cEnvironment { free(variable) } }
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, &cEnvironment)
        guard spawned == 0 else { throw TmuxError(message: "could not start tmux (\(spawned)); is it installed?") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return capture ? ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "") : ""
    }

    /// The screen as text.
    func screen() throws -> String { try run(["capture-pane", "-p", "-J", "-t", "t"]) }

    /// Waits (up to `seconds`) until the screen contains `text`; returns the screen.
    @discardableResult
    func wait(for text: String, seconds: Double = 15) throws -> String {
        try wait(seconds: seconds, for: "'\(text)'") { $0.contains(text) }
    }

    /// Waits (up to `seconds`) until the screen no longer contains `text`; returns the screen.
    @discardableResult
    func wait(untilGone text: String, seconds: Double = 15) throws -> String {
        try wait(seconds: seconds, for: "'\(text)' to go") { !$0.contains(text) }
    }

    private func wait(seconds: Double, for what: String, _ done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if done(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TmuxError(message: "waited \(seconds)s for \(what); the screen was:\n\(last)")
    }

    /// Sends keys by tmux's names ("Tab", "F8", "C-s") or as literal text with `literal`.
    func send(_ keys: String...) throws { try run(["send-keys", "-t", "t"] + keys) }
    func type(_ text: String) throws { try run(["send-keys", "-t", "t", "-l", text]) }

    /// The program's exit status once it has ended, waiting up to `seconds`.
    func exitStatus(seconds: Double = 10) throws -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
                let status = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return status
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Whether the terminal is (still) on the alternate screen a full-screen program uses.
    func alternateScreen() throws -> Bool {
        try run(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            == "1"
    }

    /// The mouse modes the program has asked the terminal for: "1000 1006" while it reports
    /// clicks and the wheel in the SGR encoding, "" when no mode is on.
    func mouseModes() throws -> String {
        let flags = try run(["display-message", "-p", "-t", "t", "#{mouse_standard_flag} #{mouse_sgr_flag}"])
            .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return zip(["1000", "1006"], flags).filter { $0.1 == "1" }.map(\.0).joined(separator: " ")
    }

    /// Waits (up to `seconds`) until the modes asked for are `expected`; returns the last seen.
    @discardableResult
    func waitForMouseModes(_ expected: String, seconds: Double = 5) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var modes = try mouseModes()
        while modes != expected, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            modes = try mouseModes()
        }
        return modes
    }

    /// Sends what a terminal writes for a left click (press, then release) at the 0-based
    /// cell, or for a notch of the wheel (`button` 64 up, 65 down), in the SGR encoding.
    func click(_ x: Int, _ y: Int, button: Int = 0) throws {
        let at = "\(button);\(x + 1);\(y + 1)"
        try type("\u{1B}[<\(at)M" + (button < 64 ? "\u{1B}[<\(at)m" : ""))
    }

    func kill() {
        let shell = (try? run(["display-message", "-p", "-t", "t", "#{pane_pid}"]))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let started = shell.map { [$0] + Self.descendants(of: $0) } ?? []
        _ = try? run(["kill-server"], capture: false)
        // Waited for: the test's clean-up removes its folder next, and a program still ending
        // wrote its last files (the audit head) into it again, leaving a folder in /tmp.
        let deadline = Date().addingTimeInterval(5)
        while started.contains(where: Self.isRunning), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    /// The processes below `root`, from each process's parent in /proc.
    static func descendants(of root: pid_t) -> [pid_t] {
        let parents: [(pid: pid_t, parent: pid_t)] =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
                guard let pid = pid_t(name), let fields = statFields(pid), fields.count > 1,
                    let parent = pid_t(fields[1])
                else { return nil }
                return (pid, parent)
            }
        var found: [pid_t] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            let children = parents.filter { $0.parent == next }.map(\.pid)
            found += children
            frontier += children
        }
        return found
    }

    /// Whether `pid` still runs; a zombie has ended (here nobody may be left to reap it).
    static func isRunning(_ pid: pid_t) -> Bool { statFields(pid).map { $0.first != "Z" } ?? false }

    /// The fields of /proc/PID/stat after the command name (state, parent, …); the name is in
    /// parentheses and may hold spaces, so the fields start after the last ')'.
    private static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    struct TmuxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
