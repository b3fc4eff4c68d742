import Foundation
import Testing

@testable import CommunityHealth

/// Issue 13, point 2: a report never says "fine" over input it could not read, and a run that
/// reads no rows leaves an earlier report set alone.
@Suite struct LostInputTests {
    func scratch() -> ScratchFolder { smallSurveyScratch() }

    func run(_ scratch: ScratchFolder, _ command: Command) -> CommandRunner.Execution {
        CommandRunner(workingDirectory: scratch.path).run(command)
    }

    func errors(_ execution: CommandRunner.Execution) -> [String] { printedErrors(execution) }

    @Test func aFolderNamedLikeACSVIsAnError() throws {
        let scratch = scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/Surveys/small/responses/d.csv", withIntermediateDirectories: true)
        for command in [Command.report(ReportOptions()), .validate(surveyFolder: "Surveys/small")] {
            let execution = run(scratch, command)
            #expect(execution.exitCode == 1)
            #expect(errors(execution) == [
                "Surveys/small/responses/d.csv: error: is a folder, not a file: move it away or rename it so that its name does not end in .csv"
            ])
        }
        #expect(scratch.read("Reports/small/scores.csv") == nil)
    }

    @Test func aFIFONamedLikeACSVDoesNotBlock() throws {
        let scratch = scratch()
        #expect(mkfifo(scratch.path + "/Surveys/small/responses/f.csv", 0o644) == 0)
        let execution = run(scratch, .validate(surveyFolder: "Surveys/small"))
        #expect(execution.exitCode == 1)
        #expect(errors(execution).first?.contains("f.csv: error: is a named pipe (FIFO), not a file") == true)
    }

    @Test func responsesThatCannotBeListedAreAnError() throws {
        let scratch = scratch()
        let responses = scratch.path + "/Surveys/small/responses"
        try FileManager.default.removeItem(atPath: responses)
        scratch.write("not a folder", to: "Surveys/small/responses")
        var execution = run(scratch, .report(ReportOptions()))
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == ["Surveys/small/responses: error: is a file, not a folder: response files go in a folder named responses"])
        try FileManager.default.removeItem(atPath: responses)
        try FileManager.default.createSymbolicLink(atPath: responses, withDestinationPath: "responses")
        execution = run(scratch, .report(ReportOptions()))
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == ["Surveys/small/responses: error: is a symbolic link that leads round in a loop: point it at a real file"])
    }

    @Test func noRowsKeepAnEarlierReportSet() throws {
        let scratch = scratch()
        #expect(run(scratch, .report(ReportOptions())).exitCode == 0)
        let scores = try #require(scratch.read("Reports/small/scores.csv"))
        try FileManager.default.removeItem(atPath: scratch.path + "/Surveys/small/responses/w.csv")
        let execution = run(scratch, .report(ReportOptions()))
        #expect(execution.exitCode == 0)
        #expect(execution.messages.map(\.description).contains("Reports/small: warning: no response rows were read, so the reports here from an earlier run are kept"))
        #expect(scratch.read("Reports/small/scores.csv") == scores)
        // A fresh folder still gets its (empty) first report.
        let fresh = ScratchFolder()
        fresh.write(smallSurveyJSON, to: "Surveys/small/survey.json")
        #expect(run(fresh, .report(ReportOptions())).exitCode == 0)
        #expect(fresh.read("Reports/small/report.json")?.contains("\"schemaVersion\"") == true)
    }

    @Test func aQuoteThatSwallowsTheRestOfTheFileIsAnError() throws {
        let scratch = scratch()
        let lines = ScoringTests.responses.split(separator: "\n").map(String.init)
        // Row r5 (line 6) ends with a quote that is never closed: the four rows after it are lost.
        var broken = lines
        broken[5] += ",\"oops"
        scratch.write(broken.joined(separator: "\n") + "\n", to: "Surveys/small/responses/w.csv")
        for command in [Command.report(ReportOptions()), .validate(surveyFolder: "Surveys/small")] {
            let execution = run(scratch, command)
            #expect(execution.exitCode == 1)
            let message = try #require(errors(execution).first)
            #expect(message.hasPrefix("Surveys/small/responses/w.csv:6:"))
            #expect(message.contains("never closed, so its field runs over the 4 lines after it to the end of the file"))
        }
        // Opened in the last line, it is one rejected row.
        var last = lines
        last[last.count - 1] += ",\"oops"
        scratch.write(last.joined(separator: "\n") + "\n", to: "Surveys/small/responses/w.csv")
        let execution = run(scratch, .report(ReportOptions()))
        #expect(execution.exitCode == 0)
        #expect(scratch.read("Reports/small/rejected.csv")?.contains("never closed") == true)
    }

    @Test func headCountsThatWouldOverflowAreRefused() throws {
        let scratch = scratch()
        scratch.write("community,members\nA,9223372036854775807\nB,9223372036854775807\n", to: "Surveys/small/communities.csv")
        let execution = run(scratch, .report(ReportOptions()))
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == [
            "Surveys/small/communities.csv:2:3: error: the head count is too large: at most 100000000 members per row (is this the right column?)",
            "Surveys/small/communities.csv:3:3: error: the head count is too large: at most 100000000 members per row (is this the right column?)",
        ])
    }

    @Test func manyHeadCountRowsAreLinear() {
        // 20,000 communities, each with a row per wave and one without: looked up by name, not scanned.
        var entries: [CommunityMembers.Entry] = []
        for index in 0..<20_000 {
            entries.append(CommunityMembers.Entry(community: "C\(index)", members: 10, wave: "w1"))
            entries.append(CommunityMembers.Entry(community: "C\(index)", members: 12))
        }
        let members = CommunityMembers(entries)
        #expect(members.total(wave: "w1") == 200_000)
        #expect(members.total(wave: "w2") == 240_000)
        #expect(members.count(of: "c19999", wave: "w2") == 12)
    }
}
