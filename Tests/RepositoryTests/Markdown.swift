import Foundation

/// Just enough of Markdown (CommonMark, as GitHub renders it) to find a document's links and
/// the anchors of its headings. Code — fenced blocks and `code spans` — is no link.
enum Markdown {
    struct Link: Equatable {
        /// 1-based, where the link's `[` is.
        var line: Int
        /// As written: a path, a URL, or `#anchor`, with any `#fragment`.
        var target: String
    }

    /// Inline links and images, `[text](target "title")` and `![alt](target)`, and reference
    /// definitions, `[label]: target`, in the order they appear.
    static func links(in text: String) -> [Link] {
        let prose = Array(withoutCode(text))
        var links: [Link] = []
        var line = 1
        var i = 0
        var lineStart = true
        while i < prose.count {
            let c = prose[i]
            if c == "\n" {
                line += 1
                lineStart = true
                i += 1
                continue
            }
            // Reference definitions: `[label]:` at the start of a line (up to three spaces in).
            if lineStart {
                lineStart = false
                if let (target, end) = referenceDefinition(prose, at: i) {
                    links.append(Link(line: line, target: target))
                    i = end
                    continue
                }
            }
            if c == "[", i == 0 || prose[i - 1] != "\\", let link = inlineLink(prose, at: i) {
                links.append(Link(line: line, target: link.destination))
                line += prose[i..<link.end].filter { $0 == "\n" }.count
                i = link.end
                continue
            }
            i += 1
        }
        return links
    }

    /// The anchors GitHub gives the headings (`# Title` to `###### Title`) of a document:
    /// the heading's text in lower case, without punctuation or symbols, spaces made dashes;
    /// a repeated one gets `-1`, `-2`…
    static func anchors(in text: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var anchors: Set<String> = []
        for line in withoutCode(text, keepingSpans: true).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            guard line.count - trimmed.count <= 3 else { continue }
            let hashes = trimmed.prefix { $0 == "#" }.count
            guard (1...6).contains(hashes) else { continue }
            let rest = trimmed.dropFirst(hashes)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            // A closing run of #s after a space is not part of the title (`## C#` keeps its #).
            var title = String(rest).trimmingCharacters(in: .whitespaces)
            let closing = title.reversed().prefix { $0 == "#" }.count
            if closing == title.count || title.dropLast(closing).last == " " { title.removeLast(closing) }
            let slug = slug(visibleText(title.trimmingCharacters(in: .whitespaces)))
            let n = seen[slug, default: 0]
            seen[slug] = n + 1
            anchors.insert(n == 0 ? slug : "\(slug)-\(n)")
        }
        return anchors
    }

    static func slug(_ title: String) -> String {
        String(
            title.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
                .map { $0 == " " ? "-" : $0 })
    }

    /// A heading's text as shown: a link's text without its target, code without backticks,
    /// no emphasis marks.
    private static func visibleText(_ title: String) -> String {
        let chars = Array(title)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "[", let link = inlineLink(chars, at: i) {
                out += visibleText(String(chars[link.text]))
                i = link.end
                continue
            }
            if chars[i] != "`" && chars[i] != "*" { out.append(chars[i]) }
            i += 1
        }
        return out
    }

    // MARK: - Scanning

    /// The text with fenced code blocks and code spans blanked out (spaces; line breaks kept,
    /// so line numbers stay). With `keepingSpans`, only the fences are blanked.
    static func withoutCode(_ text: String, keepingSpans: Bool = false) -> String {
        var out: [String] = []
        var fence: String? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            let marker = trimmed.prefix { $0 == "`" || $0 == "~" }
            if let open = fence {
                out.append("")
                // A fence closes with a run of the same character at least as long, and nothing else.
                if marker.count >= open.count, marker.allSatisfy({ $0 == open.first }),
                    trimmed.dropFirst(marker.count).allSatisfy(\.isWhitespace)
                {
                    fence = nil
                }
                continue
            }
            if marker.count >= 3, marker.allSatisfy({ $0 == marker.first }), line.count - trimmed.count <= 3 {
                fence = String(marker)
                out.append("")
                continue
            }
            out.append(String(line))
        }
        let prose = out.joined(separator: "\n")
        return keepingSpans ? prose : withoutCodeSpans(prose)
    }

    /// Blanks each code span: a run of backticks up to the next run of exactly as many.
    private static func withoutCodeSpans(_ text: String) -> String {
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "`" else {
                i += 1
                continue
            }
            let start = i
            while i < chars.count && chars[i] == "`" { i += 1 }
            let width = i - start
            var j = i
            var close: Int? = nil
            while j < chars.count {
                if chars[j] == "`" {
                    let run = j
                    while j < chars.count && chars[j] == "`" { j += 1 }
                    if j - run == width {
                        close = j
                        break
                    }
                } else {
                    j += 1
                }
            }
            guard let end = close else { continue } // unmatched: literal backticks
            for k in start..<end where chars[k] != "\n" { chars[k] = " " }
            i = end
        }
        return String(chars)
    }

    /// `[text](destination …)` starting at `start`: where its text is, its destination, and
    /// the index after `)`. The text may hold nested brackets and run over lines, not over a
    /// blank line.
    private static func inlineLink(_ chars: [Character], at start: Int) -> (
        text: Range<Int>, destination: String, end: Int
    )? {
        var depth = 0
        var i = start
        var close: Int? = nil
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                i += 2
                continue
            }
            if c == "\n", i + 1 < chars.count, chars[i + 1] == "\n" { return nil }
            if c == "[" { depth += 1 }
            if c == "]" {
                depth -= 1
                if depth == 0 {
                    close = i
                    break
                }
            }
            i += 1
        }
        guard let close, close + 1 < chars.count, chars[close + 1] == "(" else { return nil }
        var j = close + 2
        var parens = 1
        var inside = ""
        while j < chars.count {
            let c = chars[j]
            if c == "\\", j + 1 < chars.count {
                inside.append(c)
                inside.append(chars[j + 1])
                j += 2
                continue
            }
            if c == "(" { parens += 1 }
            if c == ")" {
                parens -= 1
                if parens == 0 { return ((start + 1)..<close, destination(inside), j + 1) }
            }
            if c == "\n", j + 1 < chars.count, chars[j + 1] == "\n" { return nil }
            inside.append(c)
            j += 1
        }
        return nil
    }

    /// `[label]: destination` at `start` (the start of a line): the destination and the index
    /// after it. `[^note]:` is a footnote, not a link.
    private static func referenceDefinition(_ chars: [Character], at start: Int) -> (String, Int)? {
        var i = start
        var indent = 0
        while i < chars.count && chars[i] == " " {
            i += 1
            indent += 1
        }
        guard indent <= 3, i < chars.count, chars[i] == "[", i + 1 < chars.count, chars[i + 1] != "^" else {
            return nil
        }
        guard let close = chars[i...].firstIndex(where: { $0 == "]" || $0 == "\n" }), chars[close] == "]",
            close > i + 1, close + 1 < chars.count, chars[close + 1] == ":"
        else { return nil }
        var j = close + 2
        while j < chars.count && (chars[j] == " " || chars[j] == "\t") { j += 1 }
        var end = j
        while end < chars.count && chars[end] != "\n" { end += 1 }
        let target = destination(String(chars[j..<end]))
        return target.isEmpty ? nil : (target, end)
    }

    /// A link's destination without its title: `<with spaces>`, or up to the first space.
    private static func destination(_ raw: String) -> String {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.hasPrefix("<"), let end = s.firstIndex(of: ">") { return String(s[s.index(after: s.startIndex)..<end]) }
        return String(s.prefix { !$0.isWhitespace })
    }
}
