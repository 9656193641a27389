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

        var key: AuditKey? {
            if case .key(let key) = self { return key }
            return nil
        }
    }

    /// The signature of `head`, in hex.
    func sign(_ head: AuditChain.Head) -> String {
        AuditChain.hex(
            HMAC<SHA256>.authenticationCode(for: Array(head.description.utf8), using: SymmetricKey(data: bytes)))
    }

    /// Reads the key beside `database`, opening it with the group in the shared deployment.
    static func load(for database: String) -> State {
        GroupPrivilege.withGroup(for: database) { load(file: path(for: database)) }
    }

    /// Reads the key in `file` (a PostgreSQL desk's, which the host's configuration names).
    static func load(file: String) -> State {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
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
        try GroupPrivilege.withGroup(for: database) { try make(file: path(for: database), sharing: sharing) }
    }

    /// The key in `file`, made there first if there is none (with the program's group in the
    /// shared deployment, whose folder only it can enter); the owner's alone when made.
    static func loadOrMake(file: String) throws -> AuditKey {
        try GroupPrivilege.withGroup {
            if case .missing = load(file: file) { try make(file: file, sharing: .ownerOnly) }
            switch load(file: file) {
            case .key(let key): return key
            case .missing: throw StoreError.invalid("the audit key \(file) was made, then was not there")
            case .unreadable(let why): throw StoreError.invalid("the audit key \(file) cannot be read (\(why))")
            }
        }
    }

    /// Makes a new key in `file`, its folder made if need be, shared as `make(for:)` shares one.
    static func make(file: String, sharing: FileSharing) throws {
        let keySharing = FileSharing(mode: sharing.mode & 0o640, group: sharing.group)
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // "." for a key named without a folder: Foundation cannot make "", and said only "The
        // file doesn't exist", so a database named without a folder could not be made.
        let folder = FileSystem.folder(of: file)
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FileSharing.writeError(error, path: folder)
        }
        try keySharing.writeDurably(bytes, to: file)
    }
}
