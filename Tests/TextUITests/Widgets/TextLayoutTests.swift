import Testing

@testable import TextUI

@Suite("Text layout")
struct TextLayoutTests {
    @Test("dropping columns keeps what follows at its column, even through a wide character")
    func dropColumns() {
        #expect(DisplayWidth.dropColumns("abcdef", 2) == "cdef")
        #expect(DisplayWidth.dropColumns("山田工業", 2) == "田工業")
        #expect(DisplayWidth.dropColumns("山田工業", 3) == " 工業")
        #expect(DisplayWidth.dropColumns("ab", 5) == "")
        #expect(DisplayWidth.dropColumns("ab", -1) == "ab")
    }

    @Test("clipping the head keeps the end behind an ellipsis")
    func clipHead() {
        #expect(DisplayWidth.clipHead("agnes · agent · TRAINING", to: 10) == "…TRAINING")
        #expect(DisplayWidth.clipHead("short", to: 10) == "short")
        #expect(DisplayWidth.clipHead("山田工業", to: 4) == "…業")
        #expect(DisplayWidth.clipHead("abc", to: 1) == "…")
        #expect(DisplayWidth.clipHead("abc", to: 0) == "")
    }

    @Test("shortening marks a cut with an ellipsis and does not pad")
    func shorten() {
        #expect(DisplayWidth.shorten("Customer", to: 5) == "Cust…")
        #expect(DisplayWidth.shorten("山田工業", to: 6) == "山田…")
        #expect(DisplayWidth.shorten("ok", to: 5) == "ok")
        #expect(DisplayWidth.shorten("ok", to: 1) == "o")
        #expect(DisplayWidth.shorten("ok", to: 0) == "")
    }

    @Test("wrapping breaks at spaces, and inside a word only when it must")
    func wrap() {
        #expect(DisplayWidth.wrap("close the case now", to: 9) == ["close the", "case now"])
        #expect(DisplayWidth.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("山田工業 株式会社", to: 5) == ["山田", "工業", "株式", "会社"])
        #expect(DisplayWidth.wrap("", to: 5) == [""])
        #expect(DisplayWidth.wrap("山", to: 1) == ["山"])
        #expect(DisplayWidth.wrap("any", to: 0) == [""])
    }

    @Test("a centred rectangle is never larger than the one it sits in")
    func centred() {
        let area = Rect(x: 0, y: 0, width: 80, height: 24)
        #expect(area.centered(Size(width: 40, height: 10)) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(area.centered(Size(width: 100, height: 30)) == area)
        #expect(
            Rect(x: 5, y: 5, width: 11, height: 3).centered(Size(width: 4, height: 1))
                == Rect(x: 8, y: 6, width: 4, height: 1))
    }
}
