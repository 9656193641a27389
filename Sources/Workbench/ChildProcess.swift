import Foundation
import ServiceStore

/// The one way Casebench starts another program (an editor, a pager): with the program's group
/// given up for good first (`GroupPrivilege.dropForGood`), so the child — which the user
/// controls, through `EDITOR` and the like — can never take it back. The database's files are
/// opened close-on-exec and are not passed on. Once a child has started, no new database
/// connection can be opened in the shared deployment: open what is needed first.
public enum ChildProcess {
    /// Runs `executable` with `arguments` and exactly `environment`, with the terminal as it
    /// is, and waits for it; its exit status.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> Int32
    {
        GroupPrivilege.dropForGood()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
