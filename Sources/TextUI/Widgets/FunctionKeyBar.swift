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

    public func render(on canvas: inout Canvas, in rect: Rect, styles: some StyleProvider) {
        guard !rect.isEmpty else { return }
        let row = rect.row(0)
        canvas.fill(row, role: .normal, styles: styles)
        var x = row.x
        for (item, slot) in zip(items, slots(width: row.width)) {
            guard x < row.maxX else { break }
            x += canvas.put(
                item.key, x: x, y: row.y, limit: row.maxX - x,
                role: item.isEnabled ? .keyName : .disabled, styles: styles)
            let room = min(slot, row.maxX - x)
            guard room > 0 else { continue }
            // The last column of a band is the gap before the next key.
            let label = DisplayWidth.clip(item.label, to: max(0, slot - 1))
            x += canvas.put(
                DisplayWidth.fit(label, to: slot), x: x, y: row.y, limit: room,
                role: item.isEnabled ? .keyLabel : .disabled, styles: styles)
        }
    }
}
