/// Where each key of a TOML text is written. TOMLKit hands back values without positions, so
/// an error about a value ("unknown action 'opne'") would have no line to name; this reads the
/// raw text once more, only far enough to see table headers and keys.
///
/// It runs only on text TOMLKit has already accepted, so it may be lenient: anything it does
/// not follow is skipped to the end of the line. Keys are unquoted and unescaped as TOML does,
/// so `"C-x" = …` in `[queue]` is found as ["queue", "C-x"]. Keys inside inline tables are
/// recorded too (`selected = { fg = … }` gives ["styles", "selected", "fg"]). Every prefix of a
/// path is recorded at its first mention, so `[a.b]` also places ["a"].
/// Arrays of tables (`[[x]]`) are not told apart: their keys are placed at the first element.
struct TOMLKeyPositions: Sendable {
    struct Position: Hashable, Comparable, Sendable {
        var line: Int
        var column: Int
        static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
    }

    private(set) var positions: [[String]: Position] = [:]

    init(text: String) {
        var scanner = KeyScanner(Array(text.unicodeScalars))
        var found: [[String]: Position] = [:]
        scanner.scanDocument { path, position in
            for n in path.indices {
                let prefix = Array(path[...n])
                if found[prefix] == nil { found[prefix] = position }
            }
        }
        positions = found
    }

    subscript(path: [String]) -> Position? { positions[path] }
}

private struct KeyScanner {
    typealias Record = ([String], TOMLKeyPositions.Position) -> Void

    let text: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1

    init(_ text: [Unicode.Scalar]) {
        self.text = text
        // toml++ skips a byte-order mark; so must the line count.
        if text.first == "\u{FEFF}" { index = 1 }
    }

    var position: TOMLKeyPositions.Position { .init(line: line, column: column) }
    var atEnd: Bool { index >= text.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? { index + offset < text.count ? text[index + offset] : nil }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where !atEnd {
            if text[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }

    // MARK: Document

    mutating func scanDocument(_ record: Record) {
        var table: [String] = []
        while true {
            skipWhitespaceAndComments()
            guard let c = peek() else { return }
            let start = index
            if c == "[" {
                advance(peek(1) == "[" ? 2 : 1)
                skipSpaces()
                let headerStart = position
                if let key = scanKey() {
                    table = key
                    record(table, headerStart)
                }
            } else {
                let keyStart = position
                if let key = scanKey() {
                    skipSpaces()
                    if peek() == "=" {
                        advance()
                        record(table + key, keyStart)
                        scanValue(path: table + key, record)
                    }
                }
            }
            skipRestOfLine()
            if index == start { advance() } // never stall on something unforeseen
        }
    }

    // MARK: Keys

    /// A dotted key: bare, "basic" or 'literal' parts joined by dots (spaces allowed around them).
    mutating func scanKey() -> [String]? {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let c = peek() else { return nil }
            if c == "\"" {
                advance()
                guard let s = scanBasicStringBody() else { return nil }
                parts.append(s)
            } else if c == "'" {
                advance()
                guard let s = scanLiteralStringBody() else { return nil }
                parts.append(s)
            } else if Self.isBareKeyCharacter(c) {
                var s = ""
                while let b = peek(), Self.isBareKeyCharacter(b) {
                    s.unicodeScalars.append(b)
                    advance()
                }
                parts.append(s)
            } else {
                return nil
            }
            skipSpaces()
            guard peek() == "." else { return parts }
            advance()
        }
    }

    static func isBareKeyCharacter(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: Values

    /// Steps over one value, recording the keys of inline tables under `path` (nil inside lists).
    mutating func scanValue(path: [String]?, _ record: Record) {
        skipSpaces()
        guard let c = peek() else { return }
        switch c {
        case "\"" where peek(1) == "\"" && peek(2) == "\"":
            advance(3)
            skipMultilineString(quote: "\"", escapes: true)
        case "'" where peek(1) == "'" && peek(2) == "'":
            advance(3)
            skipMultilineString(quote: "'", escapes: false)
        case "\"":
            advance()
            _ = scanBasicStringBody()
        case "'":
            advance()
            _ = scanLiteralStringBody()
        case "[":
            advance()
            while true {
                skipWhitespaceAndComments()
                guard let d = peek() else { return }
                if d == "]" {
                    advance()
                    return
                }
                let before = index
                scanValue(path: nil, record)
                skipWhitespaceAndComments()
                if peek() == "," { advance() }
                if index == before { return }
            }
        case "{":
            advance()
            while true {
                skipWhitespaceAndComments()
                guard let d = peek() else { return }
                if d == "}" {
                    advance()
                    return
                }
                let keyStart = position
                guard let key = scanKey() else { return }
                skipSpaces()
                guard peek() == "=" else { return }
                advance()
                if let path { record(path + key, keyStart) }
                scanValue(path: path.map { $0 + key }, record)
                skipWhitespaceAndComments()
                if peek() == "," { advance() }
            }
        default:
            // Numbers, booleans, dates: up to whatever ends a value. A date may hold a space.
            while let d = peek(), d != ",", d != "]", d != "}", d != "#", d != "\n" { advance() }
        }
    }

    /// After an opening quote: the string's text, escapes decoded; nil if the line ends first.
    mutating func scanBasicStringBody() -> String? {
        var s = ""
        while let c = peek() {
            if c == "\n" { return nil }
            advance()
            if c == "\"" { return s }
            if c == "\\" { s.unicodeScalars.append(contentsOf: scanEscape()) } else { s.unicodeScalars.append(c) }
        }
        return nil
    }

    mutating func scanEscape() -> [Unicode.Scalar] {
        guard let c = peek() else { return [] }
        advance()
        switch c {
        case "b": return ["\u{08}"]
        case "t": return ["\t"]
        case "n": return ["\n"]
        case "f": return ["\u{0C}"]
        case "r": return ["\r"]
        case "e": return ["\u{1B}"]
        case "u", "U":
            var hex = ""
            for _ in 0..<(c == "u" ? 4 : 8) {
                guard let h = peek() else { break }
                hex.unicodeScalars.append(h)
                advance()
            }
            return UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init).map { [$0] } ?? []
        default: return [c] // \" and \\
        }
    }

    mutating func scanLiteralStringBody() -> String? {
        var s = ""
        while let c = peek() {
            if c == "\n" { return nil }
            advance()
            if c == "'" { return s }
            s.unicodeScalars.append(c)
        }
        return nil
    }

    mutating func skipMultilineString(quote: Unicode.Scalar, escapes: Bool) {
        while let c = peek() {
            if escapes, c == "\\" {
                advance(2)
                continue
            }
            if c == quote, peek(1) == quote, peek(2) == quote {
                advance(3)
                // Up to two quotes may stand right before the closing three.
                var extra = 0
                while extra < 2, peek() == quote {
                    advance()
                    extra += 1
                }
                return
            }
            advance()
        }
    }

    // MARK: Space

    mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    mutating func skipWhitespaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" || c == "\n" {
                advance()
            } else if c == "#" {
                skipRestOfLine()
            } else {
                return
            }
        }
    }

    /// To the start of the next line.
    mutating func skipRestOfLine() {
        while let c = peek() {
            advance()
            if c == "\n" { return }
        }
    }
}
