/// Pure functions from one group's integer sums to its figures: Double starts here.
public enum GroupAnalysis {
    /// Figures of a dimension, or nil when nobody answered any of its items.
    public static func dimension(_ dimension: Int, in sums: GroupSums) -> DimensionFigures? {
        let layout = sums.layout
        let slots = layout.dimensions[dimension]
        guard let summary = scoreSummary(dimension, in: sums) else { return nil }
        let span = Double(slots.unitRange)
        let toScore = 100 / span
        let scores = Summary(
            count: summary.count, mean: summary.mean * toScore, variance: summary.variance.map { $0 * toScore * toScore })
        // Report in the shared scale's units where there is one, else on 0–100.
        let reported: Summary
        if let scale = slots.sharedScale {
            let factor = Double(scale.range) / span
            reported = Summary(
                count: summary.count, mean: Double(scale.min) + summary.mean * factor,
                variance: summary.variance.map { $0 * factor * factor })
        } else {
            reported = scores
        }
        var favorable: Int64 = 0
        var answers: Int64 = 0
        for item in slots.items {
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
            alpha: summary.count >= 3 ? alpha(dimension, in: sums) : nil,
            scores: scores)
    }

    /// Figures of a scale item, or nil when nobody answered it.
    public static func item(_ item: Int, in sums: GroupSums) -> ItemFigures? {
        let scale = sums.layout.items[item].scale
        let histogram = sums.histogram(item: item)
        let summary = histogramSummary(histogram, offset: scale.min)
        guard let summary else { return nil }
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
            netPromoterScore: nps)
    }

    // MARK: - Pieces

    /// Mean and variance of respondent scores S/k in units, from the per-k sums.
    ///
    /// The sum of squares is split into within-k parts, each an exact integer (n·ΣS² − (ΣS)²),
    /// and a between-k part, so that no large sums cancel in floating point.
    static func scoreSummary(_ dimension: Int, in sums: GroupSums) -> Summary? {
        let itemCount = sums.layout.dimensions[dimension].items.count
        guard itemCount > 0 else { return nil }
        var count = 0
        var total = 0.0
        var perK: [(n: Double, mean: Double, within: Double)] = []
        for k in 1...itemCount {
            let (n, sum, squares) = sums.scoreSums(dimension: dimension, answered: k)
            guard n > 0 else { continue }
            count += Int(n)
            total += Double(sum) / Double(k)
            let within = Int128(n) * Int128(squares) - Int128(sum) * Int128(sum)
            perK.append((Double(n), Double(sum) / Double(k) / Double(n), Double(within) / (Double(n) * Double(k * k))))
        }
        guard count > 0 else { return nil }
        let mean = total / Double(count)
        guard count > 1 else { return Summary(count: count, mean: mean, variance: nil) }
        let squares = perK.reduce(0.0) { $0 + $1.within + $1.n * ($1.mean - mean) * ($1.mean - mean) }
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
        let items = layout.dimensions[dimension].items
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
        let numerator = Int128(sums.n) * Int128(sums.xy) - Int128(sums.x) * Int128(sums.y)
        return Double(numerator) / (Double(sums.n) * Double(sums.n - 1))
    }

    static func percent(_ part: Int64, of whole: Int64) -> Double {
        whole > 0 ? 100 * Double(part) / Double(whole) : 0
    }
}
