/// A database opened for reading only because the person asked, though it could be written:
/// someone who only looks (a manager, an auditor, a second screen). The connection is
/// SQLite's read-only one, so no write can happen even by mistake, and no schema upgrade runs.
/// The store does not know how it was asked: the caller words the reason and the way out.
public struct ReadOnlyRequest: Sendable, Equatable {
    /// Why nothing can be recorded, as every refused write says it.
    public var reason: String
    /// How to get the schema upgrade a read-only open cannot run.
    public var toUpgrade: String

    public init(reason: String, toUpgrade: String) {
        self.reason = reason
        self.toUpgrade = toUpgrade
    }
}
