/// A completion with a note shown beside it in the list: a code's description, how many of a
/// part a bin holds. The note is never part of the value.
public struct Completion: Equatable, Sendable {
    public var value: String
    public var note: String

    public init(_ value: String, note: String = "") {
        self.value = value
        self.note = note
    }
}

/// A one-line input with readline's editing keys, horizontal scrolling, a placeholder, a
/// validation message and Tab completion. The cursor counts characters, not bytes or columns.
public final class TextField {
    private var characters: [Character]
    /// Where the next character goes: 0 is before the first one.
    public private(set) var cursor: Int
    /// Shown, dimmed, while the value is empty.
    public var placeholder: String
    /// A validation message, drawn beneath the field when its rectangle has a second row.
    public var message: String?
    /// Whether the field has the keyboard: it then reports a cursor and draws in `.inputFocused`.
    public var isFocused = true
    /// The completions of a value, as whole values. Without it Tab just moves on.
    public var completion: ((String) -> [String])?
    /// Completions with notes, asked instead of `completion` when set.
    public var describedCompletion: ((String) -> [Completion])?
    /// The completions on offer after Tab, each with its note; empty when no list is open.
    private var offers: [Completion] = []
    /// The values on offer, in order.
    public var candidates: [String] { offers.map(\.value) }
    /// The note of each candidate, in the same order ("" for none).
    public var candidateNotes: [String] { offers.map(\.note) }
    /// Which candidate the value now is, while Tab cycles through them.
    public private(set) var candidateIndex: Int?
    /// The first character shown, when the value is wider than the field.
    private var firstShown = 0

    public init(
        value: String = "", placeholder: String = "", completion: ((String) -> [String])? = nil,
        describedCompletion: ((String) -> [Completion])? = nil
    ) {
        characters = Array(value)
        cursor = characters.count
        self.placeholder = placeholder
        self.completion = completion
        self.describedCompletion = describedCompletion
    }

    /// Setting the value puts the cursor at its end and closes any completion list.
    public var value: String {
        get { String(characters) }
        set {
            replaceValue(newValue)
            closeCandidates()
        }
    }

    /// Moves the cursor, clamped to the value.
    public func moveCursor(to index: Int) { cursor = min(max(0, index), characters.count) }

    public func handle(_ key: Key) -> FieldEvent {
        if !offers.isEmpty, let event = handleCandidateKey(key) { return event }
        let before = characters
        switch key {
        case .character(let c):
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace, .control("h"):
            guard cursor > 0 else { return .unchanged }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < characters.count else { return .unchanged }
            characters.remove(at: cursor)
        case .left, .control("b"): moveCursor(to: cursor - 1)
        case .right, .control("f"): moveCursor(to: cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .control("k"):
            characters.removeSubrange(cursor...)
        case .control("w"):
            // As readline's unix-word-rubout: the spaces before the cursor, then the word.
            var start = cursor
            while start > 0, characters[start - 1].isWhitespace { start -= 1 }
            while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .enter: return .submit
        case .escape: return .cancel
        case .tab: return complete()
        case .backTab, .up: return .previous
        case .down: return .next
        default: return .ignored
        }
        return characters == before ? .unchanged : .changed
    }

    // MARK: Completion

    /// Tab: completes the candidates' common prefix; when that adds nothing, opens the list;
    /// with the list open (see `handleCandidateKey`) further Tabs cycle. With nothing left to
    /// complete Tab moves on, so a form can still be crossed with Tab — also when what was
    /// typed is the one candidate in other letters ("cleaned" for CLEANED), which it takes as
    /// written in the list: a technician types the code and one Tab.
    private func complete() -> FieldEvent {
        let offered: [Completion]
        if let describedCompletion {
            offered = describedCompletion(value)
        } else if let completion {
            offered = completion(value).map { Completion($0) }
        } else {
            return .next
        }
        var unique: [Completion] = []
        for candidate in offered where !unique.contains(where: { $0.value == candidate.value }) {
            unique.append(candidate)
        }
        let found = unique.map(\.value)
        if found.isEmpty || found == [value] { return .next }
        if found.count == 1 {
            let sameWord = found[0].lowercased() == value.lowercased()
            replaceValue(found[0])
            return sameWord ? .next : .changed
        }
        offers = unique
        candidateIndex = nil
        let prefix = Self.commonPrefix(found)
        if prefix.count > characters.count {
            replaceValue(prefix)
            return .changed
        }
        return .unchanged
    }

    /// Keys for an open completion list; nil for a key that closes it and then does its
    /// usual work.
    private func handleCandidateKey(_ key: Key) -> FieldEvent? {
        switch key {
        case .tab, .down: return cycle(by: 1)
        case .backTab, .up: return cycle(by: -1)
        case .escape, .enter:
            // Enter takes the candidate shown; a second Enter submits it.
            closeCandidates()
            return .unchanged
        default:
            closeCandidates()
            return nil
        }
    }

    private func cycle(by step: Int) -> FieldEvent {
        let n = offers.count
        let next: Int
        if let current = candidateIndex { next = ((current + step) % n + n) % n } else { next = step > 0 ? 0 : n - 1 }
        candidateIndex = next
        let before = characters
        replaceValue(offers[next].value)
        return characters == before ? .unchanged : .changed
    }

    private func replaceValue(_ newValue: String) {
        characters = Array(newValue)
        cursor = characters.count
    }

    private func closeCandidates() {
        offers = []
        candidateIndex = nil
    }

    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for s in strings.dropFirst() {
            let chars = Array(s)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        return String(prefix)
    }

    // MARK: Rendering

    /// Draws the field in the first row of `rect` and, when `rect` has a second row, the
    /// message beneath it. Returns where the terminal's cursor goes, or nil when unfocused.
    @discardableResult
    public func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider) -> Point? {
        guard !rect.isEmpty else { return nil }
        let line = rect.row(0)
        canvas.fill(line, role: isFocused ? .inputFocused : .input, styles: styles)
        scrollToCursor(width: line.width)
        if characters.isEmpty, !placeholder.isEmpty {
            canvas.put(placeholder, x: line.x, y: line.y, limit: line.width, role: .dim, styles: styles)
        } else {
            canvas.put(
                String(characters[firstShown...]), x: line.x, y: line.y, limit: line.width,
                role: isFocused ? .inputFocused : .input, styles: styles)
        }
        if let message, rect.height > 1 {
            canvas.put(
                DisplayWidth.shorten(message, to: rect.width), x: rect.x, y: rect.y + 1, limit: rect.width,
                role: .fail, styles: styles)
        }
        guard isFocused else { return nil }
        let column = DisplayWidth.of(String(characters[firstShown..<cursor]))
        return Point(x: line.x + min(column, line.width - 1), y: line.y)
    }

    /// Keeps the cursor inside the field, with a column free for it after the last
    /// character, and shows as much of the value as fits once text before it is deleted.
    private func scrollToCursor(width: Int) {
        let room = max(0, width - 1)
        firstShown = min(firstShown, cursor)
        while firstShown < cursor, DisplayWidth.of(String(characters[firstShown..<cursor])) > room { firstShown += 1 }
        while firstShown > 0, DisplayWidth.of(String(characters[(firstShown - 1)...])) <= room { firstShown -= 1 }
    }

    /// Draws the open completion list as a small box under the field (above it when there
    /// is no room below), at most `maxRows` candidates high, the current one selected.
    public func renderCandidates(
        on canvas: inout Canvas, below field: Rect, maxRows: Int = 6,
        styles: some StyleProvider
    ) {
        guard !offers.isEmpty, maxRows > 0 else { return }
        let rows = min(offers.count, maxRows)
        // A list longer than the box says where in it the user is, on the bottom edge.
        let footer = offers.count > rows ? "\((candidateIndex ?? 0) + 1)/\(offers.count)" : nil
        // Notes line up in a column of their own, two spaces after the widest value.
        let valueWidth = offers.map { DisplayWidth.of($0.value) }.max() ?? 0
        let noteWidth = offers.map { DisplayWidth.of($0.note) }.max() ?? 0
        let widest = valueWidth + (noteWidth > 0 ? 2 + noteWidth : 0)
        let width = min(canvas.size.width, max(widest, 5, (footer.map { DisplayWidth.of($0) } ?? 0) + 4) + 2)
        let height = rows + 2
        var y = field.y + 1
        if y + height > canvas.size.height, field.y - height >= 0 { y = field.y - height }
        let x = max(0, min(field.x, canvas.size.width - width))
        let inner = canvas.drawBox(
            Rect(x: x, y: y, width: width, height: height), footer: footer,
            fill: .dialog, styles: styles)
        var state = ScrollState(selection: candidateIndex ?? 0)
        state.fit(count: offers.count, visible: rows)
        for row in 0..<min(rows, inner.height) {
            let index = state.offset + row
            let role: StyleRole = index == candidateIndex ? .selected : .dialog
            canvas.fill(inner.row(row), role: role, styles: styles)
            canvas.put(
                offers[index].value, x: inner.x, y: inner.y + row, limit: inner.width, role: role, styles: styles)
            let note = offers[index].note
            if !note.isEmpty, valueWidth + 2 < inner.width {
                canvas.put(
                    note, x: inner.x + valueWidth + 2, y: inner.y + row, limit: inner.width - valueWidth - 2,
                    role: role, styles: styles)
            }
        }
    }
}
