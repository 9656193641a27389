import Foundation
import TOMLKit

/// One TOML file, parsed by TOMLKit and copied into plain values, with the positions of its
/// keys so that a fault in a value can name its line.
struct TOMLDocument: Sendable {
    /// The path as the caller gave it: messages show it so.
    let file: String
    let root: [String: ConfigValue]
    private let keys: TOMLKeyPositions

    /// Parses `text`; a syntax error becomes "FILE:LINE:COLUMN: <toml++'s message>".
    init(text: String, file: String) throws(ConfigError) {
        self.file = file
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            // TOMLParseError is no LocalizedError: its text is in `description`.
            throw ConfigError(
                error.description,
                at: FileLocation(file: file, line: error.source.begin.line, column: error.source.begin.column))
        } catch {
            throw ConfigError("\(error)", at: FileLocation(file: file))
        }
        root = Self.copy(table)
        keys = TOMLKeyPositions(text: text)
    }

    /// Reads and parses the file at `path`.
    static func read(_ path: String) throws(ConfigError) -> TOMLDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("no such file", at: FileLocation(file: path))
        }
        guard !isDirectory.boolValue else {
            throw ConfigError("is a directory, not a file", at: FileLocation(file: path))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the file (check its permissions)", at: FileLocation(file: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("the file is not UTF-8 text", at: FileLocation(file: path))
        }
        return try TOMLDocument(text: text, file: path)
    }

    /// Whether a readable-or-not file is there at all: optional files (a user's keymap, the
    /// config files) are skipped when absent, and must load when present.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    // MARK: Positions

    /// The line and column where the key at `path` is written; if that key is not written
    /// itself (a value deep in an inline table), the nearest enclosing key that is.
    func position(of path: [String]) -> TOMLKeyPositions.Position? {
        var p = path
        while !p.isEmpty {
            if let found = keys[p] { return found }
            p.removeLast()
        }
        return nil
    }

    /// "FILE:LINE" for the key at `path` (see `position(of:)`). A key that is missing altogether
    /// is blamed on line 1, so that every fault in a file names a line.
    func location(of path: [String]) -> FileLocation {
        FileLocation(file: file, line: position(of: path)?.line ?? 1)
    }

    func error(_ message: String, at path: [String]) -> ConfigError {
        ConfigError(message, at: location(of: path))
    }

    /// The keys of the table at `path`, in the order they are written. TOMLKit (toml++) keeps
    /// tables sorted by key, but a keymap's help lists keys as the file does, and the first
    /// fault reported should be the first in the file.
    func orderedKeys<Value>(_ table: [String: Value], at path: [String]) -> [String] {
        let unknown = TOMLKeyPositions.Position(line: .max, column: .max)
        return table.keys.sorted { a, b in
            let pa = keys[path + [a]] ?? unknown
            let pb = keys[path + [b]] ?? unknown
            return pa != pb ? pa < pb : a < b
        }
    }

    // MARK: Typed access

    /// The string at `key` of the table at `path`; nil if absent; an error naming the line if
    /// it is something else.
    func string(_ key: String, in table: [String: ConfigValue], at path: [String], what: String) throws(ConfigError)
        -> String?
    {
        guard let value = table[key] else { return nil }
        guard let s = value.string else {
            throw error("\(what) must be a string, not \(value.kind)", at: path + [key])
        }
        return s
    }

    // MARK: Copying out of TOMLKit

    private static func copy(_ table: TOMLTable) -> [String: ConfigValue] {
        var result: [String: ConfigValue] = [:]
        for key in table.keys {
            if let value = table[key] { result[key] = copy(value) }
        }
        return result
    }

    private static func copy(_ value: TOMLValueConvertible) -> ConfigValue {
        switch value.type {
        case .string: .string(value.string ?? "")
        case .int: .integer(value.int ?? 0)
        case .double: .float(value.double ?? 0)
        case .bool: .boolean(value.bool ?? false)
        case .table: .table(value.table.map(copy) ?? [:])
        case .array: .array(value.array.map { $0.map(copy) } ?? [])
        case .date: .other(kind: "a date")
        case .time: .other(kind: "a time")
        case .dateTime: .other(kind: "a date and time")
        }
    }
}
