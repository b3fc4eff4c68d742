/// Cohen's d of two independent samples: the difference of means over the pooled standard
/// deviation, with the large-sample 95% interval of Hedges & Olkin,
/// d ± z · √((n₁ + n₂) / (n₁ n₂) + d² / (2 (n₁ + n₂))).
public struct CohensD: Sendable, Equatable {
    public var d: Double
    public var interval: ClosedRange<Double>

    /// Nil when either sample has fewer than two values or the pooled deviation is zero.
    public init?(_ first: Summary, _ second: Summary, level: Double = 0.95) {
        guard let pooled = pooledStandardDeviation(first, second) else { return nil }
        let n1 = Double(first.count)
        let n2 = Double(second.count)
        d = (first.mean - second.mean) / pooled
        let standardError = ((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2))).squareRoot()
        let z = normalQuantile(0.5 + level / 2)
        interval = (d - z * standardError)...(d + z * standardError)
    }
}

/// √(((n₁ − 1)s₁² + (n₂ − 1)s₂²) / (n₁ + n₂ − 2)): nil when either sample has fewer than two
/// values or the deviation is zero.
public func pooledStandardDeviation(_ first: Summary, _ second: Summary) -> Double? {
    guard first.count > 1, second.count > 1, let v1 = first.variance, let v2 = second.variance else { return nil }
    let n1 = Double(first.count), n2 = Double(second.count)
    let pooled = (((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2)).squareRoot()
    return pooled > 0 ? pooled : nil
}
