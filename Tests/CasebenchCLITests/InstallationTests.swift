import Foundation
import Testing

/// What a packager and a shell need of the program: `--version`, the completion scripts and
/// the names they complete, as a user's shell gets them from the built binary.
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

        // PostgreSQL's client library and the 21 libraries it brings were 4.9 MiB of a SQLite
        // desk's 41 MiB; it is opened at the first PostgreSQL connection (CLibPQ/loader.c).
        @Test("The program starts without PostgreSQL's client library, and a desk on SQLite never loads it")
        func noLibpqAtStart() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let needs = try Casebench.spawn(
                "/usr/bin/ldd", [Casebench.binary], input: "", environment: cb.environment())
            #expect(needs.status == 0, "\(needs.stderr)")
            #expect(needs.stdout.contains("libsqlite3"), "\(needs.stdout)")
            #expect(!needs.stdout.contains("libpq"), "\(needs.stdout)")
            // Working on a SQLite desk, as the dynamic loader tells every library it loads
            let db = cb.path("desk.sqlite")
            #expect(try cb.run(["init", "--db", db, "--name", "Desk"]).status == 0)
            let work = try cb.run(["batch", "--db", db], input: "queue\n", environment: ["LD_DEBUG": "libs"])
            #expect(work.status == 0, "\(work.stderr.suffix(2_000))")
            #expect(work.stderr.contains("libsqlite3"), "the loader said nothing: \(work.stderr.suffix(500))")
            #expect(!work.stderr.contains("libpq"))
        }

        @Test("The bash completion script knows every subcommand and calls the program back for names")
        func bashScript() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let subcommands = try Self.subcommands(cb)
            #expect(subcommands.contains("demo") && subcommands.count > 10, "\(subcommands)")
            let run = try cb.run(["--generate-completion-script", "bash"])
            #expect(run.status == 0)
            for name in subcommands {
                #expect(run.stdout.contains("_casebench_\(name)()"), "no completion function for \(name)")
            }
            #expect(run.stdout.contains("---completion demo -- --dataset"))
            #expect(run.stdout.contains("---completion demo -- --theme"))
            #expect(run.stdout.contains("---completion open -- --keymap"))
            for shell in ["zsh", "fish"] {
                let other = try cb.run(["--generate-completion-script", shell])
                #expect(other.status == 0 && other.stdout.contains("---completion demo -- --theme"), "\(shell)")
            }
        }

        @Test("Completion offers the themes, keymaps and datasets the program finds, the user's own themes too")
        func names() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            #expect(try Self.complete(cb, "demo", "--theme") == ["default", "green-screen", "high-contrast", "mono"])
            #expect(try Self.complete(cb, "open", "--keymap") == ["default", "emacs", "vi"])
            #expect(try Self.complete(cb, "demo", "--dataset") == ["showcase", "training"])
            // The exercises of the dataset on the line, else of the default one
            let exercises = ["cap-nearly-used", "contract-blocked-after-billing", "last-part-reserved"]
            #expect(try Self.complete(cb, "demo", "--exercise").starts(with: exercises))
            #expect(
                try Self.complete(cb, "demo", "--exercise", after: ["--dataset", "training"]).starts(with: exercises))
            #expect(try Self.complete(cb, "demo", "--exercise", after: ["--dataset", "showcase"]) == [])
            // A theme of one's own, where the workbench looks for it
            let themes = cb.path(".config/casebench/themes")
            try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
            try "inherits = \"default\"\n".write(toFile: themes + "/night.toml", atomically: true, encoding: .utf8)
            #expect(try Self.complete(cb, "open", "--theme").contains("night"))
        }

        @Test("Run by name from PATH in any folder, an installed program finds its themes under PREFIX/share/casebench")
        func foundThroughPath() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            // Given PREFIX/bin/casebench (a hard link: the kernel names it by the link) and
            // PREFIX/share/casebench/themes, and a working folder that holds neither
            let prefix = cb.path("prefix")
            for folder in [prefix + "/bin", prefix + "/share/casebench", cb.path("work")] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try FileManager.default.linkItem(atPath: Casebench.binary, toPath: prefix + "/bin/casebench")
            try FileManager.default.copyItem(atPath: Self.root + "/themes", toPath: prefix + "/share/casebench/themes")

            // When the shell starts it by name, argv[0] naming no folder
            let words = ["casebench", "open", "--theme", ""]
            let run = try Casebench.spawn(
                "/usr/bin/env", words.prefix(1) + ["---completion", "open", "--", "--theme", "3", "0"] + words,
                input: "", environment: cb.environment(["PATH": prefix + "/bin:/usr/bin:/bin"]),
                directory: cb.path("work"))

            // Then its themes are the installed ones
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.lines == ["default", "green-screen", "high-contrast", "mono"], "\(run.stdout)")
        }

        /// What ArgumentParser's completion call for `option` of `subcommand` prints, one name a
        /// line: the call the generated scripts make, with the cursor on an empty word after it.
        static func complete(_ cb: Casebench, _ subcommand: String, _ option: String, after: [String] = [])
            throws -> [String]
        {
            let words = ["casebench", subcommand] + after + [option, ""]
            let run = try cb.run(
                ["---completion", subcommand, "--", option, String(words.count - 1), "0"] + words)
            #expect(run.status == 0, "\(run.stderr)")
            return run.lines
        }

        /// The subcommands `casebench --help` lists.
        static func subcommands(_ cb: Casebench) throws -> [String] {
            let help = try cb.run(["--help"]).stdout
            let section = help.components(separatedBy: "SUBCOMMANDS:\n").last ?? ""
            // One line a subcommand, its name two spaces in; a wrapped abstract goes on further in
            return section.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
                .compactMap { $0.prefixMatch(of: /\ \ ([a-z][a-z-]*)/).map { String($0.1) } }
        }
    }
}
