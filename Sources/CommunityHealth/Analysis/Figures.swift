/// What the analysis says of one dimension in one group (before any privacy decision).
public struct DimensionFigures: Sendable, Equatable {
    /// Respondents with at least one answered item of the dimension.
    public var respondents: Int
    /// Mean of respondent scores, in the scale's units (or 0–100 when the dimension mixes scales).
    public var mean: Double
    public var standardDeviation: Double?
    /// `mean` on 0–100.
    public var score: Double
    /// % of the dimension's answers, after reverse keying, at or above `favorableFrom`.
    public var favorable: Double?
    public var confidenceInterval: ClosedRange<Double>?
    public var alpha: Double?
    /// Respondent scores on 0–100, for tests between groups.
    public var scores: Summary

    /// Alpha below this gets a reliability warning.
    public static let reliableAlpha = 0.70

    /// Whether alpha, as printed with two decimals, is below 0.70 (so "0.70" is never called low).
    public static func isUnreliable(_ alpha: Double) -> Bool {
        (alpha * 100).rounded() < reliableAlpha * 100
    }
}

/// What the analysis says of one scale question in one group.
public struct ItemFigures: Sendable, Equatable {
    public var answers: Int
    /// Mean of the raw answers (before reverse keying).
    public var mean: Double
    public var standardDeviation: Double?
    /// Percentages of answers after reverse keying.
    public var favorable: Double
    public var neutral: Double
    public var unfavorable: Double
    /// % of 9–10 minus % of 0–6, for `nps` scales.
    public var netPromoterScore: Double?
    /// The answers after reverse keying, on 0–100 (their mean is the question's score), for
    /// tests between waves.
    public var scores: Summary
    /// Since the same group's latest earlier wave where the question is shown (set by `Disclosure`).
    public var change: Change?

    /// The mean answer after reverse keying, on 0–100.
    public var score: Double { scores.mean }
}

/// How respondents who report a practice compare with everyone else with a score on the target
/// (a blank practices answer reports none), in 0–100 points: an association, not a cause.
public struct PracticeFigures: Sendable, Equatable {
    public var with: Summary
    public var without: Summary
    /// `with.mean − without.mean`, in points.
    public var difference: Double { with.mean - without.mean }
    public var effect: CohensD?
    /// Welch's two-sided p.
    public var p: Double?

    public init?(with: Summary?, without: Summary?) {
        guard let with, let without else { return nil }
        self.with = with
        self.without = without
        effect = CohensD(with, without)
        p = WelchTest(with, without)?.p
    }
}

/// One group's sums of respondent scores on a target (per number k of answered questions, as
/// `GroupSums.scoreSums`), of everyone counted and of those who report a practice: what the
/// effects within communities are made of. Subtracting one from another is exact.
public struct PracticeSums: Sendable {
    public var everyone: [(count: Int64, sum: Int64, squares: Int64)]
    public var reporting: [(count: Int64, sum: Int64, squares: Int64)]

    public mutating func remove(_ other: PracticeSums) {
        for k in everyone.indices {
            everyone[k].count -= other.everyone[k].count
            everyone[k].sum -= other.everyone[k].sum
            everyone[k].squares -= other.everyone[k].squares
        }
        for k in reporting.indices {
            reporting[k].count -= other.reporting[k].count
            reporting[k].sum -= other.reporting[k].sum
            reporting[k].squares -= other.reporting[k].squares
        }
    }

    /// Scores on 0–100 of those who report the practice, and of everyone else.
    public func sides(_ target: TallyLayout.ScoreTarget) -> (reporting: Summary?, notReporting: Summary?) {
        let others = zip(everyone, reporting).map { ($0.count - $1.count, $0.sum - $1.sum, $0.squares - $1.squares) }
        return (
            GroupAnalysis.unitSummary(reporting).map { GroupAnalysis.onHundredPoints($0, target: target) },
            GroupAnalysis.unitSummary(others).map { GroupAnalysis.onHundredPoints($0, target: target) }
        )
    }
}

/// How many answered a practices question in a group, and how many report each option.
public struct PracticeCounts: Sendable, Equatable {
    public var answered: Int
    public var reporting: [Int]
}
