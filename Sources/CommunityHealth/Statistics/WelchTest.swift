import Foundation

/// Welch's unequal-variances t-test of two independent samples, from their summaries.
public struct WelchTest: Sendable, Equatable {
    public var difference: Double
    public var t: Double
    public var degreesOfFreedom: Double
    /// Two-sided.
    public var p: Double

    /// Nil when either sample has fewer than two values or both have no variance.
    public init?(_ first: Summary, _ second: Summary) {
        guard first.count > 1, second.count > 1, let v1 = first.variance, let v2 = second.variance else { return nil }
        let a = v1 / Double(first.count)
        let b = v2 / Double(second.count)
        let standardError = (a + b).squareRoot()
        guard standardError > 0 else { return nil }
        difference = first.mean - second.mean
        t = difference / standardError
        degreesOfFreedom = (a + b) * (a + b) / (a * a / Double(first.count - 1) + b * b / Double(second.count - 1))
        p = StudentT(degreesOfFreedom: degreesOfFreedom).twoSidedP(t)
    }
}
