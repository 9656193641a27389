/// The facts of a case a passing check is worded from. `ClosureChecklist.evaluate` words its
/// passing checks through them, and a case whose checks all passed keeps only that they
/// passed: its checklist is read back from its own rows in the same words (issue 18, "store
/// the facts, derive the text"), rather than keeping the sentences on every closed case.
public struct ClosureFacts: Sendable {
    public var serviceCase: ServiceCase
    /// The entitlement the first check passed on: the engine's answer, the same decision as
    /// the verification on record.
    public var entitlement: Entitlement
    public var lines: [CaseLine]
    /// The active outcome documents.
    public var outcomes: [OutcomeDraft]

    public init(serviceCase: ServiceCase, entitlement: Entitlement, lines: [CaseLine], outcomes: [OutcomeDraft]) {
        self.serviceCase = serviceCase
        self.entitlement = entitlement
        self.lines = lines
        self.outcomes = outcomes
    }
}

extension ClosureChecklist {
    /// What a check says when it passes.
    public static func passedWording(_ id: ClosureCheckID, _ facts: ClosureFacts) -> String {
        switch id {
        case .entitlementVerified:
            return "\(facts.entitlement.outcome.rawValue): \(facts.entitlement.source.label)"
        case .resolutionRecorded:
            return "resolved \(facts.serviceCase.resolutionCode ?? "")"
        case .usageRecorded:
            // A part line whose units all went back to the bin is no usage.
            let hasParts = facts.lines.contains { $0.kind == .part && ($0.quantity ?? 0) > 0 }
            let hasLabour = facts.lines.contains { $0.kind == .labour }
            return [hasParts ? "parts" : "no parts", hasLabour ? "labour" : "no labour"].joined(separator: ", ")
                + " recorded"
        case .noOpenReservation:
            return "no open reservation"
        case .linesClassified:
            return "\(facts.lines.count) line\(facts.lines.count == 1 ? "" : "s") classified"
        case .noPendingOverride:
            return "no pending override"
        case .outcomesComplete:
            return facts.outcomes.map(\.summary).joined(separator: ", ")
        }
    }

    /// The checklist of a case whose every check passed, in the order the pane shows them.
    public static func allPassed(_ facts: ClosureFacts) -> [ClosureCheck] {
        ClosureCheckID.allCases.map { ClosureCheck(id: $0, passed: true, message: passedWording($0, facts)) }
    }
}
