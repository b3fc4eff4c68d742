import Foundation
import Testing

@testable import CommunityHealth

@Suite struct DisclosureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var total: Int
        var counts: [Int]
        var withholdTotal: Bool
        var withheld: Set<Int>
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "everyone large enough", total: 20, counts: [10, 10], withholdTotal: false, withheld: []),
        Case(name: "small group withheld, remainder large", total: 30, counts: [10, 10, 2], withholdTotal: false, withheld: [2]),
        Case(name: "remainder too small withholds next-smallest", total: 11, counts: [5, 4, 2], withholdTotal: false, withheld: [1, 2]),
        Case(name: "people without a community count in the remainder", total: 22, counts: [10, 10], withholdTotal: false, withheld: [1]),
        Case(name: "remainder of exactly the minimum is fine", total: 23, counts: [10, 10], withholdTotal: false, withheld: []),
        Case(name: "cascades until the remainder is safe", total: 16, counts: [6, 5, 4, 1], withholdTotal: false, withheld: [2, 3]),
        Case(name: "ties: the later group goes first", total: 13, counts: [6, 6, 1], withholdTotal: false, withheld: [1, 2]),
        Case(name: "total under the minimum withholds all", total: 2, counts: [2], withholdTotal: true, withheld: [0]),
    ]

    @Test(arguments: cases) func smallGroupRule(_ example: Case) {
        let decision = groupsToWithhold(total: example.total, counts: example.counts, minimum: 3)
        #expect(decision.total == example.withholdTotal)
        #expect(decision.groups == example.withheld)
    }

    // Minimum 3. In wave w: A has 5 respondents, B 4, C 2 (too few). C is withheld, and All
    // minus A and B would be C: rather than withholding B too, C's two are left out of All.
    static let responses = """
        respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1,email
        id-a1,A,w,5,1,4,5,10,,Call me on 0123,a1@example.org
        id-a2,A,w,4,2,4,4,9,,,a2@example.org
        id-a3,A,w,4,2,5,4,9,,,a3@example.org
        id-a4,A,w,3,3,3,3,7,,,a4@example.org
        id-a5,A,w,5,1,5,5,10,,,a5@example.org
        id-b1,B,w,2,4,2,2,3,,,b1@example.org
        id-b2,B,w,1,5,1,1,2,,,b2@example.org
        id-b3,B,w,2,4,1,2,4,,,b3@example.org
        id-b4,B,w,3,3,2,2,5,,,b4@example.org
        id-c1,C,w,1,5,1,1,0,,Secret complaint,c1@example.org
        id-c2,C,w,1,5,2,1,1,,,c2@example.org
        """

    @Test func aSmallCommunityIsLeftOutOfAllRatherThanWithholdingAnother() throws {
        let outcome = try runReport(responses: ["w.csv": Self.responses])
        let report = outcome.report
        let c = CommunityName.named("C")
        #expect(report.score(wave: "w", community: c, dimension: "d")?.figures.isWithheld == true)
        #expect(report.participation.first { $0.community == c }?.respondents.isWithheld == true)
        #expect(report.items.filter { $0.community == c }.allSatisfy { $0.figures.isWithheld })
        #expect(report.score(wave: "w", community: .named("A"), dimension: "d")?.figures.value?.dimension.respondents == 5)
        #expect(report.score(wave: "w", community: .named("B"), dimension: "d")?.figures.value?.dimension.respondents == 4)
        // All counts A and B: C's answers are in no figure, so no difference can reveal them.
        #expect(report.score(wave: "w", community: .all, dimension: "d")?.figures.value?.dimension.respondents == 9)
        #expect(report.items.filter { $0.community == .all }.allSatisfy { $0.figures.value?.answers == 9 })
        // Head counts are not answers: participation keeps the remainder rule on rows.
        #expect(report.participation.first { $0.community == .named("B") }?.respondents.isWithheld == true)
        // Each says why: C is too small; B (4 rows, minimum 3) is hidden so that C cannot be worked out.
        #expect(report.participation.first { $0.community == c }?.respondents.withheldReason == .fewerThan(3))
        #expect(report.participation.first { $0.community == .named("B") }?.respondents.withheldReason == .protectsSmallerGroup)
        #expect(report.score(wave: "w", community: c, dimension: "d")?.figures.withheldReason == .fewerThan(3))
        #expect(WithheldReason.protectsSmallerGroup.text == "withheld so that a smaller group cannot be worked out")
        #expect(WithheldReason.fewerThan(5).text == "fewer than 5 responses")

        let scores = try csvRows(outcome.file("scores.csv"))
        for row in scores where row["community"] == "C" {
            #expect(row["suppressed"] == "true")
            let numbers = CSVTables.table("scores.csv").header.filter { !["wave", "community", "dimension", "suppressed"].contains($0) }
            #expect(numbers.allSatisfy { row[$0] == "" })
        }
        let scorecard = outcome.file("scorecard.txt")
        for line in scorecard.split(separator: "\n") where line.hasPrefix("  C ") {
            let hasDigit = line.contains { $0.isNumber }
            #expect(!hasDigit, "\(line)")
        }
    }

    /// Two of four in w1 skipped a question of the dimension (ScoringTests' data, at the small
    /// survey's minimum of 3): All's score and questions would differ by a quantity about those
    /// two, so they are left out; the two who answered everything are then too few to show.
    @Test func fewPartialAnswerersAreLeftOut() throws {
        let report = try runReport(responses: ["w.csv": ScoringTests.responses]).report
        #expect(report.score(wave: "w1", community: .all, dimension: "d")?.figures.isWithheld == true)
        #expect(report.items.filter { $0.wave == "w1" && $0.question.dimension == "d" }.allSatisfy { $0.figures.isWithheld })
        // Questions outside the dimension are not affected by partial answerers: R1 counts A's four
        // (r5, alone without a community, is left out of All).
        #expect(report.items.first { $0.wave == "w1" && $0.community == .all && $0.question.id == "R1" }?.figures.value?.answers == 4)
        // In w2 all four answered everything: shown whole.
        #expect(report.score(wave: "w2", community: .all, dimension: "d")?.figures.value?.dimension.respondents == 4)
    }

    @Test func noOutputHoldsAnIdAnEmailOrAComment() throws {
        let bad = "\nid-bad,A,w,9,,,,,,,bad@example.org\nid-bad2,A,w,wrong@example.org,,,,,,,\n"
        let outcome = try runReport(responses: ["w.csv": Self.responses + bad])
        #expect(outcome.report.rejections.map(\.reason) == [
            "answer 9 to 'Q1' is outside the scale agree5 (1–5)",
            "answer '[e-mail]' to 'Q1' is neither a number nor a label of the scale agree5",
        ])
        for file in outcome.files {
            for secret in ["id-a", "id-b", "id-c", "@example.org", "Secret complaint", "Call me"] {
                #expect(!file.contents.contains(secret), "\(file.name) contains \(secret)")
            }
        }
    }

    @Test func questionsOutsideDimensionsFollowTheRuleOnAnswers() throws {
        // O1 is answered by 5 in A and 3 in B: shown. R1 is answered by 5 in A and by 2 in B: B
        // is withheld, and All − A = 2 would reveal it, so B's two are left out of All's R1.
        let body = """
            community,wave,O1,R1
            A,w,1,1
            A,w,2,2
            A,w,3,3
            A,w,4,4
            A,w,5,5
            B,w,1,1
            B,w,2,2
            B,w,3,
            """
        let report = try runReport(responses: ["w.csv": body]).report
        func figures(_ question: String, _ community: CommunityName) -> ItemFigures? {
            report.items.first { $0.question.id == question && $0.community == community }?.figures.value
        }
        #expect(figures("O1", .named("A"))?.answers == 5 && figures("O1", .named("B"))?.answers == 3 && figures("O1", .all)?.answers == 8)
        #expect(figures("R1", .named("A"))?.answers == 5 && figures("R1", .named("B")) == nil && figures("R1", .all)?.answers == 5)
    }

    @Test func changeSkipsAWithheldWave() throws {
        let rows = (1...4).map { "A,w1,\($0 % 5 + 1),3,3" } + (1...2).map { "A,w2,\($0),3,3" } + (1...4).map { "A,w3,\($0 % 3 + 3),3,3" }
        let report = try runReport(responses: ["x.csv": "community,wave,Q1,Q2,Q3\n" + rows.joined(separator: "\n")]).report
        #expect(report.score(wave: "w2", community: .named("A"), dimension: "d")?.figures.isWithheld == true)
        #expect(report.score(wave: "w3", community: .named("A"), dimension: "d")?.figures.value?.change?.since == "w1")
    }
}

@Suite struct CommunityMembersTests {
    @Test func waveRowsOverrideDefaultsAndAllIsTheSum() throws {
        let members = try SurveyFolder.members(
            Array("community,members,wave\nA,100,\nA,120,w2\nB,50,\n Zoë ,30,\n".utf8), file: "communities.csv")
        #expect(members.count(of: "A", wave: "w1") == 100)
        #expect(members.count(of: "a", wave: "w2") == 120)
        #expect(members.count(of: "Zoë", wave: "w1") == 30)
        #expect(members.count(of: "C", wave: "w1") == nil)
        #expect(members.total(wave: "w1") == 180)
        #expect(members.total(wave: "w2") == 200)
        let row = ParticipationRow(wave: "w2", community: .named("A"), respondents: .shown(30), members: 120)
        #expect(row.rate == 25)
        #expect(ParticipationRow(wave: "w2", community: .named("A"), respondents: .withheld(.fewerThan(5)), members: 120).rate == nil)
    }

    @Test func badHeadCountsAreErrorsWithTheirPlace() {
        #expect(throws: InputErrors.self) { try SurveyFolder.members(Array("community,members\nA,many\n".utf8), file: "c.csv") }
        do {
            _ = try SurveyFolder.members(Array("community,members\nA,many\n".utf8), file: "c.csv")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["c.csv:2:3: error: 'many' is not a head count (a whole number)"])
        }
    }
}
