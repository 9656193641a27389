import Foundation
import Testing

extension ProcessTests {
    @Suite("The audit head file through a kill")
    struct HeadFileKillTests {
        // The crash-consistency rounds once found a head file holding nothing after a kill: it
        // was emptied, then written. strace kills the process exactly as it writes the file.
        @Test(
            "A process killed as it writes the audit head file leaves a head in it, and audit verify passes",
            .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
        func killedWritingTheHead() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("head.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let head = db + ".audit-head"

            // When a command commits and its process is killed at its first write to the head file
            let killed = try Casebench.spawn(
                "/usr/bin/strace",
                [
                    "-f", "-qq", "-o", "/dev/null", "-P", head, "-e", "trace=pwrite64", "-e",
                    "inject=pwrite64:signal=KILL", Casebench.binary, "batch", "--db", db, "--as", "tom",
                ],
                input: "note 1 Checked the seals\n", environment: cb.environment(), directory: cb.home)
            #expect(killed.status != 0, "the process was not killed: \(killed.stdout)\(killed.stderr)")

            // Then the head file still holds a head, and the trail, the note's entry included, reaches it
            let text = try String(contentsOfFile: head, encoding: .utf8)
            // "ENTRY HASH SIGNATURE": the head as it was before the command, whole and signed
            #expect(
                text.split(whereSeparator: \.isWhitespace).count == 3, "the head file holds \(text.debugDescription)")
            let verify = try cb.run(["audit", "verify", "--db", db, "--as", "ada"])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let shown = try cb.run(["audit", "show", "--case", "1", "--db", db, "--as", "sam"])
            #expect(shown.stdout.contains("note 1 Checked the seals"))
        }
    }
}
