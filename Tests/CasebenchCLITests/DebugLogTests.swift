import Foundation
import Testing

/// `--log FILE`: what a run writes there, and what it keeps out without `--log-text`.
extension ProcessTests {
    @Suite("The debug log, from the program")
    struct DebugLogTests {
        /// A case opened with a customer's words in it, a command refused for permission, one
        /// refused by the rules, and a line that is no command.
        static let script = """
            open C-ACME SN-WARRANTY-OK Zanzibar rattle priority=2 contact="Violetta Quist"
            labour @ 30
            close @
            frobnicate Zanzibar
            """

        /// Every line as the format says: time, pid, account, level, message.
        static func wellFormed(_ line: String) -> Bool {
            line.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z pid=\d+ user=\S+ (INFO|WARN|ERROR) .+/) != nil
        }

        private func logLines(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        }

        @Test("Each command's shape, outcome and time are logged, with no customer text; the file is 0600")
        func commands() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let log = cb.path("debug.log")

            let run = try cb.run(["batch", "--db", db, "--as", "agnes", "--log", log], input: Self.script)

            #expect(run.status == 1)
            let lines = try logLines(log)
            #expect(lines.count == 4)
            #expect(lines.allSatisfy(Self.wellFormed))
            #expect(
                lines[0].contains(
                    " INFO command open customer=CUSTOMER serial=SERIAL subject=TEXT priority=2 contact=TEXT: ok "))
            #expect(lines[0].hasSuffix("ms made case=8"))
            #expect(lines[1].contains(" WARN command labour case=8 minutes=30: refused permission "))
            #expect(lines[2].contains(" WARN command close case=8: refused invalid "))
            #expect(lines[3].hasSuffix(" WARN command (unknown): refused invalid (not parsed)"))
            for text in ["Zanzibar", "Violetta", "C-ACME", "SN-WARRANTY-OK", "frobnicate"] {
                #expect(!lines.joined().contains(text), "\(text) is in the log")
            }
            let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }

        @Test("--log-text adds the commands' lines and messages; a second run appends")
        func withText() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let log = cb.path("debug.log")
            #expect(try cb.run(["batch", "--db", db, "--as", "agnes", "--log", log], input: "whoami\n").status == 0)

            _ = try cb.run(["batch", "--db", db, "--as", "agnes", "--log", log, "--log-text"], input: Self.script)

            let lines = try logLines(log)
            #expect(lines.count == 5)
            #expect(lines[0].contains(" INFO command whoami: ok "))
            #expect(lines[1].contains("line=\"open C-ACME SN-WARRANTY-OK Zanzibar rattle priority=2"))
            #expect(lines[1].contains("Violetta Quist"))
            #expect(lines[2].contains("message=\"agnes is an agent and may not record parts"))
            #expect(lines[4].contains("line=\"frobnicate Zanzibar\""))
        }

        @Test("At 0 ms every statement is logged, with ? for its values; --log-text writes the values")
        func statements() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let plain = cb.path("plain.log")
            let text = cb.path("text.log")
            let open = "open C-ACME SN-WARRANTY-OK Zanzibar rattle\n"

            _ = try cb.run(["batch", "--db", db, "--as", "agnes", "--log", plain, "--log-slow-ms", "0"], input: open)
            _ = try cb.run(
                ["batch", "--db", db, "--as", "agnes", "--log", text, "--log-slow-ms", "0", "--log-text"], input: open)

            let statements = try logLines(plain).filter { $0.contains(" WARN slow statement ") }
            let insert = try #require(statements.first { $0.contains("INSERT INTO service_case (") })
            #expect(Self.wellFormed(insert))
            #expect(insert.contains("VALUES (?, ?, ?"))
            #expect(!statements.joined().contains("Zanzibar"))
            #expect(!statements.joined().contains("C-ACME"))
            #expect(
                try logLines(text).contains {
                    $0.contains("INSERT INTO service_case (") && $0.contains("'Zanzibar rattle'")
                })
            // At the default threshold, 50 ms, a quick command logs no statement
            let quick = cb.path("quick.log")
            _ = try cb.run(["batch", "--db", db, "--as", "agnes", "--log", quick], input: "whoami\n")
            #expect(try logLines(quick).count == 1)
        }

        @Test("init, which runs no command of the language, is logged as one: ok, or failed with the error's kind")
        func initLogged() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("p.sqlite")
            let log = cb.path("debug.log")

            #expect(try cb.run(["init", "--db", db, "--log", log]).status == 0)
            #expect(try cb.run(["init", "--db", db, "--log", log]).status == 2)

            let lines = try logLines(log)
            #expect(lines.count == 2)
            #expect(lines.allSatisfy(Self.wellFormed))
            #expect(lines[0].contains(" INFO init: ok "))
            #expect(lines[1].contains(" ERROR init: failed StoreError.alreadyExists "))
        }

        @Test("A log that cannot be opened stops the program before it starts, naming the file and why")
        func unwritable() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let log = cb.path("no-such-folder/debug.log")

            let run = try cb.run(["batch", "--db", db, "--as", "agnes", "--log", log], input: "open C-ACME SN-1 x\n")

            #expect(run.status == 2)
            #expect(run.stderr == "casebench: cannot open the log file \(log): No such file or directory\n")
            #expect(run.stdout.isEmpty)
        }

        @Test("config.toml's log and log-slow-ms are used, ~ being HOME; --log wins over its log")
        func configured() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            try FileManager.default.createDirectory(
                atPath: cb.path(".config/casebench"), withIntermediateDirectories: true)
            try "log = \"~/configured.log\"\nlog-slow-ms = 0\n".write(
                toFile: cb.path(".config/casebench/config.toml"), atomically: true, encoding: .utf8)

            _ = try cb.run(["batch", "--db", db, "--as", "agnes"], input: "queue\n")
            _ = try cb.run(["batch", "--db", db, "--as", "agnes", "--log", cb.path("given.log")], input: "queue\n")

            for log in ["configured.log", "given.log"] {
                let lines = try logLines(cb.path(log))
                #expect(lines.filter { $0.contains(" command queue: ok ") }.count == 1)
                // At 0 ms, the queue's reads are logged too
                #expect(lines.contains { $0.contains(" slow statement ") })
            }
        }
    }
}
