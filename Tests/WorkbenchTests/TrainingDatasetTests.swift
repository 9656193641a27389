import Foundation
import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

/// The shipped training dataset: each story asset verifies to what its name promises.
@Suite("The training dataset")
struct TrainingDatasetTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/training").path

    @Test(
        "Each story asset opens with the outcome and the trail step it was made for",
        arguments: [
            (
                "SN-WARRANTY-OK", "warranty — asset warranty WT-STD",
                "asset warranty WT-STD valid 2025-03-01 to 2027-02-28; lifetime cap 3000.00 left"
            ),
            ("SN-ASSET-EXPIRED", "warranty — generic warranty WT-GEN24", "asset warranty WT-STD expired 2026-01-09"),
            (
                "SN-FORCE-GENERIC", "warranty — generic warranty WT-GEN24",
                "asset warranty WT-STD passed over: force generic warranty is set"
            ),
            (
                "SN-GENERIC-OUTSIDE", "chargeable — no warranty or contract",
                "generic warranty WT-GEN12-OLD not effective on 2026-06-15: expired 2024-12-31"
            ),
            (
                "SN-LAST-DAY", "warranty — asset warranty WT-STD",
                "asset warranty WT-STD valid 2025-06-16 to 2026-06-15; lifetime cap 3000.00 left"
            ),
            ("SN-DAY-AFTER", "chargeable — no warranty or contract", "asset warranty WT-STD expired 2026-06-14"),
            (
                "SN-CAP-USED", "warranty — generic warranty WT-GEN24",
                "asset warranty WT-CAP: lifetime cap 1000.00 used up (spent 1000.00)"
            ),
            (
                "SN-CAP-LOW", "warranty — asset warranty WT-CAP",
                "asset warranty WT-CAP valid 2025-09-01 to 2027-08-31; lifetime cap 100.00 left"
            ),
            (
                "SN-EXTENDED", "warranty — asset warranty WT-STD",
                "asset warranty WT-STD valid 2024-04-01 to 2026-09-30 (2026-03-31 + 6 months); lifetime cap 3000.00 left"
            ),
            (
                "SN-CONTRACT-OK", "contract — contract SC-100",
                "contract SC-100 (Gold) released 2026-01-01 to 2026-12-31, lists SN-CONTRACT-OK"
            ),
            ("SN-UNLISTED", "chargeable — no warranty or contract", "contract SC-100 does not list SN-UNLISTED"),
            ("SN-PREP", "chargeable — no warranty or contract", "contract SC-101 is in preparation"),
            ("SN-BLOCKED", "chargeable — no warranty or contract", "contract SC-102 is blocked"),
            ("SN-CONTRACT-EXPIRED", "chargeable — no warranty or contract", "contract SC-103 ended 2026-03-31"),
            (
                "SN-OTHER-REGION", "chargeable — no warranty or contract",
                "contract SC-104 does not cover region SOUTH (covers NORTH)"
            ),
            (
                "SN-MINUTES", "contract — contract SC-200",
                "contract SC-200 (Silver) released 2026-01-01 to 2026-12-31, lists SN-MINUTES; balance 120 min left"
            ),
            (
                "SN-BALANCE", "contract — contract SC-300",
                "contract SC-300 (Bronze) released 2026-01-01 to 2026-12-31, lists SN-BALANCE; balance 250.00 left"
            ),
            ("SN-CHARGEABLE", "chargeable — no warranty or contract", "customer C-YAMADA has no service contract"),
        ])
    func story(serial: String, headline: String, step: String) throws {
        // Given the training dataset, read from data/training as `demo` reads it
        let dataset = try Dataset.read(directory: Self.directory)
        let desk = try Desk(dataset)
        let customer = try #require(dataset.assets.first { $0.serial == serial }?.customerID)
        // When a supervisor opens a case for the asset on the business date
        let result = try desk.session("sam").run("open \(customer) \(serial) Story check assignee=agnes")!
        // Then the outcome and the trail step are the story's
        #expect(result.ok)
        #expect(result.message.contains(": \(headline)"))
        #expect(result.details.contains(step))
    }

    @Test("demo makes a training database, runs the setup script, and reopens it without loading twice")
    func prepare() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/training.sqlite"
        let made = try Training.prepare(
            path: path, datasetDirectory: Self.directory, reset: false, account: "trainer", clock: fixedClock)
        #expect(made.created)
        #expect(made.summary.last == "setup.cb: 43 commands")
        #expect(try made.database.info().kind == .training)
        #expect(try made.database.info().businessDate == businessDate)
        let open = try made.database.read {
            try $0.queueCount(QueueQuery(view: .open, account: "agnes", today: businessDate))
        }
        #expect(open == 5)
        let again = try Training.prepare(
            path: path, datasetDirectory: Self.directory, reset: false, account: "trainer", clock: fixedClock)
        #expect(!again.created)
        // Reset by its trainer makes it anew
        let reset = try Training.prepare(
            path: path, datasetDirectory: Self.directory, reset: true, account: "trainer", clock: fixedClock)
        #expect(reset.created)
    }

    @Test("A demo database whose making stopped half-way is refused as unfinished, and --reset makes it anew")
    func unfinishedDemo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/training.sqlite"
        // Given a training database whose case load was cut short (a kill, a full disk)
        let half = try AppDatabase.create(
            at: path, kind: .training, creator: User(account: "trainer", name: "T", role: .trainer), at: fixedClock())
        struct Killed: Error {}
        #expect(throws: Killed.self) { try half.loadingCases("load dataset showcase") { _ in throw Killed() } }
        // Then demo refuses it, saying what to do
        #expect(
            throws: StoreError.invalid(
                "\(path) is unfinished: making it stopped half-way; `casebench demo --reset` makes it anew")
        ) {
            _ = try Training.prepare(
                path: path, datasetDirectory: Self.directory, reset: false, account: "trainer", clock: fixedClock)
        }
        // And demo --reset makes it anew, without asking the unfinished database who may
        let made = try Training.prepare(
            path: path, datasetDirectory: Self.directory, reset: true, account: "trainer", clock: fixedClock)
        #expect(made.created)
        #expect(made.summary.last == "setup.cb: 43 commands")
    }

    @Test("demo never touches a production database, and only a trainer resets")
    func productionUntouched() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prod = dir + "/prod.sqlite"
        _ = try AppDatabase.create(
            at: prod, kind: .production, creator: User(account: "ada", name: "Ada", role: .admin), at: fixedClock())
        let bytes = try Data(contentsOf: URL(fileURLWithPath: prod))
        #expect(throws: StoreError.wrongKind(path: prod, expected: .training, found: .production)) {
            _ = try Training.prepare(
                path: prod, datasetDirectory: Self.directory, reset: true, account: "ada", clock: fixedClock)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: prod)) == bytes)

        let training = dir + "/training.sqlite"
        _ = try Training.prepare(
            path: training, datasetDirectory: Self.directory, reset: false, account: "trainer", clock: fixedClock)
        #expect {
            _ = try Training.prepare(
                path: training, datasetDirectory: Self.directory, reset: true, account: "agnes", clock: fixedClock)
        } throws: {
            ($0 as? IdentityError)?.message
                == "agnes may not reset \(training): only a trainer of this training database resets it"
        }
    }

    /// A fresh training database from the dataset, in a folder of its own.
    static func freshTraining(_ body: (Session) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = try Training.prepare(
            path: dir + "/training.sqlite", datasetDirectory: Self.directory, reset: false,
            account: "trainer", clock: fixedClock)
        try body(try Session(database: made.database, account: "trainer", clock: fixedClock))
    }

    @Test(
        "Every exercise of the training dataset sets its situation up on a fresh training database, and starts the class as its last role",
        arguments: Training.exercises(datasetDirectory: directory))
    func exercise(_ name: String) throws {
        try Self.freshTraining { session in
            let out = try Training.runExercise(name, datasetDirectory: Self.directory, session: session)
            #expect(!out.isEmpty && !out[0].hasPrefix("ok"), "the script opens with its brief")
            #expect(out.contains { $0.hasPrefix("ok: opened case 8 ") })
            #expect(session.user.role == .agent)
        }
    }

    @Test(
        "In 'the last part is reserved by a colleague' the board is refused to Arun's case, and a supervisor's approval moves it"
    )
    func lastPartReserved() throws {
        try Self.freshTraining { session in
            _ = try Training.runExercise("last-part-reserved", datasetDirectory: Self.directory, session: session)
            let refused = try #require(session.run("reserve 8 P-BOARD 1 VAN-TOM"))
            #expect(!refused.ok)
            #expect(
                refused.message
                    == "reserve: only 0 × P-BOARD available in VAN-TOM, not 1; 1 held by reservation 2 for case 1")
            let asked = try #require(session.run("request release 2 URGENT-REPAIR for=8"))
            #expect(asked.ok, "\(asked.message)")
            _ = session.run("as sam")
            let approved = try #require(session.run("approve 1"))
            #expect(approved.ok, "\(approved.message)")
            #expect(try session.database.read { try $0.reservations(caseID: CaseID(8)) }.map(\.sku) == ["P-BOARD"])
        }
    }

    @Test("An unknown exercise is refused with the ones there are")
    func unknownExercise() throws {
        try Self.freshTraining { session in
            #expect(
                throws: InputError(
                    "no exercise 'nope' in \(Self.directory); the exercises are cap-nearly-used, contract-blocked-after-billing, last-part-reserved, why-will-it-not-close"
                )
            ) {
                _ = try Training.runExercise("nope", datasetDirectory: Self.directory, session: session)
            }
        }
    }
}
