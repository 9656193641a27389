import ServiceCore
import ServiceStore

/// Writing and completing lines of the command language, for screens that build commands
/// (a form's fields become one line) and for the `:` prompt.
public enum CommandText {
    /// A word as the lexer will read it back: quoted when it holds spaces, quotes, '=' or '#'.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { !$0.isWhitespace && !"\"\\=#@".contains($0) }
        if plain { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// A command line from a name, positional words and options; empty options are left out.
    public static func line(_ name: String, _ words: [String], options: [(String, String)] = []) -> String {
        ([name] + words.map(quote) + options.filter { !$0.1.isEmpty }.map { "\($0.0)=\(quote($0.1))" })
            .joined(separator: " ")
    }
}

extension Session {
    /// Candidates for the word being typed at the end of `line`: command names first, then
    /// values for the argument in that position (customers, serials, users, items, bins,
    /// contracts, resolution codes, choices), read from the store a few at a time.
    public func completions(for line: String, limit: Int = 12) -> [String] {
        let endsWithSpace = line.last?.isWhitespace ?? false
        let words = line.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let partial = endsWithSpace ? "" : (words.last ?? "")
        let before = endsWithSpace ? words : Array(words.dropLast())
        if before.isEmpty || (before.count == 1 && CommandCatalogue.find(before) == nil) {
            let typed = (before + [partial]).joined(separator: " ")
            return CommandCatalogue.all.map(\.name).filter { $0.hasPrefix(typed) }
                .map { before.isEmpty ? $0 : String($0.dropFirst(before[0].count + 1)) }
                .filter { !$0.isEmpty }.prefix(limit).map { $0 }
        }
        // A one-word command may also begin two-word ones ("verify" and "verify database").
        let secondWords =
            before.count == 1
            ? CommandCatalogue.all.map(\.name).filter { $0.hasPrefix(before[0] + " " + partial) }.map {
                String($0.dropFirst(before[0].count + 1))
            }
            : []
        guard let (spec, used) = CommandCatalogue.find(before) else { return secondWords }
        let positional = before.dropFirst(used).filter { !$0.contains("=") }.count
        guard positional < spec.arguments.count else { return secondWords }
        let kind = spec.arguments[positional].kind
        let earlier = { (k: ArgumentKind) in
            spec.arguments.prefix(positional).firstIndex { $0.kind == k }.map { before[used + $0] }
        }
        return secondWords
            + ((try? values(for: kind, prefix: partial, customer: earlier(.customer), item: earlier(.sku), limit: limit))
                ?? [])
    }

    private func values(for kind: ArgumentKind, prefix: String, customer: String?, item: String?, limit: Int) throws
        -> [String]
    {
        switch kind {
        case .choice(let c): return c.filter { $0.hasPrefix(prefix) }
        case .customer: return try read { try $0.customers(matching: prefix, limit: limit).map(\.id) }
        case .serial:
            return try read { try $0.assets(matching: prefix, customerID: customer, limit: limit).map(\.serial) }
        case .user, .technician:
            return try read { tx in
                try tx.users().filter { !$0.disabled && (kind == .user || $0.role == .technician) }
                    .map(\.account).filter { $0.hasPrefix(prefix) }.prefix(limit).map { $0 }
            }
        case .sku: return try read { try $0.items(matching: prefix, limit: limit).map(\.sku) }
        case .bin:
            // After an item, the bins that hold it.
            if let item {
                return try read { tx in
                    try tx.stockLevels(sku: item).map(\.bin.id).filter { $0.hasPrefix(prefix) }.prefix(limit).map { $0 }
                }
            }
            return try read { try $0.bins(matching: prefix, limit: limit).map(\.id) }
        case .contract: return try read { try $0.contracts(matching: prefix, limit: limit).map(\.number) }
        case .resolutionCode: return try read { try $0.resolutionCodes(matching: prefix, limit: limit).map(\.code) }
        case .caseID:
            if let id = lastCreated["case"], prefix.isEmpty { return [String(id)] }
            return []
        default: return []
        }
    }
}
