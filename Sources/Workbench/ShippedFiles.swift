import Foundation
import ServiceStore

/// Where the files that ship with Casebench — `data/` datasets, `themes/`, `keymaps/` — are
/// found: under `$CASEBENCH_SHARE`, the working directory, a folder above the program (where
/// `swift build` puts it), or `/usr/share/casebench`.
///
/// A setgid program (the shared deployment, `GroupPrivilege`) trusts none of those the user
/// chooses — the environment, the working directory, `argv[0]` — and looks only under the
/// prefix it is installed in, found from the running program itself: `PREFIX/bin/casebench`
/// reads `PREFIX/share/casebench`.
public enum ShippedFiles {
    public static func roots(environment: [String: String], executable: String) -> [String] {
        searchRoots(environment: environment, executable: executable).map(\.path)
    }

    /// The folders looked in, first first, each with why it is looked in.
    public static func searchRoots(environment: [String: String], executable: String) -> [ShippedRoot] {
        if GroupPrivilege.isPrivileged { return [ShippedRoot(path: installedShare(), origin: .installedPrefix)] }
        var roots: [ShippedRoot] = []
        if let share = environment["CASEBENCH_SHARE"], !share.isEmpty {
            roots.append(ShippedRoot(path: share, origin: .environment))
        }
        roots.append(ShippedRoot(path: FileManager.default.currentDirectoryPath, origin: .workingDirectory))
        // Made absolute first: Foundation traps taking the parent of a relative path's last
        // folder ("." or "bin"), and `./casebench` crashed here. A bare name was found through
        // PATH, in a folder argv[0] does not say: the kernel names the program instead (joined
        // to the working directory, an installed `casebench` looked for its themes there).
        let program =
            executable.hasPrefix("/")
            ? executable
            : !executable.contains("/")
                ? runningProgram() ?? executable
                : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(executable)
        var dir = ((program as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            roots.append(ShippedRoot(path: dir, origin: .besideProgram))
            roots.append(
                ShippedRoot(path: (dir as NSString).appendingPathComponent("share/casebench"), origin: .besideProgram))
            if dir == "/" { break }
            dir = (dir as NSString).deletingLastPathComponent
        }
        roots.append(ShippedRoot(path: "/usr/share/casebench", origin: .systemShare))
        return roots
    }

    /// `PREFIX/share/casebench` of the program running, as the kernel names it (`/proc/self/exe`).
    static func installedShare() -> String {
        let program = runningProgram() ?? "/usr/bin/casebench"
        let prefix = ((program as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return (prefix as NSString).appendingPathComponent("share/casebench")
    }

    /// The program running, as the kernel names it; nil where there is no `/proc`.
    static func runningProgram() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// The first root holding `relative` (a file or folder), joined to it.
    public static func locate(_ relative: String, environment: [String: String], executable: String) -> String? {
        find(relative, environment: environment, executable: executable)?.path
    }

    /// `locate`, with the root it was found under, for saying why that copy is the one used.
    public static func find(_ relative: String, environment: [String: String], executable: String) -> ShippedFile? {
        searchRoots(environment: environment, executable: executable).lazy
            .map { ShippedFile(path: ($0.path as NSString).appendingPathComponent(relative), root: $0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// `locate`, or where it would be when nothing holds it: `relative` itself, under the
    /// working directory — but under the installed prefix for a setgid program.
    public static func place(_ relative: String, environment: [String: String], executable: String) -> String {
        locate(relative, environment: environment, executable: executable)
            ?? (GroupPrivilege.isPrivileged
                ? (installedShare() as NSString).appendingPathComponent(relative) : relative)
    }

    /// Where `locate` looks, in words, for a message saying something was not found.
    public static var searched: String {
        GroupPrivilege.isPrivileged
            ? "looked under \(installedShare()) only: a setgid casebench trusts no other place"
            : "looked under $CASEBENCH_SHARE, the working directory and beside the program"
    }
}

/// A folder the shipped files are looked for in, and why it is looked in.
public struct ShippedRoot: Equatable, Sendable {
    public enum Origin: Equatable, Sendable, CustomStringConvertible {
        /// `$CASEBENCH_SHARE`.
        case environment
        case workingDirectory
        /// The program's folder or one above it, or its `share/casebench` (`swift build`'s
        /// `.build/debug`, or `PREFIX/bin` beside `PREFIX/share/casebench`).
        case besideProgram
        /// `/usr/share/casebench`.
        case systemShare
        /// A setgid program's own `PREFIX/share/casebench`, the one place it trusts.
        case installedPrefix

        public var description: String {
            switch self {
            case .environment: "from $CASEBENCH_SHARE"
            case .workingDirectory: "in the working directory"
            case .besideProgram: "beside the program"
            case .systemShare: "the system's share folder"
            case .installedPrefix: "the installed prefix (a setgid casebench trusts no other place)"
            }
        }
    }

    public let path: String
    public let origin: Origin

    public init(path: String, origin: Origin) {
        self.path = path
        self.origin = origin
    }
}

/// A shipped file or folder found, and the root it was found under.
public struct ShippedFile: Equatable, Sendable {
    public let path: String
    public let root: ShippedRoot

    public init(path: String, root: ShippedRoot) {
        self.path = path
        self.root = root
    }
}
