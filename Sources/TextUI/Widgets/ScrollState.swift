/// The window of a long list: which item is selected and which is the first one shown.
/// Shared by the table, the list and the help overlay so they move alike. `visible` is the
/// number of rows last drawn: keys arrive between frames, and a page is what the user saw.
struct ScrollState: Equatable {
    var selection = 0
    var offset = 0
    var visible = 1

    /// Brings selection and window back inside `count` items (the source may have shrunk)
    /// and scrolls so the selection shows. The window never starts so late that it has
    /// empty rows at the bottom while items are hidden above.
    mutating func fit(count: Int, visible: Int? = nil) {
        if let visible { self.visible = max(1, visible) }
        selection = count == 0 ? 0 : min(max(0, selection), count - 1)
        if selection < offset { offset = selection }
        if selection >= offset + self.visible { offset = selection - self.visible + 1 }
        offset = max(0, min(offset, count - self.visible))
    }

    /// Keeps the window inside `count` items, for text that has no selection.
    mutating func clampOffset(count: Int, visible: Int? = nil) {
        if let visible { self.visible = max(1, visible) }
        offset = max(0, min(offset, count - self.visible))
    }

    /// Moves the selection for a navigation key; nil when the key is no navigation key.
    /// Page keys move the window with the selection, so the selected row keeps its place.
    mutating func selectionKey(_ key: Key, count: Int) -> Bool? {
        switch key {
        case .up: selection -= 1
        case .down: selection += 1
        case .pageUp:
            selection -= visible
            offset -= visible
        case .pageDown:
            selection += visible
            offset += visible
        case .home: selection = 0
        case .end: selection = count - 1
        default: return nil
        }
        fit(count: count)
        return true
    }

    /// Scrolls the window alone, for text that has no selection.
    mutating func scrollKey(_ key: Key, count: Int) -> Bool? {
        switch key {
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= visible
        case .pageDown: offset += visible
        case .home: offset = 0
        case .end: offset = count
        default: return nil
        }
        clampOffset(count: count)
        return true
    }
}
