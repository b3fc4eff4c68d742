import Foundation
import Testing

@testable import CommunityHealth

/// Practices taken up between waves against R (Fixtures/adoption/make_reference.R): a seeded
/// survey of six communities over four waves, where one community takes up mentoring and its
/// learning rises, one takes up show and tell and nothing changes, and one takes up a book club
/// while its engagement was already rising. Every estimate is R's
/// `lm(score ~ factor(community) + factor(wave) + adopted:after)`, q is `p.adjust(p, "BH")`.
@Suite struct AdoptionReferenceTests {
    static let report: Report? = {
        guard let folder = try? SurveyFolder(path: fixtures.appendingPathComponent("adoption").path, displayPath: "adoption") else { return nil }
        return try? ReportJob(folder: folder).run().report
    }()

    static func expected(_ name: String) throws -> [[String: String]] {
        try csvRows(String(contentsOf: fixtures.appendingPathComponent("adoption/\(name)"), encoding: .utf8))
    }

    @Test func everyAdoptionMatchesR() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-adoption.csv")
        #expect(expected.count == 9)
        #expect(report.adoptions.count == expected.count)
        func number(_ row: [String: String], _ column: String) -> Double? { Double(row[column] ?? "") }
        for row in expected {
            let found = report.adoptions.first {
                $0.wave == row["wave"] && $0.waveBefore == row["wave_before"] && $0.community == row["community"] && $0.option == row["practice"]
                    && $0.target.id == row["dimension"]
            }
            let adoption = try #require(found, "\(row)")
            #expect(adoption.question.id == row["question"])
            expectClose(adoption.shareBefore, number(row, "share_before"), tolerance: 1e-12)
            expectClose(adoption.share, number(row, "share"), tolerance: 1e-12)
            expectClose(adoption.estimate.difference, number(row, "difference"), tolerance: 1e-10)
            expectClose(adoption.estimate.standardError, number(row, "se"), tolerance: 1e-10)
            expectClose(adoption.estimate.interval.lowerBound, number(row, "ci_low"), tolerance: 1e-10)
            expectClose(adoption.estimate.interval.upperBound, number(row, "ci_high"), tolerance: 1e-10)
            expectClose(adoption.estimate.p, number(row, "p"), tolerance: 1e-9)
            expectClose(adoption.q, number(row, "q"), tolerance: 1e-9)
            expectClose(adoption.preTrend?.difference, number(row, "pre_difference"), tolerance: 1e-10)
            expectClose(adoption.preTrend?.standardError, number(row, "pre_se"), tolerance: 1e-10)
            expectClose(adoption.preTrend?.p, number(row, "pre_p"), tolerance: 1e-9)
            #expect(adoption.comparisonCommunities == Int(row["comparison_communities"] ?? ""))
            #expect(adoption.verdict.rawValue == row["verdict"])
        }
    }

    @Test func sharesMatchR() throws {
        let report = try #require(Self.report)
        let expected = try Self.expected("expected-shares.csv")
        for row in expected {
            let share = try #require(
                report.practiceShares.first { $0.wave == row["wave"] && $0.community == .named(row["community"] ?? "") && $0.option == row["option"] })
            #expect(share.figures.value?.answered == Int(row["answered"] ?? ""))
            expectClose(share.figures.value?.share, Double(row["share"] ?? ""), tolerance: 1e-12)
        }
    }

    @Test func theCSVSaysWhatTheReportHolds() throws {
        let folder = try SurveyFolder(path: fixtures.appendingPathComponent("adoption").path, displayPath: "adoption")
        let csv = try csvRows(ReportJob(folder: folder).run().file("adoption.csv"))
        #expect(csv.map { "\($0["community"]!) \($0["dimension"]!) \($0["verdict"]!)" }.contains("Design learning supported"))
        #expect(csv.map { "\($0["community"]!) \($0["dimension"]!) \($0["verdict"]!)" }.contains("Security engagement pre-trend"))
        #expect(csv.filter { $0["community"] == "Platform" }.allSatisfy { $0["verdict"] == "not supported" && $0["pre_p"] == "" })
    }

    @Test func oneWaveHasNoAdoptions() throws {
        let folder = try SurveyFolder(path: fixtures.appendingPathComponent("adoption").path, displayPath: "adoption")
        let outcome = try ReportJob(folder: folder, since: "w4").run()
        #expect(outcome.report.adoptions.isEmpty)
        #expect(outcome.file("adoption.csv") == CSVTables.table("adoption.csv").header.joined(separator: ",") + "\n")
    }
}
