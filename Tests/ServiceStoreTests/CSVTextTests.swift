import Testing

@testable import ServiceStore

@Suite("CSV text")
struct CSVTextTests {
    @Test("Quoted fields hold commas, doubled quotes and line ends; each record keeps the line it starts on")
    func quoting() throws {
        let text = "id,name\r\nC-1,\"Two, Sons & \"\"Co\"\"\"\r\n\nC-2,\"first line\nsecond line\"\nC-3,\n"
        let records = try CSVText.parse(Array(text.utf8))
        #expect(
            records == [
                .init(line: 1, fields: ["id", "name"]),
                .init(line: 2, fields: ["C-1", "Two, Sons & \"Co\""]),
                .init(line: 4, fields: ["C-2", "first line\nsecond line"]),
                .init(line: 6, fields: ["C-3", ""]),
            ])
    }

    @Test(
        "What a line writes, parsing reads back exactly",
        arguments: [
            ["plain", "with, comma", "with \"quotes\"", "two\nlines", " padded ", "", "Müller 東京"],
            ["", ""],
        ])
    func roundTrip(fields: [String]) throws {
        let text = CSVText.line(["header"] + fields.dropFirst()) + CSVText.line(fields)
        #expect(try CSVText.parse(Array(text.utf8)).last?.fields == fields)
    }

    @Test(
        "Broken quoting is named by line, and an unclosed quote by its field too",
        arguments: [
            (
                "a,b\n1,\"open\n2,3\n", 2,
                "a quoted field opened on this line is never closed (the file ends inside it)",
                2 as Int?
            ),
            (
                "a,b\n1,\"closed\"x\n", 2,
                "text after a closing quote; a quote inside a quoted field is written twice (\"\")", nil
            ),
            (
                "a,b\n\n1,ab\"c\n", 3,
                "a double quote inside an unquoted field; put the whole field in quotes and write the quote twice", nil
            ),
        ])
    func broken(text: String, line: Int, message: String, column: Int?) {
        #expect(throws: CSVText.SyntaxError(line: line, message: message, column: column)) {
            try CSVText.parse(Array(text.utf8))
        }
    }
}
