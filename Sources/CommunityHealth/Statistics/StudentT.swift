import Foundation

/// Student's t distribution with `degreesOfFreedom` (any positive real, as Welch's test needs).
public struct StudentT: Sendable {
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "degrees of freedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let df = degreesOfFreedom
        let tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic.
    public func twoSidedP(_ t: Double) -> Double {
        let df = degreesOfFreedom
        return min(1, regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5))
    }

    public func density(_ t: Double) -> Double {
        let df = degreesOfFreedom
        let logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        return exp(logNorm - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The t with P(T ≤ t) = p, for 0 < p < 1.
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p) }
        // Bracket the root, then Newton steps kept inside the bracket (bisection when they leave it).
        var low = 0.0
        var high = 1.0
        while cdf(high) < p {
            low = high
            high *= 2
            if high > 1e300 { return .infinity }
        }
        var t = (low + high) / 2
        for _ in 0..<200 {
            let error = cdf(t) - p
            if error > 0 { high = t } else { low = t }
            let density = density(t)
            var next = density > 0 ? t - error / density : .nan
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }
}
