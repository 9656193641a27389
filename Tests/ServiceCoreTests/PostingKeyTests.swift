import ServiceCore
import Testing

@Suite("An idempotency key as its integer parts")
struct PostingKeyTests {
    @Test(
        "Every key the workbench makes is read as parts that spell it again",
        arguments: [
            (
                "case-12/closing-1/outcome-31/revenue", PostingKind.revenue,
                PostingKeyParts(closing: 1, reference: 31, count: 0, reopening: 0)
            ),
            (
                "case-12/closing-2/outcome-31/warranty-cost", .warrantyCost,
                PostingKeyParts(closing: 2, reference: 31, count: 0, reopening: 0)
            ),
            (
                "case-12/closing-1/outcome-4/contract-consumption", .contractConsumption,
                PostingKeyParts(closing: 1, reference: 4, count: 0, reopening: 0)
            ),
            (
                "case-12/closing-1/line-7/stock-issue", .stockIssue,
                PostingKeyParts(closing: 1, reference: 7, count: 0, reopening: 0)
            ),
            (
                "case-12/closing-1/line-7/stock-issue/reversed-by-reopen-1", .stockIssue,
                PostingKeyParts(closing: 1, reference: 7, count: 0, reopening: 1)
            ),
            (
                "case-12/line-7/core-credit-3", .coreCredit,
                PostingKeyParts(closing: 0, reference: 7, count: 3, reopening: 0)
            ),
            (
                "case-12/line-7/core-charge-1", .coreCharge,
                PostingKeyParts(closing: 0, reference: 7, count: 1, reopening: 0)
            ),
            (
                "case-12/outcome-31/claim-accepted", .claimAccepted,
                PostingKeyParts(closing: 0, reference: 31, count: 0, reopening: 0)
            ),
        ])
    func parts(_ key: String, _ kind: PostingKind, _ parts: PostingKeyParts) {
        #expect(PostingKeyParts(key: key, caseID: 12, kind: kind) == parts)
        #expect(parts.spelled(caseID: 12, kind: kind) == key)
    }

    @Test(
        "Any other text has no parts: another case or kind, a zero, a leading zero, a part too many or too few",
        arguments: [
            ("case-13/closing-1/outcome-31/revenue", PostingKind.revenue),
            ("case-12/closing-1/outcome-31/revenue", .warrantyCost),
            ("case-12/closing-1/line-31/revenue", .revenue),
            ("case-12/closing-0/outcome-31/revenue", .revenue),
            ("case-12/closing-01/outcome-31/revenue", .revenue),
            ("case-12/closing-1/outcome-31/revenue/reversed-by-reopen-0", .revenue),
            ("case-12/x/closing-1/outcome-31/revenue", .revenue),
            ("case-12/revenue", .revenue),
            ("case-12/line-7/core-credit-", .coreCredit),
            ("case-12/line-7/core-credit--3", .coreCredit),
            ("legacy-key", .revenue),
            ("", .revenue),
        ])
    func noParts(_ key: String, _ kind: PostingKind) {
        #expect(PostingKeyParts(key: key, caseID: 12, kind: kind) == nil)
    }

    @Test(
        "Read back, random parts of every kind are the parts spelled; a key edited at random is read as parts only when they spell it"
    )
    func randomKeys() {
        var rng = SeededGenerator(seed: 18)
        func number(_ zeroAllowed: Bool) -> Int {
            // Small numbers, and some at the edge of what fits.
            let n = rng.next() % 4 == 0 ? Int.max - Int(rng.next() % 3) : Int(rng.next() % 1200)
            return zeroAllowed ? n : max(n, 1)
        }
        let edits: [Character] = ["0", "1", "9", "-", "/", "x", "+", " ", "\u{0}", "é"]
        for _ in 0..<600 {
            let kind = PostingKind.allCases[Int(rng.next() % UInt64(PostingKind.allCases.count))]
            let caseID = Int64(number(false))
            let parts = PostingKeyParts(
                closing: number(true), reference: Int64(number(false)), count: number(true), reopening: number(true))
            let key = parts.spelled(caseID: caseID, kind: kind)
            #expect(PostingKeyParts(key: key, caseID: caseID, kind: kind) == parts, "\(key)")
            var edited = Array(key)
            let at = Int(rng.next() % UInt64(edited.count + 1))
            switch rng.next() % 3 {
            case 0 where at < edited.count: edited.remove(at: at)
            case 1 where at < edited.count: edited[at] = edits[Int(rng.next() % UInt64(edits.count))]
            default: edited.insert(edits[Int(rng.next() % UInt64(edits.count))], at: at)
            }
            let text = String(edited)
            if let read = PostingKeyParts(key: text, caseID: caseID, kind: kind) {
                #expect(read.spelled(caseID: caseID, kind: kind) == text, "\(text) read as \(read)")
            }
        }
    }

    @Test("The keys of a closing and of its reversal all have parts")
    func closingKeys() {
        let outcome = BillingOutcome(
            id: OutcomeID(5), caseID: CaseID(9), draft: OutcomeDraft(kind: .invoiceTrigger, portions: []),
            createdBy: "sam", createdAt: Timestamp(date: CivilDate(parsing: "2026-06-15")!, hour: 9))
        let postings = Postings.forClosing(caseID: CaseID(9), closing: 1, outcomes: [outcome], lines: [], costs: [])
        #expect(!postings.isEmpty)
        let reversals = Postings.reversals(
            of: postings.enumerated().map { (id: Int64($0.offset), draft: $0.element) }, reopening: 1)
        for d in postings + reversals.map(\.draft) {
            #expect(
                PostingKeyParts(key: d.idempotencyKey, caseID: 9, kind: d.kind)?.spelled(caseID: 9, kind: d.kind)
                    == d.idempotencyKey)
        }
    }
}
