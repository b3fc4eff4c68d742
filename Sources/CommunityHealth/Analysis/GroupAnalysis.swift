/// Pure functions from one group's integer sums to its figures: Double starts here.
public enum GroupAnalysis {
    /// Figures of a dimension, or nil when nobody answered any of its items; alpha from
    /// `alphaSums` (every answer of the group) when given.
    public static func dimension(_ dimension: Int, in sums: GroupSums, alphaFrom alphaSums: GroupSums? = nil) -> DimensionFigures? {
        let layout = sums.layout
        let target = layout.targets[dimension]
        guard let summary = unitSummary(sums.scoreSums(target: dimension)) else { return nil }
        let scores = onHundredPoints(summary, target: target)
        // Report in the shared scale's units where there is one, else on 0–100.
        let reported: Summary
        if let scale = target.sharedScale {
            let factor = Double(scale.range) / Double(target.unitRange)
            reported = Summary(
                count: summary.count, mean: Double(scale.min) + summary.mean * factor,
                variance: summary.variance.map { $0 * factor * factor })
        } else {
            reported = scores
        }
        var favorable: Int64 = 0
        var answers: Int64 = 0
        for item in target.items {
            let counts = answerCounts(item: item, in: sums)
            favorable += counts.favorable
            answers += counts.total
        }
        return DimensionFigures(
            respondents: summary.count,
            mean: reported.mean,
            standardDeviation: reported.standardDeviation,
            score: scores.mean,
            favorable: answers > 0 ? percent(favorable, of: answers) : nil,
            confidenceInterval: reported.confidenceInterval(),
            alpha: summary.count >= 3 ? alpha(dimension, in: alphaSums ?? sums) : nil,
            scores: scores)
    }

    /// Respondent scores on a target, on 0–100; `reporting` narrows as in `GroupSums.scoreSums`.
    public static func scores(target: Int, in sums: GroupSums, reporting: (practice: Int, option: Int)? = nil) -> Summary? {
        unitSummary(sums.scoreSums(target: target, reporting: reporting))
            .map { onHundredPoints($0, target: sums.layout.targets[target]) }
    }

    /// Scores of everyone with a score on the target who does not report a practices option (a
    /// blank answer to the practices question reports none).
    public static func scores(target: Int, in sums: GroupSums, notReporting practice: (practice: Int, option: Int)) -> Summary? {
        let everyone = sums.scoreSums(target: target)
        let reporting = sums.scoreSums(target: target, reporting: practice)
        let rest = zip(everyone, reporting).map { ($0.count - $1.count, $0.sum - $1.sum, $0.squares - $1.squares) }
        return unitSummary(rest).map { onHundredPoints($0, target: sums.layout.targets[target]) }
    }

    /// Pearson's r of an item with the outcome, over respondents who answered both.
    public static func correlationWithOutcome(item: Int, in sums: GroupSums) -> Correlation? {
        guard let outcome = sums.layout.rankingTarget.map({ sums.layout.targets[$0].kind }), case .outcome(let outcomeItem) = outcome,
            item != outcomeItem, let pair = sums.layout.pair(item, outcomeItem)
        else { return nil }
        let s = sums.pairSums(pair)
        // The pair stores the lower item index first.
        return item < outcomeItem
            ? Correlation(n: s.n, x: s.x, y: s.y, xx: s.xx, yy: s.yy, xy: s.xy)
            : Correlation(n: s.n, x: s.y, y: s.x, xx: s.yy, yy: s.xx, xy: s.xy)
    }

    static func onHundredPoints(_ summary: Summary, target: TallyLayout.ScoreTarget) -> Summary {
        let factor = 100 / Double(target.unitRange)
        return Summary(count: summary.count, mean: summary.mean * factor, variance: summary.variance.map { $0 * factor * factor })
    }

    /// Figures of a scale item, or nil when nobody answered it.
    public static func item(_ item: Int, in sums: GroupSums) -> ItemFigures? {
        let layoutItem = sums.layout.items[item]
        let scale = layoutItem.scale
        let histogram = sums.histogram(item: item)
        let summary = histogramSummary(histogram, offset: scale.min)
        guard let summary else { return nil }
        let factor = 100 / Double(scale.range)
        let keyedMean = layoutItem.reverse ? Double(scale.max) - summary.mean : summary.mean - Double(scale.min)
        let counts = answerCounts(item: item, in: sums)
        var nps: Double?
        if scale.isNPS {
            let values = Array(histogram)
            let promoters = values[9...10].reduce(0, +)
            let detractors = values[0...6].reduce(0, +)
            nps = percent(promoters, of: counts.total) - percent(detractors, of: counts.total)
        }
        return ItemFigures(
            answers: summary.count, mean: summary.mean, standardDeviation: summary.standardDeviation,
            favorable: percent(counts.favorable, of: counts.total),
            neutral: percent(counts.neutral, of: counts.total),
            unfavorable: percent(counts.total - counts.favorable - counts.neutral, of: counts.total),
            netPromoterScore: nps,
            scores: Summary(count: summary.count, mean: keyedMean * factor, variance: summary.variance.map { $0 * factor * factor }))
    }

    // MARK: - Pieces

    /// Mean and variance of respondent scores S/k in units, from the sums for k = 1, 2, …
    ///
    /// The sum of squares is split into within-k parts, each an exact integer (n·ΣS² − (ΣS)²),
    /// and a between-k part, so that no large sums cancel in floating point.
    static func unitSummary(_ perK: [(count: Int64, sum: Int64, squares: Int64)]) -> Summary? {
        var count = 0
        var total = 0.0
        var parts: [(n: Double, mean: Double, within: Double)] = []
        for (index, (n, sum, squares)) in perK.enumerated() where n > 0 {
            let k = Double(index + 1)
            count += Int(n)
            total += Double(sum) / k
            let within = differenceOfProducts(n, squares, sum, sum)
            parts.append((Double(n), Double(sum) / k / Double(n), within / (Double(n) * k * k)))
        }
        guard count > 0 else { return nil }
        let mean = total / Double(count)
        guard count > 1 else { return Summary(count: count, mean: mean, variance: nil) }
        let squares = parts.reduce(0.0) { $0 + $1.within + $1.n * ($1.mean - mean) * ($1.mean - mean) }
        return Summary(count: count, mean: mean, variance: max(0, squares) / Double(count - 1))
    }

    static func histogramSummary(_ histogram: ArraySlice<Int64>, offset: Int) -> Summary? {
        var count: Int64 = 0
        var sum: Int64 = 0
        for (index, n) in histogram.enumerated() {
            count += n
            sum += n * Int64(index + offset)
        }
        guard count > 0 else { return nil }
        let mean = Double(sum) / Double(count)
        guard count > 1 else { return Summary(count: Int(count), mean: mean, variance: nil) }
        var squares = 0.0
        for (index, n) in histogram.enumerated() where n > 0 {
            let deviation = Double(index + offset) - mean
            squares += Double(n) * deviation * deviation
        }
        return Summary(count: Int(count), mean: mean, variance: squares / Double(count - 1))
    }

    /// Answers of an item that are favorable and neutral after reverse keying, and in all.
    static func answerCounts(item: Int, in sums: GroupSums) -> (favorable: Int64, neutral: Int64, total: Int64) {
        let layoutItem = sums.layout.items[item]
        let scale = layoutItem.scale
        var result: (favorable: Int64, neutral: Int64, total: Int64) = (0, 0, 0)
        for (index, n) in sums.histogram(item: item).enumerated() {
            let answer = scale.min + index
            let keyed = layoutItem.reverse ? scale.min + scale.max - answer : answer
            result.total += n
            if keyed >= scale.favorableFrom {
                result.favorable += n
            } else if keyed == scale.neutralValue {
                result.neutral += n
            }
        }
        return result
    }

    /// Cronbach's alpha from the pairwise-complete covariance matrix of the dimension's keyed items.
    static func alpha(_ dimension: Int, in sums: GroupSums) -> Double? {
        let layout = sums.layout
        let items = layout.targets[dimension].items
        guard items.count >= 2 else { return nil }
        var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: items.count), count: items.count)
        for (i, item) in items.enumerated() {
            let unit = Double(layout.items[item].unit)
            matrix[i][i] = histogramSummary(sums.histogram(item: item), offset: 0)?.variance.map { $0 * unit * unit }
            for (j, other) in items.enumerated() where j > i {
                guard let pair = layout.pair(item, other) else { continue }
                let covariance = pairCovariance(sums.pairSums(pair))
                matrix[i][j] = covariance
                matrix[j][i] = covariance
            }
        }
        return cronbachAlpha(covariances: matrix)
    }

    /// Sample covariance (n − 1) over the respondents who answered both items.
    static func pairCovariance(_ sums: (n: Int64, x: Int64, y: Int64, xx: Int64, yy: Int64, xy: Int64)) -> Double? {
        guard sums.n > 1 else { return nil }
        return differenceOfProducts(sums.n, sums.xy, sums.x, sums.y) / (Double(sums.n) * Double(sums.n - 1))
    }

    static func percent(_ part: Int64, of whole: Int64) -> Double {
        whole > 0 ? 100 * Double(part) / Double(whole) : 0
    }
}
