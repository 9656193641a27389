import Foundation
import PostgresTestSupport
import ServiceStore
import Testing

extension Casebench {
    /// A generated desk of 400 cases (seed 7) at `desk.sqlite`, moved by its admin into a
    /// PostgreSQL schema of its own, for `body`: the program, the file, the URL, a connection
    /// into the schema, and what `migrate` printed.
    static func withMovedDesk(
        _ body: (Casebench, String, PostgresURL, PostgresConnection, Casebench.Run) throws -> Void
    ) throws {
        let cb = try Casebench()
        defer { cb.cleanUp() }
        let db = cb.path("desk.sqlite")
        #expect(try cb.run(["generate", "--cases", "400", "--seed", "7", "--db", db]).status == 0)
        try PostgresTestServer.withSchema { pg, url in
            // The trainer who generated it moves it as its admin
            let moved = try cb.run(["migrate", "--db", db, "--as", "ada", "--to", url.text])
            try #require(moved.status == 0, "\(moved.stderr)")
            try body(cb, db, url, pg, moved)
        }
    }
}
