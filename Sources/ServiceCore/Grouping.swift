extension Int {
    /// "1,000,000", "-1,000,000": thousands grouped, for messages and progress.
    public var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}

extension Money {
    /// "999,999,999.99": the whole units grouped, the cents as they are.
    public var grouped: String {
        let text = description
        let sign = text.hasPrefix("-") ? "-" : ""
        let parts = text.dropFirst(sign.count).split(separator: ".")
        return sign + Int(parts[0])!.grouped + "." + parts[1]
    }
}
