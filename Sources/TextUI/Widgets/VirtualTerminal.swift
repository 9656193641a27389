/// An in-memory screen for tests: keys are queued by the test, frames are kept as canvases,
/// and the screen is read back as text, positions and styles.
public final class VirtualTerminal: Terminal {
    public private(set) var size: Size
    public let colorDepth: ColorDepth
    /// The last frame presented; blank until the first `present`.
    public private(set) var canvas: Canvas
    /// Where the last frame put the visible cursor; nil when hidden.
    public private(set) var cursor: Point?
    /// How many frames have been presented: a test can check that one key made one flush.
    public private(set) var frames = 0
    private var keys: [Key] = []
    private var nextKeyIndex = 0
    /// How many times another program was given the terminal (`suspend(while:)`).
    public private(set) var suspensions = 0
    /// Whether another program has the terminal now: a frame presented then would be drawn over it.
    public private(set) var isSuspended = false
    /// Frames presented while another program had the terminal: none, in a program that waits for it.
    public private(set) var framesWhileSuspended = 0
    /// How many times every cell was to be drawn again (`redrawAll`: Ctrl-L, after an editor).
    public private(set) var redraws = 0

    public init(size: Size = Size(width: 80, height: 24), colorDepth: ColorDepth = .ansi256) {
        self.size = size
        self.colorDepth = colorDepth
        canvas = Canvas(size: size)
    }

    /// Changes the size and queues `.resize`, as ncurses does on SIGWINCH. The last frame
    /// stays as it was until the next `present`.
    public func resize(to newSize: Size) {
        size = newSize
        keys.append(.resize)
    }

    public func press(_ keys: Key...) { press(keys) }

    public func press(_ keys: [Key]) { self.keys.append(contentsOf: keys) }

    /// Queues each character of `text` as a `.character` key (a space too).
    public func type(_ text: String) { keys.append(contentsOf: text.map { Key.character($0) }) }

    /// What a terminal would send, as bytes, through the decoder the ncurses backend uses for
    /// what ncurses does not know: escape sequences of any terminal become their keys, or one
    /// unrecognised key each.
    public func send(bytes: [UInt8]) {
        keys.append(contentsOf: KeyDecoder.decode(bytes))
    }

    /// Keys queued and not yet read.
    public var pendingKeys: Int { keys.count - nextKeyIndex }

    /// Never waits: a test has queued every key it means to send.
    public func nextKey(timeout: Int) -> Key? {
        guard nextKeyIndex < keys.count else { return nil }
        defer {
            nextKeyIndex += 1
            if nextKeyIndex == keys.count {
                keys.removeAll()
                nextKeyIndex = 0
            }
        }
        return keys[nextKeyIndex]
    }

    public func suspend<T>(while body: () throws -> T) rethrows -> T {
        suspensions += 1
        isSuspended = true
        defer {
            isSuspended = false
            redrawAll()
        }
        return try body()
    }

    public func redrawAll() { redraws += 1 }

    public func present(_ canvas: Canvas, cursor: Point?) {
        if isSuspended { framesWhileSuspended += 1 }
        self.canvas = canvas
        self.cursor = cursor
        frames += 1
    }

    /// The screen as text, one line per row, trailing spaces trimmed.
    public var text: String { canvas.text }

    /// Row `y` with trailing spaces trimmed; "" for a row off the screen.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < canvas.size.height else { return "" }
        var l = Substring(canvas.line(y))
        while l.last == " " { l = l.dropLast() }
        return String(l)
    }

    /// The cell (column, row) where `text` first appears, reading rows top to bottom. The
    /// column counts cells, so text after a wide character is found at its screen column.
    public func find(_ text: String) -> Point? {
        guard !text.isEmpty else { return nil }
        let width = canvas.size.width
        for y in 0..<canvas.size.height {
            let cells = (0..<width).map { canvas[$0, y].text }
            for x in 0..<width where !cells[x].isEmpty {
                var rest = ""
                for c in x..<width {
                    rest += cells[c]
                    if rest.count >= text.count { break }
                }
                if rest.hasPrefix(text) { return Point(x: x, y: y) }
            }
        }
        return nil
    }

    /// The style of the cell at `point`; plain off the screen.
    public func style(at point: Point) -> Style {
        canvas.contains(point) ? canvas[point.x, point.y].style : .plain
    }
}
