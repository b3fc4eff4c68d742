import Foundation
import Testing

@testable import CommunityHealth

/// Personal data cannot pass: names that hold it refuse the run, and whatever an output or a
/// message quotes from the input goes through `Redactor`.
@Suite struct PersonalDataTests {
    static let wrongColumn = "check \"groupBy\" in survey.json (or --community-column when importing)"
    static let refused: [BadInputExitTests.Case] = [
        BadInputExitTests.Case(
            name: "community e-mail addresses, one message for the column",
            responses: Array("community,wave,Q1\nA,w,4\nalice@example.com,w,4\nbob@example.com,w,5\nA,w,3\ncarol@example.org,w,3\n".utf8),
            message: "Surveys/s/responses/w.csv:3:1: error: community cell holds an e-mail address (so do 2 more rows of this file): the column 'community' looks like it holds e-mail addresses, not community names; \(wrongColumn)"),
        BadInputExitTests.Case(
            name: "community IP address",
            responses: Array("community,wave,Q1\nA,w,4\n10.0.0.7,w,4\n".utf8),
            message: "Surveys/s/responses/w.csv:3:1: error: community cell holds an IP address: the column 'community' looks like it holds IP addresses, not community names; \(wrongColumn)"),
        BadInputExitTests.Case(
            name: "community IPv6 address",
            responses: Array("community,wave,Q1\n2001:db8::7,w,4\n".utf8),
            message: "Surveys/s/responses/w.csv:2:1: error: community cell holds an IP address: the column 'community' looks like it holds IP addresses, not community names; \(wrongColumn)"),
        BadInputExitTests.Case(
            name: "community phone number",
            responses: Array("community,wave,Q1\n+44 20 7946 0958,w,4\n".utf8),
            message: "Surveys/s/responses/w.csv:2:1: error: community cell holds a phone number: the column 'community' looks like it holds phone numbers, not community names; \(wrongColumn)"),
        BadInputExitTests.Case(
            name: "community spelled e-mail, quoted",
            responses: Array("wave,Q1,community\nw,4,\"bob [at] example [dot] org\"\n".utf8),
            message: "Surveys/s/responses/w.csv:2:5: error: community cell holds an e-mail address: the column 'community' looks like it holds e-mail addresses, not community names; \(wrongColumn)"),
        BadInputExitTests.Case(
            name: "community with an escape sequence",
            responses: Array("community,wave,Q1\n\"Red\u{1B}[31m\",w,4\nRed\u{1B}]0;title\u{07},w,4\n".utf8),
            message: "Surveys/s/responses/w.csv:2:1: error: community cell holds a control character or terminal escape sequence (so do 1 more row of this file): remove it; such characters can disguise what a terminal or page shows"),
        BadInputExitTests.Case(
            name: "wave e-mail address",
            responses: Array("community,wave,Q1\nA,w,4\nA,dave@example.com,4\n".utf8),
            message: "Surveys/s/responses/w.csv:3:3: error: wave cell holds an e-mail address: the column 'wave' looks like it holds e-mail addresses, not waves; check \"period\" in survey.json"),
        BadInputExitTests.Case(
            name: "wave from a file name",
            survey: smallSurveyJSON.replacing("\"period\": { \"column\": \"wave\" },", with: ""),
            responses: Array("community,Q1\nA,4\n".utf8), file: "erin@example.com.csv",
            message: "Surveys/s/responses/erin@example.com.csv: error: this file's name gives its wave, and holds an e-mail address: rename the file (its name without .csv names the wave)"),
    ]

    /// One message per kind of problem and file, whatever the number of rows.
    @Test(arguments: refused) func namesThatHoldPersonalDataRefuseTheRun(_ example: BadInputExitTests.Case) {
        for execution in BadInputExitTests.run(example) {
            #expect(execution.messages.map(\.description).filter { $0.contains(": error: ") } == [example.message])
        }
    }

    @Test func aRefusedRunLeavesThePreviousReportAsItWas() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "Surveys/s/survey.json")
        scratch.write(ScoringTests.responses, to: "Surveys/s/responses/w.csv")
        #expect(CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions())).exitCode == 0)
        let before = try #require(scratch.read("Reports/small/scores.csv"))
        scratch.write(ScoringTests.responses + "\nr10,alice@example.com,w1,4,4,4,4,9,,,\n", to: "Surveys/s/responses/w.csv")
        #expect(CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions())).exitCode == 1)
        #expect(scratch.read("Reports/small/scores.csv") == before)
    }

    @Test func communitiesCSVRefusesPersonalDataToo() {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "Surveys/s/survey.json")
        scratch.write(ScoringTests.responses, to: "Surveys/s/responses/w.csv")
        scratch.write("community,members,wave\nA,10,\nalice@example.com,3,\nbob@example.com,4,w1\nB,5,192.168.0.1\n", to: "Surveys/s/communities.csv")
        let execution = CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions()))
        #expect(execution.exitCode == 1)
        let fix = "communities.csv must name communities and waves as the responses do"
        #expect(execution.messages.map(\.description) == [
            "Surveys/s/communities.csv:3:1: error: community cell holds an e-mail address (so do 1 more row of this file): the column 'community' looks like it holds e-mail addresses, not community names; \(fix)",
            "Surveys/s/communities.csv:5:5: error: wave cell holds an IP address: the column 'wave' looks like it holds IP addresses, not waves; \(fix)",
        ])
    }
}
