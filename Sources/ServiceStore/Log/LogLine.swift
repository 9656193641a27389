import Foundation

/// How bad what a log line tells is: `info` for what went as asked, `warn` for a command
/// refused or a slow statement, `error` for a command that failed.
public enum LogLevel: String, Sendable {
    case info = "INFO"
    case warn = "WARN"
    case error = "ERROR"
}

/// One line of the debug log: `2026-12-04T16:05:29.123Z pid=4242 user=ana INFO message`.
/// Pure, so its format is tested without a file; one line each, whatever the message holds,
/// so that `grep` finds every line whole.
public struct LogLine: Sendable, Equatable {
    public var time: Date
    public var pid: Int32
    public var account: String
    public var level: LogLevel
    public var message: String

    public init(time: Date, pid: Int32, account: String, level: LogLevel, message: String) {
        self.time = time
        self.pid = pid
        self.account = account
        self.level = level
        self.message = message
    }

    /// The line with its newline.
    public var text: String {
        "\(Self.timestamp(time)) pid=\(pid) user=\(Self.inert(account)) \(level.rawValue) \(Self.inert(message))\n"
    }

    /// ISO-8601 in UTC with milliseconds, by `gmtime_r`: no formatter to share between threads.
    static func timestamp(_ date: Date) -> String {
        // Whole milliseconds first: the fraction of a second, taken apart, can fall a hair short
        // (.007 as .00699…).
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000)
        let millis = Int(totalMillis - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let millisText = String(repeating: "0", count: 3 - String(millis).count) + String(millis)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(millisText)Z"
    }

    /// Control characters written out (`\n`, `\t`, `\u{1B}`), and the backslash doubled, so a
    /// message (a multi-line note under `--log-text`) stays on its line and cannot forge another.
    static func inert(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
