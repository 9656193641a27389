import Foundation
import Testing

/// `casebench doctor` as a user runs it: the files in use and why, the terminal, the database;
/// exit status 1 only when a check FAILs, and nothing created or changed.
extension ProcessTests {
    @Suite("casebench doctor")
    struct DoctorTests {
        /// A terminal every Debian describes (ncurses-base).
        static let terminal = ["TERM": "xterm-256color"]

        @Test("A healthy training database: every check ok, exit 0, each file named with why, the folder unchanged")
        func healthy() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let before = try FileManager.default.contentsOfDirectory(atPath: cb.home).sorted()
            let run = try cb.run(["doctor", "--db", db], environment: Self.terminal)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.lines.dropLast().allSatisfy { $0.hasPrefix("ok ") }, "\(run.stdout)")
            #expect(run.lines.last?.hasPrefix("all ") == true && run.lines.last?.hasSuffix(" checks ok") == true)
            #expect(run.lines.contains("ok    database  \(db) — from --db"))
            #expect(run.lines.contains { $0.hasPrefix("ok    keymap    default (") && $0.hasSuffix(" — the default") })
            #expect(run.lines.contains { $0.hasPrefix("ok    theme     default (") && $0.hasSuffix(" — the default") })
            #expect(run.lines.contains("ok    mouse     on — the default"))
            #expect(run.lines.contains("ok    cursor    bar — the default"))
            #expect(run.lines.contains { $0.hasPrefix("ok    datasets  ") })
            #expect(run.lines.contains("ok    terminal  TERM=xterm-256color, described by terminfo"))
            #expect(run.lines.contains("ok    colours   256"))
            #expect(run.lines.contains("ok    locale    C.UTF-8, UTF-8"))
            #expect(
                run.lines.contains(
                    "ok    editor    none ($VISUAL and $EDITOR unset): notes and reasons are typed in the form"))
            #expect(run.lines.contains("ok    opens     a training database"))
            #expect(run.lines.contains { $0.hasPrefix("ok    schema    v19-search-without-positions, the latest of ") })
            #expect(run.lines.contains("ok    journal   WAL"))
            #expect(
                run.lines.contains {
                    $0.hasPrefix("ok    access    owned by ") && $0.hasSuffix("mode 0600; you can write it")
                })
            // Only read: not even the -wal and -shm a read-only connection leaves
            #expect(try FileManager.default.contentsOfDirectory(atPath: cb.home).sorted() == before)
        }

        @Test("--db to a missing file: FAIL with the command that makes it, exit 1, and still no file")
        func missingDatabase() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("none.sqlite")
            let run = try cb.run(["doctor", "--db", db], environment: Self.terminal)
            #expect(run.status == 1)
            #expect(run.lines.contains("ok    database  \(db) — from --db"))
            #expect(run.lines.contains { $0.hasPrefix("FAIL  opens     no database at \(db)") })
            #expect(run.stdout.contains("fix: run `casebench init --db \(db)` for a production database"))
            #expect(run.lines.last == "1 FAIL, 11 ok")
            #expect(!FileManager.default.fileExists(atPath: db))
            #expect(try FileManager.default.contentsOfDirectory(atPath: cb.home).isEmpty)
        }

        @Test("A locale this host lacks is a warning, one that is not UTF-8 a FAIL, each with its fix")
        func locales() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let fix = "                fix: generate the locale (locale-gen) or set LANG=C.UTF-8"
            // Named, UTF-8, but not generated here: the screen still draws, in C.UTF-8
            let missing = try cb.run(
                ["doctor", "--db", db], environment: ["TERM": "xterm-256color", "LC_ALL": "xx_YY.UTF-8"])
            #expect(missing.status == 0, "\(missing.stdout)")
            let warned = try #require(
                missing.lines.firstIndex(
                    of: "warn  locale    the locale xx_YY.UTF-8 is not installed on this host: drawing in C.UTF-8"),
                "\(missing.stdout)")
            #expect(missing.lines[warned + 1] == fix)
            // Not UTF-8 at all: the workbench would draw garbage
            let latin = try cb.run(
                ["doctor", "--db", db], environment: ["TERM": "xterm-256color", "LC_ALL": "de_DE.ISO-8859-1"])
            #expect(latin.status == 1)
            let failed = try #require(
                latin.lines.firstIndex { $0.hasPrefix("FAIL  locale    the locale de_DE.ISO-8859-1 is not UTF-8") },
                "\(latin.stdout)")
            #expect(latin.lines[failed + 1] == fix)
        }

        @Test(
            "A database the account can read but not write: a warning naming why, with the fix, as that account sees it",
            .enabled(if: getuid() == 0, "runs doctor as an account of its own: root ignores file modes"))
        func unwritableDatabase() throws {
            typealias Accounts = SharedDatabaseTests
            try Accounts.accounts()
            defer { Accounts.removeAccounts() }
            let cb = try Casebench()
            defer { cb.cleanUp() }
            // The program where the account can run it; the database root's, its group may read it
            let binary = cb.path("casebench")
            try FileManager.default.copyItem(atPath: Casebench.binary, toPath: binary)
            let db = cb.path("desk/prod.sqlite")
            try FileManager.default.createDirectory(atPath: cb.path("desk"), withIntermediateDirectories: false)
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            try Accounts.shell(["chmod", "-R", "a+rX", cb.home])
            try Accounts.shell(["chgrp", "-R", Accounts.group, cb.path("desk")])
            try Accounts.shell(["chmod", "0750", cb.path("desk")])
            try Accounts.shell(["chmod", "0640", db])
            let run = try Accounts.shell(
                Accounts.command(
                    as: Accounts.agent, binary, ["doctor", "--db", db], environment: ["TERM=xterm-256color"]))
            let at = try #require(
                run.lines.firstIndex {
                    $0.hasPrefix(
                        "warn  access    owned by root, group \(Accounts.group), mode 0640; you can read it, not write it: "
                    )
                }, "\(run.stdout)\(run.stderr)")
            #expect(
                run.lines[at + 1]
                    == "                fix: ask its owner or an admin for write access; until then, reports and checks only"
            )
            #expect(run.lines.contains("ok    opens     a training database"), "\(run.stdout)")
        }

        @Test("The editor a form's notes open in: $VISUAL before $EDITOR, as the workbench chooses it")
        func editor() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let both = try cb.run(
                ["doctor", "--db", db],
                environment: Self.terminal.merging(["VISUAL": "vim -u NONE", "EDITOR": "nano"]) { $1 })
            #expect(
                both.lines.contains(
                    "ok    editor    vim -u NONE (from $VISUAL): C-x C-e in a form opens notes and reasons in it"),
                "\(both.stdout)")
            let one = try cb.run(
                ["doctor", "--db", db], environment: Self.terminal.merging(["VISUAL": "", "EDITOR": "nano"]) { $1 })
            #expect(
                one.lines.contains(
                    "ok    editor    nano (from $EDITOR): C-x C-e in a form opens notes and reasons in it"))
        }

        @Test("A terminal type terminfo does not know: FAIL, with the package to install or a TERM to set")
        func unknownTerminal() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let db = cb.path("t.sqlite")
            #expect(try cb.run(["demo", "--db", db]).status == 0)
            let run = try cb.run(["doctor", "--db", db], environment: ["TERM": "no-such-terminal"])
            #expect(run.status == 1)
            let at = try #require(
                run.lines.firstIndex(of: "FAIL  terminal  no terminfo entry describes TERM=no-such-terminal"))
            #expect(
                run.lines[at + 1]
                    == "                fix: install the ncurses-term package or set TERM=xterm-256color")
            #expect(run.lines.last == "1 FAIL, 14 ok")
            // No TERM at all is a FAIL too: the workbench cannot start without one
            let unset = try cb.run(["doctor", "--db", db])
            #expect(unset.status == 1)
            #expect(unset.lines.contains("FAIL  terminal  TERM is not set, so the terminal's type is unknown"))
        }

        @Test("A database and theme chosen by the config file are blamed on its lines; $CASEBENCH_DB comes before it")
        func chosenByConfig() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let folder = cb.path(".config/casebench")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let config = (folder as NSString).appendingPathComponent("config.toml")
            try "theme = \"mono\"\n# the desk's cases\ndatabase = \"cases.sqlite\"\nmouse = false\ncursor = \"arrow\"\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let db = (folder as NSString).appendingPathComponent("cases.sqlite")
            #expect(try cb.run(["init"]).status == 0)
            #expect(FileManager.default.fileExists(atPath: db))
            let run = try cb.run(["doctor"], environment: Self.terminal)
            #expect(run.status == 0, "\(run.stdout)")
            #expect(run.lines.contains("ok    config    \(config)"))
            #expect(run.lines.contains("ok    database  \(db) — from \(config):3"))
            #expect(
                run.lines.contains { $0.hasPrefix("ok    theme     mono (") && $0.hasSuffix(" — from \(config):1") })
            #expect(run.lines.contains("ok    mouse     off — from \(config):4"))
            #expect(run.lines.contains("ok    cursor    arrow — from \(config):5"))
            #expect(run.lines.contains("ok    opens     a production database"))
            #expect(
                try cb.run(["doctor", "--mouse"], environment: Self.terminal).lines.contains(
                    "ok    mouse     on — from --mouse"))
            #expect(
                try cb.run(["doctor", "--cursor", "bar"], environment: Self.terminal).lines.contains(
                    "ok    cursor    bar — from --cursor"))
            // The environment wins over the file, and says so
            let other = cb.path("other.sqlite")
            let env = try cb.run(["doctor"], environment: Self.terminal.merging(["CASEBENCH_DB": other]) { $1 })
            #expect(env.status == 1)
            #expect(env.lines.contains("ok    database  \(other) — from $CASEBENCH_DB"))
            #expect(!FileManager.default.fileExists(atPath: other))
        }

        @Test("A fault in the config file is a FAIL naming its line, and the rest is still reported")
        func badConfig() throws {
            let cb = try Casebench()
            defer { cb.cleanUp() }
            let folder = cb.path(".config/casebench")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let config = (folder as NSString).appendingPathComponent("config.toml")
            try "theme = \"mono\"\ntheem = \"vi\"\n".write(toFile: config, atomically: true, encoding: .utf8)
            let run = try cb.run(["doctor"], environment: Self.terminal)
            #expect(run.status == 1)
            #expect(run.lines.first?.hasPrefix("FAIL  config    \(config):2: unknown key 'theem'") == true)
            #expect(
                run.lines.dropFirst().first?.hasSuffix(
                    "fix: correct that line: casebench stops at a fault in its config file") == true)
            #expect(run.lines.contains { $0.hasPrefix("ok    terminal  ") })
        }
    }
}
