import Foundation
import Testing

@testable import CommunityHealth

/// Doubling the input must not quadruple the work (issue 13): many communities with a row each,
/// many questions, a long title and a long communities.csv. Each case times the same work at n
/// and, doubled twice, at 4n, alternating, and keeps the fastest of each (so a busy machine slows
/// both alike). Linear work takes about 4 times as long, quadratic 16 times; the ratio must stay
/// under 8 (each doubling under 2.8 times on average), a margin of two either way that timing
/// noise in a debug build does not cross. No wall-clock threshold: only the ratio counts.
@Suite(.serialized) struct ScalingTests {
    static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try work()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The fastest time at n and at 4n over `runs` alternating runs.
    static func expectLinear(_ name: String, n: Int, runs: Int = 2, sourceLocation: SourceLocation = #_sourceLocation, _ work: (Int) throws -> Void) rethrows {
        try work(n)  // warm up (first-use costs, page faults)
        var once = Double.infinity, doubledTwice = Double.infinity
        for _ in 0..<runs {
            once = min(once, try seconds { try work(n) })
            doubledTwice = min(doubledTwice, try seconds { try work(4 * n) })
        }
        let ratio = doubledTwice / once
        #expect(ratio < 8, "\(name): \(n) took \(once) s, \(4 * n) took \(doubledTwice) s (ratio \(ratio))", sourceLocation: sourceLocation)
    }

    /// A folder of `communities` communities with one response row each, whole report job and
    /// every renderer (the scorecards used to look up every community's rows by scanning all rows).
    @Test func communitiesWithARowEach() throws {
        try Self.expectLinear("communities with a row each", n: 200) { n in
            var body = "community,wave,Q1,Q2,Q3,O1,R1,P1,C1\n"
            for index in 0..<n { body += "Community \(index),w,\(index % 5 + 1),3,4,\(index % 4 + 1),\(index % 11),Mentoring,\n" }
            let outcome = try runReport(responses: ["w.csv": body])
            #expect(outcome.report.communities(in: "w").count == n + 1)
            _ = TextScorecard.render(outcome.report)
            _ = HTMLScorecard.render(outcome.report)
            _ = JSONReport.render(outcome.report)
        }
    }

    /// Questions spread over dimensions of five: layout, analysis, drivers and rendering stay
    /// linear in the number of questions (a dimension's pairs are quadratic only in its own size).
    @Test func questionsInManyDimensions() throws {
        try Self.expectLinear("questions", n: 60) { n in
            let dimensions = (0..<(n / 5)).map { "{ \"id\": \"d\($0)\", \"title\": \"D\($0)\" }" }
            let questions = (0..<n).map { "{ \"id\": \"Q\($0)\", \"text\": \"Question \($0)\", \"scale\": \"agree5\", \"dimension\": \"d\($0 / 5)\" }" }
                + ["{ \"id\": \"O1\", \"text\": \"Outcome\", \"scale\": \"agree5\" }"]
            let survey = """
                { "id": "wide", "title": "Wide", "groupBy": "community", "period": { "column": "wave" }, "minimumGroupSize": 3, "outcome": "O1",
                  "scales": { "agree5": { "min": 1, "max": 5 } },
                  "dimensions": [\(dimensions.joined(separator: ","))], "questions": [\(questions.joined(separator: ","))] }
                """
            var body = "community,wave," + (0..<n).map { "Q\($0)" }.joined(separator: ",") + ",O1\n"
            for row in 0..<8 { body += "C,w," + (0..<n).map { String(($0 + row) % 5 + 1) }.joined(separator: ",") + ",\(row % 5 + 1)\n" }
            let outcome = try runReport(survey: survey, responses: ["w.csv": body])
            #expect(outcome.report.items.count == 2 * (n + 1))
            _ = TextScorecard.render(outcome.report)
        }
    }

    /// More questions than a survey may have is an error at the `questions` array, not minutes of work.
    @Test func questionLimit() throws {
        let questions = (0...Survey.questionLimit).map { "{ \"id\": \"Q\($0)\", \"text\": \"Q\", \"scale\": \"agree5\" }" }
        let survey = """
            { "id": "many", "title": "Many", "groupBy": "community",
              "scales": { "agree5": { "min": 1, "max": 5 } },
              "questions": [\(questions.joined(separator: ","))] }
            """
        #expect(throws: InputErrors.self) { try SurveyLoader.load(Array(survey.utf8), file: "survey.json") }
        do {
            _ = try SurveyLoader.load(Array(survey.utf8), file: "survey.json")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["survey.json:3:16: error: questions: has 1001 questions; at most 1000 are supported"])
        }
    }

    /// A long title loads (and wraps) in time linear in its length.
    @Test func longTitle() throws {
        try Self.expectLinear("title", n: 75_000) { n in
            let title = String(repeating: "Health check é ", count: n / 15)
            let json = smallSurveyJSON.replacingOccurrences(of: "\"Small survey\"", with: "\"\(title)\"")
            let survey = try SurveyLoader.load(Array(json.utf8), file: "survey.json").survey
            #expect(survey.title.count == title.count)
            _ = TextLayout.wrap(survey.title, width: 80)
        }
    }

    /// communities.csv with a row per community, every community's head count looked up.
    @Test func headCounts() throws {
        try Self.expectLinear("communities.csv", n: 3_000) { n in
            var text = "community,members,wave\n"
            for index in 0..<n { text += "Community \(index),\(index % 90 + 10),\n" }
            let members = try SurveyFolder.members(Array(text.utf8), file: "communities.csv")
            var sum = 0
            for index in 0..<n { sum += members.count(of: "Community \(index)", wave: "w") ?? 0 }
            #expect(members.total(wave: "w") == sum)
        }
    }
}
