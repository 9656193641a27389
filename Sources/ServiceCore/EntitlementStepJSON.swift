extension EntitlementStep {
    /// The stored form of `steps` (their `Codable`) as JSON text: the very text `JSONEncoder`
    /// makes of them, written here directly. A trail is a JSON array of short arrays of numbers
    /// and strings, and `JSONEncoder`, going through its containers value by value, was a third
    /// of the generator's work making a case's rows (perf). What goes in stays `stored`'s, so
    /// the two cannot word a step differently; `EntitlementStepPropertyTests` holds the texts equal.
    public static func storedJSON(_ steps: [EntitlementStep]) -> String {
        var json = "["
        for (i, step) in steps.enumerated() {
            if i > 0 { json += "," }
            if case .text(let sentence) = step {
                appendJSON(sentence, to: &json)
                continue
            }
            json += "["
            for (j, parameter) in step.stored.enumerated() {
                if j > 0 { json += "," }
                switch parameter {
                case .int(let n): json += String(n)
                case .text(let text): appendJSON(text, to: &json)
                case .null: json += "null"
                }
            }
            json += "]"
        }
        return json + "]"
    }

    /// `text` as a JSON string, escaped as `JSONEncoder` escapes one: the quote, the backslash
    /// and the slash, control characters by their short names or as \u00XX; the rest as it is.
    private static func appendJSON(_ text: String, to json: inout String) {
        json += "\""
        var plain = text.unicodeScalars.startIndex
        for i in text.unicodeScalars.indices {
            let escaped: String
            switch text.unicodeScalars[i] {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "/": escaped = "\\/"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            case "\u{8}": escaped = "\\b"
            case "\u{c}": escaped = "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: continue
            }
            json += String(text.unicodeScalars[plain..<i])
            json += escaped
            plain = text.unicodeScalars.index(after: i)
        }
        json += String(text.unicodeScalars[plain...])
        json += "\""
    }
}
