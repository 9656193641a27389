import Testing

@testable import TextUI

@Suite("Status line")
struct StatusLineTests {
    let who = "agnes · agent · TRAINING"

    func drawn(_ status: StatusLine, width: Int) -> Canvas {
        draw(width, 1) { status.render(on: &$0, in: Rect(x: 0, y: 0, width: width, height: 1), styles: RoleStyles()) }
    }

    @Test("the message is on the left in its kind's role, the right text against the right edge")
    func layout() {
        // Given a success message and the user's text
        let status = StatusLine(message: "Case C-1042 closed", kind: .success, right: who)

        // When drawn 50 columns wide
        let canvas = drawn(status, width: 50)

        // Then both show, the message in the success role and the rest in the status role
        #expect(canvas.lines == ["Case C-1042 closed" + String(repeating: " ", count: 8) + who])
        #expect(canvas.role(atX: 0, y: 0) == .statusSuccess)
        #expect(canvas.role(atX: 20, y: 0) == .statusLine)
        #expect(canvas.role(atX: 49, y: 0) == .statusLine)
    }

    @Test("each kind has its role")
    func kinds() {
        #expect(drawn(StatusLine(message: "x", kind: .info), width: 5).role(atX: 0, y: 0) == .statusLine)
        #expect(drawn(StatusLine(message: "x", kind: .error), width: 5).role(atX: 0, y: 0) == .statusError)
        let training = StatusLine(message: "x", right: "TRAINING", rightRole: .training)
        #expect(drawn(training, width: 20).role(atX: 19, y: 0) == .training)
    }

    @Test("when both do not fit, the right text yields its first parts, then its start, then all")
    func yielding() {
        let status = StatusLine(message: "Case C-1042 closed", kind: .success, right: who)
        #expect(drawn(status, width: 40).lines == ["Case C-1042 closed      agent · TRAINING"])
        #expect(drawn(status, width: 30).lines == ["Case C-1042 closed    TRAINING"])
        #expect(drawn(status, width: 25).lines == ["Case C-1042 closed …INING"])
        #expect(drawn(status, width: 20).lines == ["Case C-1042 closed"])
        #expect(drawn(status, width: 10).lines == ["Case C-10…"])
    }

    @Test("with no message the right text has the whole row; tiny rows do not crash")
    func edges() {
        let status = StatusLine(right: "山田 · TRAINING")
        #expect(drawn(status, width: 20).lines == ["     山田 · TRAINING"])
        for width in 0...3 { _ = drawn(StatusLine(message: "Saved", right: who), width: width) }
        #expect(drawn(StatusLine(message: "Saved", right: who), width: 1).lines == ["S"])
    }
}
