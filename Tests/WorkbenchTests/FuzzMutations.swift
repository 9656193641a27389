import ServiceCore

/// The ways the fuzzers spoil good input: what a careless paste, a bad tool or a hostile user
/// gives — numbers past every bound, control characters, unicode of every kind, missing and
/// extra words, stray quotes, text far too long. Each draw comes from the caller's generator, so
/// a seed and an index give the same input again.
enum FuzzMutations {
    /// Numbers no field takes: past 64 bits, past the bounds, negative, not quite numbers.
    static let numbers = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999", "-1", "0",
        "1e309", "-0", "0x10", "1.005", "999999999.99", "1000000000.00", "-999999999.99", "+1", "1,000", "½", "١٢٣",
        "NaN", "inf", "00000000000000000000001", "1000001", "14401", "3651",
    ]

    /// Text that is not plain: control characters, C1 and bidirectional controls, combining
    /// marks, wide and astral characters, lone surrogates' replacement, escape sequences.
    static let oddities = [
        "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\r", "\n", "\u{1B}", "\u{1B}[2J", "\u{7F}", "\u{85}",
        "\u{9B}", "\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}", "e\u{301}", "山田", "🧰", "👩‍🔧", "\u{FFFD}",
        "\u{10FFFF}", "\t", "Ａ", "ß", "İ",
    ]

    /// Words that mean something to the lexer or the parser.
    static let syntax = ["\"", "\"\"", "\\", "\\\"", "#", "=", "x=", "=x", "@", "@@", "''", "\" \"", "--", "-", "'"]

    /// One mutation of `line`.
    static func mutate(_ line: String, _ rng: inout SeededGenerator) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let at = { (rng: inout SeededGenerator) in Int.random(in: 0..<max(words.count, 1), using: &rng) }
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: // a number past its bounds in the place of a word
            if !words.isEmpty { words[at(&rng)] = numbers.randomElement(using: &rng)! }
        case 1: // a control or odd character inside a word
            let i = at(&rng)
            if i < words.count {
                var w = Array(words[i])
                w.insert(contentsOf: oddities.randomElement(using: &rng)!, at: Int.random(in: 0...w.count, using: &rng))
                words[i] = String(w)
            }
        case 2: // a word dropped: a missing argument
            if words.count > 1 { words.remove(at: Int.random(in: 1..<words.count, using: &rng)) }
        case 3: // a word repeated: an extra argument
            if !words.isEmpty { words.insert(words[at(&rng)], at: at(&rng)) }
        case 4: // lexer syntax
            words.insert(syntax.randomElement(using: &rng)!, at: Int.random(in: 0...words.count, using: &rng))
        case 5: // overlong text
            let long = String(
                repeating: ["x", "山", "9", "\""].randomElement(using: &rng)!,
                count: Int.random(in: 1_000...70_000, using: &rng))
            words.insert(long, at: Int.random(in: 0...words.count, using: &rng))
        case 6: // an option with a bad value, or one no command has
            let name = [
                "priority", "limit", "offset", "quantity", "name", "rate", "note", "since", "view", "format", "size",
                "seed", "x",
            ]
            .randomElement(using: &rng)!
            let value = (numbers + oddities + ["", "abc", "2026-02-30", "2026-13-01", "9999-12-31"]).randomElement(
                using: &rng)!
            words.append("\(name)=\(value)")
        case 7: // two words swapped
            if words.count > 2 { words.swapAt(at(&rng), at(&rng)) }
        case 8: // an id that is `@`, or no record's
            if words.count > 1 {
                words[Int.random(in: 1..<words.count, using: &rng)] = ["@", "0", "999999", "-5", "1.5"].randomElement(
                    using: &rng)!
            }
        case 9: // whitespace: empty, only spaces, tabs between words
            return ["", "   ", "\t", words.joined(separator: "\t"), "  " + words.joined(separator: "   ")]
                .randomElement(using: &rng)!
        case 10: // a word of random characters
            words.insert(randomWord(&rng), at: Int.random(in: 0...words.count, using: &rng))
        default: // cut short anywhere
            let chars = Array(line)
            return String(chars.prefix(Int.random(in: 0...chars.count, using: &rng)))
        }
        return words.joined(separator: " ")
    }

    /// A word of 1 to 12 characters from anywhere in unicode (surrogates aside, which a
    /// String cannot hold).
    static func randomWord(_ rng: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 1...12, using: &rng) {
            let range: ClosedRange<UInt32> = [0...0x7F, 0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0x10FFFF]
                .randomElement(using: &rng)!
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { s.unicodeScalars.append(scalar) }
        }
        return s
    }
}
