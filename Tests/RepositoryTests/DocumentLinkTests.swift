import Foundation
import Testing

/// What a link of a document asks for.
enum LinkTarget: Equatable {
    /// A web page or an address: not the repository's business.
    case external
    /// `#anchor`: a heading of the same document.
    case anchor(String)
    /// A path relative to the document, and the fragment after `#`, if any.
    case path(String, fragment: String?)
    /// Something no clone can follow: an absolute path, another scheme, nothing at all.
    case unusable(String)

    init(_ target: String) {
        let scheme = target.prefix { $0.isLetter || $0.isNumber || "+.-".contains($0) }
        if !scheme.isEmpty, scheme.first!.isLetter, target.dropFirst(scheme.count).hasPrefix(":") {
            self =
                ["http", "https", "mailto"].contains(scheme.lowercased())
                ? .external : .unusable("a \(scheme): link, neither a web page nor a path in the repository")
            return
        }
        if target.isEmpty {
            self = .unusable("an empty link")
            return
        }
        if target.hasPrefix("#") {
            self = .anchor(String(target.dropFirst()))
            return
        }
        if target.hasPrefix("/") {
            self = .unusable("an absolute path, which no clone elsewhere has; make it relative")
            return
        }
        let hash = target.firstIndex(of: "#")
        var path = String(target[..<(hash ?? target.endIndex)])
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        path = path.removingPercentEncoding ?? path
        self = .path(path, fragment: hash.map { String(target[target.index(after: $0)...]) })
    }

    var isUnusable: Bool {
        if case .unusable = self { true } else { false }
    }
}

@Suite("The documents stand alone in a clone")
struct DocumentLinkTests {
    static let documents = Repository.files(endingIn: ".md")

    @Test("The documents are found where they are expected")
    func documentsFound() {
        let expected: Set = ["README.md", "data/README.md", "docs/architecture.md", "docs/rules.md"]
        #expect(expected.subtracting(Self.documents) == [])
    }

    @Test("Every relative link resolves to a file or folder inside the repository")
    func relativeLinksResolve() throws {
        var followed = 0
        for file in Self.documents {
            for link in Markdown.links(in: try Repository.text(file)) {
                switch LinkTarget(link.target) {
                case .external, .anchor: continue
                case .unusable(let why):
                    Issue.record("\(file):\(link.line): link \(link.target) is \(why)")
                case .path(let path, _):
                    followed += 1
                    if case .inside = Repository.locate(path, from: file) { continue }
                    Issue.record("\(file):\(link.line): link \(link.target) \(Repository.locate(path, from: file))")
                }
            }
        }
        // Not vacuous: the README alone links docs/rules.md, docs/architecture.md and data/README.md.
        #expect(followed >= 3)
    }

    @Test("A link to a heading names a heading the linked document has")
    func anchorsExist() throws {
        var anchorsOf: [String: Set<String>] = [:]
        func anchors(_ file: String) throws -> Set<String> {
            if let known = anchorsOf[file] { return known }
            let found = Markdown.anchors(in: try Repository.text(file))
            anchorsOf[file] = found
            return found
        }
        for file in Self.documents {
            for link in Markdown.links(in: try Repository.text(file)) {
                let document: String
                let fragment: String
                switch LinkTarget(link.target) {
                case .anchor(let f):
                    (document, fragment) = (file, f)
                case .path(let path, let f?):
                    // Only a Markdown document inside the repository has headings to check;
                    // a missing one is the other test's failure.
                    guard case .inside(let target) = Repository.locate(path, from: file), target.hasSuffix(".md") else {
                        continue
                    }
                    (document, fragment) = (target, f)
                default: continue
                }
                let wanted = fragment.removingPercentEncoding ?? fragment
                if try !anchors(document).contains(wanted) {
                    Issue.record("\(file):\(link.line): link \(link.target): \(document) has no heading #\(wanted)")
                }
            }
        }
    }

    @Test("No document mentions ../shared, a folder beside the clone that a clone does not have")
    func nothingFromBesideTheClone() throws {
        for file in Self.documents {
            let lines = try Repository.text(file).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() where line.contains("../shared") {
                Issue.record("\(file):\(n + 1): mentions ../shared: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }
}

/// The checker itself, on text made for it: a checker that finds nothing passes everything.
@Suite("The document link checker")
struct DocumentLinkCheckerTests {
    @Test("It finds inline links, images and reference definitions, and passes over code and footnotes")
    func findsLinks() {
        let text = """
            See [the rules](docs/rules.md) and ![a picture](docs/x.png "its title").
            A [link whose text
            wraps](README.md#quick-start), and `[code](not-a-link.md)` is code.
              [ref]: <data/README.md>
            ```sh
            [inside a fence](not-a-link.md)
            ```
            [^note]: a footnote, not a link
            [nested [brackets] too](docs/architecture.md#layers) [no target] (apart)
            """
        #expect(
            Markdown.links(in: text) == [
                .init(line: 1, target: "docs/rules.md"), .init(line: 1, target: "docs/x.png"),
                .init(line: 2, target: "README.md#quick-start"), .init(line: 4, target: "data/README.md"),
                .init(line: 9, target: "docs/architecture.md#layers"),
            ])
    }

    @Test("Web links and anchors are set apart; a fragment is not part of the path")
    func targets() {
        #expect(LinkTarget("https://github.com/groue/GRDB.swift") == .external)
        #expect(LinkTarget("mailto:someone@example.com") == .external)
        #expect(LinkTarget("#layers") == .anchor("layers"))
        #expect(LinkTarget("rules.md#coverage") == .path("rules.md", fragment: "coverage"))
        #expect(LinkTarget("my%20notes.md") == .path("my notes.md", fragment: nil))
        #expect(LinkTarget("/docs/rules.md").isUnusable)
        #expect(LinkTarget("file:///work/shared/DOMAIN.md").isUnusable)
        #expect(LinkTarget("").isUnusable)
    }

    @Test("A path climbing out of the repository is outside, even where the file exists beside the clone")
    func climbingOut() {
        #expect(Repository.locate("../shared/DOMAIN.md", from: "README.md") == .outside)
        #expect(Repository.locate("../../README.md", from: "docs/rules.md") == .outside)
        #expect(Repository.locate("../README.md", from: "docs/rules.md") == .inside("README.md"))
        #expect(Repository.locate("./docs/../data", from: "README.md") == .inside("data"))
        #expect(Repository.locate("docs/no-such-page.md", from: "README.md") == .missing("docs/no-such-page.md"))
        #expect(Repository.locate("../readme.md", from: "docs/rules.md") == .missing("readme.md"))
    }

    @Test("Headings get GitHub's anchors; code in a fence is no heading")
    func anchors() {
        let text = """
            # Casebench
            ## The command language
            ## `casebench batch` — options ##
            ## Undo
            ## Undo
            ## See [the rules](docs/rules.md)
            ```sh
            # a comment in a shell script
            ```
            #not a heading
            """
        #expect(
            Markdown.anchors(in: text) == [
                "casebench", "the-command-language", "casebench-batch--options",
                "undo", "undo-1", "see-the-rules",
            ])
    }
}
