/// The whole environment of a program a test starts: what the test names and nothing of the
/// shell that ran `swift test`. A developer's own `XDG_CONFIG_HOME`, `CASEBENCH_DB`,
/// `NO_COLOR`, `LANG`/`LC_*` or `TERM` would otherwise pick another keymap, database or
/// palette, and a test would pass or fail by who runs it.
enum ChildEnvironment {
    /// What every child gets: a plain PATH (the admin tools in sbin too) and a UTF-8 locale
    /// every Debian has.
    static let base = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C.UTF-8"]

    /// `base` with the test's own variables over it.
    static func with(_ variables: [String: String]) -> [String: String] {
        base.merging(variables) { $1 }
    }

    /// The same, as the `NAME=value` strings `posix_spawn` and `env` take.
    static func assignments(_ variables: [String: String]) -> [String] {
        with(variables).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}
