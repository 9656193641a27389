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
        guard let g = getgrnam(name) else { throw StoreError.invalid("no group \(name) on this system (see `getent group`)") }
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
            guard rename(temp, path) == 0 else { throw StoreError.invalid("cannot put \(path) in place: \(String(cString: strerror(errno)))") }
        } catch {
            unlink(temp)
            throw error
        }
        let dirFD = open(dir, O_RDONLY)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    /// The folder a new database goes in: made for the owner only (or the group, setgid) when
    /// missing. An existing folder must let the group make files there, with the group's
    /// ownership, or the -wal and -shm files one member's SQLite makes would shut the others out.
    func prepareFolder(_ dir: String) throws {
        guard !dir.isEmpty else { return }
        var st = stat()
        if stat(dir, &st) != 0 {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: group == nil ? 0o700 : 0o2770])
            if let group { _ = chown(dir, uid_t.max, group); _ = chmod(dir, 0o2770) }
            return
        }
        guard let group else { return }
        let name = getgrgid(group).map { String(cString: $0.pointee.gr_name) } ?? String(group)
        if st.st_gid != group || st.st_mode & 0o2070 != 0o2070 {
            throw StoreError.invalid("""
                \(dir) must belong to group \(name), be writable by it and have the setgid bit, so the files SQLite \
                keeps beside the database (-wal, -shm) are the group's too: chgrp \(name) \(dir) && chmod 2770 \(dir)
                """)
        }
    }

    /// Why this process cannot work on an existing database file, in words that say what to do; nil when it can.
    static func problem(opening path: String) -> StoreError? {
        if access(path, R_OK) != 0 { return .noAccess(path: path, detail: describe(path)) }
        let dir = (path as NSString).deletingLastPathComponent
        if access(path, W_OK) != 0 { return .readOnly(path: path, detail: "\(describe(path)); nothing can be recorded") }
        if access(dir.isEmpty ? "." : dir, W_OK | X_OK) != 0 {
            return .readOnly(path: path, detail: "its folder is not writable by you, and SQLite keeps its -wal and -shm files there")
        }
        return nil
    }

    /// "owned by ada, group casebench, mode 0600".
    static func describe(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return String(cString: strerror(errno)) }
        let owner = getpwuid(st.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(st.st_uid)
        let group = getgrgid(st.st_gid).map { String(cString: $0.pointee.gr_name) } ?? String(st.st_gid)
        return "owned by \(owner), group \(group), mode \(String(st.st_mode & 0o777, radix: 8).leftPadded(to: 4))"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
