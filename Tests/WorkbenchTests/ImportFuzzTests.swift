import Foundation
import ReliabilitySupport
import ServiceCore
import ServiceStore
import Testing

@testable import Workbench

/// Import fuzzing (issue 17): the training desk's own master data and history, exported as CSV
/// and JSON, then spoilt — cut short, bytes flipped, NUL and bytes that are not UTF-8, numbers
/// past every bound, nesting far too deep, lines and columns missing or doubled — and imported
/// in-process by its admin. Whatever a file holds, nothing crashes; a refused import names the
/// file and line of each problem (and its field, where one is to blame) and writes nothing. Seeded:
/// input N of a seed is the same file on every run, and the failure message says which.
@Suite("Fuzzing the importer")
struct ImportFuzzTests {
    /// Input `index` of `seed`: a file of the corpus, spoilt one to three times.
    static func file(_ seed: UInt64, _ index: Int, corpus: [(name: String, data: Data)]) -> (
        name: String, bytes: [UInt8]
    ) {
        var rng = SeededGenerator(seed: ReliabilityRun.seed(seed, index))
        let source = corpus.randomElement(using: &rng)!
        var bytes = [UInt8](source.data)
        for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = spoil(bytes, &rng) }
        return (source.name, bytes)
    }

    /// One way a file goes bad.
    static func spoil(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var b = bytes
        let at = Int.random(in: 0...b.count, using: &rng)
        let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        func joined(_ lines: [[UInt8]]) -> [UInt8] { Array(lines.joined(separator: [0x0A])) }
        switch Int.random(in: 0..<13, using: &rng) {
        case 0: return Array(b.prefix(at)) // cut short
        case 1: // bytes flipped
            for _ in 0..<Int.random(in: 1...5, using: &rng) where !b.isEmpty {
                b[Int.random(in: 0..<b.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
        case 2: b.insert(0, at: at) // NUL
        case 3: // not UTF-8: a stray byte, a lead byte alone, an overlong NUL, a surrogate, past U+10FFFF
            b.insert(
                contentsOf: [[0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]].randomElement(
                    using: &rng)!, at: at)
        case 4: // a number past every bound, where a digit was
            if let i = b.indices.filter({ b[$0] >= 0x30 && b[$0] <= 0x39 }).randomElement(using: &rng) {
                b.replaceSubrange(i...i, with: Array(FuzzMutations.numbers.randomElement(using: &rng)!.utf8))
            }
        case 5: // nesting far deeper than a record's
            let n = Int.random(in: 30...5_000, using: &rng)
            b.insert(
                contentsOf: Array(
                    String(repeating: ["[", "{\"a\":", "\""].randomElement(using: &rng)!, count: n).utf8), at: at)
        case 6: // a line gone (the header too: columns missing)
            var l = lines
            if !l.isEmpty { l.remove(at: Int.random(in: 0..<l.count, using: &rng)) }
            return joined(l)
        case 7: // a span gone: a column, a key, a quote
            let end = min(b.count, at + Int.random(in: 1...40, using: &rng))
            b.removeSubrange(at..<end)
        case 8: // a line twice
            var l = lines
            if !l.isEmpty {
                l.insert(l[Int.random(in: 0..<l.count, using: &rng)], at: Int.random(in: 0...l.count, using: &rng))
            }
            return joined(l)
        case 9: // odd text: controls, bidirectional overrides, wide characters
            b.insert(contentsOf: Array(FuzzMutations.oddities.randomElement(using: &rng)!.utf8), at: at)
        case 10: // nothing, a byte order mark, or the header alone
            return [[], [0xEF, 0xBB, 0xBF], lines.first ?? []].randomElement(using: &rng)!
        case 11: // another tool's habits: CR LF line ends, a byte order mark, separators
            if Bool.random(using: &rng) { return [0xEF, 0xBB, 0xBF] + b }
            return Array(lines.map { $0 + [0x0D] }.joined(separator: [0x0A]))
        default: // a field far too long
            b.insert(contentsOf: [UInt8](repeating: 0x41, count: Int.random(in: 1_000...100_000, using: &rng)), at: at)
        }
        return b
    }

    @Test(
        "Thousands of spoilt dataset files: no crash, every refusal names file and line, and a refused import writes nothing"
    )
    func fuzzImports() throws {
        let seed = ReliabilityRun.seed(default: 17)
        let count = ReliabilityRun.count("IMPORTS", default: 1_500)
        // Where to start: from a multiple of 250 the desk is the one a whole run had there
        let first = ReliabilityRun.count("FIRST", default: 0)
        let log = try InputLog("import-files")
        var figures = Figures(harness: "import-files", seed: seed)
        let folder = try Folder()
        var desk = try trainingDesk()
        let corpus = try Dataset.Format.allCases.flatMap { format in
            try desk.read { try $0.exportDataset() }.files(format).filter { !$0.data.isEmpty }
        }
        var failures = 0
        var before = try everyRow(desk.db)
        for index in first..<(first + count) {
            if index > first && index % 250 == 0 {
                desk = try trainingDesk()
                before = try everyRow(desk.db)
            }
            let (name, bytes) = Self.file(seed, index, corpus: corpus)
            log.write("\(index)\t\(name)\t\(Data(bytes).base64EncodedString())")
            try folder.write(name, bytes: bytes)
            let importer = try Session(database: desk.db, account: "trainer", actingAs: "ada", clock: fixedClock)
            var problems: [String] = []
            let changes = try rowChanges(desk.db)
            do {
                _ = try importer.importFiles([folder.path(name)])
                if try desk.read({ try $0.stockProblems() }) != [] {
                    problems.append("imported, and the ledger disagrees")
                }
                before = try everyRow(desk.db)
            } catch {
                problems += Self.unclear(error, file: name)
                // Most files are refused before anything is written: only one that had SQLite
                // change rows (and roll them back) needs every table compared.
                if try changes == nil || rowChanges(desk.db) != changes, try everyRow(desk.db) != before {
                    problems.append("refused, and the database changed")
                }
            }
            try FileManager.default.removeItem(atPath: folder.path(name))
            if !problems.isEmpty {
                failures += 1
                log.write("\(index) FAILED: \(problems)")
            }
            #expect(problems.isEmpty, "seed \(seed), input \(index) (\(name), logged in \(log.path)): \(problems)")
            figures.inputs += 1
            if failures >= 20 { break }
        }
        #expect(try desk.db.verifyAudit().problem == nil)
        figures.violations = failures
        figures.report()
        log.finish(failed: failures > 0)
    }

    /// Why a refused import's error does not say where the trouble is: not the loader's, or a
    /// problem without the file, or without the line when it is about one.
    static func unclear(_ error: Error, file: String) -> [String] {
        let all: [LoadError]
        if let e = error as? LoadErrors {
            all = e.all
        } else if let e = error as? LoadError {
            all = [e]
        } else {
            return ["refused without naming file and line: \(error)"]
        }
        return all.compactMap { p in
            if p.file != file || p.message.isEmpty { return "a problem that names no file: \(p)" }
            // Only a file with no record in it is wrong as a whole
            if p.line == nil && !p.message.hasPrefix("no records to import") {
                return "a problem without its line: \(p)"
            }
            return nil
        }
    }
}
