import Foundation
import Synchronization

/// The head file beside a database: one line, "ENTRY HASH SIGNATURE", of the newest entry any
/// process has committed, signed with the database's key (`AuditKey`; "ENTRY HASH" alone for a
/// database without one). Written after each commit under a lock, and only forwards, so
/// processes finishing out of order never move it back.
///
/// Each open database keeps its head file and key open from the first commit on: in the shared
/// deployment they are opened with the program's group (`GroupPrivilege`), which is not held
/// at the commits that follow. A restore or rehead writes the file anew by its name.
final class AuditHeadFile: Sendable {
    let database: String
    private let kept = Mutex<Kept?>(nil)

    private struct Kept {
        var fd: Int32
        var key: AuditKey?
    }

    init(database: String) { self.database = database }

    deinit { kept.withLock { if let fd = $0?.fd { close(fd) } } }

    static func path(for database: String) -> String { database + ".audit-head" }

    /// What the head file holds: a head with its signature (nil: unsigned), nothing at all
    /// (deleted, or never written), or something that is no head.
    enum State: Equatable {
        case head(AuditChain.Head, signature: String?)
        case missing
        case unreadable
    }

    static func read(for database: String) -> AuditChain.Head? {
        if case .head(let head, _) = state(for: database) { return head }
        return nil
    }

    /// Read by name (with the group in the shared deployment), so a file deleted or replaced
    /// behind an open database's back is seen as it is now.
    static func state(for database: String) -> State {
        let fd = GroupPrivilege.withGroup(for: database) { open(path(for: database), O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return errno == ENOENT ? .missing : .unreadable }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return .unreadable }
        return parse(String(decoding: buffer.prefix(n), as: UTF8.self))
    }

    /// "ENTRY HASH" or "ENTRY HASH SIGNATURE" (64 hex digits each).
    static func parse(_ text: String) -> State {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2 || parts.count == 3,
            let head = AuditChain.Head(parsing: parts[0...1].joined(separator: " "))
        else { return .unreadable }
        guard parts.count == 3 else { return .head(head, signature: nil) }
        let signature = String(parts[2])
        guard signature.count == 64, signature.allSatisfy(\.isHexDigit) else { return .unreadable }
        return .head(head, signature: signature)
    }

    /// One use of a head file outside an open database (tests; a restore before it opens).
    static func advance(to head: AuditChain.Head, for database: String, force: Bool = false) {
        AuditHeadFile(database: database).advance(to: head, force: force)
    }

    /// Opens the head file and key now, if no commit has yet: before the program's group is
    /// given up for good (a child process), after which the shared deployment's folder is shut.
    func openKept() {
        kept.withLock { kept in if kept == nil { kept = openFiles() } }
    }

    /// Best effort: a database on a read-only medium has no head file to keep. `force` for a
    /// restore or rehead, which take the trail's head back: the file is opened anew by name
    /// (one deleted meanwhile is made again) and written whatever it held.
    func advance(to head: AuditChain.Head, force: Bool = false) {
        kept.withLock { kept in
            if force || kept == nil {
                if let fd = kept?.fd { close(fd) }
                kept = openFiles()
            } else if kept?.key == nil, case .key(let key) = AuditKey.load(for: database) {
                // A database from before keys gets one at an admin's rehead, in another process
                // perhaps: from then on this one signs too, or its heads would not verify.
                kept?.key = key
            }
            guard let fd = kept?.fd else { return }
            guard flock(fd, LOCK_EX) == 0 else { return }
            defer { flock(fd, LOCK_UN) }
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = pread(fd, &buffer, buffer.count, 0)
            if !force, n > 0,
                case .head(let current, _) = Self.parse(String(decoding: buffer.prefix(n), as: UTF8.self)),
                current.entry >= head.entry
            {
                return
            }
            // The new head is written over the old in one write, spaces after its line covering
            // the rest of the old, and only then is the file cut to the line: a process killed at
            // any point leaves a head in the file, the old or the new. (Emptying the file first left it holding no
            // head when the kill came in between — the crash-consistency rounds found that — and
            // `audit verify` then failed on a trail that was whole.)
            let text = head.description + (kept?.key.map { " " + $0.sign(head) } ?? "")
            let line = Array((text + "\n").utf8)
            let cover = line + [UInt8](repeating: UInt8(ascii: " "), count: max(0, n - line.count))
            // No fsync on every command's path: a head file that lags after a crash only checks
            // less, never wrongly, and forcing it to disk could not order it after SQLite's commit.
            guard cover.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) == cover.count else { return }
            _ = ftruncate(fd, off_t(line.count))
        }
    }

    /// The head file, made shared as the database is when new, and the key, opened with the
    /// group in the shared deployment; nil when the file cannot be opened.
    private func openFiles() -> Kept? {
        GroupPrivilege.withGroup(for: database) {
            let fd = Glibc.open(Self.path(for: database), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return nil }
            var st = stat()
            if fstat(fd, &st) == 0, st.st_size == 0 { FileSharing.of(database)?.apply(fd) }
            guard case .key(let key) = AuditKey.load(for: database) else { return Kept(fd: fd, key: nil) }
            return Kept(fd: fd, key: key)
        }
    }
}

extension AppDatabase {
    /// Opens now what each commit writes beside the database — the audit head file and its key
    /// — so a commit after the program's group is given up for good (`GroupPrivilege`, before
    /// an editor starts) still advances the head. The connections are open already; a database
    /// opened for reading only writes nothing beside it.
    public func holdFilesForChildren() {
        guard readOnlyReason == nil else { return }
        headFile?.openKept()
    }
}
