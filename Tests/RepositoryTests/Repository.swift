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
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var found: [String] = []
        let rootPath = root.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasPrefix(".build") { walker.skipDescendants(); continue }
            guard name.hasSuffix(suffix) else { continue }
            found.append(String(url.standardizedFileURL.path.dropFirst(rootPath.count)))
        }
        return found.sorted()
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }
}
