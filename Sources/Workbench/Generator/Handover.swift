import Foundation

/// What one stage of the generator's production hands the next, in order, on their own threads:
/// `put` waits while `capacity` items wait to be taken, `take` while none does. Either side may
/// `close` it — the giver when it has no more, the taker when it wants no more — after which
/// `put` refuses and `take` gives what is left, then nil.
final class Handover<Element>: @unchecked Sendable {
    // `items` and `closed` are read and changed only while `condition` is locked: that is why
    // this may be unchecked Sendable.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "a hand-over holds at least one item")
        self.capacity = capacity
    }

    /// Hands `item` on once there is room; false, with `item` dropped, once the hand-over is closed.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed && items.count >= capacity { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, once there is one; nil once the hand-over is closed and empty.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while !closed && items.isEmpty { condition.wait() }
        guard !items.isEmpty else { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    /// No more items: both sides stop waiting.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}
