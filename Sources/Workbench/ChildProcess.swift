import Foundation
import ServiceStore

/// The one way Casebench starts another program (an editor, a pager): with the program's group
/// given up for good first (`GroupPrivilege.dropForGood`), so the child — which the user
/// controls, through `EDITOR` and the like — can never take it back. No descriptor but the
/// standard three is passed on: the database's files are opened close-on-exec, and every
/// other is made so before the child starts. Once a child has started, no new database
/// connection can be opened in the shared deployment: open what is needed first
/// (`Session.holdFilesForChildren`).
///
/// The child is started with `posix_spawn` in the program's own process group, so an editor is
/// in the terminal's foreground and reads and sets it as it would from the shell (a child in a
/// group of its own is stopped by SIGTTOU/SIGTTIN at its first touch of the terminal); with no
/// signal blocked and the signals a terminal sends at their defaults, so Ctrl-C and Ctrl-Z
/// reach it as they would from the shell, whatever the program does with them meanwhile.
public enum ChildProcess {
    /// Why a program could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `arguments` and exactly `environment`, with the terminal as it
    /// is, and waits for it; its exit status, or 128 + the signal that ended it.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> Int32
    {
        GroupPrivilege.dropForGood()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGQUIT, SIGTSTP, SIGHUP, SIGTERM, SIGPIPE, SIGTTIN, SIGTTOU, SIGWINCH, SIGCONT] {
            sigaddset(&defaults, sig)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        closeOnExec()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, nil, &attributes, argv, envp)
        guard spawned == 0 else {
            throw StartError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return 127 }
        }
        // As the shell reports it: the exit status, or 128 + the signal that ended it.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Marks every descriptor past standard error close-on-exec, so the child gets the
    /// terminal and nothing else of the program's: the database's files are opened so already,
    /// and this holds for whatever else is open (a debug log, a library's own).
    private static func closeOnExec() {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}

extension Session {
    /// Opens now what the session's commits need beside the database (the audit head file and
    /// key): called before a child process gives the program's group up for good, after which
    /// the shared deployment's folder cannot be entered. The connections — the session's and
    /// the change watcher's — are open from the start, and `:as` opens none.
    public func holdFilesForChildren() { database.holdFilesForChildren() }
}
