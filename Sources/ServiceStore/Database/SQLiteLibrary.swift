internal import CSQLiteSettings

/// SQLite's settings for the whole process, made once, before its first connection.
enum SQLiteLibrary {
    /// Whether SQLite took them (`cb_sqlite_stop_counting_memory`): false when a connection was
    /// opened first some other way (a test's own GRDB database), which leaves SQLite counting
    /// its memory as by default: slower, never wrong.
    static let settled: Bool = cb_sqlite_stop_counting_memory() == 0
}
