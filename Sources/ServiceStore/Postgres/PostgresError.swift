/// What went wrong talking to PostgreSQL: the server's SQLSTATE when it answered with an error,
/// and its message.
public struct PostgresError: Error, Equatable, CustomStringConvertible {
    /// The five-character SQLSTATE (`40001`); nil when the error was the client's (no connection,
    /// a value that cannot be sent).
    public let sqlState: String?
    public let message: String

    public init(sqlState: String?, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// A transaction that lost to a concurrent one (serialization failure, deadlock): running it
    /// again from the start is the fix, and `PostgresConnection.transaction` does.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// A unique or primary key already taken.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }
}
