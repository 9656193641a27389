import Foundation

/// Where the database lives: `--db`, else `CASEBENCH_DB`, else the config file's `database`
/// (the user's, then /etc's), else the XDG data directory.
public enum DatabaseLocation {
    public static func resolve(explicit: String?, environment: [String: String], configured: String? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["CASEBENCH_DB"], !env.isEmpty { return env }
        if let configured, !configured.isEmpty { return configured }
        return (dataHome(environment) as NSString).appendingPathComponent("casebench/casebench.sqlite")
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

/// The operating-system account running this process: who the user is. Taken from the
/// effective uid, never from the environment, which anyone can set.
public enum OSAccount {
    public static func current() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return String(geteuid())
    }
}
