import Foundation
import Testing

@testable import CommunityHealth

@Suite struct StatisticsTests {
    @Test func differenceOfProductsIsExact() {
        #expect(differenceOfProducts(3, 4, 2, 5) == 2)
        #expect(differenceOfProducts(-3, 4, 2, 5) == -22)
        // Past 64 bits: 2^40 · 2^40 − (2^40 − 1)² = 2^41 − 1, which a Double holds exactly.
        let big: Int64 = 1 << 40
        #expect(differenceOfProducts(big, big, big - 1, big - 1) == 2_199_023_255_551)
    }

    @Test func summaryOfHandCheckableSample() throws {
        // 2 4 4 4 5 5 7 9: mean 5, squares about the mean 32, variance 32/7.
        let summary = try #require(Summary([2, 4, 4, 4, 5, 5, 7, 9]))
        #expect(summary.count == 8)
        expectClose(summary.mean, 5)
        expectClose(summary.variance, 32.0 / 7)
        expectClose(summary.standardDeviation, 2.1380899352994)  // R: sd(x)
        let interval = try #require(summary.confidenceInterval())
        expectClose(interval.lowerBound, 3.21251208176379)  // R: t.test(x)$conf.int
        expectClose(interval.upperBound, 6.78748791823621)
    }

    @Test func summaryOfEmptyAndSingleValues() throws {
        #expect(Summary([]) == nil)
        let one = try #require(Summary([3]))
        #expect(one.variance == nil)
        #expect(one.confidenceInterval() == nil)
    }

    @Test func benjaminiHochbergHandWorked() {
        // m = 4: sorted 0.01 0.02 0.03 0.5 → 0.04, 0.04, 0.04, 0.5 (q at 0.01 is min(0.04, 0.04, ...)).
        let q = benjaminiHochberg([0.03, nil, 0.01, 0.5, 0.02])
        #expect(q[1] == nil)
        for (actual, expected) in zip([q[0], q[2], q[3], q[4]], [0.04, 0.04, 0.5, 0.04]) { expectClose(actual, expected) }
        // R: p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205), "BH")
        let r = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.0845714285714286, 0.205]
        for (actual, expected) in zip(benjaminiHochberg([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]), r) { expectClose(actual, expected, tolerance: 1e-12) }
        #expect(benjaminiHochberg([]).isEmpty)
    }

    @Test func withinGroupsEffectMatchesLm() throws {
        // g1: yes 5 6, no 3 4 5 (d = 1.5, w = 1.2); g2: yes 7, no 4 6 (d = 2, w = 2/3); g3: yes only.
        // Estimate (1.2·1.5 + 2/3·2) / (1.2 + 2/3) = 1.67857…; 10 values, 3 groups: df = 6.
        // R: summary(lm(y ~ x + factor(g)))$coefficients["x", ]
        let effect = try #require(
            WithinGroupsEffect([
                (Summary([5, 6]), Summary([3, 4, 5])), (Summary([7]), Summary([4, 6])), (Summary([2, 3]), nil),
            ]))
        expectClose(effect.estimate, 1.6785714285714266, tolerance: 1e-12)
        expectClose(effect.standardError, 0.6752739428996083, tolerance: 1e-12)
        #expect(effect.degreesOfFreedom == 6 && effect.contributing == 2)
        expectClose(effect.p, 0.0474335498228773, tolerance: 1e-10)
        #expect(WithinGroupsEffect([(Summary([1, 2]), nil), (nil, Summary([3, 4]))]) == nil)  // no group has both sides
    }

    @Test func differenceInDifferencesHandWorked() throws {
        // Treated 2,4 → 6,8,7 (+4); comparisons 1,3 → 2,4 (w = 1, +1) and 5,5,8 → 9 (w = 0.75, +3):
        // common change 3.25 / 1.75, estimate 4 − 1.857… = 2.142857…; RSS = 14 + 1·(1 − c)² +
        // 0.75·(3 − c)², 13 values, 3 groups: df = 8.
        // R: y <- c(2,4, 6,8,7, 1,3, 2,4, 5,5,8, 9); g <- factor(c(rep("T",5), rep("A",4), rep("B",4)))
        //    after <- c(0,0,1,1,1, 0,0,1,1, 0,0,0,1); adopted <- as.numeric(g == "T")
        //    f <- lm(y ~ g + factor(after) + adopted:after); summary(f)$coefficients["adopted:after", ]; confint(f)
        let effect = try #require(
            DifferenceInDifferences(
                treated: (Summary([2, 4])!, Summary([6, 8, 7])!),
                comparisons: [(Summary([1, 3])!, Summary([2, 4])!), (Summary([5, 5, 8])!, Summary([9])!)]))
        expectClose(effect.estimate, 2.1428571428571441, tolerance: 1e-12)
        expectClose(effect.standardError, 1.6611302602434879, tolerance: 1e-12)
        #expect(effect.degreesOfFreedom == 8)
        expectClose(effect.p, 0.2330883167821763, tolerance: 1e-10)
        expectClose(effect.confidenceInterval().lowerBound, -1.687716106377111, tolerance: 1e-10)
        expectClose(effect.confidenceInterval().upperBound, 5.973430392091400, tolerance: 1e-10)
        #expect(DifferenceInDifferences(treated: (Summary([2, 4])!, Summary([6, 8])!), comparisons: []) == nil)
    }

    @Test func welchTestHandWorked() throws {
        // 1..5 (mean 3, var 2.5) vs 2,4,..,10 (mean 6, var 10): se² = 0.5 + 2, df = 6.25 / (0.0625 + 1).
        let test = try #require(WelchTest(Summary([1, 2, 3, 4, 5])!, Summary([2, 4, 6, 8, 10])!))
        expectClose(test.t, -3 / 2.5.squareRoot())
        expectClose(test.degreesOfFreedom, 6.25 / 1.0625)
        expectClose(test.p, 0.107531194930627)  // R: t.test(1:5, c(2,4,6,8,10))$p.value
    }

    @Test func welchTestNeedsTwoValuesAndVariance() {
        #expect(WelchTest(Summary([1])!, Summary([1, 2])!) == nil)
        #expect(WelchTest(Summary([2, 2])!, Summary([2, 2, 2])!) == nil)
    }

    @Test func alphaFromPairwiseCovariances() {
        // Keyed answers (Q2 reversed), with a missing answer in Q2 and in Q3:
        //   Q1 5 4 2 3 · Q2 5 4 2 – · Q3 4 – 3 3; pairwise covariances worked by hand.
        let c: [[Double?]] = [
            [5.0 / 3, 7.0 / 3, 2.5 / 3],
            [7.0 / 3, 7.0 / 3, 1.5],
            [2.5 / 3, 1.5, 1.0 / 3],
        ]
        expectClose(cronbachAlpha(covariances: c), 1.02439024390244)  // R: psych::alpha(d)$total$raw_alpha
    }

    @Test func alphaIsNotClamped() {
        // a = 1..5, b = 5..1, c = 2 2 4 4 3: psych::alpha gives raw_alpha = -7.5.
        let a: [Double] = [1, 2, 3, 4, 5], b: [Double] = [5, 4, 3, 2, 1], c: [Double] = [2, 2, 4, 4, 3]
        func cov(_ x: [Double], _ y: [Double]) -> Double? {
            let mx = x.reduce(0, +) / 5, my = y.reduce(0, +) / 5
            return zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / 4
        }
        let items = [a, b, c]
        let matrix = items.map { x in items.map { y in cov(x, y) } }
        expectClose(cronbachAlpha(covariances: matrix), -7.5)
    }

    @Test func alphaNeedsTwoItemsAndEveryCovariance() {
        #expect(cronbachAlpha(covariances: [[1.0]]) == nil)
        #expect(cronbachAlpha(covariances: [[1.0, nil], [nil, 1.0]]) == nil)
        #expect(cronbachAlpha(covariances: [[0.0, 0.0], [0.0, 0.0]]) == nil)
    }

    struct TReference: Sendable {
        var df: Double
        var x: Double
        var value: Double
    }

    static func tReferences(_ file: String) throws -> [TReference] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("bfi/\(file)"), encoding: .utf8)
        return try csvRows(text).map { row in
            let values = row.values.count == 3 ? row : [:]
            let x = values["x"] ?? values["p"] ?? ""
            let value = values["cdf"] ?? values["quantile"] ?? ""
            return TReference(df: Double(values["df"] ?? "") ?? .nan, x: Double(x) ?? .nan, value: Double(value) ?? .nan)
        }
    }

    @Test func tDistributionMatchesR() throws {
        let cdf = try Self.tReferences("expected-t.csv")
        #expect(cdf.count == 48)
        for reference in cdf {
            expectClose(StudentT(degreesOfFreedom: reference.df).cdf(reference.x), reference.value, tolerance: 1e-12)
        }
        let quantiles = try Self.tReferences("expected-t-quantiles.csv")
        #expect(quantiles.count == 40)
        for reference in quantiles {
            expectClose(StudentT(degreesOfFreedom: reference.df).quantile(reference.x), reference.value, tolerance: 1e-10)
        }
    }

    @Test func tQuantileAndCDFAreInverse() {
        for df in [1.0, 2.5, 7, 40, 3000] {
            for p in [0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999] {
                let t = StudentT(degreesOfFreedom: df)
                expectClose(t.cdf(t.quantile(p)), p, tolerance: 1e-12)
            }
        }
        expectClose(StudentT(degreesOfFreedom: 3).quantile(0.975), 3.18244630528371)  // R: qt(0.975, 3)
        // Large df, where the quantile is the Cornish–Fisher expansion alone. R: sprintf("%.17g", qt(p, df))
        let large: [(df: Double, p: Double, t: Double)] = [
            (999, 0.975, 1.9623414611334493), (1000, 0.975, 1.9623390808264076), (1000, 0.995, 2.5807546980659501),
            (1000, 0.6, 0.25341451583949876), (5000, 0.975, 1.9604385517065075), (50000, 0.995, 2.5759276380348743),
            (1e6, 0.975, 1.9599663568141066),
        ]
        for (df, p, t) in large { expectClose(StudentT(degreesOfFreedom: df).quantile(p), t, tolerance: 1e-12) }
    }

    @Test func cohensDHandWorked() throws {
        // 1..5 (mean 3, var 2.5) vs 2,4,..,10 (mean 6, var 10): pooled var (4·2.5 + 4·10)/8 = 6.25, d = −3/2.5.
        let effect = try #require(CohensD(Summary([1, 2, 3, 4, 5])!, Summary([2, 4, 6, 8, 10])!))
        expectClose(effect.d, -1.2)
        // se = √(10/25 + 1.44/20); R: d ± qnorm(0.975) · se
        expectClose(effect.interval.lowerBound, -2.54653947709216)
        expectClose(effect.interval.upperBound, 0.14653947709216)
        #expect(CohensD(Summary([1])!, Summary([1, 2])!) == nil)
        #expect(CohensD(Summary([2, 2])!, Summary([2, 2])!) == nil)
    }

    @Test func pearsonWithFisherIntervalHandWorked() throws {
        // x = 1..5, y = 2 1 4 3 5: Σdxdy = 8, Σdx² = Σdy² = 10, so r = 0.8.
        // Σx = Σy = 15, Σx² = Σy² = 55, Σxy = 1·2 + 2·1 + 3·4 + 4·3 + 5·5 = 53.
        let correlation = try #require(Correlation(n: 5, x: 15, y: 15, xx: 55, yy: 55, xy: 53))
        expectClose(correlation.r, 0.8)
        expectClose(correlation.interval?.lowerBound, -0.279640041969355)  // R: cor.test(x, y)$conf.int
        expectClose(correlation.interval?.upperBound, 0.986196193301271)
        #expect(Correlation(n: 3, x: 3, y: 3, xx: 3, yy: 5, xy: 4)?.interval == nil)
        #expect(Correlation(n: 3, x: 6, y: 6, xx: 12, yy: 14, xy: 12) == nil)  // x has no variance
    }

    @Test func normalQuantileMatchesR() {
        expectClose(normalQuantile(0.975), 1.959963984540054, tolerance: 1e-15)
        expectClose(normalQuantile(1e-10), -6.361340902404056, tolerance: 1e-13)
        expectClose(normalQuantile(0.3), -0.5244005127080407, tolerance: 1e-15)
    }

    @Test func driverClassesSplitAtTheMedians() throws {
        let classes = classifyDrivers([(0.6, 80), (0.5, 40), (0.2, 90), (0.1, 30)])
        #expect(classes == [.strength, .opportunity, .lowerPriority, .lowerPriority])
        // Medians: r of 0.1 0.2 0.5 0.6 → 0.35; favorable of 30 40 80 90 → 60.
        let medians = try #require(DriverMedians([(0.6, 80), (0.5, 40), (0.2, 90), (0.1, 30)]))
        expectClose(medians.r, 0.35)
        expectClose(medians.favorable, 60)
        #expect(DriverMedians([]) == nil)
        #expect(classifyDrivers([]) == [])
    }
}
