import Testing

@testable import TextUI

@Suite("Dialog")
struct DialogTests {
    func closeCase() -> Dialog {
        Dialog(
            title: "Close case C-1042?", message: ["Parts reserved: 2", "Billing: warranty"],
            buttons: ["Close case", "Cancel"], dangerous: true)
    }

    @Test("a dialog is centred and sized to its text, the default button selected")
    func layout() {
        // Given a dangerous close-case dialog
        let dialog = closeCase()

        // When drawn on a 40×11 screen
        let canvas = draw(40, 11) {
            dialog.render(on: &$0, in: Rect(x: 0, y: 0, width: 40, height: 11), styles: RoleStyles())
        }

        // Then it is just wide enough for its buttons, with the safe one selected
        #expect(
            canvas.lines == [
                "",
                "",
                "     ┌─ Close case C-1042? ───────┐",
                "     │                            │",
                "     │ Parts reserved: 2          │",
                "     │ Billing: warranty          │",
                "     │                            │",
                "     │ [ Close case ]  [ Cancel ] │",
                "     └────────────────────────────┘",
                "",
                "",
            ])
        #expect((23..<33).allSatisfy { canvas.role(atX: $0, y: 7) == .selected })
        #expect(canvas.role(atX: 7, y: 7) == .dialog)
        #expect(canvas.role(atX: 7, y: 4) == .dialog)
    }

    @Test("a dangerous action defaults to the safe button; an ordinary one to the first")
    func defaults() {
        let dangerous = closeCase()
        #expect(dangerous.focusedButton == 1)
        #expect(dangerous.handle(.enter) == .chosen(1))
        let ordinary = Dialog(title: "Reserve part?", message: ["P-100 × 2"], buttons: ["Reserve", "Cancel"])
        #expect(ordinary.focusedButton == 0)
        #expect(ordinary.handle(.enter) == .chosen(0))
    }

    @Test("arrows and Tab move between buttons, wrapping; Esc cancels")
    func moving() {
        let dialog = Dialog(title: "Pick", message: [], buttons: ["One", "Two", "Three"])
        #expect(dialog.handle(.right) == .pending)
        #expect(dialog.focusedButton == 1)
        _ = dialog.handle(.tab)
        _ = dialog.handle(.tab)
        #expect(dialog.focusedButton == 0)
        _ = dialog.handle(.left)
        #expect(dialog.focusedButton == 2)
        _ = dialog.handle(.backTab)
        #expect(dialog.focusedButton == 1)
        #expect(dialog.handle(.character("x")) == .pending)
        #expect(dialog.handle(.escape) == .cancelled)
    }

    @Test("a button's first letter picks it, unless buttons share the letter: then it only moves")
    func letters() {
        let dialog = Dialog(title: "Delete note?", message: [], buttons: ["Delete", "Keep"], dangerous: true)
        #expect(dialog.handle(.character("k")) == .chosen(1))
        #expect(dialog.handle(.character("D")) == .chosen(0))

        let shared = closeCase()
        #expect(shared.handle(.character("c")) == .pending)
        #expect(shared.focusedButton == 0)
        #expect(shared.handle(.character("C")) == .pending)
        #expect(shared.focusedButton == 1)
    }

    @Test("long message lines wrap at the dialog's widest")
    func wrapping() {
        let dialog = Dialog(title: "Close?", message: ["This closes the case and posts the billing."], buttons: ["OK"])
        dialog.maxWidth = 20
        let canvas = draw(30, 8) {
            dialog.render(on: &$0, in: Rect(x: 0, y: 0, width: 30, height: 8), styles: PlainStyles())
        }
        #expect(
            canvas.lines == [
                "   ┌─ Close? ─────────────┐",
                "   │                      │",
                "   │ This closes the case │",
                "   │ and posts the        │",
                "   │ billing.             │",
                "   │                      │",
                "   │        [ OK ]        │",
                "   └──────────────────────┘",
            ])
    }

    @Test("on a small screen the message is cut before the buttons, and nothing crashes")
    func smallScreen() {
        let dialog = closeCase()
        let canvas = draw(20, 5) {
            dialog.render(on: &$0, in: Rect(x: 0, y: 0, width: 20, height: 5), styles: PlainStyles())
        }
        #expect(
            canvas.lines == [
                "┌─ Close case C-… ─┐",
                "│ Parts reserved:  │",
                "│ 2…               │",
                "│ [Clos…] [Canc…]  │",
                "└──────────────────┘",
            ])
        for width in 0...12 {
            for height in 0...6 {
                _ = draw(12, 6) {
                    dialog.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: height), styles: PlainStyles())
                }
            }
        }
    }
}
