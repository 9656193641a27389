import Foundation
import Testing

/// What a packager and a shell need of the program, as a user's shell gets it from the built
/// binary: `--version`.
extension ProcessTests {
    @Suite("casebench, installed")
    struct InstallationTests {
        /// The clone the program was built from.
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().resolvingSymlinksInPath().path

        @Test("--version prints the version and the commit the program was built from")
        func version() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let run = try cb.run(["--version"])
            #expect(run.status == 0, "\(run.stderr)")
            let match = try #require(
                run.stdout.wholeMatch(of: /casebench \d+\.\d+\.\d+ \(commit ([0-9a-f]{8}(-dirty)?|unknown)\)\n/),
                "\(run.stdout)")
            // Built from this clone, so the commit is one of its own, never "unknown"
            guard Git.topLevel(of: Self.root) == Self.root else { return }
            let commit = String(match.1)
            #expect(commit != "unknown")
            let hash = commit.replacingOccurrences(of: "-dirty", with: "")
            #expect(Git.run(["-C", Self.root, "cat-file", "-e", hash + "^{commit}"]).status == 0, "\(commit)")
        }
    }
}
