import Foundation
import ServiceStore
import Testing

extension ProcessTests {
    /// The shared deployment of the README ("Roles that hold on a shared host"): the database's
    /// folder and files belong to a group no user is in, and the installed program is setgid to
    /// it. Found before it existed: a member of the sharing group wrote the file with `sqlite3`,
    /// made herself admin, and `audit verify` still held; and flipping `meta.kind` to training
    /// let `--as` act on production data. Needs root, to make the accounts and the setgid
    /// program; the accounts' commands then run as them, where file modes hold (root ignores them).
    @Suite(
        "Roles that hold on a shared host: a setgid casebench, a database group no user is in",
        .enabled(if: getuid() == 0, "makes OS accounts and a setgid program: root only"))
    struct GroupDeploymentTests {
        typealias Accounts = SharedDatabaseTests
        /// The program's group: it owns the database's folder and files; no user is in it.
        static let programGroup = "cbstore"

        /// A temporary installation — PREFIX/bin/casebench setgid to the group, and the child
        /// probe beside it — and a folder of the group holding a production database made by
        /// root (its first admin), with the agent a user of it and a bakery to open a case for.
        struct Deployment {
            let cb: Casebench
            let prefix: String
            let folder: String
            let db: String
            let gid: gid_t

            var binary: String { prefix + "/bin/casebench" }
            var probe: String { prefix + "/bin/child-probe" }

            init() throws {
                try Accounts.accounts()
                if getgrnam(programGroup) == nil { try Accounts.shell(["groupadd", programGroup]) }
                gid = getgrnam(programGroup)!.pointee.gr_gid
                cb = try Casebench()
                prefix = cb.path("prefix")
                folder = cb.path("store")
                db = folder + "/prod.sqlite"
                for dir in [prefix + "/bin", prefix + "/share/casebench", folder, cb.path("agnes")] {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                }
                let built = URL(fileURLWithPath: Casebench.binary).deletingLastPathComponent()
                for (from, to) in [
                    (Casebench.binary, binary), (built.appendingPathComponent("ChildProbe").path, probe),
                ] {
                    try FileManager.default.copyItem(atPath: from, toPath: to)
                    // chown clears the setgid bit: the mode after it
                    #expect(chown(to, 0, gid) == 0 && chmod(to, 0o2755) == 0)
                }
                // With the keymaps and themes it ships with, in PREFIX/share/casebench
                let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().path
                for folder in ["keymaps", "themes"] {
                    try FileManager.default.copyItem(
                        atPath: root + "/" + folder, toPath: prefix + "/share/casebench/" + folder)
                }
                try Accounts.shell(["chmod", "-R", "a+rX", cb.home])
                #expect(chown(folder, 0, gid) == 0 && chmod(folder, 0o2770) == 0)
                let agent = getpwnam(Accounts.agent)!.pointee
                #expect(chown(cb.path("agnes"), agent.pw_uid, agent.pw_gid) == 0)

                // Root makes the database with the installed program itself, as the README says
                let made = try Accounts.shell(["HOME=" + cb.home, binary, "init", "--db", db, "--group", programGroup])
                #expect(made.status == 0, "\(made.stderr)")
                #expect(try cb.run(["users", "add", Accounts.agent, "agent", "--db", db]).status == 0)
                try Accounts.loadBakery(db)
            }

            func cleanUp() {
                cb.cleanUp()
                Accounts.removeAccounts()
            }

            /// `program ARGS` as `account` (the installed casebench unless named).
            func run(
                as account: String, _ arguments: [String], program: String? = nil, input: String = "",
                environment: [String] = []
            ) throws -> Casebench.Run {
                try Accounts.shell(
                    Accounts.command(as: account, program ?? binary, arguments, environment: environment), input: input)
            }
        }

        @Test(
            "An agent works through casebench, while sqlite3 cannot open the file: no role or kind is changed behind its back"
        )
        func onlyThroughCasebench() throws {
            let d = try Deployment()
            defer { d.cleanUp() }
            let agent = Accounts.agent

            // The agent opens a case through the installed casebench
            let opened = try d.run(as: agent, ["batch", "--db", d.db], input: "open C-HB SN-OV1 Oven will not heat\n")
            #expect(opened.status == 0, "\(opened.stderr)")
            #expect(opened.stdout.contains("opened case 1"), "\(opened.stdout)")

            // But sqlite3 cannot open the file: she cannot make herself admin, nor the database a training one
            for sql in [
                "UPDATE app_user SET role = 'admin' WHERE account = '\(agent)'",
                "UPDATE meta SET value = 'training' WHERE key = 'kind'",
            ] {
                let refused = try d.run(as: agent, [d.db, sql], program: "/usr/bin/sqlite3")
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("unable to open database"), "\(refused.stderr)")
            }
            // Nor read or write the head file or the signing key
            for file in [d.db + ".audit-head", d.db + ".audit-key"] {
                let refused = try d.run(as: agent, [file], program: "/bin/cat")
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("Permission denied"), "\(refused.stderr)")
            }

            // Nor have the group make a file the database will look for, as a new database of hers
            for name in ["prod.sqlite-journal", "mine.sqlite"] {
                let made = try d.run(as: agent, ["init", "--db", d.folder + "/" + name, "--group", Self.programGroup])
                #expect(made.status == 2)
                #expect(
                    made.stderr
                        == "casebench: \(d.folder)/\(name) would be a new database in the folder of group \(Self.programGroup), "
                        + "which only casebench can open: root makes databases there (README: Roles that hold on a shared host)\n"
                )
                #expect(!FileManager.default.fileExists(atPath: d.folder + "/" + name))
            }

            // She is still an agent, and --as is still refused on the production database
            let who = try d.run(as: agent, ["batch", "--db", d.db], input: "whoami\n")
            #expect(who.stdout.contains("\(agent) (agent) on the production database \(d.db)"), "\(who.stdout)")
            let acting = try d.run(as: agent, ["batch", "--db", d.db, "--as", "root"], input: "whoami\n")
            #expect(acting.status == 2)
            #expect(acting.stderr.contains("training databases only"), "\(acting.stderr)")

            // Every file beside the database is the group's, none open to others; the trail holds
            for name in try FileManager.default.contentsOfDirectory(atPath: d.folder) {
                var st = stat()
                #expect(
                    stat(d.folder + "/" + name, &st) == 0 && st.st_gid == d.gid && st.st_mode & 0o007 == 0, "\(name)")
            }
            let verified = try d.cb.run(["audit", "verify", "--db", d.db])
            #expect(verified.status == 0, "\(verified.stdout)")
        }

        @Test(
            "The agent's workbench opens from the installed program, and a case opened elsewhere appears in its queue")
        func workbench() throws {
            let d = try Deployment()
            defer { d.cleanUp() }
            let agnes = try Tmux(
                size: (80, 24), command: Accounts.command(as: Accounts.agent, d.binary, ["--db", d.db]),
                environment: [:], directory: d.cb.home)
            defer { agnes.kill() }
            try agnes.wait(for: "F10Quit")
            // A case she opens from another terminal comes up without a key pressed
            let opened = try d.run(
                as: Accounts.agent, ["batch", "--db", d.db], input: "open C-HB SN-OV1 Oven will not heat\n")
            #expect(opened.status == 0, "\(opened.stderr)")
            try agnes.wait(for: "Oven will not heat")
            try agnes.send("q")
            let status = try agnes.exitStatus()
            let screen = try agnes.screen()
            #expect(status == 0, "\(screen)")
        }

        @Test(
            "An admin outside the group backs up where he can write, restores into the group's folder, makes a lost key anew"
        )
        func backupAndRestore() throws {
            let d = try Deployment()
            defer { d.cleanUp() }
            let admin = Accounts.supervisor
            #expect(try d.cb.run(["users", "add", admin, "admin", "--db", d.db]).status == 0)
            let own = d.cb.path("sam")
            try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: false)
            let account = getpwnam(admin)!.pointee
            #expect(chown(own, account.pw_uid, account.pw_gid) == 0 && chmod(own, 0o700) == 0)

            // The backup is his, made with his own rights; the group's folder takes none of his
            let backup = try d.run(as: admin, ["backup", own + "/before.sqlite", "--db", d.db])
            #expect(backup.status == 0, "\(backup.stderr)")
            var st = stat()
            #expect(stat(own + "/before.sqlite", &st) == 0 && st.st_uid == account.pw_uid && st.st_gid != d.gid)
            let refused = try d.run(as: admin, ["backup", d.folder + "/copy.sqlite", "--db", d.db])
            #expect(refused.status != 0)

            // A case later, he puts the backup back in place: the database there kept beside it
            let opened = try d.run(as: Accounts.agent, ["batch", "--db", d.db], input: "open C-HB SN-OV1 Oven\n")
            #expect(opened.status == 0, "\(opened.stderr)")
            let restored = try d.run(as: admin, ["restore", own + "/before.sqlite", "--replace", "--db", d.db])
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(restored.stdout.contains("the database it replaced is kept in \(d.db).before-restore-"))

            // The restored head is signed: the trail holds, for him and for root
            let verified = try d.run(as: admin, ["audit", "verify", "--db", d.db])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            #expect(try d.cb.run(["audit", "verify", "--db", d.db]).status == 0)
            // Every file in the folder is still the group's and no one else's
            for name in try FileManager.default.contentsOfDirectory(atPath: d.folder) {
                #expect(
                    stat(d.folder + "/" + name, &st) == 0 && st.st_gid == d.gid && st.st_mode & 0o007 == 0, "\(name)")
            }
            let queue = try d.run(as: Accounts.agent, ["batch", "--db", d.db], input: "whoami\n")
            #expect(queue.status == 0, "\(queue.stderr)")

            // The key lost (root took it away): verify says so, and his rehead makes a new one, the group's
            try FileManager.default.removeItem(atPath: d.db + ".audit-key")
            let lost = try d.run(as: admin, ["audit", "verify", "--db", d.db])
            #expect(lost.status == 1)
            #expect(lost.stdout.contains("the signing key \(d.db).audit-key is missing"), "\(lost.stdout)")
            let reheaded = try d.run(as: admin, ["audit", "verify", "--rehead", "--db", d.db])
            #expect(reheaded.status == 0, "\(reheaded.stdout)\(reheaded.stderr)")
            #expect(stat(d.db + ".audit-key", &st) == 0 && st.st_gid == d.gid && st.st_mode & 0o777 == 0o640)
            #expect(try d.run(as: admin, ["audit", "verify", "--db", d.db]).status == 0)
        }

        @Test("casebench holds its group in reserve only, and a child started through it holds none")
        func noGroupForChildren() throws {
            let d = try Deployment()
            defer { d.cleanUp() }
            let user = getpwnam(Accounts.agent)!.pointee.pw_gid

            // While a session runs, its effective group is the agent's own; the group is only saved
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = Accounts.command(as: Accounts.agent, d.binary, ["batch", "--db", d.db])
            process.environment = ChildEnvironment.base
            let stdin = Pipe()
            process.standardInput = stdin
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // setpriv and env run it in their place: the same process
            let proc = "/proc/\(process.processIdentifier)"
            let deadline = Date().addingTimeInterval(30)
            func hasDatabaseOpen() -> Bool {
                let fds = (try? FileManager.default.contentsOfDirectory(atPath: proc + "/fd")) ?? []
                return fds.contains {
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: proc + "/fd/" + $0)) == d.db
                }
            }
            // Waiting for its script: blocked in read(2) (syscall 0) on standard input, the database
            // open — not caught in the middle of opening it, when it holds the group
            func waitingForInput() -> Bool {
                ((try? String(contentsOfFile: proc + "/syscall", encoding: .utf8)) ?? "").hasPrefix("0 0x0 ")
            }
            while !(hasDatabaseOpen() && waitingForInput()), Date() < deadline { usleep(50_000) }
            let status = (try? String(contentsOfFile: proc + "/status", encoding: .utf8)) ?? ""
            #expect(hasDatabaseOpen(), "the session did not open the database")
            try stdin.fileHandleForWriting.close()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            // real, effective, saved, filesystem
            #expect(gids(status) == [user, user, d.gid, user], "\(status)")

            // A child started through the one way Casebench starts programs holds no group at all
            // (grep itself: a shell would give up a group it was started with on its own)
            let child = try d.run(as: Accounts.agent, ["/bin/grep", "^Gid:", "/proc/self/status"], program: d.probe)
            #expect(child.status == 0, "\(child.stderr)")
            #expect(gids(child.stdout) == [user, user, user, user], "\(child.stdout)")
        }

        @Test(
            "The agent's $EDITOR runs without the program's group, and the case written with it is on the trail's head"
        )
        func editorWithoutTheGroup() throws {
            let d = try Deployment()
            defer { d.cleanUp() }
            let user = getpwnam(Accounts.agent)!.pointee.pw_gid
            // A fake editor: what groups it holds, and the fault it writes
            let own = d.cb.path("agnes")
            let script = own + "/editor"
            try """
            #!/bin/sh
            for last in "$@"; do :; done
            id -G > '\(own)/id'
            grep '^Gid:' /proc/$$/status > '\(own)/status'
            printf 'Oven will not heat\\n' > "$last"

            """.write(toFile: script, atomically: true, encoding: .utf8)
            #expect(chmod(script, 0o755) == 0)
            let head = { () -> Int in
                let text = (try? String(contentsOfFile: d.db + ".audit-head", encoding: .utf8)) ?? ""
                return Int(text.split(separator: " ").first ?? "") ?? 0
            }
            let before = head()

            let agnes = try Tmux(
                size: (80, 24),
                command: Accounts.command(
                    as: Accounts.agent, d.binary, ["--db", d.db], environment: ["EDITOR=\(script)"]),
                environment: [:], directory: d.cb.home)
            defer { agnes.kill() }
            try agnes.wait(for: "F10Quit")
            try agnes.send("n")
            try agnes.wait(for: "C-x C-e editor")
            try agnes.type("C-HB")
            try agnes.send("Tab")
            try agnes.type("SN-OV1")
            try agnes.send("Tab")
            try agnes.send("C-x", "C-e")
            try agnes.wait(for: "Oven will not heat")
            try agnes.send("C-s")
            try agnes.wait(for: "opened case 1")
            try agnes.send("q")
            #expect(try agnes.exitStatus() == 0)

            // The editor held none of the program's group: not as a group, nor saved to take back
            let groups = try String(contentsOfFile: own + "/id", encoding: .utf8).split(whereSeparator: \.isWhitespace)
            #expect(!groups.isEmpty && !groups.contains("\(d.gid)"), "\(groups)")
            let status = try String(contentsOfFile: own + "/status", encoding: .utf8)
            #expect(gids(status) == [user, user, user, user], "\(status)")
            // The case opened after it is written, and the head file — opened before the group
            // went — names it: the trail holds
            #expect(head() > before)
            let verified = try d.cb.run(["audit", "verify", "--db", d.db])
            #expect(verified.status == 0, "\(verified.stdout)")
        }

        @Test("A setgid casebench takes its shipped files from its installed prefix only, never from CASEBENCH_SHARE")
        func shippedFilesFromThePrefix() throws {
            let d = try Deployment()
            defer { d.cleanUp() }
            let share = d.cb.path("elsewhere")
            try FileManager.default.createDirectory(atPath: share + "/data/other", withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: URL(fileURLWithPath: share + "/data/other/dataset.json"))
            try Accounts.shell(["chmod", "-R", "a+rX", share])
            let run = try d.run(
                as: Accounts.agent, ["demo", "--dataset", "other", "--db", d.cb.path("agnes/training.sqlite")],
                environment: ["CASEBENCH_SHARE=\(share)"])
            #expect(run.status == 2)
            #expect(
                run.stderr
                    == "casebench: no dataset 'other' found (looked under \(d.prefix)/share/casebench only: a setgid casebench trusts no other place)\n"
            )
        }

        /// The four group ids of a `/proc/PID/status` text's `Gid:` line.
        func gids(_ status: String) -> [gid_t] {
            let line = status.split(separator: "\n").first { $0.hasPrefix("Gid:") } ?? ""
            return line.split(whereSeparator: \.isWhitespace).dropFirst().compactMap { gid_t($0) }
        }
    }
}
