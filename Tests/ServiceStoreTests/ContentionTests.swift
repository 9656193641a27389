import Foundation
import ServiceCore
import Testing

@testable import ServiceStore

/// What went wrong on the contending connections, gathered from their threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    private var refusedCount = 0

    func add(_ text: String) { lock.withLock { list.append(text) } }
    func refused() { lock.withLock { refusedCount += 1 } }
    var all: [String] { lock.withLock { list } }
    var refusals: Int { lock.withLock { refusedCount } }
}

@Suite("Writers contending for one database")
struct ContentionTests {
    // Under a steady stream of writers SQLite's own busy wait, trying ever more rarely, let a
    // waiting process starve until its timeout: sessions failed at open and at their first
    // write. A short timeout (0.8 s) makes that starvation show here within a few seconds.
    @Test(
        "Connections that open and write while others write: none gives up within its timeout, none oversells")
    func contendingConnections() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("casebench.sqlite")
            let caseID: CaseID
            do {
                let db = try AppDatabase.create(
                    at: path, kind: .training, creator: Fixtures.ada, at: Fixtures.now, businessDate: Fixtures.today)
                try db.perform(Fixtures.command("seed", undoable: false)) { try Fixtures.seed($0) }
                try db.perform(Fixtures.command("seed stock", undoable: false)) { try Fixtures.seedStock($0) }
                caseID = try #require(try openCases(db).first)
                // Fewer seals than writers: some reserves must be refused, none may oversell
                try receiveStock(db, "P-SEAL", 3, into: "WH-N-A1", at: "18.00")
            }
            let writers = 8
            let rounds = 40
            let failures = Failures()
            // Each writer opens the database anew every five rounds, as sessions come and go,
            // then reserves one seal and releases it, each its own transaction.
            @Sendable func write(rounds: Int) {
                var db: AppDatabase?
                for round in 0..<rounds {
                    do {
                        if round % 5 == 0 { db = try AppDatabase.open(at: path, busyTimeout: 0.8) }
                        guard let db else { return }
                        let id: ReservationID? = try db.perform(Fixtures.command("reserve", by: "agnes")) { tx in
                            let id = try tx.nextReservationID()
                            do {
                                try tx.apply(
                                    .reserve(
                                        ReservationDraft(
                                            id: id, caseID: caseID, visitID: nil, sku: "P-SEAL", bin: "WH-N-A1",
                                            quantity: 1)), by: "agnes", at: Fixtures.now)
                            } catch StoreError.invalid, StoreError.conflict {
                                return nil
                            }
                            return id
                        }
                        guard let id else {
                            failures.refused()
                            continue
                        }
                        try db.perform(Fixtures.command("release", by: "agnes")) { tx in
                            try tx.apply(.release(id, quantity: 1), by: "agnes", at: Fixtures.now)
                        }
                    } catch {
                        failures.add("round \(round): \(error)")
                    }
                }
            }
            // (Threads of their own: a dispatch queue would run only as many at once as there are cores.)
            let done = DispatchGroup()
            for _ in 0..<writers {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    write(rounds: rounds)
                }
            }
            done.wait()
            #expect(failures.all == [])
            let db = try AppDatabase.open(at: path)
            // Every reserve was released again, and the ledger, stock and reservations agree
            #expect(try onHandReserved(db, "P-SEAL", "WH-N-A1") == [3, 0])
            #expect(try db.read { try $0.stockProblems() } == [])
            let reserves = try db.read { try $0.count(table: "reservation") }
            #expect(reserves + failures.refusals == writers * rounds)
        }
    }
}
