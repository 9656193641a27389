import Foundation
internal import GRDB

extension AppDatabase {
    /// Writes each statement the connection runs that takes at least `log.slowStatement` to
    /// the log: its SQL with `?` placeholders, and its bound values only under `--log-text`
    /// (they hold customer text). SQLite's profile hook is installed only here, so a program
    /// run without a log pays nothing for it. One trace hook per connection: a later
    /// `countStatements` (tests) replaces it.
    public func logSlowStatements(to log: DebugLog) {
        let threshold = log.slowStatement
        // SQLite's hook; on PostgreSQL the server's own log_min_duration_statement does this.
        guard case .sqlite(let writer) = engine else { return }
        writer.inDatabase { db in
            db.trace(options: .profile) { event in
                guard case .profile(let statement, let duration) = event else { return }
                let time = Duration.nanoseconds(Int64(duration * 1_000_000_000))
                guard time >= threshold else { return }
                let sql = log.includesText ? statement.expandedSQL : statement.sql
                log.write(.warn, "slow statement \(time.logText): \(sql)")
            }
        }
    }
}
