import Foundation

/// Each input of a harness, written to a file before it runs, so that a run that dies — a
/// crash takes the test process with it, and its failure message — leaves the input that
/// killed it behind. In `CASEBENCH_RELIABILITY_LOG_DIR` when set (kept: `run.sh` names it), else
/// in a temporary folder that `finish` removes once the harness is done, so a passing test
/// leaves nothing; a harness that crashed never gets there, and its log stays.
public final class InputLog: @unchecked Sendable {
    public let path: String
    private let handle: FileHandle
    private let keep: Bool
    private let folder: String?
    private let lock = NSLock()

    public init(_ harness: String) throws {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["CASEBENCH_RELIABILITY_LOG_DIR"] {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            path = (dir as NSString).appendingPathComponent("\(harness).log")
            keep = true
            folder = nil
        } else {
            let dir = fm.temporaryDirectory.appendingPathComponent("casebench-reliability-\(UUID().uuidString)").path
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            path = (dir as NSString).appendingPathComponent("\(harness).log")
            keep = false
            folder = dir
        }
        fm.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
    }

    /// Appends one record (a line, or several for a script). Written straight to the file, not
    /// buffered: what is logged is on disk before the input runs.
    public func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Closes the log; removes it when it was temporary and `failed` is false (a failure keeps
    /// it, and says where).
    public func finish(failed: Bool) {
        try? handle.close()
        if !keep && !failed, let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
