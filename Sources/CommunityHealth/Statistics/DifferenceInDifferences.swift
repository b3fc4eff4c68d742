/// What happened to one group between two periods, against groups over the same periods: the
/// coefficient of treated×after in the ordinary least squares regression of the values on one
/// intercept per group, one for the later period and treated×after (R:
/// `lm(y ~ factor(group) + factor(period) + treated:after)`), from each group's two summaries alone.
///
/// The treated group's two cells are fitted exactly, so the estimate is its change less the
/// comparison groups' common change — the effect within groups of "after" among them
/// (`WithinGroupsEffect`): (ȳ₁ − ȳ₀) − Σ w_g d_g / Σ w_g, w_g = n₀n₁/(n₀ + n₁). The residual sum
/// of squares is the squares within every cell plus Σ w_g (d_g − common)², on N − G − 2 degrees
/// of freedom (G groups, the treated one included); the standard error is
/// √(RSS / df · (1/n₀ + 1/n₁ + 1/Σ w_g)).
public struct DifferenceInDifferences: RegressionCoefficient, Sendable, Equatable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Int

    /// Every group needs both periods; nil without a comparison group, or when the degrees of
    /// freedom or the residual are zero.
    public init?(treated: (before: Summary, after: Summary), comparisons: [(before: Summary, after: Summary)]) {
        let cells = [treated] + comparisons
        let count = cells.reduce(0) { $0 + $1.before.count + $1.after.count }
        let degreesOfFreedom = count - cells.count - 2
        guard !comparisons.isEmpty, degreesOfFreedom > 0 else { return nil }
        let changes = comparisons.map { group in
            (w: Double(group.before.count) * Double(group.after.count) / Double(group.before.count + group.after.count),
             d: group.after.mean - group.before.mean)
        }
        let weights = changes.reduce(0) { $0 + $1.w }
        let common = changes.reduce(0) { $0 + $1.w * $1.d } / weights
        let withinCells = cells.flatMap { [$0.before, $0.after] }.reduce(0) { $0 + ($1.variance ?? 0) * Double($1.count - 1) }
        let residual = changes.reduce(withinCells) { $0 + $1.w * ($1.d - common) * ($1.d - common) }
        guard residual > 0 else { return nil }
        estimate = treated.after.mean - treated.before.mean - common
        let variance = residual / Double(degreesOfFreedom)
        standardError = (variance * (1 / Double(treated.before.count) + 1 / Double(treated.after.count) + 1 / weights)).squareRoot()
        self.degreesOfFreedom = degreesOfFreedom
    }
}
