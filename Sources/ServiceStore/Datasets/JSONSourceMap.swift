/// Where each value of a JSON document starts, by line, so a loader can name the line of
/// a bad field. Foundation's decoder reports only a coding path (and for syntax errors a
/// character offset), so this scans the structure once; values themselves are left to
/// JSONDecoder.
struct JSONSourceMap {
    indirect enum Node {
        case scalar(line: Int)
        case array(line: Int, [Node])
        case object(line: Int, [(key: String, node: Node)])

        var line: Int {
            switch self {
            case .scalar(let l), .array(let l, _), .object(let l, _): l
            }
        }
    }

    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var message: String
    }

    let root: Node

    /// How deep lists and objects may nest. A dataset record is three or four levels deep; a
    /// document nested deeper is no dataset, and past a few hundred levels Foundation's parser
    /// gives up without a word and this scanner's recursion would run out of stack.
    static let maxDepth = 32

    init(_ bytes: [UInt8]) throws {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        root = try scanner.value()
        scanner.skipSpace()
        if scanner.index < bytes.count { throw scanner.error("unexpected text after the end of the document") }
    }

    /// The line where the value at `path` starts; for a missing key, the line of its object.
    func line(for path: [any CodingKey]) -> Int {
        var node = root
        for key in path {
            switch node {
            case .array(_, let items):
                guard let i = key.intValue, items.indices.contains(i) else { return node.line }
                node = items[i]
            case .object(_, let members):
                guard let m = members.last(where: { $0.key == key.stringValue }) else { return node.line }
                node = m.node
            case .scalar:
                return node.line
            }
        }
        return node.line
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(line: line, column: index - lineStart + 1, message: message)
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\n"):
                    line += 1
                    index += 1
                    lineStart = index
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
                default: return
                }
            }
        }

        mutating func expect(_ c: Character) throws {
            guard index < bytes.count, bytes[index] == c.asciiValue! else {
                throw error(index < bytes.count ? "expected '\(c)'" : "the file ends early: expected '\(c)'")
            }
            index += 1
        }

        mutating func value(depth: Int = 1) throws -> Node {
            guard index < bytes.count else { throw error("the file ends where a value should be") }
            let startLine = line
            if bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "["), depth > JSONSourceMap.maxDepth {
                throw error(
                    "lists and objects nest more than \(JSONSourceMap.maxDepth) levels deep here; a dataset record has a few"
                )
            }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(String, Node)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(line: startLine, [])
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw error("expected a quoted field name")
                    }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else {
                        throw error("the file ends inside an object: expected ',' or '}'")
                    }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        return .object(line: startLine, members)
                    }
                    throw error("expected ',' or '}' after a field")
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [Node] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(line: startLine, [])
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw error("the file ends inside a list: expected ',' or ']'") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        return .array(line: startLine, items)
                    }
                    throw error("expected ',' or ']' after a list item")
                }
            case UInt8(ascii: "\""):
                _ = try string()
                return .scalar(line: startLine)
            default:
                let start = index
                while index < bytes.count, !" \t\r\n,]}".utf8.contains(bytes[index]) { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                if word == "true" || word == "false" || word == "null" || Self.isNumber(word) {
                    return .scalar(line: startLine)
                }
                index = start
                throw error(
                    word.isEmpty
                        ? "expected a value"
                        : "'\(word.prefix(20))' is not a JSON value (text must be in double quotes)")
            }
        }

        /// Reads a string, returning its text (escapes other than \" and \\ kept raw: keys are plain).
        mutating func string() throws -> String {
            let startLine = line
            let startColumn = index - lineStart + 1
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b == UInt8(ascii: "\n") {
                    throw SyntaxError(line: startLine, column: startColumn, message: "unterminated string")
                }
                if b == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    out.append(bytes[index + 1])
                    index += 2
                    continue
                }
                out.append(b)
                index += 1
            }
            throw SyntaxError(
                line: startLine, column: startColumn, message: "unterminated string: the file ends inside it")
        }

        static func isNumber(_ s: String) -> Bool {
            var chars = Substring(s)
            if chars.first == "-" { chars = chars.dropFirst() }
            guard let first = chars.first, first.isASCII, first.isNumber else { return false }
            return chars.allSatisfy { $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }
        }
    }
}
