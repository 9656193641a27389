import Foundation

/// Where the files that ship with Casebench — `data/` datasets, `themes/`, `keymaps/` — are
/// found: under `$CASEBENCH_SHARE`, the working directory, a folder above the program (where
/// `swift build` puts it), or `/usr/share/casebench`.
public enum ShippedFiles {
    public static func roots(environment: [String: String], executable: String) -> [String] {
        var roots: [String] = []
        if let share = environment["CASEBENCH_SHARE"], !share.isEmpty { roots.append(share) }
        roots.append(FileManager.default.currentDirectoryPath)
        var dir = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            roots.append(dir)
            roots.append((dir as NSString).appendingPathComponent("share/casebench"))
            dir = (dir as NSString).deletingLastPathComponent
        }
        roots.append("/usr/share/casebench")
        return roots
    }

    /// The first root holding `relative` (a file or folder), joined to it.
    public static func locate(_ relative: String, environment: [String: String], executable: String) -> String? {
        roots(environment: environment, executable: executable)
            .map { ($0 as NSString).appendingPathComponent(relative) }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}
