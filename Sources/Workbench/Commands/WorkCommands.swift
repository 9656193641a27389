import ServiceCore
import ServiceStore

/// What the technician records: parts used, labour, travel, expenses, resolution and notes.
enum WorkCommands {
    static let all: [CommandSpec] = [labour, travel, expense, resolve, note, noParts, noLabour, classify]

    /// Adds a line to a workable case the user may record work on; `then` runs once the line
    /// has its id (usage issues its stock there) and may add to the message. `scope`: the
    /// whole desk unless the line touches nothing beyond its case (`WriteScope`).
    static func addLine(
        _ inv: Invocation, _ s: Session, scope: WriteScope = .desk, label: (CaseLine) -> String,
        make: (ServiceCase, StoreTransaction) throws -> CaseLine,
        then: (CaseLine, StoreTransaction) throws -> String = { _, _ in "" }
    ) throws -> CommandResult {
        try s.write(inv, label: inv.spec.name, scope: scope) { tx, _ in
            var c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.recordUsage, case: c)
            let line = try tx.insertLine(try make(c, tx), at: s.now)
            let more = try then(line, tx)
            CaseWork.recorded(line, on: &c)
            try tx.updateCase(c)
            tx.commandCase = c.id
            tx.commandLabel = label(line)
            return CommandResult(
                command: inv.spec.name,
                message: "case \(c.id) line \(line.id): \(line.description) \(line.amount)\(more)",
                ids: ["line": line.id.rawValue])
        }
    }

    enum LabourTime {
        static let minutes = Argument("minutes", .minutes, "minutes worked")
        static let technician = Option("technician", .technician, "who worked; default you")
    }

    static let labour = CommandSpec(
        "labour", "Record labour minutes on a case, at the technician's rate",
        arguments: [Common.caseID, LabourTime.minutes], options: [LabourTime.technician],
        permission: .recordUsage, effect: .write
    ) { inv, s in
        let minutes = inv[LabourTime.minutes]
        return try addLine(
            inv, s, scope: .ofCase(inv[Common.caseID]), label: { "labour \(minutes) min on case \($0.caseID)" }
        ) { c, tx in
            let account = inv[LabourTime.technician] ?? s.user.account
            let tech = try tx.existingUser(account)
            guard tech.role == .technician else {
                throw InputError("labour: \(account) is not a technician; name one with technician=")
            }
            guard let rate = tech.labourRate else {
                throw InputError("labour: technician \(account) has no labour rate; an admin sets it")
            }
            return CaseWork.labourLine(c, minutes: minutes, technician: account, rate: rate)
        }
    }

    enum Travel {
        static let amount = Argument("amount", .money, "the travel charge")
        static let note = Option("note", .text, "what the travel was")
    }

    static let travel = CommandSpec(
        "travel", "Record travel on a case",
        arguments: [Common.caseID, Travel.amount], options: [Travel.note],
        permission: .recordUsage, effect: .write
    ) { inv, s in
        let amount = inv[Travel.amount]
        return try addLine(
            inv, s, scope: .ofCase(inv[Common.caseID]), label: { "travel \(amount) on case \($0.caseID)" }
        ) { c, _ in
            CaseWork.newLine(c, .travel, inv[Travel.note] ?? "travel", amount)
        }
    }

    enum Expense {
        static let amount = Argument("amount", .money, "the amount")
        static let description = Argument("description", .text, "what it is", rest: true)
    }

    static let expense = CommandSpec(
        "expense", "Record an expense (e.g. a call-out fee) on a case",
        arguments: [Common.caseID, Expense.amount, Expense.description],
        permission: .recordUsage, effect: .write
    ) { inv, s in
        let amount = inv[Expense.amount]
        return try addLine(
            inv, s, scope: .ofCase(inv[Common.caseID]), label: { "expense \(amount) on case \($0.caseID)" }
        ) { c, _ in
            CaseWork.newLine(c, .expense, inv[Expense.description], amount)
        }
    }

    enum Resolve {
        static let code = Argument("code", .resolutionCode, "resolution code of the desk's list, in any case")
        static let notes = Argument("notes", .text, "what was done", rest: true)
    }

    static let resolve = CommandSpec(
        "resolve", "Record the resolution code and the technician's notes",
        arguments: [Common.caseID, Resolve.code, Resolve.notes],
        permission: .recordResolution, effect: .write
    ) { inv, s in
        try s.write(inv, label: "resolve case \(inv[Common.caseID])", scope: .ofCase(inv[Common.caseID])) { tx, _ in
            var c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.recordResolution, case: c)
            let code = inv[Resolve.code]
            if let problem = ResolutionCode.problem(with: code, among: try tx.resolutionCodes()) {
                throw InputError("resolve: \(problem)")
            }
            c.resolutionCode = code
            c.technicianNotes = appended(c.technicianNotes, inv[Resolve.notes])
            c.status = CaseLifecycle.status(after: .resolved, from: c.status)
            try tx.updateCase(c)
            tx.commandCase = c.id
            return CommandResult(command: "resolve", message: "case \(c.id) resolved: \(c.resolutionCode!)")
        }
    }

    enum Note {
        static let text = Argument("text", .text, "the note", rest: true)
    }

    static let note = CommandSpec(
        "note", "Add to the technician's notes of a case",
        arguments: [Common.caseID, Note.text],
        permission: .recordResolution, effect: .write
    ) { inv, s in
        try s.write(inv, label: "note on case \(inv[Common.caseID])", scope: .ofCase(inv[Common.caseID])) { tx, _ in
            var c = try tx.workableCase(inv[Common.caseID])
            try s.authorize(.recordResolution, case: c)
            c.technicianNotes = appended(c.technicianNotes, inv[Note.text])
            try tx.updateCase(c)
            tx.commandCase = c.id
            return CommandResult(command: "note", message: "case \(c.id): note added")
        }
    }

    private static func appended(_ notes: String, _ more: String) -> String {
        notes.isEmpty ? more : notes + "\n" + more
    }

    private static func markNone(_ kind: LineKind, _ name: String) -> CommandSpec {
        CommandSpec(
            name, "Record explicitly that no \(kind == .part ? "parts were" : "labour was") used",
            arguments: [Common.caseID], permission: .recordUsage, effect: .write
        ) { inv, s in
            try s.write(inv, label: "\(name) on case \(inv[Common.caseID])", scope: .ofCase(inv[Common.caseID])) {
                tx, _ in
                var c = try tx.workableCase(inv[Common.caseID])
                try s.authorize(.recordUsage, case: c)
                let count = try tx.lines(caseID: c.id).filter { $0.kind == kind }.count
                guard count == 0 else {
                    throw InputError("\(name): case \(c.id) has \(plural(count, "\(kind.rawValue) line"))")
                }
                // Parts still held for the case contradict "none used": use them or release them first.
                let held = kind == .part ? try tx.openReservations(caseID: c.id) : []
                guard held.isEmpty else {
                    let what = held.map { "\($0.remaining) × \($0.sku) in \($0.bin) (reservation \($0.id))" }.joined(
                        separator: ", ")
                    throw InputError(
                        "\(name): case \(c.id) still holds \(what); use or release \(held.count == 1 ? "it" : "them") first"
                    )
                }
                if kind == .part { c.noParts = true } else { c.noLabour = true }
                try tx.updateCase(c)
                tx.commandCase = c.id
                return CommandResult(
                    command: name, message: "case \(c.id): \(kind == .part ? "no parts" : "no labour") recorded")
            }
        }
    }

    static let noParts = markNone(.part, "no-parts")
    static let noLabour = markNone(.labour, "no-labour")

    enum Classify {
        static let line = Argument("line", .lineID, "the line")
        static let classification = Argument("as", .choice(["billable", "proposed"]), "billable, or proposed")
        static let reason = Argument.optional("reason", .reasonCode, "why (required for billable)")
    }

    static let classify = CommandSpec(
        "classify", "Make a line billable with a reason code, or give it back to the engine's proposal",
        arguments: [Classify.line, Classify.classification, Classify.reason],
        permission: .classifyLines, effect: .write
    ) { inv, s in
        let id = inv[Classify.line]
        let billable = inv[Classify.classification] == "billable"
        let reason = inv[Classify.reason]
        if billable && reason == nil {
            throw InputError("classify: a reason code is required to make line \(id) billable (e.g. CUSTOMER-DAMAGE)")
        }
        return try s.write(inv, label: "classify line \(id) \(inv[Classify.classification])", scope: .ofLine(id)) {
            tx, _ in
            let line = try tx.existingLine(id)
            let c = try tx.workableCase(line.caseID, of: "line \(id)")
            try s.authorize(.classifyLines, case: c)
            // Moving cost to the customer needs only a reason code; moving it to the company
            // is goodwill, which needs an approved override (`request goodwill`).
            try tx.setLineClassification(id, billable ? .billable : nil, reasonCode: billable ? reason : nil)
            tx.commandCase = c.id
            return CommandResult(
                command: "classify",
                message: "case \(c.id) line \(line.id): "
                    + (billable ? "billable (\(reason!))" : "as the engine proposes"))
        }
    }
}
