import Foundation
import ServiceCore

/// What one run of the reliability harnesses is asked to do. `swift test` runs them short, with
/// the defaults each harness gives; `Reliability/run.sh` runs them long by setting
/// `CASEBENCH_RELIABILITY_*` (ROUNDS, WRITERS, LINES, IMPORTS, KEYS, SEED), so the same code runs
/// in both, and a failure in either replays from its seed.
public enum ReliabilityRun {
    /// `CASEBENCH_RELIABILITY_<name>` as a count, else `fallback` (a value that is no count too:
    /// a typo must not run a long harness short and report it passed).
    public static func count(_ name: String, default fallback: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["CASEBENCH_RELIABILITY_\(name)"] else { return fallback }
        guard let value = Int(text), value >= 0 else {
            preconditionFailure("CASEBENCH_RELIABILITY_\(name)=\(text) is not a count")
        }
        return value
    }

    /// The run's seed (`CASEBENCH_RELIABILITY_SEED`), else the harness's own fixed one.
    public static func seed(default fallback: UInt64) -> UInt64 {
        guard let text = ProcessInfo.processInfo.environment["CASEBENCH_RELIABILITY_SEED"] else { return fallback }
        guard let value = UInt64(text) else { preconditionFailure("CASEBENCH_RELIABILITY_SEED=\(text) is not a seed") }
        return value
    }

    /// The seed of one round or input of a harness: its own stream, so input N is the same
    /// whether or not the inputs before it ran (a failure replays alone).
    public static func seed(_ base: UInt64, _ index: Int) -> UInt64 {
        var g = SeededGenerator(seed: base ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        return g.next()
    }
}
