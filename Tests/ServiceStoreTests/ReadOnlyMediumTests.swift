import Foundation
import ServiceCore
import Testing

@testable import ServiceStore

/// A small file system of its own (tmpfs), to be filled or mounted read-only as a disk in the
/// field can be. Mounting needs root, which CI has.
private struct ScratchMount {
    let path: String

    init(size: String) throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("casebench-mount-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remountReadOnly() throws { try Self.run("/bin/mount", ["-o", "remount,ro", path]) }

    /// Leaves `bytes` free, with one file taking the rest.
    func fill(leaving bytes: Int64) throws {
        let free = FileSystem.freeBytes(path)!
        try Self.run("/usr/bin/fallocate", ["-l", String(free - bytes), file("filler")])
    }

    /// Unmounts and removes the mount point. A database of the test may still hold a file
    /// open on it (a connection is released when Swift decides, possibly after this `defer`),
    /// and then umount says busy: detached lazily instead, it goes when the file closes, and the
    /// mount point left behind empty is removed — a test left a mounted tmpfs in /tmp otherwise.
    func remove() {
        if (try? Self.run("/bin/umount", [path])) == nil { try? Self.run("/bin/umount", ["--lazy", path]) }
        try? FileManager.default.removeItem(atPath: path)
    }

    static func run(_ program: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw StoreError.invalid("\(program) \(arguments.joined(separator: " ")) failed (\(p.terminationStatus))")
        }
    }
}

@Suite(
    "A database on a read-only medium or a full disk",
    .enabled(if: getuid() == 0, "mounts a tmpfs: root only"))
struct ReadOnlyMediumTests {
    /// A seeded production database at `path`, closed (its -wal and -shm gone with it).
    private func seededDatabase(at path: String) throws {
        let db = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
        try db.perform(Fixtures.command("seed")) { try Fixtures.seed($0) }
    }

    @Test("On a medium mounted read-only the database opens for reading; a write is refused naming the mount")
    func readOnlyMedium() throws {
        let mount = try ScratchMount(size: "4m")
        defer { mount.remove() }
        let path = mount.file("prod.sqlite")
        try seededDatabase(at: path)
        try mount.remountReadOnly()

        let db = try AppDatabase.open(at: path)

        #expect(db.readOnlyReason == "the file system at \(mount.path) is mounted read-only")
        #expect(try db.read { try $0.customer("C-ACME") }?.name == "Acme Bakery")
        #expect(try db.verifyAudit().problem == nil)
        let entries = try db.read { try $0.auditEntries(limit: 1000).count }
        #expect(throws: StoreError.readOnly(path: path, detail: db.readOnlyReason!)) {
            try db.perform(Fixtures.command("customer")) {
                try $0.saveCustomer(Customer(id: "C-NEW", name: "New Customer", region: "NORTH"))
            }
        }
        #expect(
            "\(StoreError.readOnly(path: path, detail: db.readOnlyReason!))"
                == "nothing can be recorded in \(path): the file system at \(mount.path) is mounted read-only")
        #expect(try db.read { try $0.auditEntries(limit: 1000).count } == entries)
        #expect(try db.read { try $0.customer("C-NEW") } == nil)
    }

    @Test("A database a crash left with unmerged transactions on a read-only medium is refused with what to do")
    func uncleanOnReadOnlyMedium() throws {
        let mount = try ScratchMount(size: "4m")
        defer { mount.remove() }
        let path = mount.file("prod.sqlite")
        let copy = mount.file("copy.sqlite")
        do {
            let db = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
            try db.perform(Fixtures.command("seed")) { try Fixtures.seed($0) }
            // While it is open, its log holds the transactions: the files as a crash leaves them.
            for suffix in ["", "-wal"] {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
        }
        try mount.remountReadOnly()

        #expect {
            _ = try AppDatabase.open(at: copy)
        } throws: { error in
            "\(error)".contains("not closed cleanly") && "\(error)".contains("mount it writable once")
        }
    }

    @Test("A nearly full disk is named as full, with what is left and where, even for reading")
    func nearlyFullDisk() throws {
        let mount = try ScratchMount(size: "2m")
        defer { mount.remove() }
        let path = mount.file("prod.sqlite")
        try seededDatabase(at: path)
        try mount.fill(leaving: 16 * 1024)

        // A failure says what happened and what was left: this failed twice, once after 27.6 s
        // and once with the database opened and read, and neither could be made to happen again
        // (18 runs of the suite beside a CI run, 12 alone).
        do {
            _ = try AppDatabase.open(at: path).read { try $0.customer("C-ACME") }
            let files = try FileManager.default.contentsOfDirectory(atPath: mount.path).sorted()
            Issue.record(
                "a nearly full disk was opened and read, \(FileSystem.freeBytes(mount.path) ?? -1) B free after, holding \(files)"
            )
        } catch {
            guard case .diskFull(path, let detail?) = error as? StoreError else {
                Issue.record("not named as a full disk: \(error)")
                return
            }
            #expect(detail.hasSuffix(" free on \(mount.path)"), "\(detail)")
            #expect("\(error)".hasPrefix("the disk holding \(path) is full ("), "\(error)")
        }
    }
}
