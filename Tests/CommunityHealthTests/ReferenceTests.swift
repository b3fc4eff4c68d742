import Foundation
import Testing

@testable import CommunityHealth

/// The whole pipeline against R's psych on the real bfi dataset (Fixtures/bfi/make_reference.R):
/// 2,800 respondents, 25 items with missing answers, 7 reverse-keyed, 5 dimensions.
@Suite struct ReferenceTests {
    static let outcome: ReportJob.Outcome? = {
        guard let folder = try? SurveyFolder(path: fixtures.appendingPathComponent("bfi").path, displayPath: "bfi") else { return nil }
        return try? ReportJob(folder: folder).run()
    }()

    static func expected(_ name: String) throws -> [[String: String]] {
        try csvRows(String(contentsOf: fixtures.appendingPathComponent("bfi/\(name)"), encoding: .utf8))
    }

    static func community(_ name: String?) -> CommunityName {
        name == "All" ? .all : .named(name ?? "")
    }

    @Test func everyRowIsUsed() throws {
        let outcome = try #require(Self.outcome)
        #expect(outcome.report.counts == RowCounts(read: 2800, used: 2800))
    }

    @Test func dimensionScoresMatchPsych() throws {
        let report = try #require(Self.outcome?.report)
        let expected = try Self.expected("expected-scores.csv")
        #expect(expected.count == 60)
        var largest = 0.0
        for row in expected {
            let wave = row["wave"] ?? ""
            let dimension = row["dimension"] ?? ""
            let score = try #require(report.score(wave: wave, community: Self.community(row["community"]), dimension: dimension))
            let figures = try #require(score.figures.value, "\(wave) \(row["community"] ?? "") \(dimension) is withheld")
            let d = figures.dimension
            #expect(d.respondents == Int(row["respondents"] ?? ""))
            let pairs: [(Double?, String)] = [
                (d.mean, "mean"), (d.standardDeviation, "sd"), (d.score, "score"), (d.favorable, "favorable"),
                (d.confidenceInterval?.lowerBound, "ci_low"), (d.confidenceInterval?.upperBound, "ci_high"), (d.alpha, "alpha"),
                (figures.change?.points, "change"), (figures.change?.p, "change_p"),
            ]
            for (actual, column) in pairs {
                let reference = Double(row[column] ?? "")
                expectClose(actual, reference, tolerance: 1e-10)
                if let actual, let reference { largest = max(largest, abs(actual - reference) / max(1, abs(reference))) }
            }
        }
        #expect(largest < 1e-10)
    }

    @Test func itemResultsMatchR() throws {
        let report = try #require(Self.outcome?.report)
        let expected = try Self.expected("expected-items.csv")
        #expect(expected.count == 300)
        for row in expected {
            let item = try #require(
                report.items.first {
                    $0.wave == row["wave"] && $0.community == Self.community(row["community"]) && $0.question.id == row["question"]
                })
            let figures = try #require(item.figures.value)
            #expect(figures.answers == Int(row["answers"] ?? ""))
            expectClose(figures.mean, Double(row["mean"] ?? ""), tolerance: 1e-10)
            expectClose(figures.favorable, Double(row["favorable"] ?? ""), tolerance: 1e-10)
            expectClose(figures.neutral, Double(row["neutral"] ?? ""), tolerance: 1e-10)
            expectClose(figures.unfavorable, Double(row["unfavorable"] ?? ""), tolerance: 1e-10)
        }
    }
}
