internal import GRDB
import ServiceCore

extension QueueQuery {
    /// The search as PostgreSQL reads it, the same cases as SQLite's search index finds
    /// (`searchExpression`): each word of the search is a phrase of its tokens — runs of
    /// letters and digits, as the index's unicode61 tokenizer cuts them — found in one column
    /// (subject, customer name, serial), each token at a token's start, the last one as a
    /// prefix. One regular expression a word, matched ignoring case; nil when there is
    /// nothing to find. What it does not do yet: fold diacritics as the SQLite index does
    /// ("muller" finds "Müller" there), and use an index (a million cases are read through).
    var postgresSearchPatterns: [String]? {
        let patterns = search.split(whereSeparator: { $0.isWhitespace }).compactMap { word -> String? in
            let tokens = word.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            guard !tokens.isEmpty else { return nil }
            return "(^|[^[:alnum:]])" + tokens.joined(separator: "[^[:alnum:]]+")
        }
        return patterns.isEmpty ? nil : patterns
    }
}

extension StoreTransaction {
    /// The condition that keeps the cases the search finds on PostgreSQL, or the case its
    /// number names (`searchNumber`), and its arguments.
    func postgresSearchCondition(_ q: QueueQuery) -> (String, [DatabaseValueConvertible?])? {
        guard q.searchExpression != nil else { return nil }
        // Words with no letter or digit: SQLite's index finds nothing for them, but the number.
        guard let patterns = q.postgresSearchPatterns else { return ("c.id = ?", [q.searchNumber]) }
        let each = "(m.subject ~* ? OR mc.name ~* ? OR m.serial ~* ?)"
        let matches = """
            SELECT m.id FROM service_case m JOIN customer mc ON mc.id = m.customer_id
            WHERE \(patterns.map { _ in each }.joined(separator: " AND "))
            """
        let args: [DatabaseValueConvertible?] = patterns.flatMap { [$0, $0, $0] } + [q.searchNumber]
        return ("c.id IN (\(matches) UNION ALL SELECT ?)", args)
    }
}
