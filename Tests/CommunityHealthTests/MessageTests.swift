import Foundation
import Testing

@testable import CommunityHealth

/// Issue 13, point 6: each message an adversary's inputs gave, located, said once, and without
/// a raw system error.
@Suite struct MessageTests {
    func validate(_ scratch: ScratchFolder) -> CommandRunner.Execution {
        CommandRunner(workingDirectory: scratch.path).run(.validate(surveyFolder: "Surveys/small"))
    }

    @Test func aDefinitionThatCannotBeReadIsNotCalledMissing() throws {
        let scratch = smallSurveyScratch()
        let definition = scratch.path + "/Surveys/small/survey.json"
        try FileManager.default.removeItem(atPath: definition)
        try FileManager.default.createSymbolicLink(atPath: definition, withDestinationPath: "survey.json")
        let execution = validate(scratch)
        #expect(execution.exitCode == 1)
        #expect(printedErrors(execution) == ["Surveys/small/survey.json: error: is a symbolic link that leads round in a loop: point it at a real file"])
        try FileManager.default.removeItem(atPath: definition)
        try FileManager.default.createDirectory(atPath: definition, withIntermediateDirectories: false)
        #expect(printedErrors(validate(scratch)) == ["Surveys/small/survey.json: error: is a folder, not a file: put a file of this name here, or move it away"])
    }

    @Test func aCommunitiesFileThatCannotBeReadIsAnError() throws {
        let scratch = smallSurveyScratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/Surveys/small/communities.csv", withIntermediateDirectories: false)
        let execution = validate(scratch)
        #expect(execution.exitCode == 1)
        #expect(printedErrors(execution) == ["Surveys/small/communities.csv: error: is a folder, not a file: put a file of this name here, or move it away"])
        let report = CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions()))
        #expect(report.exitCode == 1)
        #expect(scratch.read("Reports/small/scores.csv") == nil)
    }

    @Test func invalidUTF8InTheDefinitionIsLocated() throws {
        var bytes = Array(smallSurveyJSON.utf8)
        let title = try #require(smallSurveyJSON.range(of: "\"title\": \""))
        let offset = smallSurveyJSON.utf8.distance(from: smallSurveyJSON.startIndex, to: title.upperBound)
        bytes.insert(0xE9, at: offset + 2)
        let line = smallSurveyJSON[..<title.upperBound].filter { $0 == "\n" }.count + 1
        let lineStart = smallSurveyJSON[..<title.upperBound].lastIndex(of: "\n").map { smallSurveyJSON.utf8.distance(from: smallSurveyJSON.startIndex, to: $0) + 1 } ?? 0
        #expect(throws: InputErrors.self) { try SurveyLoader.load(bytes, file: "survey.json") }
        do {
            _ = try SurveyLoader.load(bytes, file: "survey.json")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "survey.json:\(line):\(offset + 2 - lineStart + 1): error: is not UTF-8 here (byte 0xE9): save the file as UTF-8"
            ])
        }
        #expect(firstInvalidUTF8(in: Array("a\nbç\n".utf8)) == nil)
        #expect(firstInvalidUTF8(in: [0x61, 0x0A, 0x62, 0xC3, 0x28]).map { [$0.line, $0.column, Int($0.byte)] } == [2, 2, 0xC3])
    }

    @Test func anOutOfRangeScaleEndIsOneMessage() throws {
        let json = smallSurveyJSON.replacingOccurrences(of: "\"agree5\": { \"min\": 1,", with: "\"agree5\": { \"min\": -9223372036854775808,")
        #expect(json != smallSurveyJSON)
        do {
            _ = try SurveyLoader.load(Array(json.utf8), file: "survey.json")
            Issue.record("loaded")
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(messages == ["scales.agree5.min: -9.223372036854776e+18 is out of range: give a whole number between -999999999 and 999999999"])
        }
    }

    @Test func outThatIsAFileIsSaidInWords() throws {
        let scratch = smallSurveyScratch()
        scratch.write("a file\n", to: "afile")
        var options = GenerateOptions(surveyFolder: "Surveys/small")
        options.outputFolder = "afile"
        var execution = CommandRunner(workingDirectory: scratch.path).run(.generate(options))
        #expect(execution.exitCode == 1)
        #expect(printedErrors(execution) == ["afile: error: is a file, not a folder: give --out a folder for the responses"])
        options.outputFolder = "afile/sub"
        execution = CommandRunner(workingDirectory: scratch.path).run(.generate(options))
        #expect(printedErrors(execution) == ["afile/sub: error: cannot make the responses folder: a part of the path is a file, not a folder"])
        #expect(scratch.read("afile") == "a file\n")
    }

    @Test func aNameLongerThanAnyNameRefusesTheRun() throws {
        let scratch = smallSurveyScratch()
        let longest = String(repeating: "é", count: NameRefusal.longestName)
        var rows = "community,wave,Q1\n\(longest),w1,4\n"
        scratch.write(rows, to: "Surveys/small/responses/w.csv")
        #expect(validate(scratch).exitCode == 0)
        rows += "\(longest)x,w1,4\n\(longest)y,w1,4\n"
        scratch.write(rows, to: "Surveys/small/responses/w.csv")
        let execution = validate(scratch)
        #expect(execution.exitCode == 1)
        #expect(printedErrors(execution) == [
            "Surveys/small/responses/w.csv:3:1: error: community cell holds more than 200 characters (so do 1 more row of this file): the column 'community' looks like it holds free text, not community names; check \"groupBy\" in survey.json (or --community-column when importing)"
        ])
    }

    @Test func moreWavesThanAnySurveyHasIsAnError() throws {
        let scratch = smallSurveyScratch()
        var rows = "community,wave,Q1\n"
        for wave in 1...(SurveyFolder.mostWaves + 1) { rows += "A,w\(wave),4\n" }
        scratch.write(rows, to: "Surveys/small/responses/w.csv")
        let expected = [
            "Surveys/small/responses: error: the responses name 1001 waves, more than the 1000 a survey may have: check \"period\" in survey.json (a wave names a period, such as 2026-H1)"
        ]
        let execution = validate(scratch)
        #expect(execution.exitCode == 1)
        #expect(printedErrors(execution) == expected)
        let report = CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions()))
        #expect(report.exitCode == 1)
        #expect(printedErrors(report) == expected)
        #expect(scratch.read("Reports/small/scores.csv") == nil)
    }
}
