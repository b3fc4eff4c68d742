import Foundation
import Testing

@testable import CommunityHealth

/// Comparisons, trends, practices and key drivers against R on real data: psychTools::msqR
/// (Fixtures/msq/make_reference.R): 7 studies as communities, two sessions as waves, caffeine or
/// placebo as the "practice", `happy` as the outcome.
@Suite struct AnalysisReferenceTests {
    static let report: Report? = {
        guard let folder = try? SurveyFolder(path: fixtures.appendingPathComponent("msq").path, displayPath: "msq") else { return nil }
        return try? ReportJob(folder: folder).run().report
    }()

    static func expected(_ name: String) throws -> [[String: String]] {
        try csvRows(String(contentsOf: fixtures.appendingPathComponent("msq/\(name)"), encoding: .utf8))
    }

    static func number(_ row: [String: String], _ column: String) -> Double? {
        Double(row[column] ?? "")
    }

    static func community(_ name: String?) -> CommunityName {
        name == "All" ? .all : .named(name ?? "")
    }

    @Test func comparisonsWithAllAndTheRest() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-comparisons.csv")
        #expect(expected.count == 28)
        for row in expected {
            let score = try #require(report.score(wave: row["wave"] ?? "", community: Self.community(row["community"]), dimension: row["dimension"] ?? ""))
            let figures = try #require(score.figures.value)
            #expect(figures.dimension.respondents == Int(row["n"] ?? ""))
            expectClose(figures.dimension.score, Self.number(row, "score"), tolerance: 1e-10)
            expectClose(figures.versusAll?.difference, Self.number(row, "difference_all"), tolerance: 1e-10)
            expectClose(figures.versusAll?.p, Self.number(row, "p_all"), tolerance: 1e-10)
            expectClose(figures.versusRest?.difference, Self.number(row, "difference_rest"), tolerance: 1e-10)
            expectClose(figures.versusRest?.p, Self.number(row, "p_rest"), tolerance: 1e-10)
            expectClose(figures.versusRest?.q, Self.number(row, "q_rest"), tolerance: 1e-10)  // R: p.adjust(p_rest, "BH") per wave
        }
    }

    @Test func changeSinceTheFirstWave() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-trends.csv")
        #expect(expected.count == 16)
        for row in expected {
            let score = try #require(report.score(wave: row["wave"] ?? "", community: Self.community(row["community"]), dimension: row["dimension"] ?? ""))
            let change = try #require(score.figures.value?.changeFromFirst)
            #expect(change.since == "t1")
            expectClose(change.points, Self.number(row, "change_first"), tolerance: 1e-10)
            expectClose(change.p, Self.number(row, "p_first"), tolerance: 1e-10)
            expectClose(change.q, Self.number(row, "q_first"), tolerance: 1e-10)  // R: p.adjust over t2's 16 changes
        }
    }

    @Test func practicesWithCohensDAndWelch() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-practices.csv")
        #expect(expected.count == 12)
        for row in expected {
            let practice = try #require(
                report.practices.first { $0.wave == row["wave"] && $0.option == row["practice"] && $0.target.id == row["dimension"] })
            let figures = try #require(practice.figures.value)
            #expect(figures.with.count == Int(row["with_n"] ?? ""))
            #expect(figures.without.count == Int(row["without_n"] ?? ""))
            expectClose(figures.with.mean, Self.number(row, "with_mean"), tolerance: 1e-10)
            expectClose(figures.without.mean, Self.number(row, "without_mean"), tolerance: 1e-10)
            expectClose(figures.difference, Self.number(row, "difference"), tolerance: 1e-10)
            expectClose(figures.effect?.d, Self.number(row, "cohens_d"), tolerance: 1e-10)
            expectClose(figures.effect?.interval.lowerBound, Self.number(row, "d_ci_low"), tolerance: 1e-10)
            expectClose(figures.effect?.interval.upperBound, Self.number(row, "d_ci_high"), tolerance: 1e-10)
            expectClose(figures.p, Self.number(row, "p"), tolerance: 1e-9)
            expectClose(practice.q, Self.number(row, "q"), tolerance: 1e-9)  // R: p.adjust(p, "BH") per wave
            // R: summary(lm(score ~ practice + factor(community)))
            let within = try #require(practice.within)
            expectClose(within.difference, Self.number(row, "within_difference"), tolerance: 1e-10)
            expectClose(within.interval.lowerBound, Self.number(row, "within_ci_low"), tolerance: 1e-10)
            expectClose(within.interval.upperBound, Self.number(row, "within_ci_high"), tolerance: 1e-10)
            expectClose(within.d, Self.number(row, "within_d"), tolerance: 1e-10)
            expectClose(within.p, Self.number(row, "within_p"), tolerance: 1e-9)
            #expect(within.communities == Int(row["communities"] ?? ""))
            expectClose(practice.withinQ, Self.number(row, "within_q"), tolerance: 1e-9)
        }
    }

    @Test func keyDriversWithFisherIntervals() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-drivers.csv")
        #expect(expected.count == 280)
        for row in expected {
            let driver = try #require(
                report.drivers.first { $0.wave == row["wave"] && $0.community == Self.community(row["community"]) && $0.question.id == row["question"] })
            let figures = try #require(driver.figures.value, "\(row)")
            #expect(figures.correlation.count == Int(row["n"] ?? ""))
            expectClose(figures.correlation.r, Self.number(row, "r"), tolerance: 1e-10)
            expectClose(figures.correlation.interval?.lowerBound, Self.number(row, "r_ci_low"), tolerance: 1e-10)
            expectClose(figures.correlation.interval?.upperBound, Self.number(row, "r_ci_high"), tolerance: 1e-10)
        }
        // PAT has 29 respondents: too few for drivers, which need 30.
        #expect(report.drivers.filter { $0.community == .named("PAT") }.allSatisfy { $0.figures.isWithheld })
    }

    @Test func practiceSharesPerCommunity() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-shares.csv")
        #expect(expected.count == 28)
        for row in expected {
            let share = try #require(
                report.practiceShares.first { $0.wave == row["wave"] && $0.community == Self.community(row["community"]) && $0.option == row["practice"] })
            let figures = try #require(share.figures.value)
            #expect(figures.answered == Int(row["answered"] ?? ""))
            expectClose(figures.share, Self.number(row, "share"), tolerance: 1e-10)
        }
    }
}
