import Foundation

/// Where the database lives: `--db`, else `CASEBENCH_DB`, else the config file's `database`
/// (the user's, then /etc's), else the XDG data directory.
public enum DatabaseLocation {
    /// The path and the rule that chose it: the program opens `path`, and `casebench doctor`
    /// says why, from this one decision rather than a second copy of the order.
    public static func choose(explicit: String?, environment: [String: String], configured: ConfiguredDatabase? = nil)
        -> DatabaseChoice
    {
        if let explicit, !explicit.isEmpty { return DatabaseChoice(path: explicit, source: .option) }
        if let env = environment["CASEBENCH_DB"], !env.isEmpty {
            return DatabaseChoice(path: env, source: .environment)
        }
        if let configured, !configured.path.isEmpty {
            return DatabaseChoice(path: configured.path, source: .configFile(configured.writtenAt))
        }
        let place = (dataHome(environment) as NSString).appendingPathComponent("casebench/casebench.sqlite")
        return DatabaseChoice(path: place, source: .defaultPlace)
    }

    /// The training database `demo` uses when no path is given: never the production default.
    public static func training(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        return (dataHome(environment) as NSString).appendingPathComponent("casebench/training.sqlite")
    }

    static func dataHome(_ env: [String: String]) -> String {
        if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x }
        let home = env["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/share")
    }
}

/// The database path a config file gives, and where it is written ("FILE:LINE"), which is
/// what a user edits to change it. Workbench does not know the config file's own types.
public struct ConfiguredDatabase: Equatable, Sendable {
    public let path: String
    public let writtenAt: String

    public init(path: String, writtenAt: String) {
        self.path = path
        self.writtenAt = writtenAt
    }
}

/// The database chosen, and by which rule of the order.
public struct DatabaseChoice: Equatable, Sendable {
    public let path: String
    public let source: DatabaseSource

    public init(path: String, source: DatabaseSource) {
        self.path = path
        self.source = source
    }
}

public enum DatabaseSource: Equatable, Sendable, CustomStringConvertible {
    /// `--db`.
    case option
    /// `$CASEBENCH_DB`.
    case environment
    /// The config file's `database`, at this "FILE:LINE".
    case configFile(String)
    /// `$XDG_DATA_HOME/casebench/casebench.sqlite`: nothing named another.
    case defaultPlace

    /// "from --db", "from $CASEBENCH_DB", "from /home/ada/.config/casebench/config.toml:3", "the default".
    public var description: String {
        switch self {
        case .option: "from --db"
        case .environment: "from $CASEBENCH_DB"
        case .configFile(let location): "from \(location)"
        case .defaultPlace: "the default"
        }
    }
}

/// The operating-system account running this process: who the user is. Taken from the
/// effective uid, never from the environment, which anyone can set.
public enum OSAccount {
    public static func current() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return String(geteuid())
    }
}
