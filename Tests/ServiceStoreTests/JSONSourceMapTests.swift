import Foundation
import Testing

@testable import ServiceStore

@Suite("Line numbers of JSON values")
struct JSONSourceMapTests {
    private func map(_ text: String) throws -> JSONSourceMap { try JSONSourceMap(Array(text.utf8)) }

    @Test("Each value's line is found by its path, nested objects and lists included")
    func linesByPath() throws {
        // Given
        let m = try map(
            """
            [
              { "id": "A",
                "warranty": {
                  "start": "2025-01-01",
                  "end":
                    "2026-01-01" },
                "tags": ["x",
                         "y"] },
              {"id": "B"}
            ]
            """)

        // When / Then
        #expect(m.root.line == 1)
        #expect(m.line(for: [IndexKey(0)]) == 2)
        #expect(m.line(for: [IndexKey(0), NameKey("id")]) == 2)
        #expect(m.line(for: [IndexKey(0), NameKey("warranty")]) == 3)
        #expect(m.line(for: [IndexKey(0), NameKey("warranty"), NameKey("start")]) == 4)
        #expect(m.line(for: [IndexKey(0), NameKey("warranty"), NameKey("end")]) == 6)
        #expect(m.line(for: [IndexKey(0), NameKey("tags"), IndexKey(1)]) == 8)
        #expect(m.line(for: [IndexKey(1), NameKey("id")]) == 9)
    }

    @Test("A path that is not there gives the line of the deepest value that is")
    func missingPath() throws {
        // Given
        let m = try map("[\n  {\n    \"a\": 1\n  }\n]")

        // When / Then
        #expect(m.line(for: [IndexKey(0), NameKey("missing")]) == 2)
        #expect(m.line(for: [IndexKey(5)]) == 1)
        #expect(m.line(for: [IndexKey(0), NameKey("a"), NameKey("deeper")]) == 3)
    }

    @Test("Strings may hold escaped quotes and brackets without confusing the structure")
    func escapes() throws {
        // Given
        let m = try map(#"[{"note": "a \"quoted\" ] } , text"},"# + "\n" + #"{"note": "\\"}]"#)

        // When / Then
        #expect(m.line(for: [IndexKey(1), NameKey("note")]) == 2)
    }

    @Test(
        "Syntax errors carry line, column and what was expected",
        arguments: [
            ("[1, 2", 1, 6, "the file ends inside a list: expected ',' or ']'"),
            ("{\"a\" 1}", 1, 6, "expected ':'"),
            ("[\n  1 2]", 2, 5, "expected ',' or ']' after a list item"),
            ("[\n  tru]", 2, 3, "'tru' is not a JSON value (text must be in double quotes)"),
            ("[]\n[]", 2, 1, "unexpected text after the end of the document"),
            ("[\"abc\n\"]", 1, 2, "unterminated string"),
        ])
    func syntaxErrors(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        // When
        let error = #expect(throws: JSONSourceMap.SyntaxError.self) { try map(text) }

        // Then
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message == message)
    }

    @Test("A dataset file's kind comes from its name")
    func kindOfFile() {
        // When / Then
        #expect(Dataset.kind(ofFile: "/exports/customers.json") == .customers)
        #expect(Dataset.kind(ofFile: "warranty-templates.json") == .warrantyTemplates)
        #expect(Dataset.kind(ofFile: "warranty-spend.json") == .warrantySpend)
        #expect(Dataset.kind(ofFile: "customer.json") == nil)
    }
}
