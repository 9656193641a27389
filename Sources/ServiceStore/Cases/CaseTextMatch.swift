internal import GRDB
import ServiceCore

/// Whether one case's own text — its subject, customer's name and serial — matches a search
/// as its FTS5 index would match it, for a walk that tests each case it passes (see
/// `SearchPlan.walkTestingEach`) and for the cases found by one token of a word of several
/// (`candidates`). The index's own tokenizer cuts both the search and the text, so the two
/// cannot disagree on what a token is, on case or on diacritics.
///
/// Asking the index about one case at a time costs a seek in each token's list, and a longer
/// prefix merges the lists of all its terms for every case asked (1.9 s for a screenful of
/// "rattl" at a million cases); cutting the case's own few words costs microseconds.
///
/// Registered on every SQLite connection (`AppDatabase.connect`) as
/// `case_text_matches(search, subject, customer, serial)`.
enum CaseTextMatch {
    static let functionName = "case_text_matches"

    /// The tokenizer of `case_search` and `case_search_open` (migrations v13 and v16).
    static let tokenizer = FTS5TokenizerDescriptor(components: ["unicode61", "remove_diacritics", "2"])

    static func install(_ db: Database) throws {
        let matcher = Matcher(try db.makeTokenizer(tokenizer))
        db.add(
            function: DatabaseFunction(functionName, argumentCount: 4, pure: true) { values in
                guard let search = String.fromDatabaseValue(values[0]) else { return false }
                return try matcher.matches(search, values[1...].map { String.fromDatabaseValue($0) ?? "" })
            })
    }

    /// One connection's tokenizer, with the last search cut into its phrases (a walk asks
    /// with the same search for every case). Unchecked: only the connection that made it
    /// calls it, and SQLite calls a connection's functions one at a time.
    final class Matcher: @unchecked Sendable {
        private var state: State

        init(_ tokenizer: any FTS5Tokenizer) {
            state = State(tokenizer: tokenizer)
        }

        func matches(_ search: String, _ columns: [String]) throws -> Bool {
            try state.matches(search, columns)
        }
    }

    struct State {
        let tokenizer: any FTS5Tokenizer
        var search: String?
        /// The search's phrases that have a token (`phrases(of:_:)`).
        var phrases: [[[UInt8]]] = []
        let column = TokenList()

        init(tokenizer: any FTS5Tokenizer) { self.tokenizer = tokenizer }

        mutating func matches(_ search: String, _ columns: [String]) throws -> Bool {
            if search != self.search {
                phrases = try CaseTextMatch.phrases(of: search, tokenizer).filter { !$0.isEmpty }
                self.search = search
            }
            // FTS5 leaves out a word with no token ("-") when others have some, and finds
            // nothing when none has.
            guard !phrases.isEmpty else { return false }
            var found = [Bool](repeating: false, count: phrases.count)
            for text in columns {
                try column.cut(text, tokenizer, as: .document)
                for (i, phrase) in phrases.enumerated() where !found[i] { found[i] = column.contains(phrase) }
                if !found.contains(false) { return true }
            }
            return false
        }
    }

    /// Each word of a search as FTS5 reads `"word"*`: its tokens, the last a prefix; a word
    /// of punctuation alone has none.
    static func phrases(of search: String, _ tokenizer: any FTS5Tokenizer) throws -> [[[UInt8]]] {
        let list = TokenList()
        return try QueueQuery.words(of: search).map { word in
            try list.cut(String(word), tokenizer, as: .query)
            return (0..<list.count).map { Array(list.token($0)) }
        }
    }

    /// What a search asks its index for: the search itself when each word is one token; else,
    /// for each word, the token that `matches` finds fewest of, counted up to a cap (a
    /// serial's "SN" stands in every case), whole or the last as a prefix, and each case found
    /// is then tested on its own text. A phrase reads every position of each of its tokens:
    /// "SN-664" took 6 ms where "664" alone took 0.2 at a million cases.
    static func candidates(
        of search: String, exact: String, _ tokenizer: any FTS5Tokenizer, fewEnough: Int,
        matches: (String) throws -> Int
    ) throws -> SearchCandidates {
        let phrases = try phrases(of: search, tokenizer).filter { !$0.isEmpty }
        guard phrases.contains(where: { $0.count > 1 }) else {
            return SearchCandidates(expression: exact, tested: false)
        }
        let terms = try phrases.map { tokens in
            let terms = tokens.indices.map { i in
                let token = String(decoding: tokens[i], as: UTF8.self).replacingOccurrences(of: "\"", with: "\"\"")
                return "\"\(token)\"" + (i == tokens.count - 1 ? "*" : "")
            }
            if terms.count == 1 { return terms[0] }
            // From the last, which is being typed; a token found few times is taken at once
            var fewest = (term: terms[terms.count - 1], found: Int.max)
            for term in terms.reversed() {
                let found = try matches(term)
                if found < fewest.found { fewest = (term, found) }
                if found <= fewEnough { break }
            }
            return fewest.term
        }
        return SearchCandidates(expression: terms.joined(separator: " "), tested: true)
    }

    /// The tokens of one text, end to end in one buffer (a case's column has a handful).
    final class TokenList {
        private var bytes: [UInt8] = []
        private var ends: [Int] = []

        var count: Int { ends.count }

        func token(_ i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]] }

        private func append(_ token: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: token)
            ends.append(bytes.count)
        }

        /// Holds the tokens of `text` alone, as the index cuts a document or a query.
        func cut(_ text: String, _ tokenizer: any FTS5Tokenizer, as tokenization: FTS5Tokenization) throws {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            var text = text
            let code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    tokenizer.tokenize(
                        context: Unmanaged.passUnretained(self).toOpaque(), tokenization: tokenization,
                        pText: chars.baseAddress, nText: CInt(chars.count),
                        tokenCallback: { context, _, token, length, _, _ in
                            guard let context, let token else { return 0 }
                            let list = Unmanaged<TokenList>.fromOpaque(context).takeUnretainedValue()
                            token.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                                list.append(UnsafeBufferPointer(start: $0, count: Int(length)))
                            }
                            return 0 // SQLITE_OK: go on
                        })
                }
            }
            // SQLITE_OK; else out of memory, say: the read fails rather than find too little
            if code != 0 { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        }

        /// Whether the phrase's tokens stand here one after another, the last as a prefix of
        /// its token.
        func contains(_ phrase: [[UInt8]]) -> Bool {
            guard count >= phrase.count else { return false }
            let last = phrase.count - 1
            return (0...(count - phrase.count)).contains { start in
                (0..<last).allSatisfy { token(start + $0).elementsEqual(phrase[$0]) }
                    && token(start + last).starts(with: phrase[last])
            }
        }
    }
}

/// What a search asks its FTS5 index for on SQLite (`CaseTextMatch.candidates`).
struct SearchCandidates: Equatable {
    /// The FTS5 query.
    var expression: String
    /// Whether what the index finds is only a candidate, which `case_text_matches` then decides.
    var tested: Bool
}
