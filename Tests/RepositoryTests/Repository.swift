import Foundation

/// The clone these tests were built from, read as files: these checks are about the
/// repository itself (its sources' imports, its documents' links), not about running code.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Paths relative to the root of every file under `folder` whose name ends in `suffix`,
    /// sorted; build folders and hidden folders are skipped.
    static func files(under folder: String = "", endingIn suffix: String) -> [String] {
        let base = folder.isEmpty ? root : root.appendingPathComponent(folder)
        guard
            let walker = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isDirectoryKey],
                options: [.skipsHiddenFiles])
        else { return [] }
        var found: [String] = []
        let rootPath = root.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasPrefix(".build") {
                walker.skipDescendants()
                continue
            }
            guard name.hasSuffix(suffix) else { continue }
            found.append(String(url.standardizedFileURL.path.dropFirst(rootPath.count)))
        }
        return found.sorted()
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// Where a relative path written in a file of the repository leads.
    enum Place: Equatable, CustomStringConvertible {
        /// An existing file or folder of the repository, by its path from the root.
        case inside(String)
        /// Above the root (`../` once too often), or through a link that points out of it:
        /// whatever is there, a clone elsewhere does not have it.
        case outside
        /// Inside the repository, but nothing of that name (letter case counts, as it does
        /// on Linux and on GitHub).
        case missing(String)

        var description: String {
            switch self {
            case .inside(let path): "\(path) in the repository"
            case .outside: "leaves the repository"
            case .missing(let path): "names \(path), which the repository does not have"
            }
        }
    }

    /// Resolves `path` (relative, `/`-separated, without a fragment) as written in the file
    /// `file` (a path from the root). The `..` are followed by name, never through the disk,
    /// so a path that climbs above the root is outside even when something happens to exist
    /// there on this machine.
    static func locate(_ path: String, from file: String) -> Place {
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .outside }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        let relative = parts.joined(separator: "/")
        // Each name as the folder lists it: exists(atPath:) would accept other letter cases
        // on a case-insensitive disk.
        var folder = root.standardizedFileURL.path
        for part in parts {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder), names.contains(part) else {
                return .missing(relative)
            }
            folder += (folder.hasSuffix("/") ? "" : "/") + part
        }
        // A symbolic link inside the repository may still lead out of it.
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let realRoot = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard real == realRoot || real.hasPrefix(realRoot + "/") else { return .outside }
        return .inside(relative)
    }
}
