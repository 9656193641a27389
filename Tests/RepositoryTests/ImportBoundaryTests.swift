import Foundation
import Testing

/// The layers, as imports: ServiceCore (pure rules) → ServiceStore (GRDB over SQLite) →
/// Workbench (Session, commands; no SQL) → WorkbenchUI (the screen), with TextUI (terminal and
/// widgets) knowing nothing of cases. Every `import` of every Swift file under Sources/ is read
/// and checked against what its target may not import, so a shortcut through the layers fails
/// here, naming the file and line, instead of in review.
@Suite("Imports between the layers")
struct ImportBoundaryTests {
    /// What each target under Sources/ may not import. ServiceCore is pure Swift values with no
    /// I/O: it imports nothing at all, Foundation included.
    static let forbidden: [String: Rule] = [
        "ServiceCore": .everything,
        "ServiceStore": .these(["Workbench", "TextUI", "WorkbenchUI", "casebench"]),
        "Workbench": .these(["TextUI", "WorkbenchUI", "GRDB", "CLibPQ", "CSQLiteSettings", "casebench"]),
        "TextUI": .these([
            "ServiceCore", "ServiceStore", "Workbench", "WorkbenchUI", "GRDB", "CLibPQ", "CSQLiteSettings", "casebench",
        ]),
        "WorkbenchUI": .these(["ServiceStore", "GRDB", "CLibPQ", "CSQLiteSettings", "casebench"]),
        "casebench": .these(["GRDB", "CLibPQ", "CSQLiteSettings"]),
    ]

    enum Rule {
        case everything
        case these(Set<String>)

        func forbids(_ module: String) -> Bool {
            switch self {
            case .everything: true
            case .these(let modules): modules.contains(module)
            }
        }
    }

    /// One `import` line: the module, and where it is.
    struct Import: Equatable, CustomStringConvertible {
        var module: String
        var file: String
        var line: Int
        var description: String { "\(file):\(line): import \(module)" }
    }

    /// The module each line of `text` imports: `import X`, `@testable import X`,
    /// `@_exported import X`, `import struct X.Y`, `public import X`, `@preconcurrency import X`.
    static func imports(in text: String, file: String) -> [Import] {
        let pattern =
            #/
            ^ \s* (?: @[A-Za-z_]+ (?: \( [^)]* \) )? \s+ )*
            (?: (?: public | package | internal | fileprivate | private ) \s+ )?
            import \s+ (?: (?: typealias | struct | class | enum | protocol | let | var | func ) \s+ )?
            ( [A-Za-z_][A-Za-z0-9_]* )
            /#
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, line in
            guard let match = line.prefixMatch(of: pattern) else { return nil }
            return Import(module: String(match.1), file: file, line: i + 1)
        }
    }

    @Test("No target imports what its layer may not")
    func layers() throws {
        let files = Repository.files(under: "Sources", endingIn: ".swift")
        #expect(!files.isEmpty, "no Swift file found under Sources/")
        var broken: [String] = []
        for file in files {
            let target = file.split(separator: "/")[1]
            guard let rule = Self.forbidden[String(target)] else {
                broken.append("\(file): target \(target) has no rule in ImportBoundaryTests.forbidden")
                continue
            }
            for i in Self.imports(in: try Repository.text(file), file: file) where rule.forbids(i.module) {
                broken.append("\(i): \(target) may not import \(i.module)")
            }
        }
        #expect(broken.isEmpty, "\(broken.count) forbidden imports:\n\(broken.joined(separator: "\n"))")
    }

    @Test("Every form of import is read")
    func forms() {
        let text = """
            import Foundation
            @testable import ServiceStore
            @_exported import GRDB
            import struct Workbench.Session
            public import TextUI
            @preconcurrency import CNCursesW
              import func Darwin.exit
            // import Commented
            let x = "import Quoted"
            """
        #expect(
            Self.imports(in: text, file: "F.swift").map(\.module)
                == ["Foundation", "ServiceStore", "GRDB", "Workbench", "TextUI", "CNCursesW", "Darwin"])
        #expect(Self.imports(in: text, file: "F.swift")[3] == Import(module: "Workbench", file: "F.swift", line: 4))
    }
}
