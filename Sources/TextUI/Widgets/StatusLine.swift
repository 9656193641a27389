/// The status row: a message on the left, in the role of its kind, and a right-aligned text
/// such as "agnes · agent · TRAINING". When both do not fit the right text gives way:
/// its first " · " parts go, then its start is cut, keeping the end (where the most
/// important word goes), then it vanishes.
public struct StatusLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case info, success, error

        public var role: StyleRole {
            switch self {
            case .info: .statusLine
            case .success: .statusSuccess
            case .error: .statusError
            }
        }
    }

    public var message: String
    public var kind: Kind
    public var right: String
    public var rightRole: StyleRole

    public init(message: String = "", kind: Kind = .info, right: String = "", rightRole: StyleRole = .statusLine) {
        self.message = message
        self.kind = kind
        self.right = right
        self.rightRole = rightRole
    }

    /// Draws in the first row of `rect`.
    public func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider) {
        guard !rect.isEmpty else { return }
        let row = rect.row(0)
        canvas.fill(row, role: .statusLine, styles: styles)
        let shown = DisplayWidth.shorten(message, to: row.width)
        let used = canvas.put(shown, x: row.x, y: row.y, limit: row.width, role: kind.role, styles: styles)
        // A space between the two, unless there is no message at all.
        let room = row.width - used - (used > 0 ? 1 : 0)
        let tail = Self.yield(right, to: room)
        guard !tail.isEmpty, tail != "…" else { return }
        let width = DisplayWidth.of(tail)
        canvas.put(tail, x: row.maxX - width, y: row.y, limit: width, role: rightRole, styles: styles)
    }

    /// The end of `text` that fits in `columns`: whole " · " parts when they can be, else cut.
    static func yield(_ text: String, to columns: Int) -> String {
        let parts = text.components(separatedBy: " · ")
        for start in parts.indices {
            let tail = parts[start...].joined(separator: " · ")
            if DisplayWidth.of(tail) <= columns { return tail }
        }
        return DisplayWidth.clipHead(parts.last ?? text, to: columns)
    }
}
