import Foundation
import ServiceCore
import ServiceStore
import Testing

extension ProcessTests {
    /// One production database shared by a group, two people at two terminals, each the OS
    /// account they logged in as. Needs root, to make the accounts (CI runs as root).
    @Suite(
        "Two OS accounts on one production database",
        .enabled(if: getuid() == 0, "makes OS accounts with useradd: root only"))
    struct SharedDatabaseTests {
        static let group = "cbtest"
        static let agent = "cbagnes", supervisor = "cbsam", stranger = "cbmallory"

        /// The group and its three members, made for one test and removed after it (`removeAccounts`).
        static func accounts() throws {
            if getgrnam(group) == nil { try shell(["groupadd", group]) }
            for account in [agent, supervisor, stranger] where getpwnam(account) == nil {
                try shell([
                    "useradd", "--no-create-home", "--home-dir", "/nonexistent", "--gid", group, "--shell", "/bin/sh",
                    account,
                ])
            }
        }

        /// Removes the accounts and groups the tests made, so none is left on the host: the tests
        /// that use them run one at a time (`ProcessTests`), each making them anew.
        static func removeAccounts() {
            for account in [agent, supervisor, stranger] where getpwnam(account) != nil {
                // A program of the account's may still be ending (a workbench just quit)
                for _ in 0..<30 where getpwnam(account) != nil {
                    if (try? shell(["userdel", account]))?.status == 0 { break }
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            for name in [group, GroupDeploymentTests.programGroup] where getgrnam(name) != nil {
                _ = try? shell(["groupdel", name])
            }
        }

        @discardableResult
        static func shell(_ arguments: [String], input: String = "") throws -> Casebench.Run {
            try Casebench.spawn(
                "/usr/bin/env", arguments, input: input,
                environment: ChildEnvironment.base)
        }

        /// `casebench ARGS` as `account`, with its primary and supplementary groups, executed in
        /// place (setpriv), as that account's login shell would run it; `environment` adds to its
        /// HOME and USER.
        static func command(
            as account: String, _ binary: String, _ arguments: [String], environment: [String] = []
        ) -> [String] {
            let gid = getpwnam(account)!.pointee.pw_gid
            return [
                "setpriv", "--reuid", account, "--regid", String(gid), "--init-groups", "env", "HOME=/nonexistent",
                "USER=\(account)",
            ] + environment + [binary] + arguments
        }

        /// A customer, her oven under an entitlement rule: enough to open a case on (as root).
        static func loadBakery(_ db: String) throws {
            try AppDatabase.open(at: db).perform(
                CommandRecord(
                    actor: Actor(account: "root"), at: Timestamp(seconds: Int64(Date().timeIntervalSince1970)),
                    text: "load",
                    label: "load", undoable: false)
            ) { tx in
                try tx.saveCustomer(Customer(id: "C-HB", name: "Harbour Bakery", region: "NORTH"))
                try tx.saveItem(
                    Item(
                        sku: "OVEN", description: "Deck oven", category: "Mechanical", serialized: true,
                        listPrice: Money(minorUnits: 900_000)))
                try tx.saveAsset(
                    Asset(
                        serial: "SN-OV1", sku: "OVEN", customerID: "C-HB",
                        installedOn: CivilDate(parsing: "2019-01-01")!,
                        region: "NORTH"))
                try tx.saveRule(EntitlementRule(region: "NORTH", responseHours: 8))
            }
        }

        @Test("An agent opens a case, a supervisor sees it appear and verifies it; the trail names each account")
        func twoAccounts() throws {
            try Self.accounts()
            defer { Self.removeAccounts() }
            let cb = try Casebench()
            defer { cb.cleanUp() }
            // The binary where the accounts can run it, the database in a folder of the group
            let bin = cb.path("bin")
            let shared = cb.path("shared")
            let db = cb.path("shared/prod.sqlite")
            for dir in [bin, shared] {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            }
            try FileManager.default.copyItem(atPath: Casebench.binary, toPath: bin + "/casebench")
            // With the keymaps and themes it ships with, found beside the program
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().path
            for folder in ["keymaps", "themes"] {
                try FileManager.default.copyItem(atPath: root + "/" + folder, toPath: bin + "/" + folder)
            }
            let binary = bin + "/casebench"
            try Self.shell(["chmod", "-R", "a+rX", cb.home])
            try Self.shell(["chgrp", Self.group, shared])
            try Self.shell(["chmod", "2770", shared])

            #expect(try cb.run(["init", "--db", db, "--group", Self.group]).status == 0)
            #expect(try cb.run(["users", "add", Self.agent, "agent", "--db", db]).status == 0)
            #expect(try cb.run(["users", "add", Self.supervisor, "supervisor", "--db", db]).status == 0)
            try Self.loadBakery(db)

            let agnes = try Tmux(
                size: (80, 24), command: Self.command(as: Self.agent, binary, ["--db", db]), environment: [:],
                directory: cb.home)
            defer { agnes.kill() }
            let sam = try Tmux(
                size: (80, 24), command: Self.command(as: Self.supervisor, binary, ["--db", db]), environment: [:],
                directory: cb.home)
            defer { sam.kill() }
            try agnes.wait(for: "F10Quit")
            try sam.wait(for: "F10Quit")

            // When the agent opens a case at her terminal
            try agnes.type(":open C-HB SN-OV1 Oven will not heat")
            try agnes.send("Enter")
            try agnes.wait(for: "opened case 1")
            // The entitlement trail comes up in a box: Esc closes it
            try agnes.wait(for: "Esc closes")
            try agnes.send("Escape")
            // Then the supervisor's queue shows it without a key pressed
            try sam.wait(for: "Oven will not heat")
            try sam.type(":verify 1")
            try sam.send("Enter")
            try sam.wait(for: "case 1: chargeable")
            try sam.wait(for: "Esc closes")
            try sam.send("Escape")
            for t in [agnes, sam] {
                try t.send("q")
                let status = try t.exitStatus()
                let screen = try t.screen()
                #expect(status == 0, "\(screen)")
            }

            // The trail names the OS account of each command; the chain holds
            let history = try cb.run(["audit", "show", "--case", "1", "--db", db])
            #expect(
                history.stdout.contains("\(Self.agent) command: open C-HB SN-OV1 Oven will not heat"),
                "\(history.stdout)")
            #expect(history.stdout.contains("\(Self.supervisor) command: verify 1"), "\(history.stdout)")
            #expect(try cb.run(["audit", "verify", "--db", db]).status == 0)
            // Every file beside the database is the group's, whoever made it; the audit key the
            // group may read, not write
            let gid = getgrnam(Self.group)!.pointee.gr_gid
            for name in try FileManager.default.contentsOfDirectory(atPath: shared) {
                let sharing = FileSharing.of(shared + "/" + name)
                #expect(sharing?.group == gid, "\(name)")
                #expect(sharing?.mode == (name.hasSuffix(".audit-key") ? 0o640 : 0o660), "\(name)")
            }

            // An account of the group that is not a user, and one outside the group, are told why and what to do
            let stranger = try Self.shell(
                Self.command(as: Self.stranger, binary, ["batch", "--db", db]), input: "whoami\n")
            #expect(stranger.status == 2)
            #expect(
                stranger.stderr
                    == "casebench: the OS account '\(Self.stranger)' is not a user of \(db); an admin adds it with `casebench users add \(Self.stranger) ROLE`\n"
            )
            let outsider = try Self.shell(Self.command(as: "nobody", binary, ["batch", "--db", db]), input: "whoami\n")
            #expect(outsider.status == 2)
            #expect(
                outsider.stderr
                    == "casebench: you cannot open \(db): its folder \(shared) is owned by root, group \(Self.group), mode 2770: an admin adds you to group \(Self.group)\n"
            )
        }
    }
}
