import Foundation

/// Who may read a database's files. A database is created readable and writable by its
/// owner only (0600), or shared with one group (0660, the group's, in a folder of that group
/// with the setgid bit). Every other file Casebench writes for it — the audit head file,
/// backups, outbox batches — takes the database file's mode and group, as SQLite does for its
/// own -wal and -shm files; so the sharing is decided once, at `init`.
public struct FileSharing: Sendable, Equatable {
    public var mode: mode_t
    public var group: gid_t?

    public static let ownerOnly = FileSharing(mode: 0o600, group: nil)

    public static func group(_ gid: gid_t) -> FileSharing { FileSharing(mode: 0o660, group: gid) }

    /// A group by name; an unknown one is an error naming it.
    public static func group(named name: String) throws -> FileSharing {
        guard let g = getgrnam(name) else {
            throw StoreError.invalid("no group \(name) on this system (see `getent group`)")
        }
        return .group(g.pointee.gr_gid)
    }

    /// The sharing of an existing file: its permission bits and group.
    public static func of(_ path: String) -> FileSharing? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileSharing(mode: st.st_mode & 0o777, group: st.st_gid)
    }

    /// Creates `path`, which must not exist, with this sharing whatever the umask; returns it open.
    func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StoreError.invalid("cannot create \(path): \(String(cString: strerror(errno)))") }
        apply(fd)
        return fd
    }

    /// Gives an open file this sharing. The group only when it changes: a member may give
    /// its file to the group, and a folder's setgid bit has usually done it already.
    func apply(_ fd: Int32) {
        _ = fchmod(fd, mode)
        if let group {
            var st = stat()
            if fstat(fd, &st) == 0, st.st_gid != group { _ = fchown(fd, uid_t.max, group) }
        }
    }

    /// Writes `data` to a new file with this sharing, durably: a temporary file beside it,
    /// flushed, renamed into place, and the folder flushed, so it survives a crash once this returns.
    public func writeDurably(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let temp = (dir as NSString).appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = try create(temp)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temp, path) == 0 else {
                throw StoreError.invalid("cannot put \(path) in place: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temp)
            throw Self.writeError(error, path: path)
        }
        Self.syncFolder(of: path)
    }

    /// A failed write in words that name the file: a full disk as such (Foundation says only
    /// "NSCocoaErrorDomain Code=640"), anything else with the system's reason.
    static func writeError(_ error: Error, path: String) -> Error {
        if error is StoreError { return error }
        let ns = error as NSError
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let full =
            ns.code == NSFileWriteOutOfSpaceError || (ns.domain == NSPOSIXErrorDomain && ns.code == Int(ENOSPC))
            || (underlying?.domain == NSPOSIXErrorDomain && underlying?.code == Int(ENOSPC))
        if full { return StoreError.diskFull(path: path, detail: StoreError.freeSpace(path)) }
        return StoreError.invalid(
            "cannot write \(path): \(underlying?.localizedDescription ?? ns.localizedDescription)")
    }

    /// Removes what a write of `path` cut short left beside it: `writeDurably`'s and a backup's
    /// hidden temporary files (`.NAME.….tmp`), with a backup's rollback journal, or its -wal and
    /// -shm: the copy is in WAL mode, as its source is, until the backup turns that off.
    public static func removeTemporaries(of path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(prefix)
            && [".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm"].contains(where: name.hasSuffix)
        {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }

    /// Makes a new name in `path`'s folder durable (a rename or link is an entry of the folder).
    static func syncFolder(of path: String) {
        let dirFD = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// The folder a new database goes in: made for the owner only (or the group, setgid) when
    /// missing. An existing folder must let the group make files there, with the group's
    /// ownership, or the -wal and -shm files one member's SQLite makes would shut the others out.
    func prepareFolder(_ dir: String) throws {
        guard !dir.isEmpty else { return }
        var st = stat()
        if stat(dir, &st) != 0 {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: group == nil ? 0o700 : 0o2770])
            if let group {
                _ = chown(dir, uid_t.max, group)
                _ = chmod(dir, 0o2770)
            }
            return
        }
        guard let group else { return }
        let name = Ownership.name(of: group)
        if st.st_gid != group || st.st_mode & 0o2070 != 0o2070 {
            throw StoreError.invalid(
                """
                \(dir) must belong to group \(name), be writable by it and have the setgid bit, so the files SQLite \
                keeps beside the database (-wal, -shm) are the group's too: chgrp \(name) \(dir) && chmod 2770 \(dir)
                """)
        }
    }

    /// Why this process cannot open the database file at `path` at all, in words that say what
    /// to do; nil when it can (or when there is no file, which the caller reports).
    static func problem(opening path: String) -> StoreError? {
        let dir = FileSystem.folder(of: path)
        if !may(dir, X_OK) && errno == EACCES {
            return .noAccess(path: path, detail: "its folder \(dir) is \(whoMay(dir))")
        }
        guard may(path, F_OK) else { return nil }
        if !may(path, R_OK) { return .noAccess(path: path, detail: "it is \(whoMay(path))") }
        return nil
    }

    /// Why nothing can be written to the database at `path` by this process, though it can be
    /// read: a medium mounted read-only (no mode to change), the file's mode, or its folder's
    /// (SQLite writes its -wal and -shm files there). Nil when it can be written.
    static func whyReadOnly(_ path: String) -> String? {
        let dir = FileSystem.folder(of: path)
        if FileSystem.isReadOnly(path) {
            return "the file system at \(FileSystem.mountPoint(of: dir)) is mounted read-only"
        }
        if !may(path, W_OK) { return "it is \(facts(path))" }
        if !may(dir, W_OK) {
            return "its folder \(dir) is \(facts(dir)), and SQLite keeps its -wal and -shm files there"
        }
        return nil
    }

    /// Whether this process may reach `path` so: by its effective group, which in the shared
    /// deployment is the program's while it opens the database (`access` would ask for the user's).
    private static func may(_ path: String, _ mode: Int32) -> Bool { faccessat(AT_FDCWD, path, mode, AT_EACCESS) == 0 }

    /// Who owns a file, its group and permission bits, by name.
    private struct Ownership {
        var owner: String, group: String, mode: mode_t

        init?(_ path: String) {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            owner = getpwuid(st.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(st.st_uid)
            group = Self.name(of: st.st_gid)
            mode = st.st_mode & 0o7777
        }

        static func name(of gid: gid_t) -> String {
            getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? String(gid)
        }

        /// "owned by ada, group casebench, mode 0660".
        var facts: String {
            let octal = String(mode, radix: 8)
            return
                "owned by \(owner), group \(group), mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal)"
        }
    }

    static func facts(_ path: String) -> String { Ownership(path)?.facts ?? String(cString: strerror(errno)) }

    /// The facts, and who may open it: the group's members (an admin adds you), or its owner
    /// alone (sharing is decided when the database is made).
    static func whoMay(_ path: String) -> String {
        guard let o = Ownership(path) else { return String(cString: strerror(errno)) }
        return o.mode & 0o070 != 0
            ? "\(o.facts): an admin adds you to group \(o.group)"
            : "\(o.facts): \(o.owner)'s alone (a database is shared with a group when it is made: casebench init --group)"
    }
}
