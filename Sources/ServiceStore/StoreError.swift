import GRDB

/// Problems with the database itself, in words that name the file and what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case alreadyExists(path: String)
    case notCasebench(path: String)
    case damaged(path: String, detail: String)
    case newerSchema(path: String)
    case wrongKind(path: String, expected: DatabaseKind, found: DatabaseKind)
    case notFound(what: String)
    case conflict(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .missing(let p):
            "no database at \(p): create a production one with `casebench init`, or a training one with `casebench demo`"
        case .alreadyExists(let p): "\(p) already exists; it was left as it is"
        case .notCasebench(let p): "\(p) is a SQLite database but not a Casebench one; it was left as it is"
        case .damaged(let p, let d): "\(p) is damaged or not a database (\(d)); it was left as it is — restore it from a backup"
        case .newerSchema(let p): "\(p) was written by a newer Casebench; upgrade Casebench to open it"
        case .wrongKind(let p, let e, let f): "\(p) is a \(f.rawValue) database, not a \(e.rawValue) one"
        case .notFound(let w): "\(w) not found"
        case .conflict(let m), .invalid(let m): m
        }
    }
}
