import Foundation
import PackagePlugin

/// Writes the commit the program is built from into a generated `BuildCommit.swift`, for
/// `casebench --version`: `let buildCommit: String?`, nil when the sources are not a git clone
/// (a tarball) or git is missing, so that the program says "unknown" rather than guess.
///
/// A prebuild command, since it must run at every build (a new commit changes no file SwiftPM
/// tracks); run by the system's shell and git, since a prebuild command may not run a tool
/// built from source. What it does is `build-commit.sh`, beside this file.
@main
struct BuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = context.package.directoryURL.appending(path: "Plugins/BuildCommit/build-commit.sh")
        return [
            .prebuildCommand(
                displayName: "Recording the commit \(target.name) is built from",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [
                    script.path, context.package.directoryURL.path, output.appending(path: "BuildCommit.swift").path,
                ],
                environment: ["PATH": "/usr/bin:/bin:/usr/local/bin", "LC_ALL": "C"],
                outputFilesDirectory: output)
        ]
    }
}
