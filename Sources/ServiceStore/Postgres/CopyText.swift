/// One row in the text format of PostgreSQL's `COPY`: values apart by tabs, NULL as `\N`, and
/// backslash, tab, newline and carriage return escaped. The same line is what a moved table's
/// checksum is made of, on either engine, so a value that changed on the way changes the sum.
public enum CopyText {
    public static func line(_ values: [String?]) -> String {
        var line = ""
        for (index, value) in values.enumerated() {
            if index > 0 { line.append("\t") }
            guard let value else {
                line.append("\\N")
                continue
            }
            for character in value.unicodeScalars {
                switch character {
                case "\\": line.append("\\\\")
                case "\t": line.append("\\t")
                case "\n": line.append("\\n")
                case "\r": line.append("\\r")
                default: line.unicodeScalars.append(character)
                }
            }
        }
        return line
    }
}
