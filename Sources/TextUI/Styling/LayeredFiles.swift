import Foundation

/// Finds a theme or keymap by name in a list of directories, the first directory winning: the
/// user's own (`$XDG_CONFIG_HOME/casebench/themes`) before the shipped ones.
struct NamedFileSearch: Sendable {
    let directories: [String]
    /// "theme" or "keymap", for messages.
    let kind: String

    /// The file for `name` (`<dir>/<name>.toml`), skipping `excluded`: a user's `default.toml`
    /// that says `inherits = "default"` means the shipped one, not itself.
    func find(_ name: String, excluding excluded: String? = nil) -> String? {
        let skip = excluded.map(Self.canonical)
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent(name + ".toml")
            guard FileManager.default.fileExists(atPath: path), Self.canonical(path) != skip else { continue }
            return path
        }
        return nil
    }

    /// The names (file names less ".toml") found in all directories, sorted, each once.
    func available() -> [String] {
        var names = Set<String>()
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Resolves `reference` to a file: a path when it looks like one (has a "/" or ends in
    /// ".toml"; relative to the file that named it, if any), else a name to search for.
    func locate(_ reference: String, requestedAt: FileLocation?) throws(ConfigError) -> String {
        guard !reference.isEmpty else { throw ConfigError("the \(kind) name is empty", at: requestedAt) }
        if reference.contains("/") || reference.hasSuffix(".toml") {
            var path = reference
            if !path.hasPrefix("/"), let requestedAt {
                let base = (requestedAt.file as NSString).deletingLastPathComponent
                path = (base as NSString).appendingPathComponent(path)
            }
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigError("no \(kind) file \(path)", at: requestedAt)
            }
            return path
        }
        guard let path = find(reference) else { throw notFound(reference, at: requestedAt) }
        return path
    }

    func notFound(_ name: String, at location: FileLocation?) -> ConfigError {
        let known = available()
        return ConfigError(
            "no \(kind) named '\(name)' in \(directories.joined(separator: ", "))"
                + NameSuggestion.hint(for: name, among: known), at: location)
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// A file and the files it `inherits` from, followed to the end.
enum InheritanceChain {
    /// The documents from the root ancestor down to the file at `path`. The parent is found by
    /// name through `search`; a file may not (through others) inherit from itself.
    static func load(_ path: String, search: NamedFileSearch) throws(ConfigError) -> [TOMLDocument] {
        var chain = [try TOMLDocument.read(path)]
        var seen = [NamedFileSearch.canonical(path)]
        while let child = chain.last, let inherits = child.root["inherits"] {
            guard let parentName = inherits.string else {
                throw child.error(
                    "'inherits' must be the name of a \(search.kind) (a string), not \(inherits.kind)", at: ["inherits"]
                )
            }
            guard !parentName.isEmpty, !parentName.contains("/") else {
                throw child.error(
                    "'inherits' must be the name of a \(search.kind), not '\(parentName)'", at: ["inherits"])
            }
            guard let parentPath = search.find(parentName, excluding: child.file) else {
                throw search.notFound(parentName, at: child.location(of: ["inherits"]))
            }
            let canonical = NamedFileSearch.canonical(parentPath)
            if let first = seen.firstIndex(of: canonical) {
                let circle = (chain[first...].map(\.file) + [parentPath]).joined(separator: " → ")
                throw child.error("\(search.kind)s inherit in a circle: \(circle)", at: ["inherits"])
            }
            chain.append(try TOMLDocument.read(parentPath))
            seen.append(canonical)
        }
        return chain.reversed()
    }
}
