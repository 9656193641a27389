import Foundation
import GRDB
import ServiceCore
import Testing

@testable import ServiceStore

@Suite("Creating and opening database files")
struct OpeningTests {
    private func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A few KiB that are not a database, the same every run.
    private func randomBytes(count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    @Test("A created database opens again with its kind, creator, creation time and business date")
    func createThenOpen() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("nested/dir/prod.sqlite")
            do {
                _ = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
            }

            // When
            let db = try AppDatabase.open(at: path)

            // Then
            #expect(db.path == path)
            #expect(
                try db.info()
                    == DatabaseInfo(kind: .production, createdBy: "ada", createdAt: Fixtures.now, businessDate: nil))
            #expect(try db.read { try $0.user("ada") } == Fixtures.ada)
        }
    }

    @Test("A training database keeps the business date its stories are told on", arguments: Storage.allCases)
    func trainingInfo(_ storage: Storage) throws {
        try withStore(storage, seeded: false) { db throws in
            // Given a training store (created by the helper)
            // When
            let info = try db.info()

            // Then
            #expect(
                info
                    == DatabaseInfo(
                        kind: .training, createdBy: "ada", createdAt: Fixtures.now, businessDate: Fixtures.today))
            #expect(try db.read { try $0.users() } == [Fixtures.ada])
        }
    }

    @Test("Every commit is flushed to the disk before it is reported: synchronous FULL, created or opened")
    func fullDurability() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("durable.sqlite")
            func synchronous(_ db: AppDatabase) throws -> Int? {
                try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
            }
            // 2 is FULL: in WAL, the log is synced at every commit (NORMAL, 1, only at checkpoints)
            #expect(
                try synchronous(
                    AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)) == 2)
            #expect(try synchronous(AppDatabase.open(at: path)) == 2)
        }
    }

    @Test("Opening a missing file fails, naming the path and `casebench init`, and creates nothing")
    func missing() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("nothing-here.sqlite")

            // When
            let error = #expect(throws: StoreError.self) { try AppDatabase.open(at: path) }

            // Then
            #expect(error == .missing(path: path))
            #expect(
                error?.description
                    == "no database at \(path): create a production one with `casebench init`, or a training one with `casebench demo`"
            )
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("A plain SQLite file with another schema is refused as not Casebench and left byte for byte as it was")
    func notCasebench() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("stranger.sqlite")
            do {
                let queue = try DatabaseQueue(path: path)
                try queue.write {
                    try $0.execute(
                        sql:
                            "CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipe (name) VALUES ('bread')"
                    )
                }
                try queue.close()
            }
            let before = try bytes(path)

            // When
            let error = #expect(throws: StoreError.self) { try AppDatabase.open(at: path) }

            // Then
            #expect(error == .notCasebench(path: path))
            #expect(error?.description == "\(path) is a SQLite database but not a Casebench one; it was left as it is")
            #expect(try bytes(path) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["stranger.sqlite"])
        }
    }

    @Test("An empty file is refused as not Casebench and stays empty")
    func emptyFile() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("touched.sqlite")
            try dir.write("touched.sqlite", "")

            // When
            let error = #expect(throws: StoreError.self) { try AppDatabase.open(at: path) }

            // Then
            #expect(error == .notCasebench(path: path))
            #expect(try bytes(path) == [])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["touched.sqlite"])
        }
    }

    @Test("A file of random bytes is refused as damaged and left as it was")
    func damaged() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("noise.sqlite")
            let noise = randomBytes(count: 8192)
            try dir.write("noise.sqlite", bytes: noise)

            // When
            let error = #expect(throws: StoreError.self) { try AppDatabase.open(at: path) }

            // Then
            #expect(error == .damaged(path: path, detail: "file is not a database"))
            #expect(
                error?.description
                    == "\(path) is damaged or not a database (file is not a database); it was left as it is — restore it from a backup"
            )
            #expect(try bytes(path) == noise)
        }
    }

    @Test("Creating over an existing file is refused and leaves the file byte for byte as it was")
    func createOverExisting() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("notes.sqlite")
            try dir.write("notes.sqlite", "my precious notes\n")
            let before = try bytes(path)

            // When
            let error = #expect(throws: StoreError.self) {
                try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
            }

            // Then
            #expect(error == .alreadyExists(path: path))
            #expect(error?.description == "\(path) already exists; it was left as it is")
            #expect(try bytes(path) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.sqlite"])
        }
    }

    @Test("Creating over an existing Casebench database is refused and keeps its data")
    func createOverCasebench() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("casebench.sqlite")
            do {
                let db = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now)
                try db.perform(Fixtures.command("add customer")) { try $0.saveCustomer(Fixtures.acme) }
            }
            let before = try bytes(path)

            // When
            #expect(throws: StoreError.alreadyExists(path: path)) {
                try AppDatabase.create(at: path, kind: .training, creator: Fixtures.tina, at: Fixtures.now)
            }

            // Then
            #expect(try bytes(path) == before)
            let db = try AppDatabase.open(at: path)
            #expect(try db.info().kind == .production)
            #expect(try db.read { try $0.customer("C-ACME") } == Fixtures.acme)
        }
    }

    @Test("A database whose migrations name one this build does not know is refused as newer")
    func newerSchema() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("future.sqlite")
            do { _ = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now) }
            do {
                let queue = try DatabaseQueue(path: path)
                try queue.write {
                    try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
                }
                try queue.close()
            }

            // When
            let error = #expect(throws: StoreError.self) { try AppDatabase.open(at: path) }

            // Then
            #expect(error == .newerSchema(path: path))
            #expect(error?.description == "\(path) was written by a newer Casebench; upgrade Casebench to open it")
        }
    }

    @Test(
        "A Casebench database is marked with its application id and has run every migration, in order (SQLite)",
        arguments: Storage.sqlite)
    func applicationID(_ storage: Storage) throws {
        try withStore(storage, seeded: false) { db throws in
            // When
            let (appID, migrations) = try db.read { tx throws in
                (
                    try Int32.fetchOne(tx.db, sql: "PRAGMA application_id"),
                    try String.fetchAll(tx.db, sql: "SELECT identifier FROM grdb_migrations")
                )
            }

            // Then
            #expect(appID == 0x4373_426E)
            #expect(
                migrations == [
                    "v1", "v2-case-search", "v3-parts", "v4-postings", "v5-audit-chain", "v6-release-override",
                    "v7-posting-indexes", "v8-case-erp-key", "v9-batch-written", "v10-queue-indexes",
                    "v11-case-state-codes",
                    "v12-posting-key-parts", "v13-case-search-external", "v14-entitlement-facts",
                    "v15-posting-kind-codes", "v16-open-case-search", "v17-visit-technician", "v18-resolution-codes",
                    "v19-search-without-positions",
                ])
            #expect(migrations == Schema.migrator.migrations)
        }
    }

    @Test("On disk the journal mode is WAL, foreign keys are on and a busy timeout is set")
    func walAndForeignKeys() throws {
        try withStore(.disk, seeded: false) { db throws in
            // When
            let (mode, foreignKeys, timeout) = try db.read { tx throws in
                (
                    try String.fetchOne(tx.db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(tx.db, sql: "PRAGMA foreign_keys"),
                    try Int.fetchOne(tx.db, sql: "PRAGMA busy_timeout")
                )
            }

            // Then
            #expect(mode == "wal")
            #expect(foreignKeys == 1)
            #expect(timeout == 5000)
        }
    }

    @Test(
        "Foreign keys are enforced: an asset naming an unknown customer is refused (SQLite)", arguments: Storage.sqlite)
    func foreignKeysEnforced(_ storage: Storage) throws {
        try withStore(storage) { db throws in
            // Given
            let orphan = Asset(
                serial: "SN-ORPHAN", sku: "PUMP-200", customerID: "C-NOBODY", installedOn: Fixtures.today,
                region: "NORTH")

            // When
            let error = #expect(throws: DatabaseError.self) {
                try db.perform(Fixtures.command("add asset")) { try $0.saveAsset(orphan) }
            }

            // Then
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message == "FOREIGN KEY constraint failed")
            let stored = try db.read { try $0.asset("SN-ORPHAN") }
            #expect(stored == nil)
        }
    }

    @Test("What one connection commits, a database opened later on the same file sees")
    func durableAcrossOpens() throws {
        try withTemporaryDirectory { dir throws in
            // Given
            let path = dir.file("casebench.sqlite")
            do {
                let db = try AppDatabase.create(at: path, kind: .training, creator: Fixtures.ada, at: Fixtures.now)
                try db.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
            }

            // When
            let reopened = try AppDatabase.open(at: path)

            // Then
            #expect(try reopened.read { try $0.contract("SC-1") } == Fixtures.gold)
            #expect(
                try reopened.read { try $0.users().map(\.account) } == [
                    "ada", "adam", "agnes", "arun", "sam", "tina", "tom",
                ])
        }
    }
}
