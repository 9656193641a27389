import Foundation
import ReliabilitySupport
import ServiceCore
import ServiceStore
import Testing
import TextUI

@testable import WorkbenchUI

/// The key monkey: bytes as terminals send them, through the decoder the real terminal uses,
/// into the workbench on a virtual screen, with resizes, in each role. Seeded, so a failure
/// replays; the seed and step are in every failure message. `Reliability/run.sh --keys N` runs
/// them long (CASEBENCH_RELIABILITY_KEYS, _SEED).
@MainActor
@Suite("Key monkey")
struct KeyMonkeyTests {
    /// A sequence no terminal sends for a key: bound to nothing, it must never act.
    static func unboundSequence(_ rng: inout SeededGenerator) -> [UInt8] {
        let esc: UInt8 = 0x1B
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: // ESC [ n ~ with a number no key has
            let n = [9, 10, 16, 22, 27, 30, 35, 42, 99, 200, 201, 1000].randomElement(using: &rng)!
            return [esc, 0x5B] + Array(String(n).utf8) + [0x7E]
        case 1: // ESC O and a letter no key has
            return [esc, 0x4F] + [Array("abcdefghiEGIJKLNTUVWYZ".utf8).randomElement(using: &rng)!]
        case 2: // a report: mouse (SGR), device attributes, focus
            return [
                Array("\u{1B}[<0;12;7M".utf8), Array("\u{1B}[?1;2c".utf8), Array("\u{1B}[I".utf8),
                Array("\u{1B}[1;5M".utf8),
            ].randomElement(using: &rng)!
        case 3: // the Linux console's F-key prefix with a wrong letter
            return [esc, 0x5B, 0x5B, Array("FGHXYZ".utf8).randomElement(using: &rng)!]
        default: // a stray C0 control no key is made of
            return [[0x00], [0x1C], [0x1D], [0x1E], [0x1F]].randomElement(using: &rng)!
        }
    }

    @Test(
        "Unbound sequences from every terminal run no command, in any pane, modal or role, through resizes",
        arguments: ["agnes", "tom", "sam"])
    func unboundActNowhere(user: String) throws {
        let seed = ReliabilityRun.seed(default: 20_261_203)
        let count = ReliabilityRun.count("KEYS", default: 1_200)
        var figures = Figures(harness: "unbound-keys-\(user)", seed: seed)
        let log = try InputLog("unbound-keys-\(user)")
        var rng = SeededGenerator(seed: seed)
        let s = try Screen(size: Size(width: 80, height: 24), as: user)
        let entries = try s.db.read { try $0.auditEntries(limit: Int.max).count }
        let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 50), Size(width: 100, height: 30)]
        // Places to be when the sequences arrive: each pane, and a form and the filter open
        let places: [[Key]] = [[], [.tab], [.tab, .tab], [.tab, .tab, .tab], [.character("/")], [.character("l")]]
        for step in 0..<count {
            if step % 100 == 0 {
                s.press(.escape, .escape)
                s.resize(to: sizes[(step / 100) % sizes.count])
                s.press(.down)
                for key in places[(step / 100) % places.count] { s.press(key) }
            }
            let bytes = Self.unboundSequence(&rng)
            log.write("\(step)\t\(Self.hex(bytes))")
            s.send(bytes: bytes)
        }
        let written = try s.db.read { try $0.auditEntries(limit: Int.max).count } - entries
        #expect(written == 0, "seed \(seed), \(user): an unbound sequence wrote to the database")
        figures.inputs = count
        figures.unboundActions = written
        figures.report()
        log.finish(failed: written != 0)
    }

    @Test("Random keys and sequences with resize storms never crash, and leave the trail and the stock consistent")
    func monkey() throws {
        let seed = ReliabilityRun.seed(default: 42)
        let count = ReliabilityRun.count("KEYS", default: 3_000)
        var figures = Figures(harness: "random-keys", seed: seed)
        let log = try InputLog("random-keys")
        var rng = SeededGenerator(seed: seed)
        let s = try Screen(size: Size(width: 80, height: 24), as: "sam")
        let alphabet: [[UInt8]] =
            Array("\u{1B}[O;~0123456789ABCDPQRSZHFM[qjxz/?:nlrpsvbudPLtNRoXCKAVS1234567\t\r ".utf8).map { [$0] }
            + [[0x7F], [0x13], [0x12], [0x0C], [0xC3, 0xA9], [0xE5, 0xB1, 0xB1]]
        for step in 0..<count {
            if step % 250 == 0 {
                let size = Size(
                    width: Int.random(in: 20...220, using: &rng), height: Int.random(in: 6...60, using: &rng))
                log.write("\(step)\tresize \(size.width)×\(size.height)")
                s.resize(to: size)
            }
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) { bytes += alphabet.randomElement(using: &rng)! }
            log.write("\(step)\t\(Self.hex(bytes))")
            s.send(bytes: bytes)
        }
        // Whatever ran, ran as commands: the trail holds (the ledger is checked as the screen closes)
        let verdict = try s.db.verifyAudit()
        #expect(verdict.problem == nil, "seed \(seed)")
        figures.inputs = count
        figures.violations = verdict.problem == nil ? 0 : 1
        figures.report()
        log.finish(failed: verdict.problem != nil)
    }

    @Test(
        "Random clicks and wheel notches anywhere, among keys and resizes, never crash and leave the trail consistent")
    func mouseMonkey() throws {
        let seed = ReliabilityRun.seed(default: 1006)
        let count = ReliabilityRun.count("KEYS", default: 3_000)
        var figures = Figures(harness: "random-mouse", seed: seed)
        let log = try InputLog("random-mouse")
        var rng = SeededGenerator(seed: seed)
        let s = try Screen(size: Size(width: 80, height: 24), as: "agnes")
        // Keys that open boxes and forms, move, and close them, so clicks land on every state
        let keys: [[UInt8]] = Array("\t\r\u{1B}?/lprvzjq ".utf8).map { [$0] } + [Array("\u{1B}[B".utf8)]
        for step in 0..<count {
            if step % 200 == 0 {
                let size = Size(
                    width: Int.random(in: 40...220, using: &rng), height: Int.random(in: 10...60, using: &rng))
                log.write("\(step)\tresize \(size.width)×\(size.height)")
                s.resize(to: size)
            }
            var bytes: [UInt8]
            if Int.random(in: 0..<3, using: &rng) == 0 {
                bytes = keys.randomElement(using: &rng)!
            } else {
                // Any button (wheel, extra buttons, modifiers, drags), at any cell and a little past the edge
                let code = [0, 1, 2, 3, 4, 8, 16, 32, 64, 65, 66, 67, 128].randomElement(using: &rng)!
                let x = Int.random(in: 1...(s.terminal.size.width + 3), using: &rng)
                let y = Int.random(in: 1...(s.terminal.size.height + 3), using: &rng)
                let final = Bool.random(using: &rng) ? "M" : "m"
                bytes = Array("\u{1B}[<\(code);\(x);\(y)\(final)".utf8)
            }
            log.write("\(step)\t\(Self.hex(bytes))")
            s.send(bytes: bytes)
            #expect(!s.statusLine.contains("ignored ESC [ <"), "seed \(seed), step \(step): a report taken as a key")
        }
        let verdict = try s.db.verifyAudit()
        #expect(verdict.problem == nil, "seed \(seed)")
        figures.inputs = count
        figures.violations = verdict.problem == nil ? 0 : 1
        figures.report()
        log.finish(failed: verdict.problem != nil)
    }

    /// Bytes as the log shows them: "1b 5b 32 37 7e".
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined(separator: " ")
    }
}
