import Crypto
import Foundation
internal import GRDB
import ServiceCore

/// The audit trail as a hash chain: each entry carries the hash of the one before it and
/// its own hash over that and every field, so an edited, deleted or reordered entry breaks
/// the chain where it happened. A cut-off tail leaves an intact chain, so the newest head is
/// also kept outside the table — in a file beside the database and in each outbox batch —
/// and checked against it.
public enum AuditChain {
    /// The `prev` of the first entry.
    public static let genesis = ""

    /// The fields an entry's hash covers, in a fixed order.
    struct Fields {
        var prev: String
        var id: Int64
        var at: Int64
        var account: String
        var actingAs: String?
        var kind: String
        var command: String
        var caseID: Int64?
        var message: String
        var changes: String
    }

    /// SHA-256, in hex, over the fields each written as its UTF-8 length, a colon and its
    /// bytes (absent: "-"): unambiguous whatever text they hold, and the same bytes on every
    /// platform, so a trail verifies wherever the database is copied.
    static func hash(_ f: Fields) -> String {
        var bytes: [UInt8] = []
        for field in [
            f.prev, String(f.id), String(f.at), f.account, f.actingAs, f.kind, f.command, f.caseID.map(String.init),
            f.message, f.changes,
        ] {
            guard let field else {
                bytes += Array("-".utf8)
                continue
            }
            bytes += Array("\(field.utf8.count):".utf8) + Array(field.utf8)
        }
        return hex(SHA256.hash(data: bytes))
    }

    /// Bytes in lowercase hex, two digits each. (`String(format: "%02x")` per byte, as before,
    /// went through Foundation's formatter: 3 % of a command's time for its hash and signature.)
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func fields(_ row: Row) -> Fields {
        Fields(
            prev: row["prev_hash"], id: row["id"], at: row["at"], account: row["account"], actingAs: row["acting_as"],
            kind: row["kind"], command: row["command"], caseID: row["case_id"], message: row["message"],
            changes: row["changes"])
    }

    /// The newest entry: its id and hash.
    public struct Head: Sendable, Equatable, CustomStringConvertible {
        public var entry: Int64
        public var hash: String
        public var description: String { "\(entry) \(hash)" }

        public init(entry: Int64, hash: String) {
            self.entry = entry
            self.hash = hash
        }

        /// Parses "ENTRY HASH" (a head as printed, and the head file's line without its signature).
        public init?(parsing text: String) {
            let parts = text.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2, let entry = Int64(parts[0]), parts[1].count == 64,
                parts[1].allSatisfy({ $0.isHexDigit })
            else { return nil }
            self.init(entry: entry, hash: String(parts[1]))
        }
    }

    /// What `audit verify` found: nothing wrong, or the first bad entry and why.
    public struct Verdict: Sendable, Equatable {
        public var entries: Int
        public var head: Head?
        /// The first problem, naming the entry; nil when the chain holds.
        public var problem: String?
    }

    /// A head known from outside the table, and where it comes from ("the head file",
    /// "batch 3", "--head"). Without an entry, the hash alone is looked for.
    public struct KnownHead: Sendable {
        public var source: String
        public var entry: Int64?
        public var hash: String
        public init(source: String, entry: Int64?, hash: String) {
            self.source = source
            self.entry = entry
            self.hash = hash
        }
    }

    /// Walks the whole trail in id order: each entry must follow the one before and match
    /// its hash. Each known head must be on the chain, or the trail was cut off (or rewritten).
    static func verify(_ db: SQLConnection, known: [KnownHead], progress: ProgressSink? = nil) throws -> Verdict {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_entry") ?? 0
        progress?.begin("checking the audit trail", total: total)
        defer { progress?.end() }
        var walk = Walk(known: known)
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_entry ORDER BY id")
        while let row = try cursor.next() {
            if let problem = walk.visit(fields(row), stored: row["hash"]) { return problem }
            if walk.count % 4096 == 0 { progress?.advance(to: walk.count) }
        }
        return walk.verdict()
    }

    /// The trail's entries met in id order, wherever they are read from (SQLite, or a copy in
    /// PostgreSQL): the first that breaks the chain ends the walk with its verdict.
    struct Walk {
        private(set) var count = 0
        private var previous: (id: Int64, hash: String)? = nil
        private var seenHashes: [String: Int64] = [:]
        private var seenEntries: [Int64: String] = [:]
        private let known: [KnownHead]
        private let wantedHashes: Set<String>
        private let wantedEntries: Set<Int64>

        init(known: [KnownHead]) {
            self.known = known
            wantedHashes = Set(known.map(\.hash))
            wantedEntries = Set(known.compactMap(\.entry))
        }

        /// Takes the next entry; the verdict when it breaks the chain.
        mutating func visit(_ f: Fields, stored: String) -> Verdict? {
            count += 1
            if f.prev != (previous?.hash ?? genesis) {
                let after = previous.map { "entry \($0.id)" } ?? "the start of the trail"
                return Verdict(
                    entries: count, head: nil,
                    problem:
                        "entry \(f.id) does not follow \(after): an entry between them was deleted, or entries were moved"
                )
            }
            if hash(f) != stored {
                return Verdict(
                    entries: count, head: nil, problem: "entry \(f.id) was edited: its contents do not match its hash")
            }
            if wantedHashes.contains(stored) { seenHashes[stored] = f.id }
            if wantedEntries.contains(f.id) { seenEntries[f.id] = stored }
            previous = (f.id, stored)
            return nil
        }

        /// After the last entry: the chain held; each known head must be on it.
        func verdict() -> Verdict {
            let head = previous.map { Head(entry: $0.id, hash: $0.hash) }
            let end = head.map { "the trail ends at entry \($0.entry)" } ?? "the trail is empty"
            for k in known {
                if let entry = k.entry {
                    guard let found = seenEntries[entry] else {
                        return Verdict(
                            entries: count, head: head,
                            problem: "\(k.source) names entry \(entry), but \(end): entries were cut off")
                    }
                    if found != k.hash {
                        return Verdict(
                            entries: count, head: head,
                            problem:
                                "\(k.source) names entry \(entry) with another hash: the trail was rewritten from there"
                        )
                    }
                } else if seenHashes[k.hash] == nil {
                    return Verdict(
                        entries: count, head: head,
                        problem:
                            "\(k.source) \(k.hash) is not on the chain (\(end)): entries were cut off, or the trail rewritten"
                    )
                }
            }
            return Verdict(entries: count, head: head, problem: nil)
        }
    }

    /// The newest entry's hash, as a scalar query.
    static let headHashSQL = "SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1"

    /// The head as it is now.
    static func head(_ db: SQLConnection) throws -> Head? {
        try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").map {
            Head(entry: $0["id"], hash: $0["hash"])
        }
    }

    /// Chains the entries written before the chain existed (migration v5), in id order.
    static func chainExisting(_ db: Database) throws {
        var prev = genesis
        for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY id") {
            var f = fields(row)
            f.prev = prev
            let h = hash(f)
            try db.execute(
                sql: "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", arguments: [prev, h, f.id])
            prev = h
        }
    }
}
