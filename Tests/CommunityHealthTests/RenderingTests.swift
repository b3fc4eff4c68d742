import Foundation
import Testing

@testable import CommunityHealth

@Suite struct RenderingTests {
    @Test func decimals() {
        #expect(decimal(2.345, places: 2) == "2.35")
        #expect(decimal(-0.001, places: 2) == "0.00")
        #expect(decimal(-1.5, places: 0) == "-2")
        #expect(decimal(0.70449, places: 4) == "0.7045")
        #expect(decimal(100, places: 2) == "100.00")
        #expect(decimal(.nan, places: 2) == "")
        #expect(signed(4.6) == "+5")
        #expect(signed(-0.2) == "0")
        #expect(count(1234) == "1234")
        #expect(compactDecimal(62.5, maximumPlaces: 6) == "62.5")
        #expect(compactDecimal(3, maximumPlaces: 6) == "3")
        #expect(compactDecimal(-0.25, maximumPlaces: 6) == "-0.25")
        #expect(compactDecimal(-0.0000001, maximumPlaces: 6) == "0")
        #expect(compactDecimal(100, maximumPlaces: 6) == "100")
        #expect(compactDecimal(0.1234567, maximumPlaces: 6) == "0.123457")
        #expect(compactDecimal(10.05, maximumPlaces: 1) == "10.1")
        #expect(compactDecimal(0.000001, maximumPlaces: 6) == "0.000001")
        #expect(count(1_234_567) == "1,234,567")
    }

    @Test func csvTextIsQuotedAndGuardedAgainstFormulas() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("Quality, Testing") == "\"Quality, Testing\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVWriter.escape("+1") == "'+1")
        #expect(CSVWriter.escape("@x") == "'@x")
        #expect(CSVWriter.escape("-2, or so") == "\"'-2, or so\"")
        #expect(CSVWriter.escape("a\nb") == "\"a\nb\"")
    }

    @Test func jsonIsTheSameWithItsDriversRenderedAhead() throws {
        let report = try runReport(responses: ["w.csv": ScoringTests.responses]).report
        func written(_ ahead: JSONReport.DriversAhead?) -> String {
            var bytes: [UInt8] = []
            JSONReport.write(report, to: { bytes += $0 }, ahead: ahead)
            return String(decoding: bytes, as: UTF8.self)
        }
        let plain = JSONReport.render(report)
        #expect(plain.contains("\"drivers\": [\n"))
        // Nobody else renders the rows: the writer does it itself, where they go.
        #expect(written(JSONReport.DriversAhead(report)) == plain)
        // Rendered before the writer gets there.
        let ahead = JSONReport.DriversAhead(report)
        ahead.render()
        #expect(written(ahead) == plain)
    }

    @Test func headersAreTheContract() throws {
        let outcome = try runReport(responses: ["w.csv": ScoringTests.responses])
        #expect(outcome.file("scores.csv").hasPrefix(
            "wave,community,dimension,respondents,mean,sd,score,favorable,ci_low,ci_high,alpha,change,change_p,suppressed\n"))
        #expect(outcome.file("items.csv").hasPrefix(
            "wave,community,question,dimension,answers,mean,favorable,neutral,unfavorable,nps,suppressed,score,change,change_p,change_q\n"))
        #expect(outcome.file("rejected.csv") == "file,line,column,reason\n")
    }

    @Test func scoresRowsAreFormattedAndSorted() throws {
        let outcome = try runReport(survey: ScoringTests.survey, responses: ["w.csv": ScoringTests.responses])
        let lines = outcome.file("scores.csv").split(separator: "\n").dropFirst()
        #expect(lines.first == "w1,All,d,4,3.50,1.04,62.50,50.00,1.85,5.15,1.0244,,,false")
        #expect(lines.map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["w1,All", "w1,A", "w2,All", "w2,A"])
    }

    @Test func communityNamesThatLookLikeFormulasAreGuarded() throws {
        let body = (1...3).map { "\"=HYPERLINK(\"\"x\"\")\",w,\($0)" }.joined(separator: "\n")
        let outcome = try runReport(responses: ["w.csv": "community,wave,Q1\n" + body])
        #expect(outcome.file("scores.csv").contains("\"'=HYPERLINK(\"\"x\"\")\""))
    }

    /// The bundled sample's scorecard, byte for byte. Re-record with RECORD_SNAPSHOTS=1 swift test.
    @Test func bundledScorecardMatchesItsSnapshot() throws {
        let folder = try SurveyFolder(path: repositoryRoot.appendingPathComponent("Surveys/cop-health").path, displayPath: "Surveys/cop-health")
        let scorecard = try ReportJob(folder: folder).run().file("scorecard.txt")
        try assertSnapshot(scorecard, named: "cop-health-scorecard.txt")
        for line in scorecard.split(separator: "\n") {
            #expect(line.count <= 80, "too wide: \(line)")
        }
    }

    @Test func aSingleWaveStillShowsItsNetPromoterScore() throws {
        let body = (0..<6).map { "A,w1,\(1 + $0 % 5),\(1 + ($0 + 1) % 5),3,4,\([10, 9, 8, 3, 10, 6][$0]),," }.joined(separator: "\n")
        let scorecard = try runReport(responses: ["w.csv": "community,wave,Q1,Q2,Q3,O1,R1,P1,C1\n" + body]).file("scorecard.txt")
        // 10 9 8 3 10 6: promoters 3 of 6, detractors 2 of 6, NPS = 50 − 33.3 = +17.
        #expect(scorecard.contains("NET PROMOTER SCORE IN W1"))
        #expect(scorecard.contains("  All                                  +17   6 answers"))
    }

    @Test func scorecardWithoutResponsesSaysSo() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey.json")
        let outcome = try ReportJob(folder: SurveyFolder(path: scratch.path)).run()
        #expect(outcome.file("scorecard.txt").contains("No responses yet"))
        #expect(outcome.warnings.map(\.message) == ["no response files (*.csv) here yet"])
    }
}

func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: url.path) {
        try Data(text.utf8).write(to: url)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != "1" {
            Issue.record("recorded a new snapshot \(name); run the tests again", sourceLocation: sourceLocation)
        }
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "differs from Snapshots/\(name); re-record with RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
}
