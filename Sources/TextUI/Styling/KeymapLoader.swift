/// Finds and loads keymaps: by name in a list of directories (the user's before the shipped
/// ones), or by path; follows `inherits`; lays a user's override file on top. Every action and
/// context is checked against what the application says exists.
///
/// ```swift
/// let paths = ConfigPaths(environment: env)
/// let loader = KeymapLoader(directories: paths.keymapDirectories(shipped: shippedKeymaps),
///                           knownActions: Set(actionTable.names), knownContexts: ["queue", "parts", …])
/// let keymap = try loader.load(config.keymap?.value ?? "default", requestedAt: config.keymap?.location,
///                              userOverride: paths.userKeymapFile)
/// ```
public struct KeymapLoader: Sendable {
    public let directories: [String]
    public let knownActions: Set<String>
    /// The contexts besides `global`, which is always known.
    public let knownContexts: Set<String>

    public init(directories: [String], knownActions: Set<String>, knownContexts: Set<String>) {
        self.directories = directories
        self.knownActions = knownActions
        self.knownContexts = knownContexts
    }

    private var search: NamedFileSearch { NamedFileSearch(directories: directories, kind: "keymap") }

    /// The keymap `reference` names (a name, or a path: see `ThemeLoader.load`), with the
    /// bindings of the file at `userOverride` on top when that file exists.
    public func load(_ reference: String, requestedAt: FileLocation? = nil, userOverride: String? = nil)
        throws(ConfigError) -> Keymap
    {
        let path = try search.locate(reference, requestedAt: requestedAt)
        var files = try InheritanceChain.load(path, search: search).map { (d) throws(ConfigError) in
            try KeymapFile(d, knownActions: knownActions, knownContexts: knownContexts, isOverride: false)
        }
        // The chosen keymap's name, not the override's (which may have none).
        let name = files.last!.name ?? reference
        if let userOverride, TOMLDocument.exists(userOverride) {
            files.append(
                try KeymapFile(
                    try TOMLDocument.read(userOverride), knownActions: knownActions,
                    knownContexts: knownContexts, isOverride: true))
        }
        return Self.combine(files, name: name)
    }

    /// The names of the keymaps in all directories.
    public func available() -> [String] { search.available() }

    /// Layers the files, root ancestor first: a child's binding replaces its parent's for the
    /// same key in place, "none" removes it, a new key is added at the end.
    static func combine(_ files: [KeymapFile], name: String) -> Keymap {
        var contexts: [String: [Keymap.Binding]] = [:]
        for file in files {
            for (context, entries) in file.contexts {
                var bindings = contexts[context] ?? []
                for entry in entries {
                    let existing = bindings.firstIndex { $0.key == entry.key }
                    switch (entry.action, existing) {
                    case (nil, let i?): bindings.remove(at: i)
                    case (nil, nil): break
                    case (let action?, let i?):
                        bindings[i] = .init(key: entry.key, action: action, location: entry.location)
                    case (let action?, nil):
                        bindings.append(.init(key: entry.key, action: action, location: entry.location))
                    }
                }
                contexts[context] = bindings
            }
        }
        return Keymap(name: name, files: files.reversed().map(\.document.file), contexts: contexts)
    }
}
