import Foundation
internal import GRDB

/// A column value as SQLite's `json_object` reports it.
public enum SQLValue: Hashable, Sendable, Codable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let s = try? c.decode(String.self) {
            self = .text(s)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else {
            self = .real(try c.decode(Double.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .integer(let i): try c.encode(i)
        case .real(let d): try c.encode(d)
        case .text(let s): try c.encode(s)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let i): i.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        }
    }

    init(_ dbValue: DatabaseValue) {
        switch dbValue.storage {
        case .null: self = .null
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob: self = .null // no captured table holds blobs
        }
    }
}

/// One row's change within a command: before and after images (nil where the row did not exist).
public struct RowChange: Hashable, Sendable, Codable {
    public var table: String
    public var before: [String: SQLValue]?
    public var after: [String: SQLValue]?

    /// The columns an update changed (all of them for an insert or delete).
    public var changedColumns: [String] {
        guard let before, let after else { return (before ?? after ?? [:]).keys.sorted() }
        return after.keys.filter { before[$0] != after[$0] }.sorted()
    }

    var isNoOp: Bool { before != nil && after != nil && changedColumns.isEmpty }

    /// Changes as the audit trail and the undo history store them: JSON, keys sorted.
    static func json(_ changes: [RowChange]) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(changes), as: UTF8.self)
    }
}
