/// One entry of the function-key bar: "F1" and "Help".
public struct FunctionKeyItem: Hashable, Sendable {
    public var key: String
    public var label: String
    /// A disabled item stays on the bar, in `.disabled`: the user sees the key exists.
    public var isEnabled: Bool

    public init(_ key: String, _ label: String, enabled: Bool = true) {
        self.key = key
        self.label = label
        isEnabled = enabled
    }
}

/// The bottom row of keys and what they do, in the manner of htop: "F1Help  F2Assign …",
/// each label on a band that runs to the next key. When the row is short the longest
/// labels are shortened first; keys are never dropped (on a very narrow row they clip).
public struct FunctionKeyBar: Hashable, Sendable {
    public var items: [FunctionKeyItem]
    /// Each label's band is at least this wide when there is room, so the keys line up.
    public var minimumSlot = 6

    public init(items: [FunctionKeyItem]) { self.items = items }

    /// The columns each label's band gets (its text plus the space before the next key)
    /// in a row `width` wide.
    public func slots(width: Int) -> [Int] {
        let natural = items.map { DisplayWidth.of($0.label) + 1 }
        let budget = width - items.map { DisplayWidth.of($0.key) }.reduce(0, +)
        let padded = natural.map { max($0, minimumSlot) }
        if padded.reduce(0, +) <= budget { return padded }
        if natural.reduce(0, +) <= budget { return natural }
        guard budget > 0 else { return items.map { _ in 0 } }
        // The largest cap under which every label fits; the columns left over lengthen, one
        // each, the labels the cap cut, from the left. Long labels shorten first.
        var cap = natural.max() ?? 0
        while cap > 0, natural.map({ min($0, cap) }).reduce(0, +) > budget { cap -= 1 }
        var slots = natural.map { min($0, cap) }
        var spare = budget - slots.reduce(0, +)
        for i in slots.indices where spare > 0 && natural[i] > cap {
            slots[i] += 1
            spare -= 1
        }
        return slots
    }

    /// Where each item goes in `row`: its key's columns, then its label's band, clipped to the
    /// row; items past its end get none. Drawing and a click's hit-test both read it.
    public func places(in row: Rect) -> [(key: Range<Int>, band: Range<Int>)] {
        var places: [(key: Range<Int>, band: Range<Int>)] = []
        var x = row.x
        for (item, slot) in zip(items, slots(width: row.width)) {
            guard x < row.maxX else { break }
            let keyEnd = min(x + DisplayWidth.of(item.key), row.maxX)
            let bandEnd = min(keyEnd + slot, row.maxX)
            places.append((x..<keyEnd, keyEnd..<bandEnd))
            x = bandEnd
        }
        return places
    }

    /// The item drawn at column `x` of `row` — its key or its label's band — or nil.
    public func item(atColumn x: Int, in row: Rect) -> FunctionKeyItem? {
        places(in: row).firstIndex { $0.key.lowerBound <= x && x < $0.band.upperBound }.map { items[$0] }
    }

    public func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider) {
        guard !rect.isEmpty else { return }
        let row = rect.row(0)
        canvas.fill(row, role: .normal, styles: styles)
        let slots = slots(width: row.width)
        for (i, place) in places(in: row).enumerated() {
            let item = items[i]
            canvas.put(
                item.key, x: place.key.lowerBound, y: row.y, limit: place.key.count,
                role: item.isEnabled ? .keyName : .disabled, styles: styles)
            guard !place.band.isEmpty else { continue }
            // The last column of a band is the gap before the next key.
            let label = DisplayWidth.clip(item.label, to: max(0, slots[i] - 1))
            canvas.put(
                DisplayWidth.fit(label, to: slots[i]), x: place.band.lowerBound, y: row.y, limit: place.band.count,
                role: item.isEnabled ? .keyLabel : .disabled, styles: styles)
        }
    }
}
