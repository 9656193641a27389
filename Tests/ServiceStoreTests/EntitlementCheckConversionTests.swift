import Foundation
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("Converting entitlement trails kept as sentences (v14)")
struct EntitlementCheckConversionTests {
    /// Sentences as the trail kept them, a slash escaped as the encoder wrote it, and one in a
    /// wording no step gives.
    private let sentences = [
        "region WEST: response 48 h", "asset warranty WT-STD expired 2024-07-24",
        "generic warranty WT-GEN24 expired 2023-07-24 (24 months from install 2021-07-25)",
        "contract SC-1326 (Bronze) released 2025-08-14 to 2027-08-13, lists SN-1326-1",
        "travel not covered by the rule for WEST / Bronze", "checked with \"the\" customer / by phone",
        "→ contract: contract SC-1326",
    ]

    @Test("A trail converts to exactly what writing its steps stores, each sentence its step but the unknown one")
    func convertsAsWritten() throws {
        let json = String(decoding: try JSONEncoder.sorted.encode(sentences), as: UTF8.self)
        #expect(json.contains(#"WEST \/ Bronze"#))
        let steps = sentences.map(EntitlementStep.init(parsing:))
        #expect(steps.filter(\.isText) == [.text("checked with \"the\" customer / by phone")])
        let written = String(decoding: try JSONEncoder.sorted.encode(steps), as: UTF8.self)
        let memo = EntitlementCheckConversion.Memo()
        // Twice through one memo: the second time from what it kept
        for _ in 0..<2 {
            #expect(EntitlementCheckConversion.storedSteps(ofSentences: json, memo: memo) == written)
        }
        let read = try JSONDecoder().decode([EntitlementStep].self, from: Data(written.utf8))
        #expect(read.map(\.text) == sentences)
    }

    @Test("Text that is not a trail of sentences is left as it is")
    func leavesOtherText() {
        for text in ["", "not json", #"[["r-","NORTH"]]"#, #"{"a":1}"#] {
            #expect(EntitlementCheckConversion.storedSteps(ofSentences: text) == text)
        }
        #expect(EntitlementCheckConversion.storedSteps(ofSentences: "[]") == "[]")
    }
}
