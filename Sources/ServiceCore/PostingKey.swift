/// An idempotency key's integer parts beside the posting's own case and kind: what the store
/// keeps unique instead of the key's text (issue 18), and spells out again, in the same
/// words, on export. Every key the workbench makes is one of
///
///     case-C/closing-N/outcome-O/KIND          case-C/closing-N/line-L/stock-issue
///     case-C/line-L/core-credit-N              case-C/line-L/core-charge-N
///     case-C/outcome-O/claim-accepted          …/reversed-by-reopen-R after any of them
///
/// A part the key does not name is 0: the numbers it names are 1 or more.
public struct PostingKeyParts: Hashable, Sendable {
    /// The closing the key names, 0 when it names none.
    public var closing: Int
    /// The outcome or the line it names: which, the kind says (`PostingKind.keyNamesLine`).
    public var reference: Int64
    /// The running count ending a core's key ("core-credit-3"), 0 when there is none.
    public var count: Int
    /// The reopening a reversal's key ends in, 0 for a posting that reverses nothing.
    public var reopening: Int

    public init(closing: Int, reference: Int64, count: Int, reopening: Int) {
        self.closing = closing
        self.reference = reference
        self.count = count
        self.reopening = reopening
    }

    /// The key these parts spell for a posting of `kind` on case `caseID`.
    public func spelled(caseID: Int64, kind: PostingKind) -> String {
        var key = "case-\(caseID)"
        if closing > 0 { key += "/closing-\(closing)" }
        key += kind.keyNamesLine ? "/line-\(reference)" : "/outcome-\(reference)"
        key += "/" + kind.rawValue
        if count > 0 { key += "-\(count)" }
        if reopening > 0 { key += "/reversed-by-reopen-\(reopening)" }
        return key
    }

    /// The parts of `key`, when spelling them gives `key` back exactly; nil for any other
    /// text (which the store then keeps as it is).
    public init?(key: String, caseID: Int64, kind: PostingKind) {
        var parts = key.split(separator: "/", omittingEmptySubsequences: false)
        var reopening = 0
        if let last = parts.last, let r = Self.number(last, after: "reversed-by-reopen-") {
            reopening = r
            parts.removeLast()
        }
        guard parts.count == 3 || parts.count == 4 else { return nil }
        let closing = parts.count == 4 ? Self.number(parts[1], after: "closing-") : 0
        let named = parts[parts.count - 2]
        let reference = Self.number(named, after: kind.keyNamesLine ? "line-" : "outcome-")
        let event = parts[parts.count - 1]
        let count = event == kind.rawValue ? 0 : Self.number(event, after: kind.rawValue + "-")
        guard let closing, let reference, let count else { return nil }
        self.init(closing: closing, reference: Int64(reference), count: count, reopening: reopening)
        guard spelled(caseID: caseID, kind: kind) == key else { return nil }
    }

    /// The number after `prefix`, when it is 1 or more.
    private static func number(_ text: Substring, after prefix: String) -> Int? {
        guard text.hasPrefix(prefix), let n = Int(text.dropFirst(prefix.count)), n > 0 else { return nil }
        return n
    }
}

extension PostingKind {
    /// Whether a key of this kind names a line (a part's stock or core) rather than an outcome.
    public var keyNamesLine: Bool {
        switch self {
        case .stockIssue, .coreCredit, .coreCharge: true
        default: false
        }
    }
}
