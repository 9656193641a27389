/// A PostgreSQL database named as a URL (`postgresql://host/db?user=casebench`), as `--db`,
/// `CASEBENCH_DB` and the config's `database` may give it. libpq reads the URL itself; what is
/// checked here is what libpq would accept but Casebench must not: a password in it, which
/// would show in `ps` and stay in the shell's history and the config file. Passwords belong in
/// the `.pgpass` file (or the file `PGPASSFILE` names), which libpq reads on its own.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL as given: it names no password.
    public let text: String

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func names(_ location: String) -> Bool {
        schemes.contains { location.hasPrefix($0) }
    }

    private static let schemes = ["postgresql://", "postgres://"]

    /// Checks `text` as a database URL; the error says what is wrong with it, and where.
    public init(_ text: String) throws(StoreError) {
        guard let scheme = Self.schemes.first(where: { text.hasPrefix($0) }) else {
            throw .invalid("\(text) is not a PostgreSQL URL: it starts with postgresql://")
        }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalid(
                "the database URL holds a control character (U+\(String(bad.value, radix: 16, uppercase: true))): "
                    + "write it as %XX if it is meant")
        }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            throw Self.password(in: "the user part (user:password@)")
        }
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let key = pair.prefix { $0 != "=" }
                if Self.percentDecoded(key).lowercased() == "password" {
                    throw Self.password(in: "its parameters (password=)")
                }
            }
        }
        self.text = text
    }

    public var description: String { text }

    private static func password(in part: String) -> StoreError {
        .invalid(
            "the database URL holds a password, in \(part): it would show in `ps` and stay in the shell's history; "
                + "put it in ~/.pgpass (or the file PGPASSFILE names) and leave it out of the URL")
    }

    /// `%70assword` is `password` to libpq, which decodes a parameter's name as its value.
    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
