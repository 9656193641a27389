import Foundation

/// Why the debug log could not be opened: the program says so, naming the path, and stops.
public struct LogOpenError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot open the log file \(path): \(reason)" }
}

/// The debug log (`--log FILE`): lines appended to a file, each written whole with one
/// `write(2)` on a descriptor opened `O_APPEND`, so nothing is buffered in the process (a
/// crash loses at most the line being written) and two processes logging to one file never
/// interleave within a line. It holds no customer text unless `includesText` (`--log-text`).
public final class DebugLog: Sendable {
    public let path: String
    /// Whether command lines and statements' bound values are written, not only their shape.
    public let includesText: Bool
    /// Statements that take at least this long are written with their SQL and time.
    public let slowStatement: Duration
    private let account: String
    private let pid: Int32
    private let descriptor: Int32

    /// Opens (or creates, mode 0600: it names cases and accounts) `path` for appending.
    public init(path: String, account: String, includesText: Bool = false, slowStatement: Duration = .milliseconds(50))
        throws(LogOpenError)
    {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LogOpenError(path: path, reason: String(cString: strerror(errno))) }
        self.path = path
        self.account = account
        self.includesText = includesText
        self.slowStatement = slowStatement
        self.pid = getpid()
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    /// Appends one line. A write that fails (a full disk) is dropped: the log must never stop
    /// the work it watches.
    public func write(_ level: LogLevel, _ message: String) {
        let line = LogLine(time: Date(), pid: pid, account: account, level: level, message: message).text
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes {
                Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }
}

extension Duration {
    /// Milliseconds to the microsecond, as the log writes times: "12.345ms" (most statements
    /// take less than a tenth of one).
    public var logText: String {
        let (seconds, attoseconds) = components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(micros % 1000)
        return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)ms"
    }
}
