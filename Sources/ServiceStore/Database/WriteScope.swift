import ServiceCore

/// How much of the desk a write needs to itself while it runs. SQLite has one writer at a
/// time whatever the scope. On PostgreSQL a write of the whole desk waits for every other
/// write and they for it, as on SQLite; writes scoped to one case share the desk and wait
/// only for what they both touch: the same case, the same counter, the same technician's
/// calendar, the same stock row, and the audit trail's end (`WriteLock`).
///
/// A command may be scoped to its case only when everything it reads to decide what to write
/// belongs to that case, or is master data, stock levels (whose updates are conditional: they
/// never oversell whatever was read) or a technician's calendar it locks first — never
/// another case's rows, nor figures another case's write changes (a lifetime cap's spend:
/// closing changes it, so closing takes the whole desk).
public enum WriteScope: Sendable, Equatable {
    /// The whole desk: what closes, imports, moves stock about, undoes or reopens.
    case desk
    /// A case this write makes (`open`): the new case's number is counted under its lock.
    case newCase
    /// The case named, or the case of the reservation or visit named (which never moves to
    /// another case), found and locked before anything else is read.
    case ofCase(CaseID)
    case ofReservation(ReservationID)
    case ofVisit(VisitID)
}

/// What a write that shares the desk takes for itself until it commits, besides its case.
/// Each is taken at most once a transaction, and always in this order of kinds — counters
/// and calendars in the command's own work, the trail's end last — so two writes never wait
/// for each other in a circle.
enum WriteLock: Hashable {
    /// A table's ids, handed out before rows are written (`nextID`): the next write that
    /// counts on it waits, so no two take one id and no refused command leaves a gap.
    case ids(String)
    /// A technician's calendar, read to find his next free slot.
    case calendar(String)
    /// The end of the audit trail and the change counter: the entry's hash covers the one
    /// before, so entries are chained one write at a time.
    case trailEnd

    /// The lock's key, as PostgreSQL's two-number advisory locks take it: a kind ("cb" and a
    /// number, apart from the single-number locks of `PostgresDesk`), and a hash of the name.
    var key: (kind: Int32, name: String) {
        switch self {
        case .ids(let table): (Self.kindBase + 1, table)
        case .calendar(let account): (Self.kindBase + 2, account)
        case .trailEnd: (Self.kindBase + 3, "")
        }
    }

    /// "cb" in ASCII, shifted: the kinds of Casebench's two-number locks.
    static let kindBase: Int32 = 0x6362_0000
    /// The kind of a case's lock, whose number is a hash of the case's id.
    static let caseKind: Int32 = kindBase + 4
}
