import ServiceCore
import ServiceStore

/// Controls: the invariant check of the stock (the monthly reconciliation is a report).
enum ControlCommands {
    static let all: [CommandSpec] = [verifyDatabase]

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
}
