import ServiceStore

extension Session {
    /// `casebench migrate --to URL`: this desk's SQLite database copied whole into an empty
    /// PostgreSQL database and compared there, table by table (`AppDatabase.move`). It reads
    /// everything, the audit trail and every account's rows, so it takes what a backup takes.
    public func moveDesk(to url: PostgresURL, progress: ProgressSink? = nil) throws -> DeskMoveReport {
        try authorizeRecorded(.backup, command: "migrate --to \(url)")
        return try database.move(to: url, progress: progress)
    }
}
