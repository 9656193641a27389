/// Which action each key runs, per context (a pane, a dialog), with `global` as the fallback.
/// Made by `KeymapLoader` from keymap files; TextUI knows the action names only as text.
public struct Keymap: Hashable, Sendable {
    public struct Binding: Hashable, Sendable {
        public let key: Key
        public let action: String
        /// Where the binding was written, for "bound in keymap.toml:12" in help.
        public let location: FileLocation
    }

    /// The context every other falls back to.
    public static let global = "global"

    public let name: String
    /// The files it was made from: a user override first, then the keymap, then its ancestors.
    public let files: [String]
    /// Per context, in the order written (an ancestor's bindings before a child's new ones; a
    /// child's rebinding keeps the ancestor's place).
    private let contexts: [String: [Binding]]
    private let lookup: [String: [Key: String]]

    init(name: String, files: [String], contexts: [String: [Binding]]) {
        self.name = name
        self.files = files
        self.contexts = contexts.filter { !$0.value.isEmpty }
        lookup = self.contexts.mapValues {
            Dictionary($0.map { ($0.key, $0.action) }, uniquingKeysWith: { _, last in last })
        }
    }

    /// The contexts that bind at least one key, sorted.
    public var contextNames: [String] { contexts.keys.sorted() }

    /// The bindings of one context (not including `global`), in the order written.
    public func bindings(in context: String) -> [Binding] { contexts[context] ?? [] }

    /// The action `key` runs in `context`: the context's own binding, else the global one.
    public func action(for key: Key, context: String) -> String? {
        lookup[context]?[key] ?? lookup[Self.global]?[key]
    }

    /// The keys that run `action` in `context`, for help and the function-key bar: the
    /// context's own first, then global keys the context does not take for something else,
    /// each in the order written. With a nil context, the global keys only.
    public func keys(for action: String, context: String?) -> [Key] {
        let context = context ?? Self.global
        var keys = bindings(in: context).filter { $0.action == action }.map(\.key)
        if context != Self.global {
            keys += bindings(in: Self.global).filter { $0.action == action && lookup[context]?[$0.key] == nil }.map(
                \.key)
        }
        return keys
    }
}
