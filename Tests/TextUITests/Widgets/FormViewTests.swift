import Testing

@testable import TextUI

@Suite("Form view")
struct FormViewTests {
    /// A new-case form: a customer (completed from two names), an 8-character serial, an
    /// optional note; narrow enough to assert on whole lines.
    func newCaseForm(serial: String = "") -> FormView {
        let customers = ["Acme Ltd", "山田工業"]
        let form = FormView(
            title: "New case",
            fields: [
                FormField(
                    "customer", label: "Customer", completion: { typed in customers.filter { $0.hasPrefix(typed) } }),
                FormField(
                    "serial", label: "Serial", value: serial,
                    validator: { $0.count == 8 ? nil : "Must be 8 characters" }),
                FormField("note", label: "Note", optional: true),
            ])
        form.fieldWidth = 12
        form.hint = "C-s save · Esc cancel"
        return form
    }

    func rendered(_ form: FormView, width: Int = 30, height: Int = 10, styles: some StyleProvider = PlainStyles()) -> (
        Canvas, Point?
    ) {
        var cursor: Point?
        let canvas = draw(width, height) {
            cursor = form.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: height), styles: styles)
        }
        return (canvas, cursor)
    }

    func type(_ text: String, into form: FormView) {
        for c in text { #expect(form.handle(.character(c)) == .editing) }
    }

    @Test("a form is a titled box of labelled fields with a key hint, centred")
    func layout() {
        // Given a new-case form
        let form = newCaseForm()

        // When drawn on a 30×10 screen
        let (canvas, cursor) = rendered(form, styles: RoleStyles())

        // Then the box is centred, the labels line up and the cursor is in the first field
        #expect(
            canvas.lines == [
                "",
                "  ┌─ New case ─────────────┐",
                "  │                        │",
                "  │ Customer:              │",
                "  │ Serial:                │",
                "  │ Note:     optional     │",
                "  │                        │",
                "  │ C-s save · Esc cancel  │",
                "  └────────────────────────┘",
                "",
            ])
        #expect(cursor == Point(x: 14, y: 3))
        #expect(canvas.role(atX: 14, y: 3) == .inputFocused)
        #expect(canvas.role(atX: 14, y: 4) == .input)
        #expect(canvas.role(atX: 14, y: 5) == .dim)
        #expect(canvas.role(atX: 4, y: 7) == .dim)
        #expect(form.preferredSize == Size(width: 26, height: 8))
    }

    /// A row inside a box `content` columns wide whose left border is at column `x`.
    func row(_ text: String, x: Int, content: Int) -> String {
        String(repeating: " ", count: x) + "│ " + text.padding(toLength: content, withPad: " ", startingAt: 0) + " │"
    }

    @Test("submitting validates every field, shows the messages and focuses the first wrong one")
    func validationFlow() {
        // Given an empty form
        let form = newCaseForm()

        // When C-s is pressed at once
        #expect(form.handle(.control("s")) == .editing)

        // Then both required fields are told so, under their fields, and the first keeps the focus
        var (canvas, cursor) = rendered(form, width: 40)
        #expect(form.focusIndex == 0)
        #expect(
            Array(canvas.lines[0...7]) == [
                "       ┌─ New case ─────────────┐",
                row("", x: 7, content: 22),
                row("Customer:", x: 7, content: 22),
                row("          Required", x: 7, content: 22),
                row("Serial:", x: 7, content: 22),
                row("          Required", x: 7, content: 22),
                row("Note:     optional", x: 7, content: 22),
                row("", x: 7, content: 22),
            ])
        #expect(cursor == Point(x: 19, y: 2))

        // When a customer is typed and completed with Tab, then Tab moves on
        type("Ac", into: form)
        #expect(form.inputs[0].message == nil)
        #expect(form.handle(.tab) == .editing)
        #expect(form.value(of: "customer") == "Acme Ltd")
        #expect(form.focusIndex == 0)
        #expect(form.handle(.tab) == .editing)
        #expect(form.focusIndex == 1)

        // And a short serial is scolded when left
        type("123", into: form)
        #expect(form.inputs[1].message == nil)
        #expect(form.handle(.tab) == .editing)
        #expect(form.focusIndex == 2)
        #expect(form.inputs[1].message == "Must be 8 characters")

        // When Enter is pressed on the last field the form refuses, back on the serial,
        // and the box widens to show the whole message
        #expect(form.handle(.enter) == .editing)
        #expect(form.focusIndex == 1)
        (canvas, cursor) = rendered(form, width: 40)
        #expect(
            Array(canvas.lines[0...6]) == [
                "   ┌─ New case ─────────────────────┐",
                row("", x: 3, content: 30),
                row("Customer: Acme Ltd", x: 3, content: 30),
                row("Serial:   123", x: 3, content: 30),
                row("          Must be 8 characters", x: 3, content: 30),
                row("Note:     optional", x: 3, content: 30),
                row("", x: 3, content: 30),
            ])
        #expect(cursor == Point(x: 18, y: 3))

        // When the serial is fixed: the message goes as soon as it is edited
        #expect(form.handle(.control("u")) == .editing)
        #expect(form.inputs[1].message == nil)
        type("12345678", into: form)

        // Then Enter saves from here, as nothing after the serial needs a value (the note is optional)
        #expect(form.handle(.enter) == .submitted(["customer": "Acme Ltd", "serial": "12345678", "note": ""]))
        // And Tab still reaches the note, and Enter there submits the trimmed values
        #expect(form.handle(.tab) == .editing)
        #expect(form.focusIndex == 2)
        type("  under warranty ", into: form)
        #expect(
            form.handle(.enter) == .submitted(["customer": "Acme Ltd", "serial": "12345678", "note": "under warranty"]))
    }

    @Test("Enter moves on while a later field needs a value, and saves past the last one that does")
    func enterSavesPastTheLastNeeded() {
        // Given a visit's form: a technician to type, then two proposed times
        let form = FormView(
            title: "Schedule",
            fields: [
                FormField("technician"), FormField("notes"),
                FormField("start", value: "2026-06-15T10:00"), FormField("end", value: "2026-06-15T12:00"),
            ])
        // When the technician is typed and Enter pressed, Then the notes, still empty, are next
        type("tom", into: form)
        #expect(form.handle(.enter) == .editing)
        #expect(form.focusIndex == 1)
        // When the notes are typed, Then Enter saves with the proposed times
        type("gate code 41", into: form)
        #expect(
            form.handle(.enter)
                == .submitted([
                    "technician": "tom", "notes": "gate code 41", "start": "2026-06-15T10:00",
                    "end": "2026-06-15T12:00",
                ]))
    }

    @Test("a message wider than the screen allows is cut with an ellipsis")
    func longMessage() {
        let form = newCaseForm()
        form.inputs[1].message = "Must be 8 characters"
        let (canvas, _) = rendered(form)
        #expect(canvas.lines[4] == "│           Must be 8 chara… │")
    }

    @Test("C-s submits from any field; an empty optional field is valid")
    func submitAnywhere() {
        let form = FormView(
            title: "Part",
            fields: [
                FormField("part", value: "P-100"),
                FormField("qty", value: "2", validator: { Int($0) == nil ? "Not a number" : nil }),
                FormField("bin", optional: true, validator: { _ in "never asked when empty" }),
            ])
        #expect(form.focusIndex == 0)
        #expect(form.handle(.control("s")) == .submitted(["part": "P-100", "qty": "2", "bin": ""]))
    }

    @Test("Tab and S-Tab wrap around the fields; Up and Down stop at the ends")
    func movement() {
        let form = newCaseForm()
        _ = form.handle(.up)
        #expect(form.focusIndex == 0)
        _ = form.handle(.backTab)
        #expect(form.focusIndex == 2)
        _ = form.handle(.down)
        #expect(form.focusIndex == 2)
        _ = form.handle(.tab)
        #expect(form.focusIndex == 0)
        _ = form.handle(.down)
        _ = form.handle(.down)
        #expect(form.focusIndex == 2)
        #expect(form.inputs.map(\.isFocused) == [false, false, true])
        // Moving on from an empty required field does not scold it yet
        #expect(form.inputs.allSatisfy { $0.message == nil })
    }

    @Test("Esc cancels, after closing an open completion list; unused keys are ignored")
    func cancel() {
        let form = newCaseForm()
        _ = form.handle(.tab) // both customers are candidates: the list opens
        #expect(form.inputs[0].candidates == ["Acme Ltd", "山田工業"])
        #expect(form.handle(.escape) == .editing)
        #expect(form.inputs[0].candidates.isEmpty)
        #expect(form.handle(.function(1)) == .ignored)
        #expect(form.handle(.escape) == .cancelled)
    }

    @Test("the completion list of the focused field draws over the form")
    func completionList() {
        let form = newCaseForm()
        _ = form.handle(.tab)
        let (canvas, _) = rendered(form)
        #expect(canvas.lines[4] == "  │ Serial:   ┌────────┐   │")
        #expect(canvas.lines[5] == "  │ Note:     │Acme Ltd│   │")
        #expect(canvas.lines[6] == "  │           │山田工業│   │")
        #expect(canvas.lines[7] == "  │ C-s save ·└────────┘l  │")
    }

    @Test("initial values show, and a form on a tiny screen degrades without crashing")
    func smallScreens() {
        let form = newCaseForm(serial: "SN-00042")
        #expect(form.value(of: "serial") == "SN-00042")
        #expect(form.value(of: "nothing") == nil)
        let (canvas, _) = rendered(form)
        #expect(canvas.lines[4] == "  │ Serial:   SN-00042     │")
        for width in 0...12 {
            for height in 0...6 {
                let (_, cursor) = rendered(form, width: width, height: height)
                if let cursor { #expect(cursor.x < width && cursor.y < height) }
            }
        }
        let (tiny, _) = rendered(form, width: 16, height: 6)
        #expect(
            tiny.lines == [
                "┌─ New case ───┐",
                "│              │",
                "│ Custo…       │",
                "│              │",
                "│ C-s save · … │",
                "└──────────────┘",
            ])

        // And when the focus goes past the rows there are, the fields scroll to it
        _ = form.handle(.down)
        let (scrolled, cursor) = rendered(form, width: 16, height: 6)
        #expect(scrolled.lines[2] == "│ Seria… 0042  │")
        #expect(cursor == Point(x: 13, y: 2))
    }

    @Test("C-x C-e on a long-text field asks the caller for the editor, only when one is offered")
    func editorKey() {
        let fields = [
            FormField("code", label: "Code"), FormField("notes", label: "Notes", value: "Seal", longText: true),
        ]
        // Not offered: no hint, C-x is no key of the form's, C-e is the end of the line
        let plain = FormView(title: "Resolve", fields: fields)
        #expect(!plain.hint.contains("C-x C-e"))
        plain.focus(1)
        #expect(plain.handle(.control("x")) == .ignored)
        #expect(plain.handle(.control("e")) == .editing)
        // Offered: the hint says so; on the notes the key is the editor's
        let form = FormView(title: "Resolve", fields: fields)
        form.offersEditor = true
        #expect(form.hint == "Tab next · S-Tab back · C-s save · Esc cancel · C-x C-e editor")
        form.focus(1)
        #expect(form.handle(.control("x")) == .editing)
        #expect(form.handle(.control("e")) == .editInEditor(1))
        // On the code it is refused, saying why; C-x then another key is that key as ever
        form.focus(0)
        #expect(form.handle(.control("x")) == .editing)
        #expect(form.handle(.control("e")) == .editing)
        #expect(form.inputs[0].message == "only notes and reasons open in the editor")
        #expect(form.handle(.control("x")) == .editing)
        #expect(form.handle(.character("A")) == .editing)
        #expect(form.inputs[0].value == "A")
        // A form with no long text offers nothing
        let codes = FormView(title: "Code", fields: [FormField("code", label: "Code")])
        codes.offersEditor = true
        #expect(!codes.hint.contains("C-x C-e"))
        #expect(codes.handle(.control("x")) == .ignored)
    }
}
