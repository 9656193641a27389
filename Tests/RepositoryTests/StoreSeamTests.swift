import Foundation
import Testing

/// The store's seam: what ServiceStore shows the layers above is intent-named operations over
/// Casebench's own types. A GRDB type in a public signature would tie the Session and the
/// commands to SQLite, and a second engine could not stand behind the same operations.
@Suite("The store's seam")
struct StoreSeamTests {
    /// GRDB's types a signature could expose (connections, rows, statements, records, errors).
    static let grdbTypes = [
        "Database", "DatabaseQueue", "DatabasePool", "DatabaseReader", "DatabaseWriter", "DatabaseSnapshot",
        "Row", "Statement", "StatementArguments", "DatabaseValue", "DatabaseValueConvertible", "StatementBinding",
        "SQLExpressible", "SQLRequest", "SQL", "DatabaseMigrator", "DatabaseError", "ResultCode", "Configuration",
        "FetchableRecord", "PersistableRecord", "TableRecord", "MutablePersistableRecord", "QueryInterfaceRequest",
        "ValueObservation", "DatabaseRegionObservation", "DatabaseCancellable", "RowCursor",
    ]

    /// The public declarations of ServiceStore's files that name a GRDB type, as "file:line".
    static func leaks(in files: [String]) throws -> [String] {
        let pattern = try NSRegularExpression(pattern: "\\b(" + grdbTypes.joined(separator: "|") + ")\\b")
        var found: [String] = []
        for file in files {
            for (number, line) in try Repository.text(file).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            {
                let code = String(line).trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//"), code.hasPrefix("public ") || code.contains(" public ") else { continue }
                // Only the declaration's signature, not a default value's text or a trailing comment.
                let signature = code.components(separatedBy: "//")[0].components(separatedBy: "{")[0]
                let range = NSRange(signature.startIndex..., in: signature)
                if let match = pattern.firstMatch(in: signature, range: range),
                    let r = Range(match.range, in: signature)
                {
                    found.append("\(file):\(number + 1): \(signature[r]) in `\(signature)`")
                }
            }
        }
        return found
    }

    /// The one file that imports GRDB publicly: the core's values conform to GRDB's protocols
    /// there, and a conformance is public by nature.
    static let conversions = "Sources/ServiceStore/Database/ValueConversions.swift"

    @Test("ServiceStore imports GRDB `internal` in every file but the value conversions, so the compiler keeps it in")
    func internalImports() throws {
        let files = Repository.files(under: "Sources/ServiceStore", endingIn: ".swift")
        #expect(files.count > 10, "ServiceStore's sources were not found under \(Repository.root.path)")
        for file in files {
            let imports = try Repository.text(file).split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            .filter { $0.hasSuffix("import GRDB") }
            let expected = file == Self.conversions ? "public import GRDB" : "internal import GRDB"
            #expect(imports.allSatisfy { $0 == expected }, "\(file): \(imports) — should be `\(expected)`")
        }
    }

    @Test("No public declaration of ServiceStore names a GRDB type, but the conversions' conformance witnesses")
    func noGRDBInPublicSignatures() throws {
        let files = Repository.files(under: "Sources/ServiceStore", endingIn: ".swift")
        let leaks = try Self.leaks(in: files).filter { leak in
            !(leak.hasPrefix(Self.conversions + ":")
                && (leak.contains("var databaseValue: DatabaseValue") || leak.contains("func fromDatabaseValue(")))
        }
        #expect(leaks.isEmpty, "GRDB types in the store's public API:\n\(leaks.joined(separator: "\n"))")
    }

    @Test("The check finds a leak where there is one")
    func findsALeak() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Leaky.swift")
        try """
        /// public func fine(_ db: Database) in a comment is not code
        public func rows(_ db: Database) -> [Row] { [] }
        func internalOnly(_ db: Database) {}
        """.write(to: file, atomically: true, encoding: .utf8)
        // `leaks` reads through Repository, so name the file relative to the root.
        let relative =
            String(repeating: "../", count: Repository.root.pathComponents.count - 1)
            + file.path.dropFirst()
        let found = try Self.leaks(in: [relative])
        #expect(found.count == 1)
        #expect(found.first?.contains(":2: Database") == true)
    }
}
