/// "did you mean 'selected'?" for a misspelt role, action, context or key: a typo in a config
/// file is the commonest fault, and the list of every valid name is long.
enum NameSuggestion {
    /// " (did you mean 'x'?)", or "" when no known name is close.
    static func hint(for name: String, among known: some Sequence<String>) -> String {
        closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The known name fewest edits away, if it is near enough to be a likely typo.
    static func closest(to name: String, among known: some Sequence<String>) -> String? {
        let limit = max(1, min(2, name.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in known.sorted() {
            let d = distance(Array(name.lowercased()), Array(candidate.lowercased()))
            if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// Edits between two names: insertions, deletions, substitutions and swaps of neighbours
    /// ("mnoo" is one edit from "mono"), as optimal string alignment counts them.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
