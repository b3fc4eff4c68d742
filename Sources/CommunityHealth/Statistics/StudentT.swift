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
        density(t, logNormalizer: logNormalizer)
    }

    private var logNormalizer: Double {
        let df = degreesOfFreedom
        return lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
    }

    private func density(_ t: Double, logNormalizer: Double) -> Double {
        let df = degreesOfFreedom
        return exp(logNormalizer - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The t with P(T ≤ t) = p, for 0 < p < 1.
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p) }
        // From 1,000 degrees of freedom the expansion alone agrees with R's qt to 1e-12 for p up
        // to 0.999 (its next term is far smaller), and every cdf evaluation is slow there.
        if degreesOfFreedom >= 1000, p <= 0.999 { return Self.cornishFisher(p, degreesOfFreedom) }
        let logNormalizer = logNormalizer
        // From 3 degrees of freedom the Cornish–Fisher expansion around the normal quantile is
        // close enough for plain Newton steps, which then take two or three cdf evaluations.
        if degreesOfFreedom >= 3 {
            var t = Self.cornishFisher(p, degreesOfFreedom)
            for _ in 0..<8 {
                let next = t - (cdf(t) - p) / density(t, logNormalizer: logNormalizer)
                guard next.isFinite, next > 0 else { break }
                if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
                t = next
            }
        }
        // Otherwise bracket the root, then Newton steps kept inside the bracket (bisection when
        // they leave it), starting from the same expansion.
        var low = 0.0
        var high = 1.0
        while cdf(high) < p {
            low = high
            high *= 2
            if high > 1e300 { return .infinity }
        }
        var t = Self.cornishFisher(p, degreesOfFreedom)
        if !(t > low && t < high) { t = (low + high) / 2 }
        for _ in 0..<200 {
            let error = cdf(t) - p
            if error > 0 { high = t } else { low = t }
            let density = density(t, logNormalizer: logNormalizer)
            var next = density > 0 ? t - error / density : .nan
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }

    /// An approximate quantile (Abramowitz & Stegun 26.7.5): the normal quantile corrected in
    /// powers of 1/df.
    private static func cornishFisher(_ p: Double, _ df: Double) -> Double {
        let z = normalQuantile(p)
        let z2 = z * z
        let g1 = z * (z2 + 1) / 4
        let g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
        let g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
        let g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
        return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df)
    }
}
