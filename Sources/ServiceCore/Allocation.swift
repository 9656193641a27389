public enum Allocation {
    /// Shares `total` over `weights` in proportion, in whole cents, by largest remainder:
    /// each share is rounded down, then the cents left over go to the largest remainders,
    /// ties to the lowest index. The shares always sum to `total` exactly, and no share
    /// exceeds its weight when `total` does not exceed the sum of the weights.
    public static func shareOut(_ total: Money, over weights: [Money]) -> [Money] {
        precondition(total >= .zero && weights.allSatisfy { $0 >= .zero }, "shares are of non-negative amounts")
        let sum = Int128(Money.sum(weights).minorUnits)
        guard sum > 0, total > .zero else { return weights.map { _ in .zero } }
        let t = Int128(total.minorUnits)
        var shares = [Int64]()
        var remainders = [Int128]()
        for w in weights {
            let (q, r) = (t * Int128(w.minorUnits)).quotientAndRemainder(dividingBy: sum)
            shares.append(Int64(q))
            remainders.append(r)
        }
        var left = total.minorUnits - shares.reduce(0, +)
        let order = remainders.indices.sorted {
            remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
        }
        for i in order where left > 0 {
            shares[i] += 1
            left -= 1
        }
        return shares.map(Money.init(minorUnits:))
    }
}
