import Foundation

/// Comma-separated text as RFC 4180 has it: records end at a line end (LF or CRLF), fields
/// are separated by commas, and a field holding a comma, a double quote or a line end is
/// written in double quotes with its quotes doubled.
///
/// Written here rather than taken from a library: the two on the package mirror (CSV.swift
/// and SwiftCSV) give neither the line a record starts on nor an error for an unterminated
/// quote — they return the rest of the file as one field — and a loader must name both.
enum CSVText {
    struct Record: Equatable {
        /// The line the record starts on (a quoted field may span lines).
        var line: Int
        var fields: [String]
    }

    struct SyntaxError: Error, Equatable {
        var line: Int
        var message: String
        /// The field's place in its record (1 for the first), where it is known.
        var column: Int? = nil
    }

    /// The names of a file's header row, read from its first line alone: for naming the column
    /// of a problem found before the file could be parsed.
    static func headerNames(_ bytes: [UInt8]) -> [String] {
        let first = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return String(decoding: first, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
    }

    /// The field (1 for the first) that byte `offset` of a line falls in, counting commas
    /// outside quotes.
    static func column(of offset: Int, in line: ArraySlice<UInt8>) -> Int {
        var column = 1
        var quoted = false
        for b in line.prefix(offset) {
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            if b == UInt8(ascii: ","), !quoted { column += 1 }
        }
        return column
    }

    /// The records of `bytes` (UTF-8, already checked). Lines that are entirely empty are skipped.
    static func parse(_ bytes: [UInt8]) throws -> [Record] {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = 0
        var atFieldStart = true

        func endRecord() {
            if !(fields.isEmpty && field.isEmpty && atFieldStart) {
                fields.append(String(decoding: field, as: UTF8.self))
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = []
            atFieldStart = true
        }

        while i < bytes.count {
            let b = bytes[i]
            if b == quote && atFieldStart && field.isEmpty {
                // A quoted field: up to the quote that is not doubled.
                let opened = line
                let openedColumn = fields.count + 1
                i += 1
                var closed = false
                while i < bytes.count {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if c == lf { line += 1 }
                    field.append(c)
                    i += 1
                }
                guard closed else {
                    throw SyntaxError(
                        line: opened,
                        message: "a quoted field opened on this line is never closed (the file ends inside it)",
                        column: openedColumn)
                }
                atFieldStart = false
                // After the closing quote: a comma, a line end or the end of the file.
                if i < bytes.count, ![comma, lf, cr].contains(bytes[i]) {
                    throw SyntaxError(
                        line: line,
                        message: "text after a closing quote; a quote inside a quoted field is written twice (\"\")")
                }
                continue
            }
            switch b {
            case comma:
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
                atFieldStart = true
                i += 1
            case cr where i + 1 < bytes.count && bytes[i + 1] == lf:
                i += 1
            case lf:
                endRecord()
                line += 1
                recordLine = line
                i += 1
            case quote:
                throw SyntaxError(
                    line: line,
                    message:
                        "a double quote inside an unquoted field; put the whole field in quotes and write the quote twice"
                )
            default:
                field.append(b)
                atFieldStart = false
                i += 1
            }
        }
        endRecord()
        return records
    }

    /// One line of CSV: fields quoted only where they must be.
    static func line(_ fields: [String]) -> String {
        fields.map { f in
            guard
                f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || f.hasPrefix(" ")
                    || f.hasSuffix(" ")
            else { return f }
            return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\n"
    }
}
