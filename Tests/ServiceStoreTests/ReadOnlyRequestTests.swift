import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

/// A database opened read-only because the person asked (`casebench --read-only`), though it
/// could be written: SQLite itself refuses writes, no upgrade runs, and the folder is left as it was.
@Suite("Opening a database read-only on request")
struct ReadOnlyRequestTests {
    static let request = ReadOnlyRequest(reason: "asked to only look", toUpgrade: "open it once to upgrade it")

    /// Every file in `dir` with its bytes.
    private func snapshot(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return files
    }

    @Test("Reads work; a write is refused by the store and, behind its back, by SQLite; the files are unchanged")
    func refusesWrites() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            do {
                let db = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
                try db.perform(Fixtures.command("setup")) { tx in try Fixtures.seed(tx) }
            }
            let before = try snapshot(dir.path)
            do {
                let db = try AppDatabase.open(at: path, readOnly: Self.request)
                #expect(db.readOnlyReason == "asked to only look")
                #expect(try db.read { try $0.user("agnes") } != nil)
                #expect(throws: StoreError.readOnly(path: path, detail: "asked to only look")) {
                    try db.perform(Fixtures.command("user add")) { tx in
                        try tx.insertUser(User(account: "zed", name: "Zed", role: .agent))
                    }
                }
                // Past the store's own refusal, the connection itself cannot write.
                #expect(throws: DatabaseError.self) {
                    try db.writer.writeWithoutTransaction {
                        try $0.execute(sql: "UPDATE meta SET value = 'x' WHERE key = 'kind'")
                    }
                }
            }
            let after = try snapshot(dir.path)
            for (name, bytes) in before { #expect(after[name] == bytes, "\(name) changed") }
            // Only what SQLite needs to read a WAL database may appear, and no log of writes.
            #expect(Set(after.keys).subtracting(before.keys).isSubset(of: ["prod.sqlite-wal", "prod.sqlite-shm"]))
            #expect(after["prod.sqlite-wal"]?.isEmpty ?? true)
        }
    }

    @Test("A schema behind this Casebench is refused, saying how to upgrade it, and is not upgraded")
    func olderSchemaRefused() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("old.sqlite")
            let last = try Fixtures.databaseOneMigrationBehind(at: path)
            #expect(
                throws: StoreError.readOnly(
                    path: path,
                    detail:
                        "asked to only look, and it needs a schema upgrade first, which is a write: open it once to upgrade it"
                )
            ) { try AppDatabase.open(at: path, readOnly: Self.request) }
            let applied = try DatabaseQueue(path: path).read { try Schema.migrator.appliedIdentifiers($0) }
            #expect(!applied.contains(last))
        }
    }
}
