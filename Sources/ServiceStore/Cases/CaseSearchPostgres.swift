import Foundation
internal import GRDB
import ServiceCore

extension QueueQuery {
    /// The search as PostgreSQL reads it, the same cases as SQLite's search index finds
    /// (`searchExpression`): each word of the search is a phrase of its tokens — runs of
    /// letters and digits, as the index's unicode61 tokenizer cuts them — found in one column
    /// (subject, customer name, serial), each token at a token's start, the last one as a
    /// prefix. One regular expression a word, matched ignoring case, with diacritics taken
    /// off both the word and the text as the index's `remove_diacritics` does ("muller" finds
    /// "Müller"); nil when there is nothing to find.
    var postgresSearchPatterns: [String]? {
        let patterns = postgresSearchWords.map { "(^|[^[:alnum:]])" + $0.joined(separator: "[^[:alnum:]]+") }
        return patterns.isEmpty ? nil : patterns
    }

    /// Each word of the search as its tokens, diacritics taken off; words with none left out.
    private var postgresSearchWords: [[Substring]] {
        search.split(whereSeparator: { $0.isWhitespace }).map { word in
            Self.withoutDiacritics(String(word)).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        }.filter { !$0.isEmpty }
    }

    /// How PostgreSQL reads the search: from its trigram indexes when every word has a token
    /// of three characters or more, which they can narrow; else — "s", "SN-1", the first
    /// keystrokes of any term — by walking the view's order and testing each case, stopping at
    /// a screenful: a trigram index cannot narrow a shorter token, and reading every case's
    /// text for it took 300–540 ms a keystroke at 50,000 cases.
    var postgresSearchPlan: SearchPlan {
        postgresSearchWords.allSatisfy { $0.contains { $0.count >= 3 } } ? .fromMatches : .walkTestingEach
    }

    /// The combining diacritical marks (U+0300–U+036F): what is left of "ü" beside its "u" once
    /// decomposed (NFD), and what both sides of the search drop.
    static let diacritics: ClosedRange<UInt32> = 0x300...0x36F

    /// `text` decomposed, its diacritical marks dropped: "Müller" is "Muller".
    static func withoutDiacritics(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(
            contentsOf: text.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                !diacritics.contains($0.value)
            })
        return String(scalars)
    }

    /// `column`'s text as PostgreSQL searches it: decomposed, its diacritical marks dropped,
    /// as `withoutDiacritics` does to the words searched for.
    static func withoutDiacritics(column: String) -> String {
        "regexp_replace(normalize(\(column), NFD), '[\\u0300-\\u036f]', '', 'g')"
    }
}

extension StoreTransaction {
    /// The condition that keeps the cases the search finds on PostgreSQL, or the case its
    /// number names (`searchNumber`), and its arguments. Each word's cases are those whose
    /// subject or serial it matches, with those of the customers whose name it matches, each
    /// column read through its trigram index where there is one (`PostgresSearchIndex`); the
    /// search's cases are what every word finds.
    func postgresSearchCondition(_ q: QueueQuery, plan: SearchPlan) -> (String, [DatabaseValueConvertible?])? {
        guard q.searchExpression != nil else { return nil }
        // Words with no letter or digit: SQLite's index finds nothing for them, but the number.
        guard let patterns = q.postgresSearchPatterns else { return ("c.id = ?", [q.searchNumber]) }
        let fold = QueueQuery.withoutDiacritics(column:)
        if plan != .fromMatches {
            // Each case tested where it stands in the view's order
            let word = """
                (\(fold("c.subject")) ~* ? OR \(fold("c.serial")) ~* ?
                 OR EXISTS (SELECT 1 FROM customer wc WHERE wc.id = c.customer_id AND \(fold("wc.name")) ~* ?))
                """
            let args: [DatabaseValueConvertible?] = [q.searchNumber] + patterns.flatMap { [$0, $0, $0] }
            return ("(c.id = ? OR (\(patterns.map { _ in word }.joined(separator: " AND "))))", args)
        }
        let word = """
            SELECT id FROM service_case WHERE \(fold("subject")) ~* ? OR \(fold("serial")) ~* ?
            UNION SELECT id FROM service_case WHERE customer_id IN (SELECT id FROM customer WHERE \(fold("name")) ~* ?)
            """
        let matches = patterns.indices.map { "SELECT id FROM (\(word)) AS word\($0)" }.joined(separator: " INTERSECT ")
        let args: [DatabaseValueConvertible?] = patterns.flatMap { [$0, $0, $0] } + [q.searchNumber]
        return ("c.id IN (\(matches) UNION ALL SELECT ?)", args)
    }
}
