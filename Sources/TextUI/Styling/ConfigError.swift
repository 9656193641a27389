/// Where a setting was written: a file, and the line (and column) when known.
public struct FileLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// "FILE:LINE:COLUMN", "FILE:LINE" or "FILE": the form editors and compilers use, so a
    /// terminal or an editor can jump to it.
    public var description: String {
        guard let line else { return file }
        guard let column else { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}

/// Every fault in a theme, keymap or config file. The loaders throw only this, and either
/// return a complete result or throw: the program never starts half-configured.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nil only when no file is to blame (a theme named on the command line that is nowhere).
    public var location: FileLocation?
    public var message: String

    public init(_ message: String, at location: FileLocation?) {
        self.message = message
        self.location = location
    }

    /// "FILE:LINE: message".
    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }
}
