import Crypto
import Foundation

/// The key the audit head file is signed with: 32 random bytes in a file beside the database
/// (`DB.audit-key`), made with it and readable by its owner and, in a shared database, its group
/// only (0640) — in the shared deployment, by the program alone. The head line then carries
/// HMAC-SHA256 over "ENTRY HASH" under this key, so a head file written by anything but
/// Casebench — a trail cut off and its head file rewritten to match — no longer verifies.
struct AuditKey: Sendable {
    private let bytes: [UInt8]

    static func path(for database: String) -> String { database + ".audit-key" }

    /// The `meta` row saying the database's head is signed: set when its key is made, so a key
    /// gone missing later is told from a database made before keys (which has none to lose).
    static let metaKey = "audit_signed"

    /// What is beside a database: a key, none, or a file that cannot be read as one (and why).
    enum State {
        case key(AuditKey)
        case missing
        case unreadable(String)
    }

    /// The signature of `head`, in hex.
    func sign(_ head: AuditChain.Head) -> String {
        AuditChain.hex(
            HMAC<SHA256>.authenticationCode(for: Array(head.description.utf8), using: SymmetricKey(data: bytes)))
    }

    /// Reads the key beside `database`, opening it with the group in the shared deployment.
    static func load(for database: String) -> State {
        let file = path(for: database)
        let fd = GroupPrivilege.withGroup(for: database) { open(file, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            return errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = read(fd, &bytes, bytes.count)
        guard n == 32 else { return .unreadable(n < 0 ? String(cString: strerror(errno)) : "it holds no key") }
        return .key(AuditKey(bytes: Array(bytes.prefix(32))))
    }

    /// Makes a new key beside `database`, in place of any there, shared as the database is but
    /// never writable by the group: owner read-write, group read (0640), or the owner's alone.
    static func make(for database: String, sharing: FileSharing) throws {
        let keySharing = FileSharing(mode: sharing.mode & 0o640, group: sharing.group)
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        try GroupPrivilege.withGroup(for: database) { try keySharing.writeDurably(bytes, to: path(for: database)) }
    }
}
