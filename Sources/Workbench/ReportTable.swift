import Foundation

/// A report: a title, columns and rows, and notes; plain text for a terminal, CSV or JSON
/// for tools. Every report is made as one of these, so they all print alike.
public struct ReportTable: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable { case text, csv, json }

    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// Lines under the table (totals, what the figures mean).
    public var notes: [String]
    /// Further tables of the same report, each under its own title (a case report's
    /// visits, work and outcomes).
    public var sections: [ReportTable]

    public init(title: String, columns: [String], rows: [[String]], notes: [String] = [], sections: [ReportTable] = [])
    {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.sections = sections
    }

    /// Text for a terminal; CSV as one table (with sections, a first `section` column and
    /// the columns of all of them, so any CSV reader takes it); JSON with sections nested.
    public func render(_ format: Format) -> String {
        switch format {
        case .text:
            return ([title, ""] + body).joined(separator: "\n") + "\n"
        case .csv:
            func field(_ cell: String) -> String {
                let s = Self.spreadsheetSafe(cell)
                return s.contains(where: { ",\"\n\r".contains($0) })
                    ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
            guard !sections.isEmpty else {
                return ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
            }
            let tables = ([self] + sections).filter { !$0.columns.isEmpty }
            var header: [String] = []
            for c in tables.flatMap(\.columns) where !header.contains(c) { header.append(c) }
            let rows = tables.flatMap { t in
                t.rows.map { row in
                    let cells = Dictionary(zip(t.columns, row), uniquingKeysWith: { a, _ in a })
                    return [t.title] + header.map { cells[$0] ?? "" }
                }
            }
            return ([["section"] + header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
                + "\n"
        case .json:
            let data = try! JSONSerialization.data(
                withJSONObject: jsonObject, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    private var jsonObject: [String: Any] {
        var doc: [String: Any] = [
            "title": title, "rows": rows.map { Dictionary(zip(columns, $0), uniquingKeysWith: { a, _ in a }) },
            "notes": notes,
        ]
        if !sections.isEmpty { doc["sections"] = sections.map(\.jsonObject) }
        return doc
    }

    /// The report as text, columns aligned (numbers to the right), then the notes, then each
    /// section under its title.
    public var body: [String] {
        ownBody + sections.flatMap { ["", $0.title.uppercased()] + $0.ownBody }
    }

    private var ownBody: [String] {
        if columns.isEmpty { return notes }
        let widths = columns.indices.map { i in ([columns[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let joined = cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 || !Self.isFigure(c) ? c + pad : pad + c
            }.joined(separator: "  ")
            // Trimmed from the end in place: reversing every line twice took a third of
            // `report profitability` with a row per contract.
            var trimmed = joined
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed
        }
        let table =
            rows.isEmpty
            ? ["(none)"] : [line(columns), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
        return table + (notes.isEmpty ? [] : [""] + notes)
    }
}

extension ReportTable {
    /// A report's CSV is opened in a spreadsheet by a person: a text cell a spreadsheet would
    /// take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first — a customer
    /// named `=HYPERLINK(…)`) goes out behind a `'`, which spreadsheets show as text. Numbers,
    /// negative amounts among them, stay numbers. `export data` writes exact CSV instead, since
    /// import reads it back.
    static func spreadsheetSafe(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        return isNumber(cell) ? cell : "'" + cell
    }

    /// `-12.50`, `+3`, `-1,234.00`, `-7%`: a signed figure a spreadsheet reads as a number.
    static func isNumber(_ cell: String) -> Bool {
        var s = Substring(cell)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        if s.hasSuffix("%") { s = s.dropLast() }
        guard let first = s.first, first.isASCII, first.isNumber else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
            && s.filter { $0 == "." }.count <= 1
    }

    /// A number, an amount, a percentage or hours: aligned to the right.
    static func isFigure(_ cell: String) -> Bool {
        var s = Substring(cell)
        for unit in ["%", " h"] where s.hasSuffix(unit) { s = s.dropLast(unit.count) }
        if s.hasPrefix("-") { s = s.dropFirst() }
        return s == "—" || (!s.isEmpty && s.first!.isNumber && s.allSatisfy { $0.isNumber || $0 == "." || $0 == "," })
    }
}
