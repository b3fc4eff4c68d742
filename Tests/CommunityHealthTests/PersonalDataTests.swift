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

    @Test func importRefusesACommunityColumnOfEmailAddresses() {
        let scratch = ImportTests.surveyFolder()
        let execution = ImportTests.importing(["google-forms.csv"], into: scratch) { $0.communityColumn = "Email Address" }
        #expect(execution.exitCode == 1)
        let path = ImportTests.folder.appendingPathComponent("exports/google-forms.csv").path
        #expect(execution.messages.map(\.description).filter { $0.contains(": error: ") } == [
            "\(path):2:19: error: community cell holds an e-mail address (so do 7 more rows of this file): the column 'Email Address' looks like it holds e-mail addresses, not community names; check --community-column (the export's column that names the community)"
        ])
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/survey/responses")) ?? []).isEmpty)
    }

    @Test func importQuotesCellsThroughTheRedactor() {
        let row = "5/13/2026 13:30:00,person5@example.org,Data Engineering,"
        let result = ImportTests.badImport(ImportTests.googleText(replacing: row + "Disagree", with: row + "mallory＠corp.example"))
        #expect(result.exitCode == 1 && result.untouched)
        #expect(result.errors.first?.hasPrefix("bad.csv:7:57: error: '[e-mail]' is not an answer on the scale of T1") == true, "\(result.errors)")
    }

    @Test func messagesForTheTerminalCarryNoEscapes() {
        let diagnostic = Diagnostic.error(at: Location(file: "responses/\u{1B}]0;x\u{07}w.csv", line: 2), "answer '\u{1B}[2J' to 'Q1'")
        #expect(diagnostic.description == "responses/\u{FFFD}w.csv:2: error: answer '\u{FFFD}' to 'Q1'")
        #expect(CommandRunner.Message.note("read \u{9B}31m").description == "read \u{FFFD}")
    }

    // MARK: - No output holds what was injected

    /// What the end-to-end survey hides in its cells: none of it may reach an output.
    static let injected = [
        "alice@example.com", "mallory＠corp.example", "bob at example dot com", "carol [at] example [dot] org", "dave(at)example(dot)net",
        "192.168.44.55", "2001:db8::beef", "+1 (555) 010-9999", "030/7654321", "heidi@example.com", "grace@example.com", "203.0.113.9",
        "frank@example.com", "555-123-4567", "ivan@example.com", "erin@example.com", "867-5309", "judy﹫example.net", "pwned",
    ]

    /// Pieces of the injected text that are never part of a report by chance.
    static let fragments = [
        "alice", "mallory", "corp.example", "example dot", "[at]", "(at)", "example.", "192.168", "db8", "010-9999", "7654321", "heidi", "grace",
        "113.9", "frank", "123-4567", "ivan", "erin", "867-5309", "judy", "pwned", "@example", "＠", "﹫",
    ]

    static let timestampSurvey = smallSurveyJSON.replacing(
        "\"period\": { \"column\": \"wave\" }", with: "\"period\": { \"column\": \"submitted\", \"every\": \"half\" }")

    static let leakyResponses = """
        respondent,community,submitted,Q1,Q2,Q3,O1,R1,P1,C1,email,ip,mallory＠corp.example,"call 555-123-4567"
        heidi@example.com,A,2026-03-01,4,2,4,4,9,Mentoring,"call me at 555-123-4567, frank@example.com",grace@example.com,203.0.113.9,x,y
        r2,A,2026-03-02,5,1,5,5,10,,,ivan@example.com,,,
        r3,A,2026-03-03,4,2,4,4,8,Story sharing,,,,,
        r4,A,2026-03-04,3,3,3,3,7,,,,,,
        r5,B,2026-03-05,2,4,2,2,5,,,,,,
        r6,B,2026-03-06,3,3,3,3,6,,,,,,
        r7,B,2026-03-07,2,4,3,2,4,,,,,,
        r8,B,2026-03-08,1,5,1,1,3,,,,,,
        r9,A,2026-03-09,alice@example.com,,,,,,,,,,
        r10,A,2026-03-10,mallory＠corp.example,,,,,,,,,,
        r11,A,2026-03-11,bob at example dot com,,,,,,,,,,
        r12,A,2026-03-12,carol [at] example [dot] org,,,,,,,,,,
        r13,A,2026-03-13,dave(at)example(dot)net,,,,,,,,,,
        r14,A,2026-03-14,192.168.44.55,,,,,,,,,,
        r15,A,2026-03-15,2001:db8::beef,,,,,,,,,,
        r16,A,2026-03-16,+1 (555) 010-9999,,,,,,,,,,
        r17,A,2026-03-17,030/7654321,,,,,,,,,,
        r18,A,2026-03-18,"\u{1B}[31mred\u{1B}[0m",,,,,,,,,,
        r19,A,2026-03-19,"\u{1B}]0;pwned\u{07}title",,,,,,,,,,
        r20,A,2026-03-20,"bell\u{07}and\u{7F}del\u{85}nel",,,,,,,,,,
        r21,A,2026-03-21,"rtl\u{202E}txet\u{2066}",,,,,,,,,,
        r22,A,2026-03-22,4,,,,,"Mentoring;judy﹫example.net",,,,,
        r23,A,erin@example.com,4,,,,,,,,,,
        r24,A,2026-13-01 867-5309,4,,,,,,,,,,
        r25,A,2026-03-25,I would rather not say but if you must: ivan@example.com,,,,,,,,,,
        """

    @Test func noOutputHoldsAnInjectedAddressNumberOrEscape() throws {
        let outcome = try runReport(survey: Self.timestampSurvey, responses: ["w.csv": Self.leakyResponses])
        #expect(outcome.report.counts == RowCounts(read: 25, used: 8))
        let names = outcome.files.map(\.name) + ["report.json"]
        // The 13 files, index.html, and a text and an HTML page for each of the two communities.
        #expect(names.count == 18)
        for name in names {
            let text = outcome.file(name)
            #expect(!text.isEmpty, "\(name) is empty")
            for secret in Self.injected + Self.fragments {
                #expect(!text.contains(secret), "\(name) holds '\(secret)'")
            }
            let unsafe = text.unicodeScalars.filter { ($0 != "\n" && ControlSequences.isControl($0)) }
            #expect(unsafe.isEmpty, "\(name) holds control characters \(unsafe.map { String($0.value, radix: 16) })")
        }
        // Warnings (standard error) quote the unknown columns through the redactor too.
        let warnings = outcome.warnings.map(\.description).joined(separator: "\n")
        #expect(warnings.contains("ignored columns not in the survey: 'email', 'ip', '[e-mail]', 'call [phone]'"), "\(warnings)")
        // rejected.csv quotes the data owner's own cells by design, redacted.
        #expect(outcome.report.rejections.map(\.reason) == [
            "answer '[e-mail]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[e-mail]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[e-mail]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[e-mail]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[e-mail]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[ip]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[ip]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[phone]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[phone]' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '\u{FFFD}red\u{FFFD}' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '\u{FFFD}title' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer 'bell\u{FFFD}and\u{FFFD}del\u{FFFD}nel' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer 'rtl\u{FFFD}txet\u{FFFD}' to 'Q1' is neither a number nor a label of the scale agree5",
            "answer '[e-mail]' to 'P1' is not one of its options",
            "'[e-mail]' in column 'submitted' is not a date such as 2026-03-15",
            "'2026-13-01 [phone]' in column 'submitted' is not a date such as 2026-03-15",
            "answer 'I would rather not say but if you must: …' to 'Q1' is neither a number nor a label of the scale agree5",
        ])
    }
}
