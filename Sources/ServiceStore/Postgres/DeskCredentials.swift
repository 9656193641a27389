import Foundation
import Synchronization
internal import TOMLKit

/// The password of a desk's own database role, kept where only the installed program can read
/// it: `/etc/casebench/credentials.toml`, owned by root, readable by the program's group
/// (0640) and by no user, in the shared deployment ("Roles that hold on a shared host").
/// Users then have no database role of their own: they reach the database through Casebench,
/// which reads the file with its group held in reserve (`GroupPrivilege`).
///
///     database = "postgresql://db.example/casebench?user=casebench"
///     password = "…"
///
/// The password goes only to a connection to that very URL, as written in the file: a user
/// may name any database with `--db`, and a password sent wherever a user points would be a
/// password told. libpq's own files (`~/.pgpass`) still serve everyone else.
public struct DeskCredentials: Sendable, Equatable {
    /// Where the shared deployment keeps the desk's password.
    public static let systemFile = "/etc/casebench/credentials.toml"

    /// The URL the password is for, exactly as the file writes it.
    public let database: String
    let password: String
    /// The file's mode, when it lets every account read or write it: such a password is no
    /// secret, and is not used.
    let exposedMode: mode_t?

    /// The password to send to `url`: the system file's, when it names `url` and this process
    /// can read it (the setgid program, or root); nil otherwise. A file that is there but
    /// cannot be understood, or that every account can read, is an error naming it.
    static func password(for url: PostgresURL) throws(StoreError) -> String? {
        try current().flatMap { credentials throws(StoreError) in try credentials.password(for: url) }
    }

    /// The password for `url` from these credentials, or nil when they are for another URL.
    func password(for url: PostgresURL) throws(StoreError) -> String? {
        guard url.text == database else { return nil }
        if let mode = exposedMode {
            throw .invalid(
                "\(Self.systemFile) can be read by every account (mode \(String(mode & 0o777, radix: 8))), so the "
                    + "password in it is no secret and is not used: chmod 0640 it, owner root, group casebench")
        }
        return password
    }

    /// What the system file means for a connection to one URL, as `casebench doctor` tells it.
    public enum Standing: Equatable, Sendable {
        /// No file: libpq's own ways (`~/.pgpass`, peer or trust authentication) serve.
        case noFile
        /// There, but this program may not read it (not the installed, setgid casebench).
        case unreadable
        /// Its password is for this URL.
        case forThisURL
        /// Its password is for another URL, written so: this one is given none.
        case forAnotherURL(String)
    }

    /// What the system file means for a connection to `url`; a file that cannot be understood,
    /// or that every account can read while naming `url`, is the error a connection would meet.
    public static func standing(for url: PostgresURL) throws(StoreError) -> Standing {
        guard let credentials = try read(file: systemFile) else {
            return FileManager.default.fileExists(atPath: systemFile) ? .unreadable : .noFile
        }
        guard try credentials.password(for: url) != nil else { return .forAnotherURL(credentials.database) }
        return .forThisURL
    }

    /// What the system file held when last read: once a setgid program has given its group up
    /// for good (it started a child), the file cannot be read again, and a connection made
    /// after that (the change watcher's) uses what was read while it could.
    private static let lastRead = Mutex<DeskCredentials?>(nil)

    private static func current() throws(StoreError) -> DeskCredentials? {
        if GroupPrivilege.droppedForGood { return lastRead.withLock { $0 } }
        let read = try read(file: systemFile)
        lastRead.withLock { $0 = read }
        return read
    }

    /// The credentials in `file`: nil when there is none, or when this account may not read
    /// it (a user's own program, which then connects as libpq alone would).
    static func read(file: String) throws(StoreError) -> DeskCredentials? {
        let fd = GroupPrivilege.withGroup { open(file, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            if errno == ENOENT || errno == EACCES { return nil }
            throw .invalid("\(file): cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw .invalid("\(file): is not a file")
        }
        // A password is short: a file far larger is not one of these.
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        let n = Glibc.read(fd, &bytes, bytes.count)
        guard n >= 0, n < bytes.count else {
            throw .invalid(
                "\(file): cannot be read (\(n < 0 ? String(cString: strerror(errno)) : "larger than 64 KiB"))")
        }
        guard let text = String(validating: bytes.prefix(n), as: UTF8.self) else {
            throw .invalid("\(file): is not UTF-8 text")
        }
        return try parse(text, file: file, mode: st.st_mode)
    }

    /// The credentials `text` (the file `file`, of mode `mode`) writes.
    static func parse(_ text: String, file: String, mode: mode_t) throws(StoreError) -> DeskCredentials {
        // The TOML reader ends a string at a NUL written as an escape: a password cut short
        // there would be refused by the server with no word of why.
        if text.contains("\\u0000") || text.contains("\\U00000000") {
            throw .invalid("\(file): holds a NUL character (\\u0000), which no connection can send")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .invalid("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch {
            throw .invalid("\(file): \(error)")
        }
        let known = ["database", "password"]
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid("\(file): unknown key `\(unknown)`: it holds `database` (the URL) and `password` only")
        }
        guard let database = table["database"]?.string else {
            throw .invalid("\(file): `database` must be the URL of the desk the password is for, as a string")
        }
        guard let password = table["password"]?.string, !password.isEmpty else {
            throw .invalid("\(file): `password` must be the desk role's password, as a string")
        }
        do {
            _ = try PostgresURL(database)
        } catch {
            throw .invalid("\(file): `database`: \(error)")
        }
        return DeskCredentials(
            database: database, password: password, exposedMode: mode & 0o007 != 0 ? mode & 0o777 : nil)
    }

    /// What to add to libpq's message when the server asked for a password: where the desk's
    /// password is, and when Casebench gives it.
    static func hint(gaveOne: Bool) -> String {
        gaveOne
            ? "the server refused the password in \(systemFile): it must be the desk role's"
            : "casebench gives the desk role's password from \(systemFile) only to the URL written there, "
                + "exactly as written, and only when it can read that file (the installed casebench, "
                + "setgid to its group); else libpq looks in ~/.pgpass"
    }
}
