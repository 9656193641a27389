/// The seven checks of the closure gate, in the order the closure pane shows them.
public enum ClosureCheckID: String, Sendable, Codable, CaseIterable {
    case entitlementVerified = "entitlement"
    case resolutionRecorded = "resolution"
    case usageRecorded = "usage"
    case noOpenReservation = "reservations"
    case linesClassified = "classification"
    case noPendingOverride = "overrides"
    case outcomesComplete = "outcomes"

    public var title: String {
        switch self {
        case .entitlementVerified: "entitlement verified"
        case .resolutionRecorded: "resolution, notes and a done visit"
        case .usageRecorded: "parts and labour recorded"
        case .noOpenReservation: "no open reservation"
        case .linesClassified: "every line classified"
        case .noPendingOverride: "no pending override"
        case .outcomesComplete: "every line portion on a current billing outcome"
        }
    }

    /// Commands that also fix it: saying there was nothing to record.
    public var alsoFixedBy: [String] { self == .usageRecorded ? ["no-parts", "no-labour"] : [] }

    /// The command that fixes a failing check.
    public var fix: String {
        switch self {
        case .entitlementVerified: "verify"
        case .resolutionRecorded: "resolve"
        case .usageRecorded: "use"
        case .noOpenReservation: "release"
        case .linesClassified: "classify"
        case .noPendingOverride: "approve"
        case .outcomesComplete: "bill"
        }
    }
}

public struct ClosureCheck: Hashable, Sendable, Codable {
    public var id: ClosureCheckID
    public var passed: Bool
    /// What holds, or what is missing, in words an agent acts on.
    public var message: String

    public init(id: ClosureCheckID, passed: Bool, message: String) {
        self.id = id
        self.passed = passed
        self.message = message
    }
}

/// A part reserved for the case and neither used nor released.
public struct OpenReservation: Hashable, Sendable, Codable {
    public var sku: String
    public var bin: String
    public var quantity: Int
    public init(sku: String, bin: String, quantity: Int) {
        self.sku = sku
        self.bin = bin
        self.quantity = quantity
    }

    /// `reservations` with those of one part in one bin added up, in the order each part and bin
    /// first appears.
    public static func summed(_ reservations: [OpenReservation]) -> [OpenReservation] {
        var order: [OpenReservation] = []
        var index: [PartInBin: Int] = [:]
        for r in reservations {
            let key = PartInBin(sku: r.sku, bin: r.bin)
            if let i = index[key] {
                order[i].quantity += r.quantity
            } else {
                index[key] = order.count
                order.append(r)
            }
        }
        return order
    }

    private struct PartInBin: Hashable {
        var sku: String
        var bin: String
    }
}

public struct ClosureInput: Sendable {
    public var serviceCase: ServiceCase
    /// The verification on record, if any.
    public var recorded: Entitlement?
    /// The engine's answer now, from today's master data and spent amounts.
    public var current: Entitlement
    public var visits: [Visit]
    public var lines: [CaseLine]
    public var coverage: CoverageResult
    public var openReservations: [OpenReservation]
    public var pendingOverrides: [OverrideRequest]
    /// The active outcome documents on record.
    public var outcomes: [OutcomeDraft]

    public init(
        serviceCase: ServiceCase, recorded: Entitlement?, current: Entitlement, visits: [Visit],
        lines: [CaseLine], coverage: CoverageResult, openReservations: [OpenReservation] = [],
        pendingOverrides: [OverrideRequest] = [], outcomes: [OutcomeDraft]
    ) {
        self.serviceCase = serviceCase
        self.recorded = recorded
        self.current = current
        self.visits = visits
        self.lines = lines
        self.coverage = coverage
        self.openReservations = openReservations
        self.pendingOverrides = pendingOverrides
        self.outcomes = outcomes
    }
}

public enum ClosureChecklist {
    /// Every check, passed or not. Close is allowed only when all pass.
    public static func evaluate(_ input: ClosureInput) -> [ClosureCheck] {
        let c = input.serviceCase
        // A passing check is worded from the case's facts alone, as a closed case's is read back.
        let facts = ClosureFacts(
            serviceCase: c, entitlement: input.current, lines: input.lines, outcomes: input.outcomes)
        var checks: [ClosureCheck] = []
        func add(_ id: ClosureCheckID, _ failure: String?, _ success: String) {
            checks.append(ClosureCheck(id: id, passed: failure == nil, message: failure ?? success))
        }

        // 1. Entitlement verified, and still what the engine says now.
        let verified = input.recorded
        add(
            .entitlementVerified,
            verified == nil
                ? "entitlement not verified"
                : verified!.sameDecision(as: input.current)
                    ? nil
                    : "entitlement changed since verification: was \(verified!.source.label), now \(input.current.source.label); verify again",
            passedWording(.entitlementVerified, facts))

        // 2. Resolution code, technician notes, and a visit done.
        var missing: [String] = []
        if (c.resolutionCode ?? "").isEmpty { missing.append("resolution code") }
        if c.technicianNotes.allSatisfy(\.isWhitespace) { missing.append("technician notes") }
        if !input.visits.contains(where: { $0.status == .done }) {
            missing.append(input.visits.isEmpty ? "a visit (none scheduled)" : "a done visit")
        }
        add(
            .resolutionRecorded, missing.isEmpty ? nil : "missing: " + missing.joined(separator: ", "),
            passedWording(.resolutionRecorded, facts))

        // 3. Parts and labour recorded, or explicitly none.
        // A part line whose units all went back to the bin is no usage.
        let hasParts = input.lines.contains { $0.kind == .part && ($0.quantity ?? 0) > 0 }
        let hasLabour = input.lines.contains { $0.kind == .labour }
        var usage: [String] = []
        if !hasParts && !c.noParts { usage.append("no part used (record usage, or mark no parts)") }
        if !hasLabour && !c.noLabour { usage.append("no labour (record labour, or mark no labour)") }
        add(
            .usageRecorded, usage.isEmpty ? nil : usage.joined(separator: "; "), passedWording(.usageRecorded, facts))

        // 4. No reservation left open: one part in one bin is named once, with what all its
        // reservations hold, however many times it was reserved.
        let open = OpenReservation.summed(input.openReservations).map {
            "\($0.quantity) × \($0.sku) in bin \($0.bin)"
        }
        add(
            .noOpenReservation, open.isEmpty ? nil : "still reserved: " + open.joined(separator: ", "),
            passedWording(.noOpenReservation, facts))

        // 5. Every line classified, with reason codes where a person changed it.
        var unclassified: [String] = []
        if verified == nil && !input.lines.isEmpty {
            unclassified.append("lines cannot be classified before entitlement is verified")
        }
        for l in input.lines where l.manualClassification != nil && (l.reasonCode ?? "").isEmpty {
            unclassified.append("line \(l.id) classified \(l.manualClassification!.rawValue) without a reason code")
        }
        add(
            .linesClassified, unclassified.isEmpty ? nil : unclassified.joined(separator: "; "),
            passedWording(.linesClassified, facts))

        // 6. No override waiting for a supervisor.
        let pending = input.pendingOverrides.map { "#\($0.id) \($0.summary)" }
        add(
            .noPendingOverride, pending.isEmpty ? nil : "pending: " + pending.joined(separator: ", "),
            passedWording(.noPendingOverride, facts))

        // 7. Every line portion on an outcome that still matches coverage.
        let expected = Outcomes.expected(for: input.current, coverage: input.coverage)
        add(
            .outcomesComplete,
            Outcomes.problem(stored: input.outcomes, expected: expected, lineCount: input.lines.count),
            passedWording(.outcomesComplete, facts))
        return checks
    }
}
