import Foundation
import ServiceCore
import ServiceStore
import Synchronization

/// Progress of a long operation on standard error: on a terminal a bar redrawn in place with
/// counts and rate; otherwise (a log, a pipe) a plain line every few seconds and one when a
/// phase that took a while ends, so a short import says nothing extra.
final class ProgressDisplay: ProgressSink {
    private let terminal: Bool
    private let width: Int
    private var phase = ""
    private var total: Int?
    private var done = 0
    private var started = Date()
    private var lastDrawn = Date.distantPast

    init(terminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.terminal = terminal
        var size = winsize()
        width = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    func begin(_ phase: String, total: Int?) {
        self.phase = phase
        self.total = total
        done = 0
        started = Date()
        lastDrawn = .distantPast
    }

    func advance(to done: Int) {
        self.done = done
        let now = Date()
        if terminal, now.timeIntervalSince(lastDrawn) >= 0.1 {
            draw(now)
        } else if !terminal, now.timeIntervalSince(lastDrawn) >= 5, now.timeIntervalSince(started) >= 5 {
            write(line(now) + "\n")
            lastDrawn = now
        }
    }

    func end() {
        let now = Date()
        Self.clearBar()
        if now.timeIntervalSince(started) >= 1 {
            if let total { done = total }
            write(line(now, finished: true) + "\n")
        }
    }

    /// Whether a bar is on the terminal's last line, to be cleared before anything else is printed.
    private static let barShown = Atomic<Bool>(false)

    /// Clears the bar, if one is shown: an operation failed or was stopped half-way, and its
    /// message is to start on a clean line. A phase that goes on draws it again.
    static func clearBar() {
        if barShown.exchange(false, ordering: .relaxed) { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func draw(_ now: Date) {
        lastDrawn = now
        var text = line(now)
        if let total, total > 0 {
            let barWidth = max(10, min(40, width - text.count - 4))
            let filled = min(barWidth, barWidth * done / total)
            text =
                "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "] "
                + text
        }
        write("\r\u{1B}[K" + String(text.prefix(width - 1)))
        Self.barShown.store(true, ordering: .relaxed)
    }

    private func line(_ now: Date, finished: Bool = false) -> String {
        let seconds = max(now.timeIntervalSince(started), 0.001)
        let rate = Int(Double(done) / seconds)
        var text = "\(phase): \(done.grouped)"
        if let total { text += " of \(total.grouped)" }
        text += finished ? String(format: " in %.1f s", seconds) : ""
        // A rate says something of many small units, not of a few big steps.
        if (total ?? done) >= 100 { text += " (\(rate.grouped)/s)" }
        if !finished, let total, total > 0, done > 0 {
            let left = seconds * Double(total - done) / Double(done)
            text += String(format: ", %.0f s left", left)
        }
        return text
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
