import Foundation

/// A `casebench` process the test talks to while it runs: lines go to its standard input as
/// the test chooses, and what it prints is collected as it arrives, so the test knows what the
/// program had said at any moment — before a kill, for one.
final class LiveProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()
    private let readers = DispatchGroup()
    /// Whether the test killed it, so a death by signal is told from a crash.
    private(set) var killed = false

    /// `casebench` with `arguments`, or another program (strace, to run it).
    init(
        _ arguments: [String], executable: String = Casebench.binary, environment: [String: String],
        directory: String
    ) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        collect(output.fileHandleForReading) { self.stdoutData.append($0) }
        collect(errors.fileHandleForReading) { self.stderrData.append($0) }
    }

    /// Reads `handle` to its end on a thread of its own: a pipe left unread would fill, and
    /// stop the program.
    private func collect(_ handle: FileHandle, _ append: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                append(chunk)
                lock.unlock()
            }
            readers.leave()
        }
    }

    func send(_ text: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    /// The whole lines printed so far (a line cut off by a kill is not one).
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        let text = String(decoding: stdoutData, as: UTF8.self)
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        all.removeLast() // what follows the last newline: empty, or a line not yet finished
        return all
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: stderrData, as: UTF8.self)
    }

    var isRunning: Bool { process.isRunning }

    /// Waits until it has printed `count` lines or `seconds` have passed; whether it had.
    func waitForLines(_ count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while lines.count < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return lines.count >= count
    }

    func kill() {
        guard process.isRunning else { return }
        killed = true
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// Kills the processes it started (the program strace runs), as a crash would end them.
    func killChildren() {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { Foundation.kill(child, SIGKILL) }
    }

    /// Waits for its end and for everything it printed; its end, as status or signal.
    @discardableResult
    func finish() -> Process.TerminationReason {
        closeInput()
        process.waitUntilExit()
        readers.wait()
        return process.terminationReason
    }

    /// Died of a signal the test did not send, or ended with a status no command gives (0 all
    /// went well, 1 one failed): a crash.
    var crashed: Bool {
        if process.isRunning { return false }
        switch process.terminationReason {
        case .uncaughtSignal: return !(killed && process.terminationStatus == SIGKILL)
        case .exit: return process.terminationStatus > 1
        @unknown default: return true
        }
    }
}
