import Foundation
internal import GRDB
import ServiceCore

/// Problems with the database itself, in words that name the file and what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case alreadyExists(path: String)
    case notCasebench(path: String)
    case damaged(path: String, detail: String)
    case newerSchema(path: String)
    case noAccess(path: String, detail: String)
    case readOnly(path: String, detail: String)
    case busy(path: String, seconds: Double)
    /// `detail`: how much is left, and where ("16 KB free on /srv").
    case diskFull(path: String, detail: String? = nil)
    case wrongKind(path: String, expected: DatabaseKind, found: DatabaseKind)
    /// A load of cases (`what`) did not finish: it stopped half-way, or failed its last checks.
    case unfinished(path: String, what: String, kind: DatabaseKind)
    case notFound(what: String)
    case conflict(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .missing(let p):
            "no database at \(p): create a production one with `casebench init`, or a training one with `casebench demo`"
        case .alreadyExists(let p): "\(p) already exists; it was left as it is"
        case .notCasebench(let p): "\(p) is a SQLite database but not a Casebench one; it was left as it is"
        case .damaged(let p, let d):
            "\(p) is damaged or not a database (\(d)); it was left as it is — restore it from a backup"
        case .newerSchema(let p): "\(p) was written by a newer Casebench; upgrade Casebench to open it"
        case .noAccess(let p, let d): "you cannot open \(p): \(d)"
        case .readOnly(let p, let d): "nothing can be recorded in \(p): \(d)"
        case .busy(let p, let s):
            "\(p) stayed locked by another process for more than \(s.formatted()) s (a long write, or a stuck process); nothing was written — try again"
        case .diskFull(let p, let d):
            "the disk holding \(p) is full\(d.map { " (\($0))" } ?? ""); nothing was written — free some space there"
        case .wrongKind(let p, let e, let f): "\(p) is a \(f.rawValue) database, not a \(e.rawValue) one"
        case .unfinished(let p, let w, _):
            "\(p) is unfinished: `\(w)` stopped before it had built it; it was left as it is — delete it and run that again"
        case .notFound(let w): "\(w) not found"
        case .conflict(let m), .invalid(let m): m
        }
    }

    /// SQLite's errors about the file itself, in the words above; any other error as it is.
    static func translating<T>(_ path: String?, busyTimeout: Double, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError {
            let p = path ?? "the database"
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.busy(path: p, seconds: busyTimeout)
            case .SQLITE_READONLY: throw StoreError.readOnly(path: p, detail: e.message ?? "read-only")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                throw StoreError.damaged(path: p, detail: e.message ?? "\(e.resultCode)")
            case .SQLITE_FULL: throw StoreError.diskFull(path: p, detail: path.flatMap { freeSpace($0) })
            // SQLite meets a nearly full disk first as an I/O error, even for a read: it cannot
            // make its shared-memory index beside the database.
            case .SQLITE_IOERR:
                guard let path, let free = freeSpace(path, onlyIfNearlyFull: true) else { throw e }
                throw StoreError.diskFull(path: p, detail: free)
            // SQLite's sum() refuses to wrap: a total over the database past 64-bit cents.
            case .SQLITE_ERROR where e.message == "integer overflow": throw AmountOverflow()
            case .SQLITE_CANTOPEN, .SQLITE_PERM:
                throw StoreError.noAccess(
                    path: p,
                    detail: "\(e.message ?? "\(e.resultCode)"); it is \(path.map(FileSharing.whoMay) ?? "in memory")")
            default: throw e
            }
        }
    }

    /// "16 KB free on /srv" for the disk holding `path`; with `onlyIfNearlyFull`, nil unless so little is left.
    static func freeSpace(_ path: String, onlyIfNearlyFull: Bool = false) -> String? {
        let folder = FileSystem.folder(of: path)
        guard let free = FileSystem.freeBytes(folder), !onlyIfNearlyFull || free < FileSystem.nearlyFull else {
            return nil
        }
        return "\(FileSystem.size(free)) free on \(FileSystem.mountPoint(of: folder))"
    }
}
