/// The effect of a yes/no indicator *within* groups: the coefficient of the indicator in the
/// ordinary least squares regression of the values on the indicator and one intercept per group
/// (R: `lm(y ~ x + factor(group))`), from each group's two summaries alone.
///
/// With w_g = n₁n₀/(n₁ + n₀) and d_g the group's difference of means (yes − no), the estimate is
/// Σ w_g d_g / Σ w_g; the residual sum of squares is the squares within each side plus
/// Σ w_g (d_g − estimate)², on N − G − 1 degrees of freedom (N values, G groups); the standard
/// error is √(RSS / df / Σ w_g). Groups with one side only contribute their intercept, their
/// values and their squares, but nothing to the estimate.
public struct WithinGroupsEffect: RegressionCoefficient, Sendable, Equatable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Int
    /// Groups with both sides non-empty.
    public var contributing: Int

    /// Nil when no group has both sides, or the degrees of freedom or the residual are zero.
    public init?(_ groups: [(yes: Summary?, no: Summary?)]) {
        var weights = 0.0, weighted = 0.0, count = 0, intercepts = 0, contributing = 0
        var within = 0.0
        var contrasts: [(w: Double, d: Double)] = []
        for group in groups {
            let sides = [group.yes, group.no].compactMap { $0 }
            guard !sides.isEmpty else { continue }
            intercepts += 1
            for side in sides {
                count += side.count
                within += (side.variance ?? 0) * Double(side.count - 1)
            }
            guard let yes = group.yes, let no = group.no else { continue }
            let w = Double(yes.count) * Double(no.count) / Double(yes.count + no.count)
            contrasts.append((w, yes.mean - no.mean))
            weights += w
            weighted += w * (yes.mean - no.mean)
            contributing += 1
        }
        let degreesOfFreedom = count - intercepts - 1
        guard contributing > 0, degreesOfFreedom > 0 else { return nil }
        let estimate = weighted / weights
        let residual = within + contrasts.reduce(0) { $0 + $1.w * ($1.d - estimate) * ($1.d - estimate) }
        guard residual > 0 else { return nil }
        self.estimate = estimate
        standardError = (residual / Double(degreesOfFreedom) / weights).squareRoot()
        self.degreesOfFreedom = degreesOfFreedom
        self.contributing = contributing
    }
}
