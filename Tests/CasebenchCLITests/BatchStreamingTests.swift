import Foundation
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    @Suite("Batch through a pipe")
    struct BatchStreamingTests {
        // `batch` read all of standard input before it ran a line, and its results sat in a
        // pipe's buffer until it ended: a program feeding it could not tell which commands were
        // in when the batch was killed. The crash-consistency rounds count on this.
        @Test("Each command's result comes as soon as it is committed, while standard input is still open")
        func resultBeforeInputEnds() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("stream.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let batch = try LiveProcess(
                ["batch", "--json", "--db", db, "--as", "agnes"], environment: cb.environment(), directory: cb.home)
            defer { batch.kill() }

            // When one line is sent, and standard input stays open
            batch.send("open C-ACME SN-WARRANTY-OK Streamed through a pipe\n")

            // Then its result comes (the bound is only there so that a batch that waits for the end fails)
            #expect(batch.waitForLines(1, seconds: 60), "no result while standard input was open")
            let result = try #require(
                try JSONSerialization.jsonObject(with: Data((batch.lines.first ?? "{}").utf8)) as? [String: Any])
            #expect(result["ok"] as? Bool == true)
            // And the case it reports is in the database already
            let id = try #require((result["ids"] as? [String: Any])?["case"] as? Int)
            let opened = try AppDatabase.open(at: db).read { try $0.serviceCase(CaseID(Int64(id))) }
            #expect(opened?.subject == "Streamed through a pipe")
            batch.closeInput()
            #expect(batch.finish() == .exit)
        }
    }
}
