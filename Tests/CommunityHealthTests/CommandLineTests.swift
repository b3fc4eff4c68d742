import Foundation
import Testing

@testable import CommunityHealth

@Suite struct CommandLineTests {
    @Test func parsesReport() throws {
        var expected = ReportOptions()
        #expect(try CommandLineParser.parse(["report"]) == .report(expected))
        expected.surveyFolders = ["Surveys/a", "Surveys/b"]
        expected.outputFolder = "out"
        expected.formats = [.csv]
        expected.focusWave = "2026-H1"
        expected.since = "2025-H2"
        expected.ascii = true
        expected.timings = true
        #expect(
            try CommandLineParser.parse([
                "report", "Surveys/a", "--out", "out", "--ascii", "Surveys/b", "--format=csv", "--wave", "2026-H1", "--since", "2025-H2", "--timings",
            ]) == .report(expected))
    }

    @Test func parsesOtherCommands() throws {
        #expect(try CommandLineParser.parse([]) == .help(nil))
        #expect(try CommandLineParser.parse(["--help"]) == .help(nil))
        #expect(try CommandLineParser.parse(["help", "report"]) == .help("report"))
        #expect(try CommandLineParser.parse(["validate", "--help"]) == .help("validate"))
        #expect(try CommandLineParser.parse(["--version"]) == .version)
        #expect(try CommandLineParser.parse(["validate", "S"]) == .validate(surveyFolder: "S"))
        var generate = GenerateOptions(surveyFolder: "S")
        generate.respondents = 1000
        generate.waves = ["a", "b"]
        generate.seed = 7
        generate.outputFolder = "o"
        #expect(try CommandLineParser.parse(["generate", "S", "--respondents", "1000", "--waves", "a,b", "--seed", "7", "--out", "o"]) == .generate(generate))
    }

    struct BadUsage: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badUsage: [BadUsage] = [
        BadUsage(arguments: ["score"], message: "unknown command 'score' (the commands are report, validate, import, generate)"),
        BadUsage(arguments: ["--frobnicate"], message: "unknown option '--frobnicate'"),
        BadUsage(arguments: ["report", "--format", "pdf"], message: "unknown format 'pdf' (this version writes text, csv, json, html)"),
        BadUsage(arguments: ["report", "--out"], message: "--out needs a value"),
        BadUsage(arguments: ["report", "--colour", "red"], message: "unknown option '--colour'"),
        BadUsage(arguments: ["report", "Surveys/x", "--bogus"], message: "unknown option '--bogus'"),
        BadUsage(arguments: ["report", "--wave", "a", "--wave", "b"], message: "--wave is given more than once"),
        BadUsage(arguments: ["validate"], message: "validate needs a SURVEY_DIR"),
        BadUsage(arguments: ["validate", "a", "b"], message: "validate takes one SURVEY_DIR, not 2"),
        BadUsage(arguments: ["generate", "S", "--respondents", "many"], message: "--respondents needs a positive whole number, not 'many'"),
        BadUsage(
            arguments: ["generate", "S", "--respondents", "9223372036854775807"],
            message: "--respondents can be at most 100000000, not 9223372036854775807"),
        BadUsage(arguments: ["help", "nothing"], message: "unknown command 'nothing'"),
    ]

    @Test(arguments: badUsage) func badUsageIsExplained(_ example: BadUsage) {
        #expect(throws: UsageError.self) { try CommandLineParser.parse(example.arguments) }
        do {
            _ = try CommandLineParser.parse(example.arguments)
        } catch {
            #expect(error.message == example.message)
        }
    }

    func surveyScratch(responses: String = ScoringTests.responses) -> ScratchFolder {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "Surveys/small/survey.json")
        scratch.write(responses, to: "Surveys/small/responses/w.csv")
        return scratch
    }

    @Test func reportWritesEveryFileAndSummarises() {
        let scratch = surveyScratch()
        let execution = CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions()))
        #expect(execution.exitCode == 0)
        let names = [
            "scorecard.txt", "scorecard.html", "scores.csv", "items.csv", "trends.csv", "comparisons.csv", "practices.csv", "practice_shares.csv", "drivers.csv",
            "participation.csv", "adoption.csv", "report.json", "rejected.csv", "index.html", "communities/a.txt", "communities/a.html",
        ]
        for name in names {
            #expect(scratch.read("Reports/small/\(name)") != nil, "\(name) missing")
        }
        #expect(execution.output == scratch.read("Reports/small/scorecard.txt"))
        // report.json is streamed to disk: it must be the rendered document, byte for byte.
        let outcome = try? ReportJob(folder: SurveyFolder(path: scratch.path + "/Surveys/small", displayPath: "Surveys/small")).run()
        #expect(scratch.read("Reports/small/report.json") == outcome?.file("report.json"))
        #expect(execution.messages.contains(.note("small: read 9, used 9, rejected 0 → 16 files in Reports/small/")))
    }

    @Test func timingsNameEveryStage() {
        let scratch = surveyScratch()
        var options = ReportOptions()
        options.timings = true
        let execution = CommandRunner(workingDirectory: scratch.path).run(.report(options))
        let line = execution.messages.map(\.description).last ?? ""
        #expect(line.hasPrefix("small: read "))
        for stage in ["read", "analyse", "disclose", "render", "write"] {
            #expect(line.contains(" \(stage) ") && line.contains(" s"), "\(stage) missing from '\(line)'")
        }
    }

    @Test func reportOfABadDefinitionExitsOneAndWritesNothing() {
        let scratch = ScratchFolder()
        scratch.write("{ \"id\": \"x\" }", to: "Surveys/x/survey.json")
        let execution = CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions()))
        #expect(execution.exitCode == 1)
        #expect(execution.messages.map(\.description) == [
            "Surveys/x/survey.json:1:1: error: groupBy: is missing", "Surveys/x/survey.json:1:1: error: questions: is missing",
        ])
        #expect(scratch.read("Reports/x/scorecard.txt") == nil)
    }

    @Test func unknownWaveIsAnError() {
        let scratch = surveyScratch()
        var options = ReportOptions()
        options.focusWave = "w9"
        let execution = CommandRunner(workingDirectory: scratch.path).run(.report(options))
        #expect(execution.exitCode == 1)
        #expect(execution.messages.map(\.description) == ["--wave: error: no responses in wave 'w9' (the waves are w1, w2)"])
    }

    @Test func missingFolderIsAnError() {
        let scratch = ScratchFolder()
        var options = ReportOptions()
        options.surveyFolders = ["nowhere"]
        let execution = CommandRunner(workingDirectory: scratch.path).run(.report(options))
        #expect(execution.exitCode == 1)
        #expect(execution.messages.map(\.description) == ["nowhere/survey.json: error: no survey definition here (is nowhere a survey folder?)"])
        #expect(CommandRunner(workingDirectory: scratch.path).run(.report(ReportOptions())).exitCode == 1)
    }

    @Test func validateListsRejectionsAndExitsOne() {
        let scratch = surveyScratch(responses: "community,wave,Q1\nA,w,5\nA,w,7\n")
        let execution = CommandRunner(workingDirectory: scratch.path).run(.validate(surveyFolder: "Surveys/small"))
        #expect(execution.exitCode == 1)
        #expect(execution.messages.map(\.description).contains("Surveys/small/responses/w.csv:3:5: error: answer 7 to 'Q1' is outside the scale agree5 (1–5)"))
        #expect(execution.messages.last == .note("small: 1 response file; read 2, used 1, rejected 1"))
        #expect(scratch.read("Reports/small/scores.csv") == nil)
        #expect(CommandRunner(workingDirectory: scratch.path).run(.validate(surveyFolder: "Surveys/small")).exitCode == 1)
        let clean = surveyScratch()
        #expect(CommandRunner(workingDirectory: clean.path).run(.validate(surveyFolder: "Surveys/small")).exitCode == 0)
    }

    @Test func helpAndVersion() {
        let runner = CommandRunner()
        #expect(runner.run(.version).output == "cophealth \(HelpText.version)\n")
        #expect(runner.run(.help(nil)).output.contains("cophealth report [SURVEY_DIR ...]"))
        #expect(runner.run(.help("report")).output.contains("--wave W"))
        #expect(runner.run(.help("generate")).output.contains("--seed S"))
    }

    @Test func textOnlyWritesNoCSVTables() {
        let scratch = surveyScratch()
        var options = ReportOptions()
        options.formats = [.text]
        _ = CommandRunner(workingDirectory: scratch.path).run(.report(options))
        #expect(scratch.read("Reports/small/scorecard.txt") != nil)
        #expect(scratch.read("Reports/small/scores.csv") == nil)
        #expect(scratch.read("Reports/small/rejected.csv") != nil)
    }
}

@Suite struct BadInputExitTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var survey: String = smallSurveyJSON
        var responses: [UInt8]
        /// The response file's name.
        var file = "w.csv"
        var message: String
        var testDescription: String { name }
    }

    static let header = Array("community,wave,Q1\n".utf8)
    static let cases: [Case] = [
        Case(name: "bad JSON", survey: "{ \"id\": ", responses: header, message: "Surveys/s/survey.json:1:9: error: invalid JSON: unexpected end of file, expected a value"),
        Case(
            name: "unknown scale", survey: smallSurveyJSON.replacing("\"scale\": \"nps\"", with: "\"scale\": \"ten\""), responses: header,
            message: "Surveys/s/survey.json:18:49: error: questions[4].scale: unknown scale 'ten'"),
        Case(name: "empty file", responses: [], message: "Surveys/s/responses/w.csv: error: is empty: a response file needs at least a header row"),
        Case(
            name: "missing community column", responses: Array("wave,Q1\nw,1\n".utf8),
            message: "Surveys/s/responses/w.csv:1:1: error: no 'community' column (the survey's groupBy) in the header"),
        Case(
            name: "duplicate header", responses: Array("community,wave,Q1,Q1\n".utf8),
            message: "Surveys/s/responses/w.csv:1:19: error: column 'Q1' appears twice in the header (columns 3 and 4)"),
        Case(
            name: "not UTF-8", responses: header + [0x41, 0x2C, 0x77, 0x2C, 0xFF, 0x0A],
            message: "Surveys/s/responses/w.csv:2:5: error: is not UTF-8 text: save it as UTF-8 CSV (or use 'cophealth import', which reads other encodings)"),
    ]

    /// Runs `report` and `validate` on the case's folder: both exit 1 and write nothing.
    static func run(_ example: Case) -> [CommandRunner.Execution] {
        let scratch = ScratchFolder()
        scratch.write(example.survey, to: "Surveys/s/survey.json")
        scratch.writeBytes(example.responses, to: "Surveys/s/responses/\(example.file)")
        let executions = [Command.report(ReportOptions()), .validate(surveyFolder: "Surveys/s")].map {
            CommandRunner(workingDirectory: scratch.path).run($0)
        }
        #expect(executions.allSatisfy { $0.exitCode == 1 })
        #expect(scratch.read("Reports/small/scores.csv") == nil)
        return executions
    }

    @Test(arguments: cases) func badInputExitsOneWithItsMessage(_ example: Case) {
        for execution in Self.run(example) {
            #expect(execution.messages.map(\.description).contains(example.message), "\(execution.messages)")
        }
    }
}
