/// A colour as a theme file writes it: a colour, or the name of a palette entry that is
/// looked up once the whole inheritance chain is known (a child's palette recolours the
/// parent's styles).
enum ColorSpec: Hashable, Sendable {
    case color(Color)
    case palette(String)

    /// The eight ANSI names in index order.
    static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// What a theme may write, for messages.
    static let forms =
        "default, a colour name (black red green yellow blue magenta cyan white), "
        + "bright-<name>, color0…color255 or #rrggbb"

    /// Parses colour text. A word that is no colour is taken as a palette name; text that
    /// tries to be a colour and fails ("#12345", "color300", "bright-pink") is an error whose
    /// message says what was expected.
    static func parse(_ text: String) -> Result<ColorSpec, ColorSpecError> {
        if text == "default" { return .success(.color(.terminalDefault)) }
        if let n = basicNames.firstIndex(of: text) { return .success(.color(.ansi(UInt8(n)))) }
        if text.hasPrefix("bright-") {
            guard let n = basicNames.firstIndex(of: String(text.dropFirst(7))) else {
                return .failure(.init("bright- goes with black, red, green, yellow, blue, magenta, cyan or white"))
            }
            return .success(.color(.ansi(UInt8(n + 8))))
        }
        if text.hasPrefix("#") {
            let hex = text.dropFirst()
            guard hex.count == 6, hex.allSatisfy(\.isHexDigit), let v = UInt32(hex, radix: 16) else {
                return .failure(.init("expected #rrggbb, six hexadecimal digits"))
            }
            return .success(.color(.rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))))
        }
        if text.hasPrefix("color"), text.count > 5, text.dropFirst(5).allSatisfy(\.isASCII),
            text.dropFirst(5).allSatisfy(\.isNumber)
        {
            guard let n = Int(text.dropFirst(5)), (0...255).contains(n) else {
                return .failure(.init("colour indexes run from color0 to color255"))
            }
            return .success(.color(.indexed(UInt8(n))))
        }
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ isNameCharacter($0) }) else {
            return .failure(.init("expected \(forms), or a [palette] name"))
        }
        return .success(.palette(text))
    }

    /// Palette names are written like bare TOML keys.
    static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
    }

    /// Whether `name` would be read as a colour rather than a palette entry.
    static func isColorName(_ name: String) -> Bool {
        if case .success(.color) = parse(name) { return true }
        return name.hasPrefix("bright-") || name.hasPrefix("#") || name.hasPrefix("color")
    }
}

/// Why colour text is no colour: what was expected instead.
struct ColorSpecError: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
