import Foundation
import Testing

/// The script the BuildCommit plugin runs before every build, run here on scratch folders: what
/// it writes for a clone, a clone with changes, a folder inside another clone and no clone.
extension ProcessTests {
    @Suite("The commit written into the program at build time", .enabled(if: Git.available))
    struct BuildCommitTests {
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Plugins/BuildCommit/build-commit.sh").path

        /// Runs the script on `package`; the Swift it wrote.
        static func generated(_ package: String, into file: String) throws -> String {
            let run = try Casebench.spawn(
                "/bin/sh", [script, package, file], input: "", environment: ChildEnvironment.with([:]))
            #expect(run.status == 0, "\(run.stderr)")
            return try String(contentsOfFile: file, encoding: .utf8)
        }

        @Test("A clone's commit, marked dirty while tracked files have changes; nil for a folder that is no clone")
        func commits() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let clone = cb.path("clone")
            let out = cb.path("out/BuildCommit.swift")
            try FileManager.default.createDirectory(atPath: clone + "/Sources", withIntermediateDirectories: true)
            try "one\n".write(toFile: clone + "/README.md", atomically: true, encoding: .utf8)
            for arguments in [
                ["init", "-q"], ["add", "README.md"],
                ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first"],
            ] {
                #expect(Git.run(["-C", clone] + arguments, home: cb.home).status == 0)
            }
            let head = Git.run(["-C", clone, "rev-parse", "--short=8", "HEAD"], home: cb.home).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(head.count == 8)
            #expect(try Self.generated(clone, into: out).hasSuffix("let buildCommit: String? = \"\(head)\"\n"))

            try "two\n".write(toFile: clone + "/README.md", atomically: true, encoding: .utf8)
            #expect(try Self.generated(clone, into: out).hasSuffix("let buildCommit: String? = \"\(head)-dirty\"\n"))

            // A tarball unpacked inside someone's clone does not borrow its commit
            #expect(try Self.generated(clone + "/Sources", into: out).hasSuffix("let buildCommit: String? = nil\n"))
            let plain = cb.path("plain")
            try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
            #expect(try Self.generated(plain, into: out).hasSuffix("let buildCommit: String? = nil\n"))
        }

        @Test("A build on the same commit leaves the file untouched, so nothing is compiled again")
        func unchanged() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let out = cb.path("BuildCommit.swift")
            _ = try Self.generated(cb.home, into: out)
            let past = Date(timeIntervalSinceNow: -3600)
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: out)
            _ = try Self.generated(cb.home, into: out)
            let modified = try FileManager.default.attributesOfItem(atPath: out)[.modificationDate] as? Date
            #expect(modified.map { abs($0.timeIntervalSince(past)) < 1 } == true)
        }
    }
}
