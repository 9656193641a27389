import Testing

@testable import Workbench

/// A report's CSV goes to a person's spreadsheet: what someone typed into a name or subject
/// must not run there as a formula.
@Suite("Reports as CSV for spreadsheets")
struct ReportCSVTests {
    @Test("A text cell a spreadsheet would run as a formula goes out as text; numbers stay numbers")
    func formulasNeutralised() {
        // Given a report whose cells were typed by customers and agents
        let table = ReportTable(
            title: "t", columns: ["cell"],
            rows: [
                [#"=HYPERLINK("http://x.example","click")"#], ["+1 555 0100"], ["@SUM(A1:A9)"], ["\tTabbed"],
                ["\rReturn"], ["-"], ["-cmd|' /C calc'!A0"],
                ["-12.50"], ["+3"], ["-1,234.00"], ["-7%"], ["12.00"], ["Harbour Bakery"], ["a=b"],
            ])

        // When it is written as CSV
        let lines = table.render(.csv).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        // Then formulas are behind a quote mark, and every figure is as it was
        #expect(
            lines == [
                "cell",
                #""'=HYPERLINK(""http://x.example"",""click"")""#, "'+1 555 0100", "'@SUM(A1:A9)", "'\tTabbed",
                "\"'\rReturn\"", "'-", "'-cmd|' /C calc'!A0",
                "-12.50", "+3", "\"-1,234.00\"", "-7%", "12.00", "Harbour Bakery", "a=b", "",
            ])
    }

    @Test("Text and JSON keep cells exactly as they are")
    func otherFormatsExact() {
        let table = ReportTable(title: "t", columns: ["cell"], rows: [["=1+1"]])
        #expect(table.render(.text).contains("=1+1"))
        #expect(table.render(.json).contains(#""cell":"=1+1""#))
    }
}
