import Foundation
import Synchronization

/// The group a setgid `casebench` runs with, held only where it is needed.
///
/// In the shared deployment (README, "Roles that hold on a shared host") the database's folder
/// and files belong to a group the users are not in, and the installed program is setgid to
/// it: users reach the database through Casebench only, so a role or the database's kind cannot
/// be changed behind its back with `sqlite3`. The program drops the group at start (`start`)
/// and takes it back (`withGroup`) only to open a database in the group's folder — each
/// connection and its first read, at which SQLite opens the -wal and -shm files — and to open
/// the audit head file and the signing key, which stay open. Everything else — the user's
/// config, keymaps, backups, exports — is read and written with the user's own rights, and a
/// child process is started only after the group is dropped for good (`dropForGood`).
///
/// Credentials belong to the whole process, every thread: Casebench opens its files on one
/// thread, and a program that is not setgid (the usual case, and every test process) holds no
/// group here and every call is a no-op.
public enum GroupPrivilege {
    private struct State {
        /// The group the program was started setgid to; nil when it was not, or once dropped for good.
        var group: gid_t?
        /// How many `withGroup` calls are running: the group is given up when the outermost ends.
        var depth = 0
        /// A group held in reserve was given up for good (a child process was started): files
        /// in the group's folder not opened by then cannot be opened any more.
        var dropped = false
    }

    private static let state = Mutex(State())

    /// Called first thing at process start: a setgid start gives the group up at once, keeping
    /// it only as the saved set-group-ID, from which `withGroup` takes it back. Root, who file
    /// modes do not stop, gains nothing from the group and is not held to its limits: the
    /// installed program run by root drops it for good, and is root's tool for making the
    /// databases in the group's folder.
    public static func start() {
        let real = getgid()
        let effective = getegid()
        guard effective != real else { return }
        guard getuid() != 0 else { return dropForGood() }
        guard setegid(real) == 0 else { fatalError("casebench: cannot give up group \(effective): \(errno)") }
        state.withLock { $0.group = effective }
    }

    /// The group held in reserve, when the program runs setgid.
    public static var group: gid_t? { state.withLock { $0.group } }

    /// True while the program runs setgid with a group in reserve: paths from the environment,
    /// the working directory or `argv[0]` are then not trusted for files that ship with it.
    public static var isPrivileged: Bool { group != nil }

    /// Runs `body` with the group, when `path`'s folder is the group's (the shared deployment's
    /// database folder); else, and in a program that is not setgid, with the user's rights only.
    static func withGroup<T>(for path: String, _ body: () throws -> T) rethrows -> T {
        guard isGroupFolder(of: path) else { return try body() }
        return try withGroup(body)
    }

    /// Whether this program runs setgid and `path` is in its group's folder, where it would
    /// make files with the group.
    static func isGroupFolder(of path: String) -> Bool {
        guard let group else { return false }
        return folderGroup(of: path) == group
    }

    /// Refuses to make a new database at `path` in the group's folder: a user could otherwise
    /// name a file the database there will look for — its `-journal`, `-wal`, head file or key —
    /// and have the group make it. Root makes the databases there, with no setgid at all.
    static func refuseNewDatabase(at path: String) throws {
        guard isGroupFolder(of: path) else { return }
        let name = getgrgid(group ?? 0).map { String(cString: $0.pointee.gr_name) } ?? "the program's group"
        throw StoreError.invalid(
            "\(path) would be a new database in the folder of group \(name), which only casebench can open: "
                + "root makes databases there (README: Roles that hold on a shared host)")
    }

    /// Runs `body` with the group held in reserve as the effective group, and gives it up again.
    static func withGroup<T>(_ body: () throws -> T) rethrows -> T {
        let taken: Bool = state.withLock { s in
            guard let group = s.group else { return false }
            if s.depth == 0, setegid(group) != 0 { return false }
            s.depth += 1
            return true
        }
        guard taken else { return try body() }
        defer {
            state.withLock { s in
                s.depth -= 1
                if s.depth == 0, setegid(getgid()) != 0 {
                    fatalError("casebench: cannot give up group \(getegid()): \(errno)")
                }
            }
        }
        return try body()
    }

    /// Gives the group up for good — real, effective and saved set-group-ID all the user's —
    /// so nothing started from here can take it back. Before any child process starts; whether
    /// or not `start` ran, and even inside `withGroup`.
    public static func dropForGood() {
        let real = getgid()
        state.withLock { s in
            // Setting the real group sets the saved one to the new effective group too (setregid(2)).
            guard setregid(real, real) == 0 else {
                fatalError("casebench: cannot give up the group for good: \(errno)")
            }
            if s.group != nil { s.dropped = true }
            s.group = nil
        }
    }

    /// Whether this program ran setgid and has given its group up for good: what it did not
    /// open in the group's folder before cannot be opened now (`Session.holdFilesForChildren`).
    public static var droppedForGood: Bool { state.withLock { $0.dropped } }

    /// The group of the folder `path` is in, or nil when it cannot be looked at.
    private static func folderGroup(of path: String) -> gid_t? {
        var st = stat()
        guard stat(FileSystem.folder(of: path), &st) == 0 else { return nil }
        return st.st_gid
    }
}
