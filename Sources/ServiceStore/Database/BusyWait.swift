import Foundation
internal import GRDB

/// How a command's write waits for other processes' writes, for up to the busy timeout, and
/// gives them their turn.
///
/// SQLite's own busy timeout sleeps ever longer between tries, up to 100 ms each. Under a
/// steady stream of writers, a process that had waited a while found the lock taken again at
/// each of its rare tries, while writers that came after it, trying after 1, 2 and 5 ms, won:
/// of about 240 sessions of eight contending processes, 5 gave up after 5 s. Here a write
/// tries to begin every millisecond or two, with random jitter so that waiters do not try in
/// step; and a writer that had to wait pauses as long after its commit (`yieldAfterCommit`),
/// since a batch's next command would otherwise take the lock back before any waiter woke.
/// Reads keep SQLite's own wait: in WAL they take no lock a writer holds for long.
final class BusyWait: Sendable {
    let timeout: Double
    private let lastWait = Instant()

    init(timeout: Double) { self.timeout = timeout }

    /// When this connection last had to wait for the write lock.
    private final class Instant: @unchecked Sendable {
        private let lock = NSLock()
        private var value: UInt64?

        func set(_ now: UInt64) { lock.withLock { value = now } }
        var get: UInt64? { lock.withLock { value } }
    }

    private static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
    private static func pause() { usleep(UInt32.random(in: 500...2_000)) }

    /// Begins `db`'s IMMEDIATE transaction, trying again while another process writes, until
    /// the timeout has passed (then SQLite's busy error, which `StoreError` words). SQLite's
    /// own wait is off meanwhile, and back on for whatever the connection does next.
    func beginImmediate(_ db: Database) throws {
        try db.cachedStatement(sql: "PRAGMA busy_timeout = 0").execute()
        defer { try? db.cachedStatement(sql: "PRAGMA busy_timeout = \(Int(timeout * 1_000))").execute() }
        let deadline = Self.now + UInt64(max(timeout, 0) * 1_000_000_000)
        while true {
            do {
                try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                let now = Self.now
                guard now < deadline else { throw error }
                lastWait.set(now)
                Self.pause()
            }
        }
    }

    /// After a commit: when this connection waited for the lock within the last second, others
    /// are writing too; a moment's pause lets one of them take the lock before this one's next
    /// write does. Without contention, no pause.
    func yieldAfterCommit() {
        guard let waited = lastWait.get, Self.now - waited < 1_000_000_000 else { return }
        Self.pause()
    }
}
