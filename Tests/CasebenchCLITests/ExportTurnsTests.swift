import Foundation
import ServiceStore
import Testing

extension ProcessTests {
    @Suite("Exports take turns")
    struct ExportTurnsTests {
        // The crash-consistency rounds once found a batch's temporary file left for good: a
        // second export wrote the batch while the first, which had recorded it, was about to
        // write it too; the first was killed before its rename, and as the batch was written by
        // then, no later export cleaned up after it. strace holds the first export at those two
        // moments (listing the folder for leftovers, renaming its file into place).
        @Test(
            "An export killed while another waits to write the same batch leaves no temporary file behind",
            .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
        func killedWhileAnotherWaits() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("turns.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let out = cb.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

            // Given an export of the demo's postings held as it looks for leftovers beside its
            // file (8 s) and again before it renames its file into place
            let first = try LiveProcess(
                [
                    "-f", "-qq", "-o", "/dev/null", "-e", "trace=getdents64,rename",
                    "-e", "inject=getdents64:delay_exit=8000000:when=1", "-e", "inject=rename:delay_enter=120000000",
                    Casebench.binary, "batch", "--db", db, "--as", "ada",
                ], executable: "/usr/bin/strace", environment: cb.environment(), directory: cb.home)
            first.send("export postings jsonl \(out)/a.jsonl\n")
            first.closeInput()
            let deadline = Date().addingTimeInterval(60)
            while try AppDatabase.open(at: db).read({ try $0.exportBatch(1) }) == nil, Date() < deadline {
                usleep(20_000)
            }
            // When a second export starts meanwhile
            let second = try LiveProcess(
                ["batch", "--db", db, "--as", "ada"], environment: cb.environment(), directory: cb.home)
            second.send("export postings jsonl \(out)/b.jsonl\n")
            second.closeInput()
            // and the first is killed once its temporary file is written
            func temporaries() throws -> [String] {
                try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") }
            }
            while try temporaries().isEmpty, Date() < deadline { usleep(20_000) }
            #expect(try !temporaries().isEmpty, "the first export never wrote its file")
            first.killChildren()
            first.finish()
            second.finish()

            // Then the next export leaves no temporary file, and the batch's file is the batch
            let third = try cb.run(
                ["batch", "--db", db, "--as", "ada"], input: "export postings jsonl \(out)/c.jsonl\n")
            #expect(third.status == 0, "\(third.stdout)\(third.stderr)")
            #expect(try temporaries() == [])
            let again = try cb.run(
                ["batch", "--db", db, "--as", "ada"], input: "export postings jsonl \(cb.path("again.jsonl")) batch=1\n"
            )
            #expect(again.status == 0)
            #expect(
                FileManager.default.contents(atPath: "\(out)/a.jsonl")
                    == FileManager.default.contents(atPath: cb.path("again.jsonl")))
        }
    }
}
