import Testing

@testable import CommunityHealth

/// Small cases worked by hand (and checked in R), run through the whole pipeline:
/// CSV → decoder → integer tally → analysis → disclosure.
@Suite struct ScoringTests {
    // Q2 is reverse-keyed. Keyed answers per respondent of wave w1:
    //   r1 5 5 4 (score 14/3) · r2 4 4 – (4) · r3 2 2 3 (7/3) · r4 3 – 3 (3) · r5 none.
    static let responses = """
        respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1,email
        r1,A,w1,5,1,4,5,10,Mentoring,Great,ann@example.org
        r2,A,w1,4,2,,4,10,Mentoring;Story sharing,,bob@example.org
        r3,A,w1,2,4,3,2,9,,,cy@example.org
        r4,A,w1,3,,3,3,8,Story sharing,"Hi, there",dee@example.org
        r5,,w1,,,,,3,,,
        r6,A,w2,5,1,5,5,10,,,
        r7,A,w2,4,2,4,4,9,,,
        r8,A,w2,4,1,5,4,9,,,
        r9,A,w2,3,3,3,3,7,,,
        """

    /// The small survey with a minimum of 1, so that the arithmetic is seen whole: at its usual
    /// minimum of 3, wave w1's two partial answerers (r2, r4) would be left out (`DisclosureTests`).
    static let survey = smallSurveyJSON.replacingOccurrences(of: "\"minimumGroupSize\": 3", with: "\"minimumGroupSize\": 1")

    static func outcome() throws -> ReportJob.Outcome {
        try runReport(survey: survey, responses: ["all.csv": responses])
    }

    @Test func dimensionOfAll() throws {
        let report = try Self.outcome().report
        let figures = try #require(report.score(wave: "w1", community: .all, dimension: "d")?.figures.value)
        let d = figures.dimension
        #expect(d.respondents == 4)
        expectClose(d.mean, 3.5)  // (14/3 + 4 + 7/3 + 3) / 4
        expectClose(d.standardDeviation, 1.0363754503432)  // R: sd(rowMeans(d, na.rm = TRUE))
        expectClose(d.score, 62.5)  // (3.5 − 1) / 4 · 100
        expectClose(d.favorable, 50)  // 5 of the 10 keyed answers are 4 or 5
        expectClose(d.confidenceInterval?.lowerBound, 1.85089538858427)  // R: t.test(...)$conf.int
        expectClose(d.confidenceInterval?.upperBound, 5.14910461141573)
        expectClose(d.alpha, 1.02439024390244)  // R: psych::alpha(...)$total$raw_alpha, pairwise
        #expect(figures.change == nil)
    }

    @Test func changeAndWelchP() throws {
        let report = try Self.outcome().report
        let figures = try #require(report.score(wave: "w2", community: .all, dimension: "d")?.figures.value)
        // Respondent scores on 0–100, computed here from plain values.
        let beforeScores: [Double] = [14.0 / 3, 4, 7.0 / 3, 3].map { ($0 - 1) / 4 * 100 }
        let afterScores: [Double] = [5, 4, 14.0 / 3, 3].map { ($0 - 1) / 4 * 100 }
        let before = try #require(Summary(beforeScores))
        let after = try #require(Summary(afterScores))
        let change = try #require(figures.change)
        #expect(change.since == "w1")
        expectClose(change.points, after.mean - before.mean)
        expectClose(change.p, WelchTest(after, before)?.p)
        expectClose(change.p, 0.365949713064165, tolerance: 1e-12)  // R: t.test(after, before)$p.value
    }

    @Test func itemsAfterReverseKeying() throws {
        let report = try Self.outcome().report
        func item(_ id: String) throws -> ItemFigures {
            try #require(report.items.first { $0.wave == "w1" && $0.community == .all && $0.question.id == id }?.figures.value)
        }
        let q2 = try item("Q2")  // raw 1 2 4, keyed 5 4 2
        #expect(q2.answers == 3)
        expectClose(q2.mean, 7.0 / 3)
        expectClose(q2.favorable, 200.0 / 3)
        expectClose(q2.neutral, 0)
        expectClose(q2.unfavorable, 100.0 / 3)
        #expect(q2.netPromoterScore == nil)
        let q3 = try item("Q3")  // 4 3 3: the midpoint 3 is neutral
        expectClose(q3.favorable, 100.0 / 3)
        expectClose(q3.neutral, 200.0 / 3)
        expectClose(q3.unfavorable, 0)
        let r1 = try item("R1")  // 10 10 9 8 3: promoters 60%, detractors 20%
        #expect(r1.answers == 5)
        expectClose(r1.mean, 8)
        expectClose(r1.netPromoterScore, 40)
        expectClose(r1.favorable, 80)  // 6 and above
    }

    @Test func dimensionMixingScalesIsOnZeroToHundred() throws {
        let json = """
            { "id": "mix", "groupBy": "community", "minimumGroupSize": 1,
              "scales": { "five": { "min": 1, "max": 5 }, "ten": { "min": 0, "max": 10 } },
              "dimensions": [ { "id": "d" } ],
              "questions": [ { "id": "A", "text": "a", "scale": "five", "dimension": "d" },
                             { "id": "B", "text": "b", "scale": "ten", "dimension": "d", "reverse": true } ] }
            """
        // A = 5 is 100, B = 5 reversed is 5, which is 50: the respondent scores 75. The second scores (25 + 0) / 2.
        let outcome = try runReport(survey: json, responses: ["w.csv": "community,A,B\nX,5,5\nX,2,10\n"])
        let d = try #require(outcome.report.score(wave: "w", community: .all, dimension: "d")?.figures.value?.dimension)
        expectClose(d.mean, 43.75)
        expectClose(d.score, 43.75)
        expectClose(d.standardDeviation, (2 * 31.25 * 31.25).squareRoot())
    }

    @Test func resultsDoNotDependOnRowOrderOrFileSplit() throws {
        let lines = Self.responses.split(separator: "\n").map(String.init)
        let header = lines[0]
        let reversed = ([header] + lines.dropFirst().reversed()).joined(separator: "\n")
        let split = [
            "a.csv": ([header] + lines[1...4]).joined(separator: "\n"),
            "b.csv": ([header] + lines[5...]).joined(separator: "\n"),
        ]
        let whole = try Self.outcome().files.map(\.contents)
        #expect(try runReport(survey: Self.survey, responses: ["all.csv": reversed]).files.dropLast().map(\.contents) == whole.dropLast())
        #expect(try runReport(survey: Self.survey, responses: split).files.dropLast().map(\.contents) == whole.dropLast())
    }
}

@Suite struct TallyTests {
    @Test func countsChoicesAndRows() throws {
        let survey = try smallSurvey()
        var tally = Tally(layout: TallyLayout(survey: survey))
        let p1 = 5
        func row(_ community: String?, practices: Int) -> ResponseRow {
            var answers = [Int](repeating: ResponseRow.noAnswer, count: survey.questions.count)
            answers[p1] = practices
            return ResponseRow(wave: "w", community: community, answers: answers)
        }
        tally.add(row("A", practices: 0b01))  // Mentoring
        tally.add(row("A", practices: 0b11))  // Mentoring; Story sharing
        tally.add(row(nil, practices: 0b10))  // Story sharing, no community
        tally.add(row("A", practices: ResponseRow.noAnswer))
        let all = try #require(tally.sumsOfAll(wave: "w"))
        #expect(all.rows == 4)
        let counts = all.choiceCounts(0)
        #expect(counts.answered == 3)
        #expect(Array(counts.options) == [2, 2])
        #expect(tally.sums(of: Tally.Group(wave: "w", community: "A"))?.rows == 3)
    }

    @Test func pairSumsEqualSumsCountedDirectly() throws {
        // Two dimensions (one mixing a 5- and a 7-point scale, so units differ per item), reverse
        // keying, an outcome inside a dimension, an item in no dimension, and plenty of blanks.
        let survey = try SurveyLoader.load(
            Array(
                """
                {
                  "id": "pairs", "title": "Pairs", "groupBy": "community", "period": { "column": "wave" }, "outcome": "B1",
                  "scales": {
                    "agree5": { "min": 1, "max": 5, "labels": ["a", "b", "c", "d", "e"] },
                    "seven": { "min": 1, "max": 7 }
                  },
                  "dimensions": [ { "id": "a", "title": "A" }, { "id": "b", "title": "B" } ],
                  "questions": [
                    { "id": "A1", "text": "A1", "scale": "agree5", "dimension": "a" },
                    { "id": "A2", "text": "A2", "scale": "seven", "dimension": "a", "reverse": true },
                    { "id": "A3", "text": "A3", "scale": "agree5", "dimension": "a" },
                    { "id": "B1", "text": "B1", "scale": "agree5", "dimension": "b" },
                    { "id": "B2", "text": "B2", "scale": "agree5", "dimension": "b", "reverse": true },
                    { "id": "X1", "text": "X1", "scale": "seven" }
                  ]
                }
                """.utf8), file: "survey.json"
        ).survey
        let layout = TallyLayout(survey: survey)
        var tally = Tally(layout: layout)
        var generator = SplitMix64(seed: 7)
        var rows: [[Int]] = []
        for _ in 0..<300 {
            let answers = survey.questions.map { question -> Int in
                guard let scale = question.scale, Int.random(in: 0..<4, using: &generator) > 0 else { return ResponseRow.noAnswer }
                return Int.random(in: scale.min...scale.max, using: &generator)
            }
            rows.append(answers)
            tally.add(ResponseRow(wave: "w", community: "c", answers: answers))
        }
        let sums = try #require(tally.sums(of: Tally.Group(wave: "w", community: "c")))
        func units(_ item: Int, _ answer: Int) -> Int64? {
            guard answer != ResponseRow.noAnswer else { return nil }
            let info = layout.items[item]
            let step = info.reverse ? info.scale.max - answer : answer - info.scale.min
            return Int64(step * info.unit)
        }
        #expect(layout.pairs.count == 3 + 1 + 4)  // within a, within b, the outcome with A1–A3 and X1
        for (pair, (a, b)) in layout.pairs.enumerated() {
            var expected: (n: Int64, x: Int64, y: Int64, xx: Int64, yy: Int64, xy: Int64) = (0, 0, 0, 0, 0, 0)
            for answers in rows {
                guard let x = units(a, answers[layout.items[a].question]), let y = units(b, answers[layout.items[b].question]) else { continue }
                expected.n += 1
                expected.x += x
                expected.y += y
                expected.xx += x * x
                expected.yy += y * y
                expected.xy += x * y
            }
            let actual = sums.pairSums(pair)
            #expect(
                [actual.n, actual.x, actual.y, actual.xx, actual.yy, actual.xy]
                    == [expected.n, expected.x, expected.y, expected.xx, expected.yy, expected.xy], "pair \(a)–\(b)")
        }
    }

    @Test func mergingIsAdding() throws {
        let survey = try smallSurvey()
        let rows = (0..<20).map { index -> ResponseRow in
            var answers = [Int](repeating: ResponseRow.noAnswer, count: survey.questions.count)
            answers[0] = 1 + index % 5
            answers[1] = index % 3 == 0 ? ResponseRow.noAnswer : 5 - index % 5
            return ResponseRow(wave: index % 2 == 0 ? "a" : "b", community: index % 4 == 0 ? nil : "C\(index % 3)", answers: answers)
        }
        var whole = Tally(layout: TallyLayout(survey: survey))
        var first = Tally(layout: TallyLayout(survey: survey))
        var second = Tally(layout: TallyLayout(survey: survey))
        for (index, row) in rows.enumerated() {
            whole.add(row)
            if index < 7 { first.add(row) } else { second.add(row) }
        }
        first.merge(second)
        for group in whole.groups {
            #expect(first.sums(of: group)?.values == whole.sums(of: group)?.values)
        }
        #expect(Set(first.groups) == Set(whole.groups))
    }
}
