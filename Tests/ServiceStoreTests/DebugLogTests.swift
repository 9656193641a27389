import Foundation
import Testing

@testable import ServiceStore

@Suite("The debug log")
struct DebugLogTests {
    @Test("A line is the UTC time to the millisecond, pid, account, level and message")
    func lineFormat() {
        // Given: 2026-12-04T16:05:29.123 UTC
        let time = Date(timeIntervalSince1970: 1_796_400_329.123_4)

        // When
        let line = LogLine(time: time, pid: 4242, account: "ana", level: .warn, message: "command close case=12: ok")

        // Then
        #expect(line.text == "2026-12-04T16:05:29.123Z pid=4242 user=ana WARN command close case=12: ok\n")
    }

    @Test("Before 1000 ms and with single-digit fields, every field keeps its width")
    func padding() {
        let time = Date(timeIntervalSince1970: 1_767_236_645.007) // 2026-01-01T03:04:05.007 UTC
        #expect(LogLine.timestamp(time) == "2026-01-01T03:04:05.007Z")
    }

    @Test("A message with line breaks or escapes stays on one line and cannot forge another")
    func oneLine() {
        let line = LogLine(
            time: Date(timeIntervalSince1970: 0), pid: 1, account: "a", level: .info,
            message: "note \"Pump\nhums\"\t\u{1B}[2J back\\slash")
        #expect(
            line.text == "1970-01-01T00:00:00.000Z pid=1 user=a INFO note \"Pump\\nhums\"\\t\\u{1B}[2J back\\\\slash\n")
        #expect(line.text.filter { $0 == "\n" }.count == 1)
    }

    @Test("Times are written in milliseconds to the microsecond")
    func durations() {
        #expect(Duration.microseconds(12_345).logText == "12.345ms")
        #expect(Duration.microseconds(41).logText == "0.041ms")
        #expect(Duration.seconds(2).logText == "2000.000ms")
        #expect(Duration.zero.logText == "0.000ms")
    }

    @Test("The file is created mode 0600 and appended to, one whole line per write")
    func appends() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("debug.log")
            try DebugLog(path: path, account: "ana").write(.info, "first")
            try DebugLog(path: path, account: "ana").write(.error, "second")

            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[0].hasSuffix(" pid=\(getpid()) user=ana INFO first"))
            #expect(lines[1].hasSuffix(" pid=\(getpid()) user=ana ERROR second"))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("A log that cannot be opened says which and why")
    func cannotOpen() {
        #expect {
            try DebugLog(path: "/nonexistent-casebench-dir/debug.log", account: "ana")
        } throws: { error in
            "\(error)" == "cannot open the log file /nonexistent-casebench-dir/debug.log: No such file or directory"
        }
    }
}
