import Foundation
import GRDB
import Testing

@testable import ServiceStore

/// What `casebench doctor` reads of a database: it must never change one, nor make one.
@Suite("Inspecting a database without changing it")
struct DatabaseInspectionTests {
    private func listing(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    @Test("A closed database: its kind, full schema, WAL and mode are read, and its folder is left byte for byte")
    func closedDatabase() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            do { _ = try AppDatabase.create(at: path, kind: .production, creator: Fixtures.ada, at: Fixtures.now) }
            let files = try listing(dir.path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

            let inspection = try DatabaseInspection.inspect(at: path)

            #expect(inspection.kind == .production)
            #expect(inspection.pendingMigrations.isEmpty)
            #expect(inspection.appliedMigrations == Schema.migrator.migrations)
            #expect(inspection.journalMode == "wal")
            #expect(inspection.mode == 0o600)
            #expect(inspection.ownership.hasSuffix("mode 0600"))
            #expect(inspection.whyReadOnly == nil)
            #expect((inspection.freeBytes ?? 0) > 0)
            // Not even the -wal and -shm a read-only connection would leave behind
            #expect(try listing(dir.path) == files)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        }
    }

    @Test("A database in use is read through its log, as it stands")
    func openDatabase() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("prod.sqlite")
            let db = try AppDatabase.create(at: path, kind: .training, creator: Fixtures.ada, at: Fixtures.now)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(try DatabaseInspection.inspect(at: path).kind == .training)
            _ = db
        }
    }

    @Test("A schema behind this Casebench names the migrations the next open applies, and none is applied")
    func pendingMigrations() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("old.sqlite")
            let last = try Fixtures.databaseOneMigrationBehind(at: path)
            #expect(try DatabaseInspection.inspect(at: path).pendingMigrations == [last])
            // Looking applied nothing: a second look finds the same migration pending
            #expect(try DatabaseInspection.inspect(at: path).pendingMigrations == [last])
        }
    }

    @Test("A missing database is refused as open refuses it, and not made")
    func missing() throws {
        try withTemporaryDirectory { dir throws in
            let path = dir.file("none.sqlite")
            #expect(throws: StoreError.missing(path: path)) { try DatabaseInspection.inspect(at: path) }
            #expect(try listing(dir.path).isEmpty)
        }
    }
}
