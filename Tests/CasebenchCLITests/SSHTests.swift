import Foundation
import ServiceCore
import ServiceStore
import Testing

/// One thing a person does at the keyboard: a key, which counts against a flow's budget, or
/// text typed into a field (a search, a fault, a quantity), which does not.
enum Stroke {
    case key(String)
    case text(String)

    static func count(_ flow: [Stroke]) -> Int {
        flow.filter { if case .key = $0 { true } else { false } }.count
    }

    /// The flow as tmux key arguments for one `send-keys`: typed ahead in a single burst.
    static func burst(_ flow: [Stroke]) -> [String] {
        flow.flatMap { stroke -> [String] in
            switch stroke {
            case .key(let name): [name]
            // Each word as literal text, and a space as its key.
            case .text(let text): Array(text.split(separator: " ").flatMap { [String($0), "Space"] }.dropLast())
            }
        }
    }
}

extension ProcessTests {
    /// The technician's visit and the agent's call of issue 19, over a real sshd at 80×24, with
    /// their keys counted; under several terminals, a locale the host lacks, a slow link and a
    /// dropped one.
    @Suite(
        "Over SSH: a technician's visit and an agent's call, in keys counted",
        .enabled(if: SSHDesk.available, "runs sshd and makes an account: root, with openssh-server installed"))
    struct SSHTests {
        /// On demo case 1, his visit: done, the seal he brought, 45 minutes, the resolution, then
        /// sign-off — which gives back the control board he did not need, bills and closes.
        static let technicianVisit: [Stroke] = [
            .key("d"), .key("p"), .key("Enter"), .key("l"), .text("45"), .key("Enter"), .key("R"),
            .text("cleaned"), .key("Tab"), .text("Seal replaced"), .key("Enter"), .key("F"), .key("Left"),
            .key("Enter"),
        ]
        static let technicianBudget = 15

        /// A call from Dune Laundry: the customer by three letters, the serial by a part of it,
        /// the fault; verified on opening; tom's next free slot; one seal kit reserved.
        static let agentCall: [Stroke] = [
            .key("F2"), .text("dun"), .key("Tab"), .key("Tab"), .text("bal"), .key("Tab"), .key("Tab"),
            .text("noisy pump"), .key("Enter"), .key("s"), .text("tom"), .key("Enter"), .key("r"), .text("P-SE"),
            .key("Tab"), .key("Enter"),
        ]
        static let agentBudget = 20

        /// A UTF-8 locale this host has not installed, as a laptop's `SendEnv` would carry.
        static var missingLocale: String {
            let installed =
                (try? Casebench.spawn("/usr/bin/locale", ["-a"], input: "", environment: ChildEnvironment.base))?
                .stdout.lowercased() ?? ""
            return installed.contains("en_us.utf8") ? "eo_XX.UTF-8" : "en_US.UTF-8"
        }

        /// Types `flow` a stroke at a time, as a person does.
        func play(_ flow: [Stroke], on tmux: Tmux) throws {
            for stroke in flow {
                switch stroke {
                case .key(let name): try tmux.send(name)
                case .text(let text): try tmux.type(text)
                }
            }
        }

        func caseOne(_ desk: SSHDesk) throws -> ServiceCase? {
            try AppDatabase.open(at: desk.home + "/desk.sqlite").read { try $0.serviceCase(CaseID(1)) }
        }

        @Test(
            "The technician's visit, from his visits to closed, within 15 keys",
            arguments: ["xterm-256color", "screen", "linux"])
        func technicianVisit(term: String) throws {
            #expect(Stroke.count(Self.technicianVisit) <= Self.technicianBudget)
            let desk = try SSHDesk(actingAs: "tom")
            defer { desk.cleanUp() }
            let lang = Self.missingLocale
            let tmux = try desk.login(term: term, lang: lang)
            defer { tmux.kill() }
            // His own visits first, and the locale he brought set aside in one line
            let first = try tmux.wait(for: "F10Quit")
            #expect(first.contains("Cases · my-visits · 1"), "\(first)")
            #expect(first.contains("the locale \(lang) is not installed on this host: drawing in C.UTF-8"), "\(first)")
            try play(Self.technicianVisit, on: tmux)
            let closed = try tmux.wait(for: "closed case 1:")
            #expect(closed.contains("Cases · my-visits · 0"))
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            #expect(try caseOne(desk)?.status == .closed)
        }

        @Test(
            "The agent's call, opened verified, scheduled and a part reserved, within 20 keys",
            arguments: ["xterm-256color", "screen", "linux"])
        func agentCall(term: String) throws {
            #expect(Stroke.count(Self.agentCall) <= Self.agentBudget)
            let desk = try SSHDesk(actingAs: "agnes")
            defer { desk.cleanUp() }
            let tmux = try desk.login(term: term, lang: Self.missingLocale)
            defer { tmux.kill() }
            try tmux.wait(for: "F10Quit")
            try play(Self.agentCall, on: tmux)
            try tmux.wait(for: "case 8: reserved 1 × P-SEAL")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            let (opened, visits, reservations) = try AppDatabase.open(at: desk.home + "/desk.sqlite").read { tx in
                (
                    try tx.serviceCase(CaseID(8)), try tx.visits(caseID: CaseID(8)),
                    try tx.reservations(caseID: CaseID(8))
                )
            }
            #expect(opened?.serial == "SN-BALANCE")
            #expect(opened?.subject == "noisy pump")
            #expect(opened?.status == .scheduled)
            #expect(visits.map(\.technician) == ["tom"])
            #expect(reservations.map(\.sku) == ["P-SEAL"])
        }

        @Test(
            "The mouse over SSH: reporting asked for through the link, a click and the wheel select, off after quitting",
            arguments: ["xterm-256color", "screen"])
        func mouse(term: String) throws {
            let desk = try SSHDesk(actingAs: "agnes")
            defer { desk.cleanUp() }
            let tmux = try desk.login(term: term, lang: "C.UTF-8")
            defer { tmux.kill() }
            let first = try tmux.wait(for: "F10Quit", seconds: 30)
            #expect(try tmux.mouseModes() == "1000 1006")
            let rows = first.split(separator: "\n", omittingEmptySubsequences: false)
            let two = try #require(rows.firstIndex { $0.hasPrefix("│    2 ") }, "\(first)")
            try tmux.click(10, two)
            try tmux.wait(for: "case 2 · ")
            try tmux.click(10, two, button: 65)
            try tmux.wait(for: "─ 5/5 ─┘")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            #expect(try tmux.mouseModes() == "")
        }

        @Test("Over a link of 300 ms round trip, the visit typed ahead in one burst ends the same")
        func slowLinkBurst() throws {
            let desk = try SSHDesk(actingAs: "tom")
            defer { desk.cleanUp() }
            let relay = try DelayRelay(to: desk.port, delay: 0.15)
            defer { relay.drop() }
            let tmux = try desk.login(term: "xterm-256color", through: relay.port)
            defer { tmux.kill() }
            try tmux.wait(for: "F10Quit", seconds: 30)
            try tmux.run(["send-keys", "-t", "t"] + Stroke.burst(Self.technicianVisit))
            try tmux.wait(for: "closed case 1:", seconds: 30)
            #expect(try caseOne(desk)?.status == .closed)
        }

        @Test("The link dropped: the workbench on the host is gone within 2 s, no lock is left, the work is kept")
        func droppedLink() throws {
            let desk = try SSHDesk(actingAs: "tom")
            defer { desk.cleanUp() }
            let relay = try DelayRelay(to: desk.port, delay: 0.15)
            let tmux = try desk.login(term: "xterm-256color", through: relay.port)
            defer { tmux.kill() }
            try tmux.wait(for: "F10Quit", seconds: 30)
            try tmux.send("d")
            try tmux.wait(for: "visit 1 on case 1: done", seconds: 30)
            #expect(try !desk.workbenchProcesses().isEmpty)

            relay.drop()
            let dropped = Date()
            while try !desk.workbenchProcesses().isEmpty, Date().timeIntervalSince(dropped) < 5 {
                Thread.sleep(forTimeInterval: 0.05)
            }
            let gone = Date().timeIntervalSince(dropped)
            #expect(gone < 2, "the workbench outlived the link by \(gone) s")
            // No lock: a writer gets the database at once
            let write = try Casebench.spawn(
                "/usr/bin/sqlite3", [desk.home + "/desk.sqlite", "BEGIN IMMEDIATE; ROLLBACK;"], input: "",
                environment: ChildEnvironment.base)
            #expect(write.status == 0, "\(write.stderr)")
            let visit = try AppDatabase.open(at: desk.home + "/desk.sqlite").read { try $0.visit(VisitID(1)) }
            #expect(visit?.status == .done)
        }
    }
}
