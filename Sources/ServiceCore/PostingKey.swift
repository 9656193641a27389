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
    /// text (which the store then keeps as it is). Read part by part from the front, each
    /// number as `spelled` writes it (no sign, no leading zero, 1 or more): splitting the key
    /// and spelling the parts again to compare was a twentieth of a million cases' generation.
    public init?(key: String, caseID: Int64, kind: PostingKind) {
        var key = KeyReader(rest: key.utf8[...])
        guard key.take("case-" + String(caseID) + "/") else { return nil }
        var closing = 0
        if key.take("closing-") {
            guard let n = key.number(), key.take("/") else { return nil }
            closing = n
        }
        guard key.take(kind.keyNamesLine ? "line-" : "outcome-"), let reference = key.number(), key.take("/"),
            key.take(kind.rawValue)
        else { return nil }
        var count = 0
        if key.take("-") {
            guard let n = key.number() else { return nil }
            count = n
        }
        var reopening = 0
        if key.take("/reversed-by-reopen-") {
            guard let n = key.number() else { return nil }
            reopening = n
        }
        guard key.rest.isEmpty else { return nil }
        self.init(closing: closing, reference: Int64(reference), count: count, reopening: reopening)
    }
}

/// What is left of a key being read.
private struct KeyReader {
    var rest: Substring.UTF8View

    /// Takes `text` off the front, when the key goes on with it.
    mutating func take(_ text: String) -> Bool {
        guard rest.starts(with: text.utf8) else { return false }
        rest = rest.dropFirst(text.utf8.count)
        return true
    }

    /// Takes a number off the front as `String(n)` writes one of 1 or more; nil when none is
    /// there, or it would not fit.
    mutating func number() -> Int? {
        let zero = UInt8(ascii: "0")
        guard let first = rest.first, first > zero, first <= zero + 9 else { return nil }
        var n = 0
        while let digit = rest.first, digit >= zero, digit <= zero + 9 {
            let (tens, over) = n.multipliedReportingOverflow(by: 10)
            let (sum, overAgain) = tens.addingReportingOverflow(Int(digit - zero))
            guard !over, !overAgain else { return nil }
            n = sum
            rest = rest.dropFirst()
        }
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
