import Testing

@testable import CommunityHealth

/// Whom a dimension's figures count (docs/privacy.md), on counts worked by hand; minimum 5.
@Suite struct CoverageRuleTests {
    typealias Counts = CoverageRule.Counts

    @Test func fewPartialAnswerersAreLeftOut() {
        let decision = CoverageRule.decide([Counts(community: "A", complete: 10, partial: 2)], minimum: 5)
        #expect(decision.shown == ["A"])
        #expect(decision.partialsLeftOut == ["A"])
        #expect(decision.everyoneLeftOut.isEmpty)
    }

    @Test func manyPartialAnswerersBesideManyFullOnesCount() {
        let decision = CoverageRule.decide([Counts(community: "A", complete: 8, partial: 6)], minimum: 5)
        #expect(decision.shown == ["A"] && decision.partialsLeftOut.isEmpty)
    }

    /// Six partial answerers but three full ones: the score and the questions would differ by a
    /// sum over the three; without the six, three are too few to show, and as everyone else they
    /// are too few to count in All.
    @Test func fewFullAnswerersLeaveThePartialOnesOut() {
        let decision = CoverageRule.decide([Counts(community: "A", complete: 3, partial: 6), Counts(community: "B", complete: 20, partial: 0)], minimum: 5)
        #expect(decision.shown == ["B"])
        #expect(decision.partialsLeftOut == ["A"])
        #expect(decision.everyoneLeftOut == ["A"])
        #expect(!decision.counts("A", partial: false) && decision.counts("B", partial: false))
    }

    /// Three without a community: rather than withholding A to hide them, they are left out of All.
    @Test func aSmallRemainderIsLeftOutOfAll() {
        let decision = CoverageRule.decide([Counts(community: "A", complete: 20, partial: 0), Counts(community: nil, complete: 3, partial: 0)], minimum: 5)
        #expect(decision.shown == ["A"])
        #expect(decision.everyoneLeftOut == [nil])
    }

    /// A withheld community and those without one together make a remainder large enough to count.
    @Test func aLargeEnoughRemainderCounts() {
        let decision = CoverageRule.decide(
            [Counts(community: "A", complete: 20, partial: 0), Counts(community: "B", complete: 2, partial: 6), Counts(community: nil, complete: 4, partial: 5)],
            minimum: 5)
        #expect(decision.shown == ["A"])
        #expect(decision.partialsLeftOut == ["B", nil])
        #expect(decision.everyoneLeftOut.isEmpty)  // 2 + 4 full answerers count in All
    }
}

@Suite struct PatternCountsTests {
    @Test func countsPerTargetAndMerges() {
        // Two targets counted apart: target 0 all, target 1 some (states 2 and 1 in their bit pairs).
        var counts = PatternCounts(targetsApart: 2)
        let pattern = PracticePattern(practices: 0b11, targets: 2 | 1 << 2)
        counts.add(pattern)
        counts.add(pattern)
        counts.add(PracticePattern(practices: 0b1, targets: 2))
        var other = PatternCounts(targetsApart: 2)
        other.add(pattern)
        counts.merge(other)
        let cells = Dictionary(uniqueKeysWithValues: counts.cells.map { ([$0.pattern.practices, $0.pattern.targets], $0.count) })
        #expect(cells == [[0b11, 2]: 3, [0b11, 1 << 2]: 3, [0b1, 2]: 1])
    }

    @Test func growsWithoutLosingAnything() {
        var counts = PatternCounts()
        for practices in 0..<500 { for _ in 0..<(practices % 3 + 1) { counts.add(PracticePattern(practices: UInt64(practices), targets: 6)) } }
        let cells = counts.cells
        #expect(cells.count == 500)
        #expect(cells.allSatisfy { $0.count == Int64($0.pattern.practices % 3 + 1) && $0.pattern.targets == 6 })
    }
}

/// The practices check on cells worked by hand: one dimension of two questions, communities A and
/// B both shown, minimum 5.
@Suite struct PracticeCheckTests {
    static let survey = """
        { "id": "p", "groupBy": "community", "minimumGroupSize": 5, "outcome": "O1",
          "scales": { "five": { "min": 1, "max": 5 } },
          "dimensions": [ { "id": "d" } ],
          "questions": [ { "id": "Q1", "text": "a", "scale": "five", "dimension": "d" },
                         { "id": "Q2", "text": "b", "scale": "five", "dimension": "d" },
                         { "id": "O1", "text": "o", "scale": "five" },
                         { "id": "P1", "text": "p", "type": "choices", "options": ["Mentoring"], "practices": true } ] }
        """

    /// Everyone in A reports mentoring, and `reportingInB` in B: the mentoring row minus A's figure
    /// is a sum over B's reporters.
    static func allowed(reportingInB: Int) throws -> Set<PracticeCheck.Row> {
        let layout = TallyLayout(survey: try SurveyLoader.load(Array(survey.utf8), file: "survey.json").survey)
        var a = PatternCounts(targetsApart: layout.targets.count), b = PatternCounts(targetsApart: layout.targets.count)
        let full: UInt64 = 2  // target 0 (the dimension) answered in full
        let reports: UInt64 = 0b11  // answered P1, reports Mentoring
        for _ in 0..<10 { a.add(PracticePattern(practices: reports, targets: full)) }
        for index in 0..<10 { b.add(PracticePattern(practices: index < reportingInB ? reports : 0, targets: full)) }
        let classes = PracticeCheck.Classes(classOf: [0, 1, 2], countsFull: [true, true, true], countsPartial: [true, true, true])
        let row = PracticeCheck.Row(practice: 0, option: 0, target: 0)
        return PracticeCheck.allowed([row: 10 - reportingInB], layout: layout, minimum: 5, patterns: [a, b, PatternCounts()], classes: [0: classes])
    }

    @Test func oneReporterOutsideACommunityWhereAllReportIsSingledOut() throws {
        #expect(try Self.allowed(reportingInB: 1).isEmpty)
        #expect(try Self.allowed(reportingInB: 4).isEmpty)
    }

    @Test func enoughReportersOnEverySideAreFine() throws {
        #expect(try Self.allowed(reportingInB: 5).count == 1)
    }
}
