import Testing

@testable import TextUI

@Suite("Text field")
struct TextFieldTests {
    func typed(_ text: String, into field: TextField = TextField()) -> TextField {
        for c in text { _ = field.handle(.character(c)) }
        return field
    }

    func drawn(_ field: TextField, width: Int, height: Int = 1, styles: some StyleProvider = PlainStyles()) -> (
        Canvas, Point?
    ) {
        var cursor: Point?
        let canvas = draw(width + 2, height + 1) {
            cursor = field.render(on: &$0, in: Rect(x: 1, y: 0, width: width, height: height), styles: styles)
        }
        return (canvas, cursor)
    }

    @Test("characters go in at the cursor; Backspace, Delete and the arrows work around it")
    func basicEditing() {
        // Given "hello world" typed
        let field = typed("hello world")
        #expect((field.value, field.cursor) == ("hello world", 11))

        // When the cursor goes back five, then Backspace and Delete are pressed
        for _ in 0..<5 { #expect(field.handle(.left) == .unchanged) }
        #expect(field.handle(.backspace) == .changed)
        #expect((field.value, field.cursor) == ("helloworld", 5))
        #expect(field.handle(.delete) == .changed)
        #expect((field.value, field.cursor) == ("helloorld", 5))

        // Then Home, End, C-a, C-e, C-b and C-f move the cursor and leave the value
        #expect(field.handle(.home) == .unchanged)
        #expect(field.cursor == 0)
        #expect(field.handle(.backspace) == .unchanged)
        #expect(field.handle(.end) == .unchanged)
        #expect(field.cursor == 9)
        #expect(field.handle(.delete) == .unchanged)
        #expect(field.handle(.right) == .unchanged)
        #expect(field.cursor == 9)
        #expect(field.handle(.control("a")) == .unchanged)
        #expect(field.cursor == 0)
        #expect(field.handle(.control("f")) == .unchanged)
        #expect(field.cursor == 1)
        #expect(field.handle(.control("e")) == .unchanged)
        #expect(field.cursor == 9)
        #expect(field.handle(.control("b")) == .unchanged)
        #expect(field.cursor == 8)
        #expect(field.handle(.character("é")) == .changed)
        #expect((field.value, field.cursor) == ("helloorléd", 9))
    }

    @Test("C-u, C-k and C-w delete to the start, to the end, and the word before the cursor")
    func killKeys() {
        let field = typed("abc def")
        field.moveCursor(to: 3)
        #expect(field.handle(.control("u")) == .changed)
        #expect((field.value, field.cursor) == (" def", 0))

        field.value = "abc def"
        field.moveCursor(to: 3)
        #expect(field.handle(.control("k")) == .changed)
        #expect((field.value, field.cursor) == ("abc", 3))

        field.value = "close case  C-12"
        #expect(field.handle(.control("w")) == .changed)
        #expect((field.value, field.cursor) == ("close case  ", 12))
        #expect(field.handle(.control("w")) == .changed)
        #expect(field.value == "close ")
        field.moveCursor(to: 2)
        #expect(field.handle(.control("w")) == .changed)
        #expect((field.value, field.cursor) == ("ose ", 0))
        #expect(field.handle(.control("w")) == .unchanged)
    }

    @Test("Enter, Esc and the moving keys are reported; keys the field does not use are ignored")
    func events() {
        let field = TextField(value: "x")
        #expect(field.handle(.enter) == .submit)
        #expect(field.handle(.escape) == .cancel)
        #expect(field.handle(.tab) == .next)
        #expect(field.handle(.down) == .next)
        #expect(field.handle(.backTab) == .previous)
        #expect(field.handle(.up) == .previous)
        #expect(field.handle(.function(1)) == .ignored)
        #expect(field.handle(.resize) == .ignored)
        #expect(field.value == "x")
    }

    @Test("a value wider than the field scrolls to keep the cursor in view")
    func horizontalScrolling() {
        // Given 16 characters in a field 10 wide
        let field = typed("abcdefghijklmnop")

        // Then the end shows with a free column for the cursor
        var (canvas, cursor) = drawn(field, width: 10)
        #expect(canvas.lines[0] == " hijklmnop")
        #expect(cursor == Point(x: 10, y: 0))

        // When Home is pressed the start shows
        _ = field.handle(.home)
        (canvas, cursor) = drawn(field, width: 10)
        #expect(canvas.lines[0] == " abcdefghij")
        #expect(cursor == Point(x: 1, y: 0))

        // When End and three Backspaces follow, the text slides back to fill the field
        _ = field.handle(.end)
        _ = drawn(field, width: 10)
        for _ in 0..<3 { _ = field.handle(.backspace) }
        (canvas, cursor) = drawn(field, width: 10)
        #expect(canvas.lines[0] == " efghijklm")
        #expect(cursor == Point(x: 10, y: 0))
    }

    @Test("wide characters scroll whole and the cursor lands after them")
    func wideScrolling() {
        let field = typed("山田工業")
        var (canvas, cursor) = drawn(field, width: 6)
        #expect(canvas.lines[0] == " 工業")
        #expect(cursor == Point(x: 5, y: 0))
        // Scrolling back is by as little as keeps the cursor in view
        _ = field.handle(.left)
        _ = field.handle(.left)
        _ = field.handle(.left)
        (canvas, cursor) = drawn(field, width: 6)
        #expect(canvas.lines[0] == " 田工業")
        #expect(cursor == Point(x: 1, y: 0))
        _ = field.handle(.home)
        (canvas, cursor) = drawn(field, width: 6)
        #expect(canvas.lines[0] == " 山田工")
        #expect(cursor == Point(x: 1, y: 0))
        _ = field.handle(.right)
        (canvas, cursor) = drawn(field, width: 6)
        #expect(canvas.lines[0] == " 山田工")
        #expect(cursor == Point(x: 3, y: 0))
    }

    @Test("an empty field shows its placeholder dimmed; a message shows beneath")
    func placeholderAndMessage() {
        // Given an empty field with a placeholder and a message
        let field = TextField(placeholder: "serial number")
        field.message = "Required"

        // When drawn two rows high
        let (canvas, cursor) = drawn(field, width: 20, height: 2, styles: RoleStyles())

        // Then the placeholder is in the field, the message under it, and the cursor at the start
        #expect(canvas.lines == [" serial number", " Required", ""])
        #expect(canvas.role(atX: 1, y: 0) == .dim)
        #expect(canvas.role(atX: 18, y: 0) == .inputFocused)
        #expect(canvas.role(atX: 1, y: 1) == .fail)
        #expect(cursor == Point(x: 1, y: 0))

        // And one row high there is no room for the message; unfocused there is no cursor
        field.isFocused = false
        let (oneRow, none) = drawn(field, width: 20, height: 1, styles: RoleStyles())
        #expect(oneRow.lines == [" serial number", ""])
        #expect(oneRow.role(atX: 18, y: 0) == .input)
        #expect(none == nil)
    }

    @Test("fields one column wide or none never crash")
    func narrow() {
        let field = typed("abc")
        let (one, cursor) = drawn(field, width: 1)
        #expect(one.lines[0] == "")
        #expect(cursor == Point(x: 1, y: 0))
        _ = field.handle(.home)
        #expect(drawn(field, width: 1).0.lines[0] == " a")
        let (_, none) = drawn(field, width: 0)
        #expect(none == nil)
    }

    // MARK: Completion

    let commands = ["close-case", "close-all", "claim", "assign"]

    func completingField() -> TextField {
        let commands = self.commands
        return TextField(completion: { typed in commands.filter { $0.hasPrefix(typed) } })
    }

    @Test("Tab completes the common prefix, then cycles through the candidates")
    func completionCycle() {
        // Given "clo" typed in a field completing command names
        let field = typed("clo", into: completingField())

        // When Tab is pressed: the common prefix is completed and the list opens
        #expect(field.handle(.tab) == .changed)
        #expect(field.value == "close-")
        #expect(field.candidates == ["close-case", "close-all"])
        #expect(field.candidateIndex == nil)

        // Then repeated Tabs cycle through the candidates and wrap; S-Tab goes back
        #expect(field.handle(.tab) == .changed)
        #expect((field.value, field.candidateIndex) == ("close-case", 0))
        #expect(field.handle(.tab) == .changed)
        #expect(field.value == "close-all")
        #expect(field.handle(.tab) == .changed)
        #expect(field.value == "close-case")
        #expect(field.handle(.backTab) == .changed)
        #expect(field.value == "close-all")

        // And Enter takes the candidate and closes the list; a second Enter submits
        #expect(field.handle(.enter) == .unchanged)
        #expect(field.candidates.isEmpty)
        #expect(field.handle(.enter) == .submit)
        #expect(field.value == "close-all")
    }

    @Test("Tab with no longer prefix opens the list; a unique candidate completes; nothing left moves on")
    func completionCases() {
        let field = typed("cl", into: completingField())
        #expect(field.handle(.tab) == .unchanged)
        #expect(field.candidates == ["close-case", "close-all", "claim"])

        // Typing closes the list and goes into the value
        #expect(field.handle(.character("a")) == .changed)
        #expect(field.value == "cla")
        #expect(field.candidates.isEmpty)

        #expect(field.handle(.tab) == .changed)
        #expect(field.value == "claim")
        #expect(field.handle(.tab) == .next)

        field.value = "zz"
        #expect(field.handle(.tab) == .next)
        #expect(field.value == "zz")
    }

    @Test("The one candidate typed in other letters is taken as listed, and Tab moves on at once")
    func completionInOtherLetters() {
        // Given codes listed in capitals, matched in any case, and "cleaned" typed
        let codes = ["CLEANED", "CLEARED-JAM", "FIXED"]
        let field = typed(
            "cleaned",
            into: TextField(completion: { typed in codes.filter { $0.lowercased().hasPrefix(typed.lowercased()) } }))

        // When / Then: one Tab writes it as listed and moves on
        #expect(field.handle(.tab) == .next)
        #expect(field.value == "CLEANED")

        // And a prefix of more than one still completes without moving on
        field.value = "clea"
        #expect(field.handle(.tab) == .unchanged)
        #expect(field.candidates == ["CLEANED", "CLEARED-JAM"])
    }

    @Test("Esc closes the list first, and cancels only then")
    func completionEscape() {
        let field = typed("c", into: completingField())
        _ = field.handle(.tab)
        #expect(!field.candidates.isEmpty)
        #expect(field.handle(.escape) == .unchanged)
        #expect(field.candidates.isEmpty)
        #expect(field.handle(.escape) == .cancel)
    }

    @Test("the candidate list draws under the field with the current candidate selected")
    func candidateList() {
        // Given the list open and cycled to the first candidate
        let field = typed("clo", into: completingField())
        _ = field.handle(.tab)
        _ = field.handle(.tab)

        // When field and list are drawn
        let canvas = draw(20, 6) {
            let rect = Rect(x: 2, y: 0, width: 14, height: 1)
            field.render(on: &$0, in: rect, styles: RoleStyles())
            field.renderCandidates(on: &$0, below: rect, styles: RoleStyles())
        }

        // Then a small box lists the candidates under the field
        #expect(
            canvas.lines == [
                "  close-case",
                "  ┌──────────┐",
                "  │close-case│",
                "  │close-all │",
                "  └──────────┘",
                "",
            ])
        #expect(canvas.role(atX: 3, y: 2) == .selected)
        #expect(canvas.role(atX: 3, y: 3) == .dialog)
    }

    @Test("described completions show their notes in a column beside the values; the value takes no note")
    func candidateNotes() {
        // Given codes completed with their descriptions, the list open
        let field = TextField(describedCompletion: { _ in
            [Completion("FIXED", note: "Repaired"), Completion("NO-FAULT", note: "Nothing found")]
        })
        _ = field.handle(.tab)
        #expect(field.candidates == ["FIXED", "NO-FAULT"])
        #expect(field.candidateNotes == ["Repaired", "Nothing found"])

        // When drawn
        let canvas = draw(26, 5) {
            let rect = Rect(x: 0, y: 0, width: 10, height: 1)
            field.render(on: &$0, in: rect, styles: PlainStyles())
            field.renderCandidates(on: &$0, below: rect, styles: PlainStyles())
        }

        // Then each note starts two columns after the widest value
        #expect(
            canvas.lines == [
                "", "┌───────────────────────┐", "│FIXED     Repaired     │", "│NO-FAULT  Nothing found│",
                "└───────────────────────┘",
            ])
        // And choosing one puts only the code in the field
        _ = field.handle(.tab)
        #expect(field.value == "FIXED")
    }

    @Test("a list with no room below opens above the field and scrolls to the current candidate")
    func candidateListAbove() {
        let many = (1...9).map { "item-\($0)" }
        let field = TextField(value: "item-", completion: { _ in many })
        _ = field.handle(.tab)
        for _ in 0..<5 { _ = field.handle(.tab) }
        #expect(field.value == "item-5")
        let canvas = draw(12, 8) {
            let rect = Rect(x: 0, y: 7, width: 12, height: 1)
            field.render(on: &$0, in: rect, styles: PlainStyles())
            field.renderCandidates(on: &$0, below: rect, maxRows: 3, styles: PlainStyles())
        }
        #expect(
            canvas.lines == [
                "", "", "┌───────┐", "│item-3 │", "│item-4 │", "│item-5 │", "└─ 5/9 ─┘", "item-5",
            ])
    }
}
