import Foundation
import PostgresTestSupport
import ServiceStore
import Testing

extension ProcessTests {
    /// A PostgreSQL desk in the shared deployment: casebench connects as the desk's own role,
    /// whose password is in a file only the program's group reads; users have no role, so
    /// `psql` gets them nowhere, and what they set around casebench (the URL, libpq's
    /// environment, their config's key file) cannot lead the password or the group elsewhere.
    /// Needs root (accounts, a setgid program, files in /etc) and a PostgreSQL server to run a
    /// cluster of its own that asks for passwords.
    @Suite(
        "The desk's own database role on a shared host (engine-specific)",
        .enabled(
            if: getuid() == 0 && PostgresTestServer.url != nil,
            "makes accounts, a setgid program and a password cluster: root, with CASEBENCH_TEST_POSTGRES set"),
        .enabled(
            if: !FileManager.default.fileExists(atPath: DeskCredentials.systemFile)
                && !FileManager.default.fileExists(atPath: "/etc/casebench/audit-key"),
            "this host has a desk's credentials or key of its own in /etc/casebench, which the test would replace"))
    struct DeskRoleTests {
        typealias Accounts = SharedDatabaseTests
        static let etc = "/etc/casebench"
        static let key = etc + "/audit-key"
        static let clusterAccount = "cbpgdesk"

        /// The repository's cluster script, as CI runs it.
        static let script =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-cluster.sh").path

        @Test(
            "An agent works the desk through casebench, which alone reads its password; psql, another URL, libpq's variables and a key file of her choosing get her nothing"
        )
        func onlyCasebenchConnects() throws {
            let d = try GroupDeploymentTests.Deployment()
            defer { d.cleanUp() }
            let fm = FileManager.default

            // A server that asks every connection for the role's password, as a desk's does
            let cluster = "/tmp/casebench-desk-pg-" + UUID().uuidString.prefix(8)
            let password = "pw-" + UUID().uuidString
            let started = try Accounts.shell([
                "PG_PASSWORD=\(password)", "PG_ACCOUNT=\(Self.clusterAccount)", Self.script, "start", cluster,
            ])
            defer { _ = try? Accounts.shell(["PG_ACCOUNT=\(Self.clusterAccount)", Self.script, "stop", cluster]) }
            #expect(started.status == 0, "\(started.stderr)")
            let url = "postgresql:///casebench_test?host=\(cluster)&user=casebench"

            // The desk's credentials, as the README has root write them
            let madeEtc = !fm.fileExists(atPath: Self.etc)
            try fm.createDirectory(atPath: Self.etc, withIntermediateDirectories: true)
            defer {
                for file in [DeskCredentials.systemFile, Self.key] { try? fm.removeItem(atPath: file) }
                if madeEtc { try? fm.removeItem(atPath: Self.etc) }
            }
            try "# the desk's own role\ndatabase = \"\(url)\"\npassword = \"\(password)\"\n"
                .write(toFile: DeskCredentials.systemFile, atomically: false, encoding: .utf8)
            #expect(chown(DeskCredentials.systemFile, 0, d.gid) == 0 && chmod(DeskCredentials.systemFile, 0o644) == 0)

            // Root makes the desk, its key in /etc/casebench (root's config names it)
            let rootConfig = d.cb.path("root-config")
            try fm.createDirectory(atPath: rootConfig + "/casebench", withIntermediateDirectories: true)
            try "audit-key = \"\(Self.key)\"\n".write(
                toFile: rootConfig + "/casebench/config.toml", atomically: false, encoding: .utf8)
            func asRoot(_ arguments: [String]) throws -> Casebench.Run {
                try Accounts.shell(["HOME=" + d.cb.home, "XDG_CONFIG_HOME=" + rootConfig, d.binary] + arguments)
            }
            // A password every account can read is no secret: not used, and the fix said
            let exposed = try asRoot(["init", "--db", url])
            #expect(exposed.status != 0)
            #expect(
                exposed.stderr.contains(
                    "\(DeskCredentials.systemFile) can be read by every account (mode 644), so the password in it is "
                        + "no secret and is not used: chmod 0640 it, owner root, group casebench"), "\(exposed.stderr)")
            #expect(chmod(DeskCredentials.systemFile, 0o640) == 0)
            let made = try asRoot(["init", "--db", url])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(chown(Self.key, 0, d.gid) == 0 && chmod(Self.key, 0o640) == 0)
            #expect(try asRoot(["users", "add", Accounts.agent, "agent", "--db", url]).status == 0)
            try Accounts.loadBakery(url)

            // The agent opens a case through the installed casebench, though her config names a
            // key of her own choosing in the group's folder and libpq's variables point elsewhere
            let agentConfig = d.cb.path("agnes")
            let planted = d.folder + "/planted-key"
            try fm.createDirectory(atPath: agentConfig + "/casebench", withIntermediateDirectories: true)
            try "audit-key = \"\(planted)\"\n".write(
                toFile: agentConfig + "/casebench/config.toml", atomically: false, encoding: .utf8)
            try Accounts.shell(["chmod", "-R", "a+rX", agentConfig])
            let opened = try d.run(
                as: Accounts.agent, ["batch", "--db", url], input: "open C-HB SN-OV1 Oven will not heat\n",
                environment: [
                    "XDG_CONFIG_HOME=" + agentConfig, "PGOPTIONS=-csearch_path=nowhere", "PGPASSFILE=/dev/null",
                ])
            #expect(opened.status == 0, "\(opened.stderr)")
            #expect(opened.stdout.contains("opened case 1"), "\(opened.stdout)")
            #expect(!fm.fileExists(atPath: planted))
            // Her entry was signed with the host's key: the trail holds where that key is checked
            let verified = try asRoot(["audit", "verify", "--db", url])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

            // Doctor says where the password comes from
            let doctor = try asRoot(["doctor", "--db", url])
            #expect(
                doctor.stdout.contains("ok    password  the desk role's, from \(DeskCredentials.systemFile)"),
                "\(doctor.stdout)")

            // But she cannot read the password, and psql as her gets nowhere
            let read = try d.run(as: Accounts.agent, [DeskCredentials.systemFile], program: "/bin/cat")
            #expect(read.status != 0)
            #expect(read.stderr.contains("Permission denied"), "\(read.stderr)")
            let psql = try d.run(
                as: Accounts.agent, ["-w", "-h", cluster, "-U", "casebench", "-d", "casebench_test", "-c", "SELECT 1"],
                program: Self.psql)
            #expect(psql.status != 0)
            #expect(psql.stderr.contains("no password supplied"), "\(psql.stderr)")

            // Nor does casebench give the password to any URL but the one the file names
            let other = try d.run(
                as: Accounts.agent, ["batch", "--db", url + "&application_name=mine"], input: "whoami\n")
            #expect(other.status != 0)
            #expect(other.stderr.contains("no password supplied"), "\(other.stderr)")
            #expect(
                other.stderr.contains(
                    "casebench gives the desk role's password from \(DeskCredentials.systemFile) only to the URL "
                        + "written there, exactly as written"), "\(other.stderr)")
            let told = try d.run(as: Accounts.agent, ["doctor", "--db", url + "&application_name=mine"])
            #expect(
                told.stdout.contains(
                    "warn  password  \(DeskCredentials.systemFile) is for \(url), not for this URL: "
                        + "casebench gives this one no password"), "\(told.stdout)")
        }

        /// The server's own psql, not the Debian wrapper in /usr/bin (which reads the caller's files).
        static var psql: String {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            let newest = versions.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last ?? ""
            return "/usr/lib/postgresql/\(newest)/bin/psql"
        }
    }
}
