/// A random number generator that gives the same numbers for the same seed on every
/// machine and every run (SplitMix64), so a sample drawn from a seed can be drawn again.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

public enum SeededSample {
    /// `count` of `items`, drawn without replacement, in the order of `items`. The same seed
    /// and the same items give the same sample. (Swift's own `shuffled(using:)` is not
    /// promised to stay the same between releases, so the draw is written out here.)
    public static func draw<T>(_ count: Int, from items: [T], seed: UInt64) -> [T] {
        guard count < items.count else { return items }
        var generator = SeededGenerator(seed: seed)
        var indices = Array(items.indices)
        // The first `count` steps of a Fisher–Yates shuffle.
        for i in 0..<count {
            let j = i + Int(generator.next() % UInt64(indices.count - i))
            indices.swapAt(i, j)
        }
        return indices.prefix(count).sorted().map { items[$0] }
    }
}
