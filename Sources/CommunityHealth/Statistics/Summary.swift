import Foundation

/// Count, mean and sample variance (n − 1) of a set of values.
public struct Summary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Nil for fewer than two values.
    public var variance: Double?

    public init(count: Int, mean: Double, variance: Double?) {
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    /// Summarises plain values; for tests and small inputs.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.init(count: values.count, mean: mean, variance: values.count > 1 ? squares / Double(values.count - 1) : nil)
    }

    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

    /// The two-sided Student-t confidence interval of the mean; nil for fewer than two values.
    public func confidenceInterval(level: Double = 0.95) -> ClosedRange<Double>? {
        guard count > 1, let variance else { return nil }
        let t = StudentT(degreesOfFreedom: Double(count - 1)).quantile(0.5 + level / 2)
        let half = t * (variance / Double(count)).squareRoot()
        return (mean - half)...(mean + half)
    }
}
