import Foundation
import Testing

@testable import TextUI

@Suite("TOML documents: syntax errors and the lines of keys")
struct TOMLDocumentTests {
    @Test("A syntax error names file, line and column and gives the parser's message")
    func syntaxError() throws {
        // Given a value with no closing quote on line 3
        let text = "name = \"x\"\n[global]\n\"q\" = \"quit\n"

        // When
        let error = #expect(throws: ConfigError.self) { try TOMLDocument(text: text, file: "keys.toml") }

        // Then
        #expect(error?.location == FileLocation(file: "keys.toml", line: 3, column: 12))
        #expect(
            error?.description == "keys.toml:3:12: Error while parsing string: "
                + "unescaped control characters other than TAB (U+0009) are explicitly prohibited")
    }

    @Test("A key written twice is a syntax error at the second")
    func redefinedKey() throws {
        // Given
        let text = "[queue]\n\"a\" = \"open\"\n\"a\" = \"close\"\n"

        // When
        let error = #expect(throws: ConfigError.self) { try TOMLDocument(text: text, file: "k.toml") }

        // Then
        #expect(error?.location == FileLocation(file: "k.toml", line: 3, column: 7))
        #expect(error?.message.hasPrefix("Error while parsing key-value pair: cannot redefine existing string") == true)
    }

    @Test("A file that is not there, or is a directory, is named with what is wrong")
    func unreadable() throws {
        // Given
        let dir = try StylingFixture.directory()
        defer { StylingFixture.remove(dir) }

        // When / Then
        #expect(
            #expect(throws: ConfigError.self) { try TOMLDocument.read(dir + "/none.toml") }?.description
                == "\(dir)/none.toml: no such file")
        #expect(
            #expect(throws: ConfigError.self) { try TOMLDocument.read(dir) }?.description
                == "\(dir): is a directory, not a file")
    }

    @Test("Keys are found under their table, quoted or bare, dotted or inline")
    func keyLines() throws {
        // Given
        let doc = try TOMLDocument(
            text: """
                name = "x"          # line 1

                [global]
                "C-x" = "quit"
                'M-y' = "yank"      # line 5
                q = "quit"
                [styles]
                "status.error" = { fg = "red", mono = { reverse = true } }
                selected.fg = "blue"
                [ styles . "title.focused" ]   # line 10
                bold = true
                "\\u0041" = 1
                """, file: "f.toml")

        // When / Then
        #expect(doc.position(of: ["name"])?.line == 1)
        #expect(doc.position(of: ["global"])?.line == 3)
        #expect(doc.position(of: ["global", "C-x"]) == .init(line: 4, column: 1))
        #expect(doc.position(of: ["global", "M-y"])?.line == 5)
        #expect(doc.position(of: ["global", "q"])?.line == 6)
        #expect(doc.position(of: ["styles", "status.error"])?.line == 8)
        #expect(doc.position(of: ["styles", "status.error", "fg"]) == .init(line: 8, column: 20))
        #expect(doc.position(of: ["styles", "status.error", "mono", "reverse"]) == .init(line: 8, column: 41))
        #expect(doc.position(of: ["styles", "selected", "fg"])?.line == 9)
        #expect(doc.position(of: ["styles", "title.focused"])?.line == 10)
        #expect(doc.position(of: ["styles", "title.focused", "bold"])?.line == 11)
        #expect(doc.position(of: ["styles", "title.focused", "A"])?.line == 12)
    }

    @Test("A missing key gives the line of the nearest key around it, or line 1")
    func nearestLine() throws {
        // Given
        let doc = try TOMLDocument(text: "\n[queue]\n\"a\" = { x = 1 }\n", file: "f.toml")

        // When / Then
        #expect(doc.location(of: ["queue", "a", "y"]).description == "f.toml:3")
        #expect(doc.location(of: ["queue", "b"]).description == "f.toml:2")
        #expect(doc.location(of: ["name"]).description == "f.toml:1")
    }

    @Test("Strings, multi-line strings and lists that hold brackets, quotes and '=' do not confuse the lines")
    func trickyValues() throws {
        // Given
        let doc = try TOMLDocument(
            text: """
                a = "[not] = a \\" table"
                b = '''
                [fake]
                c = 1
                '''
                d = [
                  "x]", # a comment with = and [
                  { e = 1 },
                ]
                f = \"\"\"
                g = \\\"\"\" \"\"\"
                [real]
                h = 1979-05-27 07:32:00
                i = 2
                """, file: "f.toml")

        // When / Then
        #expect(doc.position(of: ["b"])?.line == 2)
        #expect(doc.position(of: ["fake"]) == nil)
        #expect(doc.position(of: ["c"]) == nil)
        #expect(doc.position(of: ["d"])?.line == 6)
        #expect(doc.position(of: ["f"])?.line == 10)
        #expect(doc.position(of: ["g"]) == nil)
        #expect(doc.position(of: ["real", "h"])?.line == 13)
        #expect(doc.position(of: ["real", "i"])?.line == 14)
    }

    @Test("Windows line ends and a byte-order mark do not shift lines or columns")
    func crlfAndBOM() throws {
        // Given
        let doc = try TOMLDocument(text: "\u{FEFF}a = 1\r\n[t]\r\n  b = 2\r\n", file: "f.toml")

        // When / Then
        #expect(doc.position(of: ["a"]) == .init(line: 1, column: 1))
        #expect(doc.position(of: ["t", "b"]) == .init(line: 3, column: 3))
    }

    @Test("Keys come in the order written, not TOMLKit's sorted order")
    func writtenOrder() throws {
        // Given
        let doc = try TOMLDocument(text: "[k]\nz = 1\nb = 2\nm = 3\n", file: "f.toml")

        // When
        let keys = doc.orderedKeys(doc.root["k"]!.table!, at: ["k"])

        // Then
        #expect(keys == ["z", "b", "m"])
    }

    @Test("Values are copied out of TOMLKit with their types")
    func values() throws {
        // Given
        let doc = try TOMLDocument(
            text: "s = \"x\"\ni = 3\nf = 1.5\nb = true\na = [1, \"y\"]\nd = 2024-01-02\n[t]\nk = \"v\"\n",
            file: "f.toml")

        // When / Then
        #expect(doc.root["s"] == .string("x"))
        #expect(doc.root["i"] == .integer(3))
        #expect(doc.root["f"] == .float(1.5))
        #expect(doc.root["b"] == .boolean(true))
        #expect(doc.root["a"] == .array([.integer(1), .string("y")]))
        #expect(doc.root["d"] == .other(kind: "a date"))
        #expect(doc.root["t"] == .table(["k": .string("v")]))
    }
}
