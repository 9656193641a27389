import Foundation
import Testing

@testable import ServiceStore
@testable import Workbench

@Suite("The README stays true")
struct ReadmeTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test("Its command table lists every command of the catalogue with its usage and summary, and no other")
    func commandTable() {
        let rows = Self.readme.split(separator: "\n").drop { !$0.hasPrefix("| command | what it does |") }
            .dropFirst(2).prefix { $0.hasPrefix("|") }.map(String.init)
        let expected = CommandCatalogue.all.map {
            "| `\($0.usage.replacingOccurrences(of: "|", with: "\\|"))` | \($0.summary) |"
        }
        #expect(rows == expected)
    }

    @Test("Its quick start is exactly the two commands")
    func quickStart() throws {
        let start = try #require(Self.readme.range(of: "## Quick start"))
        let block = Self.readme[start.upperBound...].split(separator: "```")[1]
        #expect(block.split(separator: "\n").map(String.init) == ["sh", "swift run casebench demo", "swift test"])
    }

    @Test(
        "Its table of file layouts lists every kind with its columns, optional ones in brackets, as import reads them")
    func layoutTable() {
        let rows = Self.readme.split(separator: "\n").drop { !$0.hasPrefix("| kind | columns |") }
            .dropFirst(2).prefix { $0.hasPrefix("|") }.map(String.init)
        let expected = Dataset.Kind.allCases.map { kind in
            "| \(kind.rawValue) | "
                + kind.columns.map { $0.required ? $0.name : "[\($0.name)]" }.joined(separator: ", ") + " |"
        }
        #expect(rows == expected)
    }

    @Test("Its table of exercises lists every exercise of the training dataset")
    func exerciseTable() {
        let rows = Self.readme.split(separator: "\n").drop { !$0.hasPrefix("| exercise | the situation |") }
            .dropFirst(2).prefix { $0.hasPrefix("|") }
        let names = rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
        #expect(names.sorted() == Training.exercises(datasetDirectory: TrainingDatasetTests.directory))
    }
}
