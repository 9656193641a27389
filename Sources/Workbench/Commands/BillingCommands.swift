import ServiceCore
import ServiceStore

/// Billing outcomes and closing: the gate of the whole product.
enum BillingCommands {
    static let all: [CommandSpec] = [bill, close]

    enum Bill {
        static let zero = Argument.optional(
            "zero", .choice(["zero"]),
            "for a case without lines: a zero warranty confirmation")
    }

    static let bill = CommandSpec(
        "bill",
        "Build the case's billing outcomes from its lines: warranty confirmation, contract debit, invoice trigger",
        arguments: [Common.caseID, Bill.zero],
        permission: .buildOutcomes, effect: .write
    ) { inv, s in
        let id = inv[Common.caseID]
        do {
            return try s.write(inv, label: "bill case \(id)", scope: .ofCase(id)) { tx, _ in
                let c = try tx.workableCase(id)
                try s.authorize(.buildOutcomes, case: c, tx)
                let e = try CaseEvaluation.evaluate(c, tx)
                let drafts = try outcomes(of: e, zero: inv[Bill.zero] != nil)
                let details = coverageLines(e)
                // Outcomes that are already current are not rewritten: nothing is written at all.
                guard drafts != e.outcomes.map(\.draft) else {
                    throw Unchanged(
                        CommandResult(
                            command: "bill", message: "case \(id): outcomes already current: " + summary(drafts),
                            details: details))
                }
                let ids = try tx.replaceOutcomes(caseID: id, with: drafts, by: s.user.account, at: s.now)
                tx.commandCase = id
                // The case's state with its new outcomes, worked out rather than read back.
                try tx.saveSettledState(id, e.state(outcomes: drafts), facts: e.facts(outcomes: drafts))
                // `@` then names the warranty confirmation, the outcome a claim goes with.
                let named = zip(drafts, ids).first { $0.0.kind == .warrantyConfirmation }?.1 ?? ids.last
                return CommandResult(
                    command: "bill", message: "case \(id): " + summary(drafts), details: details,
                    ids: named.map { ["outcome": $0.rawValue] } ?? [:])
            }
        } catch let unchanged as Unchanged {
            return unchanged.result
        }
    }

    /// A command that found nothing to change: its transaction is rolled back, and its result
    /// stands.
    struct Unchanged: Error {
        let result: CommandResult
        init(_ result: CommandResult) { self.result = result }
    }

    /// The outcomes the case's lines call for: refused when its entitlement is unverified or has
    /// changed since, and when there is nothing to bill unless `zero` is asked for.
    static func outcomes(of e: CaseEvaluation, zero: Bool) throws -> [OutcomeDraft] {
        let id = e.serviceCase.id
        guard let record = e.record else { throw InputError("bill: verify case \(id)'s entitlement first") }
        guard record.entitlement.sameDecision(as: e.current) else {
            throw InputError(
                "bill: case \(id)'s entitlement changed since verification (was \(record.entitlement.source.label), now \(e.current.source.label)); verify it again first"
            )
        }
        let expected = e.expectedOutcomes
        // Nothing to bill (no lines, or lines worth 0.00) still needs an explicit outcome.
        if expected.isEmpty {
            guard zero else {
                let why = e.lines.isEmpty ? "has no lines" : "has lines worth 0.00"
                throw InputError(
                    "bill: case \(id) \(why); `bill \(id) zero` records a zero warranty confirmation, "
                        + "or add a call-out fee with `expense`", reason: .nothingToBill)
            }
            return [Outcomes.zeroConfirmation]
        }
        guard !zero else {
            throw InputError(
                "bill: case \(id) has amounts to bill; a zero confirmation is only for a case with nothing to bill")
        }
        return expected
    }

    static func summary(_ drafts: [OutcomeDraft]) -> String {
        drafts.map(\.summary).joined(separator: ", ")
    }

    /// One line per case line: amount and how it splits.
    static func coverageLines(_ e: CaseEvaluation) -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: e.lines.map { ($0.id, $0) })
        return e.coverage.lines.map { l in
            var s = "line \(l.lineID) \(byID[l.lineID]?.description ?? "") \(l.amount): covered \(l.covered)"
            if l.goodwill > .zero { s += ", goodwill \(l.goodwill)" }
            return s + ", customer \(l.customer) — \(l.classification.rawValue) \(l.reasonCode)"
        } + e.coverage.steps
    }

    static func checklistLines(_ checks: [ClosureCheck]) -> [String] {
        checks.map { "\($0.passed ? "✓" : "✗") \($0.id.title): \($0.message)\($0.passed ? "" : " [\($0.id.fix)]")" }
    }

    static let close = CommandSpec(
        "close", "Close a case: refused, naming what is missing, until every check of the closure gate holds",
        arguments: [Common.caseID],
        permission: .closeCase, effect: .write
    ) { inv, s in
        let id = inv[Common.caseID]
        return try s.write(inv, label: "close case \(id)", final: true, scope: .closing(id)) { tx, refresh in
            let c = try tx.workableCase(id)
            try s.authorize(.closeCase, case: c)
            // Recompute entitlement and coverage now: outcomes built on figures that have
            // since moved (another case used the cap, a contract expired) are stale.
            let e = try CaseEvaluation.evaluate(c, tx)
            let failing = e.failing
            guard failing.isEmpty else {
                throw RuleError(
                    message:
                        "close case \(id) refused: \(failing.count) of \(e.checks.count) checks fail (\(failing.map(\.id.rawValue).joined(separator: ", ")))",
                    details: checklistLines(failing))
            }
            let effects = try CaseWork.close(
                c, entitlement: e.current, coverage: e.coverage, outcomes: e.outcomes, lines: e.lines,
                checks: e.checks, facts: e.facts(outcomes: e.outcomes.map(\.draft)), by: s.user.account, at: s.now, tx)
            tx.commandCase = id
            // Other open cases on the same asset or contract may now be stale.
            let contract: String? = if case .contract(let n) = e.current.source { n } else { nil }
            refresh.formUnion(try tx.openCasesSharingCover(with: id, contract: contract))
            let outcomes = summary(e.outcomes.map(\.draft))
            return CommandResult(
                command: "close",
                message: "closed case \(id): \(outcomes)"
                    + (effects.isEmpty ? "" : "; " + effects.joined(separator: "; ")),
                details: checklistLines(e.checks))
        }
    }
}
