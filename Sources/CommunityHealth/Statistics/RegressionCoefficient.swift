/// A least-squares coefficient with its standard error, tested as R's `summary(lm(...))` does:
/// on Student's t with the residual degrees of freedom.
public protocol RegressionCoefficient {
    var estimate: Double { get }
    var standardError: Double { get }
    var degreesOfFreedom: Int { get }
}

extension RegressionCoefficient {
    /// Two-sided p of estimate / standard error.
    public var p: Double {
        StudentT(degreesOfFreedom: Double(degreesOfFreedom)).twoSidedP(estimate / standardError)
    }

    public func confidenceInterval(level: Double = 0.95) -> ClosedRange<Double> {
        let half = StudentT(degreesOfFreedom: Double(degreesOfFreedom)).quantile(0.5 + level / 2) * standardError
        return (estimate - half)...(estimate + half)
    }
}
