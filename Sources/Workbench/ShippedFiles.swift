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
        if GroupPrivilege.isPrivileged { return [installedShare()] }
        var roots: [String] = []
        if let share = environment["CASEBENCH_SHARE"], !share.isEmpty { roots.append(share) }
        roots.append(FileManager.default.currentDirectoryPath)
        // Made absolute first: Foundation traps taking the parent of a relative path's last
        // folder ("." or "bin"), and `./casebench` crashed here.
        let program =
            executable.hasPrefix("/")
            ? executable
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(executable)
        var dir = ((program as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            roots.append(dir)
            roots.append((dir as NSString).appendingPathComponent("share/casebench"))
            if dir == "/" { break }
            dir = (dir as NSString).deletingLastPathComponent
        }
        roots.append("/usr/share/casebench")
        return roots
    }

    /// `PREFIX/share/casebench` of the program running, as the kernel names it (`/proc/self/exe`).
    static func installedShare() -> String {
        let program =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/usr/bin/casebench"
        let prefix = ((program as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return (prefix as NSString).appendingPathComponent("share/casebench")
    }

    /// The first root holding `relative` (a file or folder), joined to it.
    public static func locate(_ relative: String, environment: [String: String], executable: String) -> String? {
        roots(environment: environment, executable: executable)
            .map { ($0 as NSString).appendingPathComponent(relative) }
            .first { FileManager.default.fileExists(atPath: $0) }
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
