import ServiceCore
import ServiceStore

/// Controls: the invariant check of the stock, and the monthly reconciliation.
enum ControlCommands {
    static let all: [CommandSpec] = [verifyDatabase, reconcile]

    static let verifyDatabase = CommandSpec(
        "verify database", "Check that the ledger, stock, valuation, reservations and part lines agree",
        permission: .verifyStore, effect: .read
    ) { inv, s in
        try s.authorize(.verifyStore)
        return try s.read { tx in
            let problems = try tx.stockProblems()
            let (movements, rows, reservations) = try tx.ledgerSize()
            let size = "\(movements) movements, \(rows) stock rows, \(reservations) reservations"
            if problems.isEmpty {
                return CommandResult(command: inv.spec.name, message: "the ledger, stock, valuation, reservations and part lines agree (\(size))")
            }
            return CommandResult(command: inv.spec.name, message: "\(plural(problems.count, "problem")) found (\(size))",
                                 details: problems, failure: .invalid)
        }
    }

    static let reconcile = CommandSpec(
        "report reconcile", "Parts used on cases against issue movements in the ledger, for a month: every difference",
        arguments: [.init("month", .text, "the month, YYYY-MM")], permission: .readReports, effect: .read
    ) { inv, s in
        let text = inv.text("month")!
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), parts[0].count == 4, (1...12).contains(m) else {
            throw InputError("report reconcile: '\(text)' is not a month (YYYY-MM)")
        }
        try s.authorize(.readReports)
        return try s.read { tx in
            let differences = try tx.partLineDifferences(month: (y, m))
            return CommandResult(command: inv.spec.name,
                                 message: differences.isEmpty ? "\(text): parts on cases and issue movements agree"
                                                              : "\(text): \(plural(differences.count, "difference"))",
                                 details: differences.map(\.sentence))
        }
    }
}
