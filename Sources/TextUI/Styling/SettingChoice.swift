/// A setting's value and the rule that chose it: the command line's option, else the config
/// file's line, else the built-in default. The launcher loads what it names, and
/// `casebench doctor` says why, from this one decision.
public struct SettingChoice: Hashable, Sendable {
    public enum Source: Hashable, Sendable, CustomStringConvertible {
        /// The command line's option, by its name ("--theme").
        case option(String)
        /// The config file's line that names it.
        case configFile(FileLocation)
        case builtIn

        /// "from --theme", "from /home/ada/.config/casebench/config.toml:2", "the default".
        public var description: String {
            switch self {
            case .option(let name): "from \(name)"
            case .configFile(let location): "from \(location)"
            case .builtIn: "the default"
            }
        }
    }

    public let value: String
    public let source: Source

    public init(value: String, source: Source) {
        self.value = value
        self.source = source
    }

    /// The config file's line when it chose: a name not found is blamed on it, and a relative
    /// path is relative to that file. An option typed on the command line has no line.
    public var requestedAt: FileLocation? {
        if case .configFile(let location) = source { location } else { nil }
    }

    public static func choose(
        option: String?, named optionName: String, configured: ConfigFile.Setting?, builtIn: String
    )
        -> SettingChoice
    {
        if let option { return SettingChoice(value: option, source: .option(optionName)) }
        if let configured { return SettingChoice(value: configured.value, source: .configFile(configured.location)) }
        return SettingChoice(value: builtIn, source: .builtIn)
    }
}
