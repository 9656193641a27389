/// Told how far a long operation (import, export, generate, verify) has come. The program
/// draws it — a bar with counts and rate on a terminal, plain lines otherwise; the store and
/// the workbench only count.
public protocol ProgressSink: AnyObject {
    /// A phase begins: what it does, and how many units it will take when that is known.
    func begin(_ phase: String, total: Int?)
    /// `done` units of the phase are finished.
    func advance(to done: Int)
    /// The phase is finished.
    func end()
}

/// Asked between the steps of a long operation that can stop cleanly: true once the user has
/// asked it to stop (Ctrl-C).
public typealias StopRequest = @Sendable () -> Bool

/// A long operation stopped at the user's request before it finished.
public struct StoppedByRequest: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "stopped at your request" }
}
