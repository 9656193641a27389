import ServiceCore

/// How much of the desk a write needs to itself while it runs. SQLite has one writer at a
/// time whatever the scope. On PostgreSQL a write of the whole desk waits for every other
/// write and they for it, as on SQLite; writes scoped to one case share the desk and wait
/// only for what they both touch: the same case, the same counter, the same technician's
/// calendar, the same stock row, the same part's valuation, and the audit trail's end
/// (`WriteLock`).
///
/// A command may be scoped to its case only when everything it reads to decide what to write
/// belongs to that case, or is master data, stock levels (whose updates are conditional: they
/// never oversell whatever was read), or a technician's calendar or a part's valuation it
/// locks first — never another case's rows, nor figures another case's write changes, unless
/// it locks what holds them first: closing spends lifetime caps and contract balances, and
/// takes their owner's cover before its case (`closing`).
public enum WriteScope: Sendable, Equatable {
    /// The whole desk: what imports, moves stock about, undoes, cancels or reopens.
    case desk
    /// A case this write makes (`open`), which no other write can know of before it commits.
    case newCase
    /// The case named, or the case of the reservation, visit or line named (which never moves
    /// to another case), found and locked before anything else is read.
    case ofCase(CaseID)
    case ofReservation(ReservationID)
    case ofVisit(VisitID)
    case ofLine(LineID)
    /// A case being closed. Closing spends what its asset's owner is covered by — the
    /// asset's warranty caps, the owner's contract balances — and others' coverage reads
    /// them, so it first takes that customer's **cover**, then its case: two closings on
    /// one cover take turns, and each reads the spend and balances the one before left. The
    /// other open cases it recomputes (they share the asset or a contract, so the cover too)
    /// it locks in their turn, in id order (`StoreTransaction.lockCases`).
    case closing(CaseID)
}

/// What a write that shares the desk takes for itself until it commits, besides its case.
/// Each is taken at most once a transaction, and always in this order of kinds — counters,
/// calendars and valuations in the command's own work, the trail's end last — so two writes
/// never wait for each other in a circle. (A write revalues one part, after its stock row.)
enum WriteLock: Hashable {
    /// A counted table's ids (the outbox's batches: `PostgresCounters`), handed out before
    /// rows are written (`nextID`): the next write that counts on it waits, so no two take one
    /// id and no refused command leaves a gap.
    case ids(String)
    /// A technician's calendar, read to find his next free slot.
    case calendar(String)
    /// A part's valuation (`stock_valuation`: its quantity and value over every bin), read
    /// and written again as units leave at the moving average (`revalue`): two uses of one
    /// part from two bins take turns, so neither writes over the other's.
    case valuation(String)
    /// A case other than the write's own, which it changes too (`closing`).
    case ofCase(CaseID)
    /// The end of the audit trail: the entry's hash covers the one before, so entries are
    /// chained one write at a time. Taken last, for the few statements that append the entry
    /// and move the head on before the commit.
    case trailEnd

    /// The lock's key, as PostgreSQL's two-number advisory locks take it: a kind ("cb" and a
    /// number, apart from the single-number locks of `PostgresDesk`), and a hash of the name.
    var key: (kind: Int32, name: String) {
        switch self {
        case .ids(let table): (Self.kindBase + 1, table)
        case .calendar(let account): (Self.kindBase + 2, account)
        case .trailEnd: (Self.kindBase + 3, "")
        case .ofCase(let id): (Self.caseKind, String(id.rawValue))
        case .valuation(let sku): (Self.kindBase + 6, sku)
        }
    }

    /// "cb" in ASCII, shifted: the kinds of Casebench's two-number locks.
    static let kindBase: Int32 = 0x6362_0000
    /// The kind of a case's lock, whose number is a hash of the case's id as text.
    static let caseKind: Int32 = kindBase + 4
    /// The kind of a customer's cover (`WriteScope.closing`), whose number is a hash of the
    /// customer's id.
    static let coverKind: Int32 = kindBase + 5
}
