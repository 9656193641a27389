import Foundation
import Testing

extension ProcessTests {
    /// A desk's database on a medium mounted read-only (a snapshot, a failed-over replica, a
    /// disk the kernel remounted after errors): looking works, recording is refused, and the
    /// message names the mount rather than a file mode. Mounting needs root, which CI has.
    @Suite("casebench on a read-only medium", .enabled(if: getuid() == 0, "mounts a tmpfs: root only"))
    struct ReadOnlyMediumTests {
        static func mount(_ arguments: [String]) throws {
            let run = try Casebench.spawn("/bin/mount", arguments, input: "", environment: ChildEnvironment.base)
            guard run.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["mount": run.stderr]) }
        }

        @Test("queue, show, reports and verify work; a write is refused naming the mount, and nothing is written")
        func lookingWorks() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let medium = cb.path("medium")
            try FileManager.default.createDirectory(atPath: medium, withIntermediateDirectories: true)
            try Self.mount(["-t", "tmpfs", "-o", "size=8m", "tmpfs", medium])
            defer { _ = try? Casebench.spawn("/bin/umount", [medium], input: "", environment: ChildEnvironment.base) }
            let db = medium + "/prod.sqlite"
            #expect(try cb.run(["init", "--db", db]).status == 0)
            let opened = try cb.run(["batch", "--db", db], input: "user add agnes agent\n")
            #expect(opened.status == 0, "\(opened.stdout)\(opened.stderr)")
            try Self.mount(["-o", "remount,ro", medium])

            let looked = try cb.run(["batch", "--db", db], input: "queue\nuser list\n")
            #expect(looked.status == 0, "\(looked.stdout)\(looked.stderr)")
            #expect(looked.stdout.contains("agnes"))
            #expect(try cb.run(["verify", "--db", db]).status == 0)
            #expect(try cb.run(["audit", "verify", "--db", db]).status == 0)
            #expect(try cb.run(["report", "kpi", "--db", db]).status == 0)
            let refused = try cb.run(["batch", "--db", db], input: "user add arun agent\n")
            #expect(refused.status == 1)
            #expect(
                refused.stdout.contains(
                    "nothing can be recorded in \(db): the file system at \(medium) is mounted read-only"),
                "\(refused.stdout)\(refused.stderr)")
            let after = try cb.run(["batch", "--db", db], input: "user list\n")
            #expect(after.stdout.contains("agnes") && !after.stdout.contains("arun"))
        }
    }
}
