import ServiceStore

extension Session {
    /// `casebench migrate --to URL`: this desk's SQLite database copied whole into an empty
    /// PostgreSQL database and compared there, table by table (`AppDatabase.move`). It reads
    /// everything, the audit trail and every account's rows, so it takes what a backup takes.
    /// The copy's audit head is signed with the key in `auditKeyFile` (`AppDatabase.move`).
    public func moveDesk(to url: PostgresURL, auditKeyFile: String?, progress: ProgressSink? = nil) throws
        -> DeskMoveReport
    {
        try authorizeRecorded(.backup, command: "migrate --to \(url)")
        return try database.move(to: url, auditKeyFile: auditKeyFile, progress: progress)
    }
}
