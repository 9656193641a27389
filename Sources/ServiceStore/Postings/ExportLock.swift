import Foundation

extension AppDatabase {
    static func exportLockPath(for database: String) -> String { database + ".export-lock" }

    /// Runs `body` holding the database's export lock, `DB.export-lock` (flock, which the
    /// system lets go when the process ends, however it ends): exports of one database take
    /// turns at writing batch files. Without it, an export that found a batch still unwritten
    /// wrote it while the export that had recorded it was still writing its temporary file;
    /// that one, killed before it could rename the file, left it beside the batch for good,
    /// since the batch was then written (the crash-consistency rounds found it). An in-memory
    /// database writes no files of its own and needs no lock.
    /// On PostgreSQL the lock is the server's (a session advisory lock, let go when the
    /// connection ends), so exports from every host of the desk take turns.
    public func exportingAlone<T>(_ body: () throws -> T) throws -> T {
        if let postgres { return try postgres.exportingAlone(body) }
        guard let path else { return try body() }
        let lock = Self.exportLockPath(for: path)
        // Beside the database: in the shared deployment's folder, only with the program's group.
        let fd = GroupPrivilege.withGroup(for: path) { Foundation.open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            // The shared deployment's folder, after an editor was started from this workbench.
            let dropped =
                GroupPrivilege.droppedForGood
                ? " (this workbench gave up the program's group for good when it started an editor: "
                    + "export from `casebench batch` or a new workbench)" : ""
            throw StoreError.invalid("cannot open \(lock) to take turns at exporting: \(why)\(dropped)")
        }
        defer { Foundation.close(fd) }
        fileSharing.apply(fd)
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StoreError.invalid(
                    "cannot lock \(lock) to take turns at exporting: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}
