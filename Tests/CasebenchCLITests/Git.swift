import Foundation

/// git, as the tests ask it about the clone or a scratch repository.
enum Git {
    static let path = "/usr/bin/git"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func run(_ arguments: [String], home: String = NSTemporaryDirectory()) -> Casebench.Run {
        guard available else { return Casebench.Run(status: 127, stdout: "", stderr: "no git") }
        return
            (try? Casebench.spawn(path, arguments, input: "", environment: ChildEnvironment.with(["HOME": home])))
            ?? Casebench.Run(status: 127, stdout: "", stderr: "git did not start")
    }

    /// The top of the clone `folder` is in, resolved; nil when none.
    static func topLevel(of folder: String) -> String? {
        let run = run(["-C", folder, "rev-parse", "--show-toplevel"])
        guard run.status == 0 else { return nil }
        return URL(fileURLWithPath: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            .resolvingSymlinksInPath().path
    }
}
