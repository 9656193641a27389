import Foundation
import ServiceCore

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

    /// ISO-8601 in UTC with milliseconds, on the calendar the cases' times use (`Timestamp`).
    static func timestamp(_ date: Date) -> String {
        // Whole milliseconds first: the fraction of a second, taken apart, can fall a hair short
        // (.007 as .00699…).
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000
        let instant = Timestamp(seconds: seconds)
        let second = instant.secondOfDay
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(instant.date)T\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))"
            + ".\(pad(Int(totalMillis - seconds * 1000), 3))Z"
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
