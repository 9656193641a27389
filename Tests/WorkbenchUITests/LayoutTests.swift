import Testing
import TextUI

@testable import WorkbenchUI

@Suite("Layout")
struct LayoutTests {
    @Test("At 80×24 the focused pane takes the body; the others share one summary line")
    func narrow() {
        let l = Layout(size: Size(width: 80, height: 24), focus: .parts, zoomed: false)
        #expect(!l.isWide)
        #expect(l.header == Rect(x: 0, y: 0, width: 80, height: 1))
        #expect(l.panes == [.parts: Rect(x: 0, y: 1, width: 80, height: 20)])
        #expect(l.summary == Rect(x: 0, y: 21, width: 80, height: 1))
        #expect(l.status == Rect(x: 0, y: 22, width: 80, height: 1))
        #expect(l.keyBar == Rect(x: 0, y: 23, width: 80, height: 1))
    }

    @Test("At 200×50 all four panes show: the queue on top, three side by side below")
    func wide() {
        let l = Layout(size: Size(width: 200, height: 50), focus: .parts, zoomed: false)
        #expect(l.isWide)
        #expect(l.summary == nil)
        // body: rows 1…47 (47 rows); the queue takes 47 × 2 / 5 = 18; the sides 3/10 of 200 each
        #expect(l.panes[.queue] == Rect(x: 0, y: 1, width: 200, height: 18))
        #expect(l.panes[.entitlement] == Rect(x: 0, y: 19, width: 60, height: 29))
        #expect(l.panes[.parts] == Rect(x: 60, y: 19, width: 80, height: 29))
        #expect(l.panes[.closure] == Rect(x: 140, y: 19, width: 60, height: 29))
    }

    @Test("Zoom gives the focused pane the body even when wide")
    func zoom() {
        let l = Layout(size: Size(width: 200, height: 50), focus: .closure, zoomed: true)
        #expect(l.panes.keys.sorted { $0.rawValue < $1.rawValue } == [.closure])
        #expect(l.panes[.closure]?.height == 46)
    }

    @Test("Below 60×16 the screen is too small")
    func minimum() {
        #expect(Layout.fits(Size(width: 80, height: 24)))
        #expect(!Layout.fits(Size(width: 59, height: 24)))
        #expect(!Layout.fits(Size(width: 80, height: 15)))
    }
}
