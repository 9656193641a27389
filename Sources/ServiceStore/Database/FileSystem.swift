import Foundation

/// Facts about the file system a database lives on, for messages that name the real cause:
/// a medium mounted read-only is not a file mode to change, and a disk with a few kilobytes
/// left makes SQLite fail with "disk I/O error" before any write, even to read (it needs
/// room for its shared-memory index beside the database).
enum FileSystem {
    /// Below this much free space, an I/O error at the database is taken for a full disk:
    /// SQLite's shared-memory index alone takes 32 KiB, and a write's log pages more.
    static let nearlyFull: Int64 = 1 << 20

    /// The folder a file is in ("." for a bare name).
    static func folder(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    /// Whether the file system holding `path` (a file or folder that exists) is mounted read-only.
    static func isReadOnly(_ path: String) -> Bool {
        var s = statvfs()
        return statvfs(path, &s) == 0 && s.f_flag & UInt(ST_RDONLY) != 0
    }

    /// Bytes an unprivileged writer may still use on the file system holding `path`.
    static func freeBytes(_ path: String) -> Int64? {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }

    /// Where the file system holding `path` is mounted: the highest folder above it on the same device.
    static func mountPoint(of path: String) -> String {
        var current = URL(fileURLWithPath: path).standardizedFileURL.path
        var st = stat()
        guard stat(current, &st) == 0 else { return current }
        let device = st.st_dev
        while current != "/" {
            let parent = (current as NSString).deletingLastPathComponent
            guard stat(parent, &st) == 0, st.st_dev == device else { break }
            current = parent
        }
        return current
    }

    /// "512 bytes", "16 KB", "3.2 MB", "77.6 GB": a free-space figure for a message.
    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1 << 20 { return "\(bytes / 1024) KB" }
        if bytes < 1 << 30 { return String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) }
        return String(format: "%.1f GB", Double(bytes) / Double(1 << 30))
    }
}
