/// The bounds every number a person or a file gives Casebench is held to, and the rule for
/// text. They are declared here once: the command language's typed arguments and the import's
/// fields both check them, and `help` shows them. A line is at most 10^17 cents (an amount
/// times a quantity) and a case's lines together at most 10^12 (`caseTotal`), so every sum
/// over one case fits in 64-bit cents (9.2 × 10^18) with room to spare, and a report over
/// nine million cases at that limit still does; the few sums over a whole database use
/// `Money`'s checked arithmetic and refuse rather than trap.
public enum InputBounds {
    /// An amount: ±999,999,999.99.
    public static let amount = Money(minorUnits: -99_999_999_999)...Money(minorUnits: 99_999_999_999)
    /// Units of a part received, reserved, used, returned or counted.
    public static let quantity = 1...1_000_000
    /// A stock adjustment: units found (+) or lost (−).
    public static let adjustment = -1_000_000...1_000_000
    /// Labour on a case in one entry: up to ten days.
    public static let minutes = 1...14_400
    /// A number of days (a core-return period): up to ten years.
    public static let days = 0...3_650
    /// A case's lines together, counting credits as much as charges: 9,999,999,999.99.
    public static let caseTotal = Money(minorUnits: 999_999_999_999)
    /// Rows of a listing to skip: a thousand times the largest desk measured (a million cases),
    /// and far enough from `Int.max` that the page's row numbers cannot overflow.
    public static let offset = 0...1_000_000_000
    /// A text argument — a note, a reason, technician notes, a subject — in characters: a few
    /// pages, far more than a screen's field shows and still one readable line of the trail.
    public static let textLength = 4_000

    /// "1 to 1,000,000", "-1,000,000 to 1,000,000".
    public static func describe(_ range: ClosedRange<Int>) -> String {
        "\(range.lowerBound.grouped) to \(range.upperBound.grouped)"
    }

    /// "0.00 to 999,999,999.99".
    public static func describe(_ range: ClosedRange<Money>) -> String {
        "\(range.lowerBound.grouped) to \(range.upperBound.grouped)"
    }

    /// Why `text` may not be stored, or nil: Casebench's text is UTF-8 without NUL or any other
    /// C0 control character but tab — and line feeds (with carriage returns) only in a field
    /// that holds several lines. A NUL would be cut off by SQLite and the audit trail would
    /// then read as edited; other controls are escape sequences for someone's terminal.
    public static func textProblem(_ text: String, multiLine: Bool = false) -> String? {
        for (i, s) in text.unicodeScalars.enumerated() {
            switch s.value {
            case 0x09: continue
            case 0x0A where multiLine, 0x0D where multiLine: continue
            case 0x00...0x1F, 0x7F:
                return "holds a control character (\(controlName(s))) at character \(i + 1); text may hold none"
                    + (multiLine ? " but tab and line breaks" : " but tab")
            default: continue
            }
        }
        return nil
    }

    /// NUL, ESC, U+000A (line feed)…
    static func controlName(_ s: Unicode.Scalar) -> String {
        let names: [UInt32: String] = [
            0x00: "NUL", 0x0A: "line feed", 0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL",
        ]
        let hex = String(s.value, radix: 16, uppercase: true)
        return names[s.value] ?? "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
