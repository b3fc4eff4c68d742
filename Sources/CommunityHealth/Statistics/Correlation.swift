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
        let covariance = Int128(n) * Int128(xy) - Int128(x) * Int128(y)
        let varianceX = Int128(n) * Int128(xx) - Int128(x) * Int128(x)
        let varianceY = Int128(n) * Int128(yy) - Int128(y) * Int128(y)
        guard varianceX > 0, varianceY > 0 else { return nil }
        let r = max(-1, min(1, Double(covariance) / (Double(varianceX).squareRoot() * Double(varianceY).squareRoot())))
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
