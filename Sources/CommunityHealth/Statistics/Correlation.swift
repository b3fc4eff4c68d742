import Foundation

/// Pearson's r with its 95% interval by Fisher's z (as R's `cor.test`): tanh(atanh r ± z / √(n − 3)).
public struct Correlation: Sendable, Equatable {
    public var r: Double
    public var count: Int
    /// Nil for fewer than four pairs.
    public var interval: ClosedRange<Double>?

    /// From sums over the pairs: n, Σx, Σy, Σx², Σy², Σxy. Nil for fewer than two pairs or no variance.
    public init?(n: Int64, x: Int64, y: Int64, xx: Int64, yy: Int64, xy: Int64, level: Double = 0.95) {
        guard n > 1 else { return nil }
        let covariance = differenceOfProducts(n, xy, x, y)
        let varianceX = differenceOfProducts(n, xx, x, x)
        let varianceY = differenceOfProducts(n, yy, y, y)
        guard varianceX > 0, varianceY > 0 else { return nil }
        let r = max(-1, min(1, covariance / (varianceX.squareRoot() * varianceY.squareRoot())))
        self.init(r: r, count: Int(n), level: level)
    }

    public init(r: Double, count: Int, level: Double = 0.95) {
        self.r = r
        self.count = count
        if count > 3 {
            let z = atanh(r)
            let half = normalQuantile(0.5 + level / 2) / Double(count - 3).squareRoot()
            interval = tanh(z - half)...tanh(z + half)
        } else {
            interval = nil
        }
    }
}

/// a·b − c·d, computed exactly and then rounded once to a Double: in 64 bits when nothing
/// overflows (almost always), in 128 bits otherwise.
func differenceOfProducts(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Double {
    let (ab, overflowAB) = a.multipliedReportingOverflow(by: b)
    let (cd, overflowCD) = c.multipliedReportingOverflow(by: d)
    if !overflowAB, !overflowCD {
        let (difference, overflow) = ab.subtractingReportingOverflow(cd)
        if !overflow { return Double(difference) }
    }
    return Double(Int128(a) * Int128(b) - Int128(c) * Int128(d))
}
