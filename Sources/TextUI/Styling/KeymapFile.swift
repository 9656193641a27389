/// One keymap file, checked against the application's actions and contexts, not yet layered on
/// the keymap it inherits from.
///
/// ```toml
/// name = "default"
/// [global]
/// "F1" = "help"
/// "C-l" = "redraw"
/// [queue]
/// "Enter" = "open-case"
/// "d" = "none"        # unbinds what the parent keymap bound to d here
/// ```
struct KeymapFile: Sendable {
    struct Entry: Sendable {
        let key: Key
        /// Nil for "none": remove the inherited binding.
        let action: String?
        let location: FileLocation
    }

    /// The value that unbinds a key.
    static let unbind = "none"
    static let keyForms = "a, ?, Space, C-l, M-x, F5, Enter, Esc, Tab, S-Tab, Up, PageDown"

    let document: TOMLDocument
    let name: String?
    /// Per context, in the order written.
    let contexts: [String: [Entry]]

    /// `isOverride`: a user's keymap on top of the chosen one, which needs no name and may not
    /// inherit (the config file's `keymap = …` chooses what it sits on).
    init(_ document: TOMLDocument, knownActions: Set<String>, knownContexts: Set<String>, isOverride: Bool)
        throws(ConfigError)
    {
        self.document = document
        let root = document.root
        let contextNames = knownContexts.union([Keymap.global])
        name = try document.string("name", in: root, at: [], what: "'name'")
        if name == nil, !isOverride { throw document.error("a keymap needs a name: name = \"…\"", at: []) }
        if name == "" { throw document.error("'name' must not be empty", at: ["name"]) }
        if isOverride, root["inherits"] != nil {
            throw document.error(
                "a user keymap changes single bindings of the chosen keymap and cannot inherit; "
                    + "choose the keymap with keymap = \"…\" in config.toml", at: ["inherits"])
        }
        var contexts: [String: [Entry]] = [:]
        for key in document.orderedKeys(root, at: []) where key != "name" && key != "inherits" {
            let value = root[key]!
            guard let table = value.table else {
                if contextNames.contains(key) {
                    throw document.error(
                        "'\(key)' must be a table of key bindings ([\(key)]), not \(value.kind)", at: [key])
                }
                throw document.error(
                    "unknown key '\(key)': a keymap has name, inherits and a table per context"
                        + NameSuggestion.hint(for: key, among: ["name", "inherits"]), at: [key])
            }
            guard contextNames.contains(key) else {
                let hint = NameSuggestion.hint(for: key, among: contextNames)
                throw document.error(
                    "unknown context [\(key)]"
                        + (hint.isEmpty
                            ? ": contexts are \(contextNames.sorted().joined(separator: ", "))" : hint),
                    at: [key])
            }
            contexts[key] = try Self.entries(table, context: key, document, knownActions: knownActions)
        }
        self.contexts = contexts
    }

    private static func entries(
        _ table: [String: ConfigValue], context: String, _ document: TOMLDocument,
        knownActions: Set<String>
    ) throws(ConfigError) -> [Entry] {
        var entries: [Entry] = []
        var written: [Key: (name: String, line: Int?)] = [:]
        for keyName in document.orderedKeys(table, at: [context]) {
            let path = [context, keyName]
            let value = table[keyName]!
            guard let action = value.string else {
                throw document.error(
                    "the action for '\(keyName)' in [\(context)] must be a string, not \(value.kind)", at: path)
            }
            guard let key = Key(name: keyName) else {
                throw document.error(
                    "unknown key name '\(keyName)' in [\(context)]: keys are written as \(keyForms)", at: path)
            }
            let location = document.location(of: path)
            // TOML refuses the same text twice; this catches two spellings of one key ("Space"
            // and " ", "C-l" and "C-L", "F5" and "f5").
            if let first = written[key] {
                throw document.error(
                    "'\(keyName)' in [\(context)] is the same key as '\(first.name)' on line \(first.line ?? 1): "
                        + "a key is bound once per context", at: path)
            }
            written[key] = (keyName, location.line)
            if action == unbind {
                entries.append(Entry(key: key, action: nil, location: location))
                continue
            }
            guard knownActions.contains(action) else {
                throw document.error(
                    "unknown action '\(action)' for '\(keyName)' in [\(context)]"
                        + NameSuggestion.hint(for: action, among: knownActions), at: path)
            }
            entries.append(Entry(key: key, action: action, location: location))
        }
        return entries
    }
}
