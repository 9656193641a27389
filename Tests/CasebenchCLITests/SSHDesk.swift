import Foundation

/// A real sshd on a loopback port, deployed as the README's "Technicians over SSH" says: a
/// test account that logs in with a key and gets the workbench and nothing else (`ForceCommand`,
/// no user rc, no forwarding, a terminal). Its own config, host key, account and folder, all
/// removed by `cleanUp()`. Needs root: it makes the account and runs sshd as root would.
struct SSHDesk {
    static let account = "cbtech"
    static let sshd = "/usr/sbin/sshd"
    static var available: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: sshd) }

    let folder: String
    let home: String
    let port: UInt16
    private let madePrivilegeFolder: Bool

    /// The workbench each login gets: the demo's training database in the account's home,
    /// acting as `user` (a technician's or an agent's day on the demo cases).
    init(actingAs user: String) throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("casebench-ssh-\(UUID().uuidString)")
            .path
        home = folder + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        chmod(folder, 0o755)
        try Self.removeAccount()
        try Self.shell(["useradd", "--no-create-home", "--home-dir", home, "--shell", "/bin/sh", Self.account])
        // A locked password ("!") would lock key logins too when sshd does not use PAM.
        try Self.shell(["usermod", "--password", "*", Self.account])
        try Self.shell(["chown", Self.account, home])
        try Self.shell(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/host_key"])
        try Self.shell(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/client_key"])
        try FileManager.default.copyItem(atPath: folder + "/client_key.pub", toPath: folder + "/authorized_keys")
        // sshd wants its privilege-separation folder; a host without the service has none.
        madePrivilegeFolder = !FileManager.default.fileExists(atPath: "/run/sshd")
        if madePrivilegeFolder {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        port = try DelayRelay.freePort()
        let workbench = [Casebench.binary, "demo", "--db", home + "/desk.sqlite", "--as", user]
            .map(Tmux.quote).joined(separator: " ")
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            AllowUsers \(Self.account)
            AcceptEnv LANG LC_*
            PermitUserRC no
            DisableForwarding yes
            PermitTTY yes
            ClientAliveInterval 1
            ClientAliveCountMax 2
            ForceCommand exec \(workbench)
            LogLevel ERROR

            """
        try config.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        // Started as a daemon, not as a child kept running: Foundation's Process reaps its
        // children on one thread, and a child that never exits there stalls every later spawn.
        try Self.shell([Self.sshd, "-f", folder + "/sshd_config", "-E", folder + "/sshd.log"])
        // Up when it accepts a connection.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let fd = try? DelayRelay.connect(to: port) {
                close(fd)
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log = (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? ""
        cleanUp()
        throw DelayRelay.RelayError(message: "sshd did not listen on 127.0.0.1:\(port): \(log)")
    }

    /// `ssh -tt` to the account in a private tmux at 80×24 under `term`, carrying `lang` as
    /// SendEnv would; through `port` (a relay's) when given.
    func login(term: String, lang: String = "en_US.UTF-8", through port: UInt16? = nil) throws -> Tmux {
        let ssh = [
            "ssh", "-F", "/dev/null", "-tt", "-p", String(port ?? self.port), "-i", folder + "/client_key",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "BatchMode=yes", "-o", "SetEnv=LANG=\(lang)", "\(Self.account)@127.0.0.1",
        ]
        return try Tmux(
            size: (80, 24), command: ssh, environment: ["HOME": folder, "TERM": term], directory: folder)
    }

    /// The account's casebench processes still running. One that has exited but is not yet
    /// reaped (state Z) counts as gone: it holds no file, lock or terminal, and its reaping is
    /// up to whichever process adopted it (in a container, an init that may take seconds).
    func workbenchProcesses() throws -> [String] {
        let found = try Self.shell(["ps", "-u", Self.account, "-o", "stat=,args="], check: false)
        return found.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.hasPrefix("Z") && $0.contains("casebench")
        }
    }

    func cleanUp() {
        if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGTERM)
            for _ in 0..<100 where kill(pid, 0) == 0 { Thread.sleep(forTimeInterval: 0.02) }
        }
        _ = try? Self.removeAccount()
        try? FileManager.default.removeItem(atPath: folder)
        if madePrivilegeFolder { try? FileManager.default.removeItem(atPath: "/run/sshd") }
    }

    /// Ends whatever the account still runs, and the account.
    private static func removeAccount() throws {
        guard getpwnam(account) != nil else { return }
        _ = try? shell(["pkill", "-KILL", "-u", account], check: false)
        for _ in 0..<50 where (try? shell(["pgrep", "-u", account], check: false))?.status == 0 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try shell(["userdel", account])
    }

    /// Runs a system tool; one that fails throws with what it said, unless `check` is off.
    @discardableResult
    private static func shell(_ arguments: [String], check: Bool = true) throws -> Casebench.Run {
        let run = try Casebench.spawn("/usr/bin/env", arguments, input: "", environment: ChildEnvironment.base)
        if check && run.status != 0 {
            throw DelayRelay.RelayError(message: "\(arguments.joined(separator: " ")): \(run.stderr)")
        }
        return run
    }
}
