import Foundation

/// What one harness ran and found, for `run.sh`'s summary table: appended as one line of
/// `key=value` fields to `CASEBENCH_RELIABILITY_REPORT` when that is set, and nowhere otherwise.
public struct Figures: Sendable {
    public var harness: String
    public var inputs = 0
    public var crashes = 0
    public var violations = 0
    public var lostWrites = 0
    public var unboundActions = 0
    public var seed: UInt64
    private let started = Date()

    public init(harness: String, seed: UInt64) {
        self.harness = harness
        self.seed = seed
    }

    /// Appends the line (one `write`, so harnesses running at once do not interleave).
    public func report() {
        guard let path = ProcessInfo.processInfo.environment["CASEBENCH_RELIABILITY_REPORT"] else { return }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let line =
            "harness=\(harness) seed=\(seed) inputs=\(inputs) crashes=\(crashes) violations=\(violations) "
            + "lost=\(lostWrites) unbound=\(unboundActions) seconds=\(seconds)\n"
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
    }
}
