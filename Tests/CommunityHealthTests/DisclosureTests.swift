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

    // Minimum 3. In wave w: A has 5 respondents, B 4, C 2 (too few). Withholding C leaves All − A − B = 2,
    // which would reveal C: so B, the next-smallest, is withheld too.
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

    @Test func smallCommunityAndTheOneThatWouldRevealItAreWithheld() throws {
        let outcome = try runReport(responses: ["w.csv": Self.responses])
        let report = outcome.report
        for community in ["B", "C"] {
            #expect(report.score(wave: "w", community: .named(community), dimension: "d")?.figures == .withheld)
            #expect(report.participation.first { $0.community == .named(community) }?.respondents == .withheld)
            #expect(report.items.filter { $0.community == .named(community) }.allSatisfy { $0.figures == .withheld })
        }
        #expect(report.score(wave: "w", community: .named("A"), dimension: "d")?.figures.value?.dimension.respondents == 5)
        #expect(report.score(wave: "w", community: .all, dimension: "d")?.figures.value?.dimension.respondents == 11)

        let scores = try csvRows(outcome.file("scores.csv"))
        for row in scores where row["community"] == "B" || row["community"] == "C" {
            #expect(row["suppressed"] == "true")
            let numbers = CSVTables.scoresHeader.filter { !["wave", "community", "dimension", "suppressed"].contains($0) }
            #expect(numbers.allSatisfy { row[$0] == "" })
        }
        let scorecard = outcome.file("scorecard.txt")
        for line in scorecard.split(separator: "\n") where line.hasPrefix("  B ") || line.hasPrefix("  C ") {
            let hasDigit = line.contains { $0.isNumber }
            #expect(!hasDigit, "\(line)")
        }
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

    @Test func itemsFollowTheRuleOnAnswers() throws {
        // Q3 is answered by 5 in A and 3 in B: shown. R1 is answered by 5 in A and by 2 in B: B
        // is withheld, and then All − A = 2 would reveal it, so A is withheld too.
        let body = """
            community,wave,Q3,R1
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
        func shown(_ question: String, _ community: CommunityName) -> Bool {
            report.items.first { $0.question.id == question && $0.community == community }?.figures != .withheld
        }
        #expect(shown("Q3", .named("A")) && shown("Q3", .named("B")) && shown("Q3", .all))
        #expect(!shown("R1", .named("A")) && !shown("R1", .named("B")) && shown("R1", .all))
    }

    @Test func changeSkipsAWithheldWave() throws {
        let rows = (1...4).map { "A,w1,\($0 % 5 + 1)" } + (1...2).map { "A,w2,\($0)" } + (1...4).map { "A,w3,\($0 % 3 + 3)" }
        let report = try runReport(responses: ["x.csv": "community,wave,Q1\n" + rows.joined(separator: "\n")]).report
        #expect(report.score(wave: "w2", community: .named("A"), dimension: "d")?.figures == .withheld)
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
        #expect(ParticipationRow(wave: "w2", community: .named("A"), respondents: .withheld, members: 120).rate == nil)
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
