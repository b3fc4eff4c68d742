import Foundation
import Testing

@testable import CommunityHealth

/// Every platform export in Fixtures/imports/exports (made by make_exports.py from one table of
/// eight respondents) must import to the same canonical responses, and so to the same scores.
@Suite struct ImportTests {
    static let folder = fixtures.appendingPathComponent("imports")

    struct Variant: Sendable, CustomTestStringConvertible {
        var file: String
        var platform: Platform
        var communityColumn = "Which community are you part of?"
        var testDescription: String { file }
    }

    static let variants: [Variant] = [
        Variant(file: "google-forms.csv", platform: .googleForms),
        Variant(file: "google-forms-dmy-windows1252.csv", platform: .googleForms),
        Variant(file: "microsoft-forms-bom-crlf.csv", platform: .microsoftForms),
        Variant(file: "microsoft-forms-unicode-text.txt", platform: .microsoftForms),
        Variant(file: "qualtrics-choice-text.csv", platform: .qualtrics),
        Variant(file: "qualtrics-numeric.csv", platform: .qualtrics),
        Variant(file: "qualtrics-legacy.csv", platform: .qualtrics),
        Variant(file: "surveymonkey.csv", platform: .surveyMonkey),
        Variant(file: "limesurvey-codes.csv", platform: .limeSurvey, communityColumn: "G01Q05"),
        Variant(file: "limesurvey-full-text.csv", platform: .limeSurvey),
    ]

    /// A fresh survey folder holding the fixture survey, and nothing under responses/.
    static func surveyFolder() -> ScratchFolder {
        let scratch = ScratchFolder()
        if let json = try? String(contentsOf: folder.appendingPathComponent("survey/survey.json"), encoding: .utf8) {
            scratch.write(json, to: "survey/survey.json")
        }
        return scratch
    }

    static func importing(_ files: [String], into scratch: ScratchFolder, configure: (inout ImportOptions) -> Void = { _ in }) -> CommandRunner.Execution {
        var options = ImportOptions(files: files.map { folder.appendingPathComponent("exports/\($0)").path }, surveyFolder: "survey")
        configure(&options)
        return CommandRunner(workingDirectory: scratch.path).run(.importExports(options))
    }

    static func expected(_ wave: String) -> String? {
        try? String(contentsOf: folder.appendingPathComponent("expected/\(wave).csv"), encoding: .utf8)
    }

    @Test(arguments: variants) func importsToTheCanonicalResponses(_ variant: Variant) throws {
        let scratch = Self.surveyFolder()
        let execution = Self.importing([variant.file], into: scratch) { $0.communityColumn = variant.communityColumn }
        #expect(execution.exitCode == 0, "\(execution.messages)")
        #expect(execution.messages.contains { $0.description.contains(": \(variant.platform.title)") }, "detected as \(variant.platform.title)")
        for wave in ["2026-H1", "2026-H2"] {
            #expect(scratch.read("survey/responses/\(wave).csv") == Self.expected(wave), "\(wave) differs")
        }
        // Forcing the platform gives the same.
        let forced = Self.surveyFolder()
        #expect(Self.importing([variant.file], into: forced) { $0.communityColumn = variant.communityColumn; $0.platform = variant.platform }.exitCode == 0)
        #expect(forced.read("survey/responses/2026-H1.csv") == Self.expected("2026-H1"))
    }

    @Test func everyVariantScoresTheSame() throws {
        var scores: Set<String> = []
        for variant in Self.variants {
            let scratch = Self.surveyFolder()
            _ = Self.importing([variant.file], into: scratch) { $0.communityColumn = variant.communityColumn }
            let outcome = try ReportJob(folder: SurveyFolder(path: scratch.path + "/survey")).run()
            #expect(outcome.report.counts == RowCounts(read: 8, used: 8))
            scores.insert(outcome.file("scores.csv") + outcome.file("items.csv") + outcome.file("practices.csv"))
        }
        #expect(scores.count == 1)
    }

    @Test func leavesOutPreviewsAndIncompleteUnlessAsked() throws {
        let scratch = Self.surveyFolder()
        let execution = Self.importing(["qualtrics-choice-text.csv"], into: scratch) {
            $0.communityColumn = "Which community are you part of?"
            $0.keepIncomplete = true
            $0.keepPreviews = true
        }
        #expect(execution.exitCode == 0)
        #expect(execution.messages.last == .note("read 10, imported 10"))
        let defaults = Self.importing(["limesurvey-full-text.csv"], into: Self.surveyFolder()) { $0.communityColumn = "Which community are you part of?" }
        #expect(defaults.messages.last == .note("read 9, imported 8, left out 1 incomplete (--keep-incomplete keeps them)"))
    }

    @Test func noPersonalDataIsWritten() throws {
        for variant in Self.variants {
            let scratch = Self.surveyFolder()
            _ = Self.importing([variant.file], into: scratch) { $0.communityColumn = variant.communityColumn }
            let report = try ReportJob(folder: SurveyFolder(path: scratch.path + "/survey")).run()
            let written = (["2026-H1", "2026-H2"].compactMap { scratch.read("survey/responses/\($0).csv") }) + report.files.map(\.contents)
            for text in written {
                for secret in ["example.org", "192.0.2.", "Person ", "R_0000", "10858623"] {
                    #expect(!text.contains(secret), "\(variant.file): output holds \(secret)")
                }
            }
        }
    }

    @Test func severalFilesGoIntoOneImport() throws {
        let scratch = Self.surveyFolder()
        let execution = Self.importing(["google-forms.csv", "surveymonkey.csv"], into: scratch) { $0.communityColumn = "Which community are you part of?" }
        #expect(execution.exitCode == 0)
        #expect(execution.messages.contains(.note("read 16, imported 16")))
        #expect(try csvRows(scratch.read("survey/responses/2026-H1.csv") ?? "").count == 12)
    }

    @Test func existingFilesAreKeptUnlessReplaced() {
        let scratch = Self.surveyFolder()
        scratch.write("community,submitted,T1\nOld,2026-01-01,1\n", to: "survey/responses/2026-H1.csv")
        let refused = Self.importing(["google-forms.csv"], into: scratch) { $0.communityColumn = "Which community are you part of?" }
        #expect(refused.exitCode == 1)
        #expect(refused.messages.contains(.diagnostic(.error(at: Location(file: "survey/responses/2026-H1.csv"), "already exists: give --replace to overwrite it"))))
        #expect(scratch.read("survey/responses/2026-H1.csv") == "community,submitted,T1\nOld,2026-01-01,1\n")
        #expect(scratch.read("survey/responses/2026-H2.csv") == nil)
        let replaced = Self.importing(["google-forms.csv"], into: scratch) { $0.communityColumn = "Which community are you part of?"; $0.replace = true }
        #expect(replaced.exitCode == 0)
        #expect(scratch.read("survey/responses/2026-H1.csv") == Self.expected("2026-H1"))
    }

    @Test func dryRunWritesNothing() {
        let scratch = Self.surveyFolder()
        let execution = Self.importing(["surveymonkey.csv"], into: scratch) { $0.communityColumn = "Which community are you part of?"; $0.dryRun = true }
        #expect(execution.exitCode == 0)
        #expect(execution.messages.contains(.note("would write survey/responses/2026-H1.csv (6 respondents)")))
        #expect(scratch.read("survey/responses/2026-H1.csv") == nil)
        // Not even a temporary file is left behind.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/survey/responses")) ?? []).isEmpty)
    }

    // MARK: - Bad input: a message naming file, line and column, and responses/ untouched.

    static func badImport(_ text: String, platform: Platform? = nil) -> (exitCode: Int32, errors: [String], untouched: Bool) {
        let scratch = surveyFolder()
        let existing = "community,submitted,T1\nKeep,2026-01-01,3\n"
        scratch.write(existing, to: "survey/responses/old.csv")
        scratch.write(text, to: "bad.csv")
        var options = ImportOptions(files: ["bad.csv"], surveyFolder: "survey")
        options.communityColumn = "Which community are you part of?"
        options.platform = platform
        let execution = CommandRunner(workingDirectory: scratch.path).run(.importExports(options))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/survey/responses")) ?? []
        let errors = execution.messages.compactMap { message -> String? in
            if case .diagnostic(let d) = message, d.severity == .error { d.description } else { nil }
        }
        return (execution.exitCode, errors, files == ["old.csv"] && scratch.read("survey/responses/old.csv") == existing)
    }

    static func googleText(replacing target: String, with replacement: String) -> String {
        let text = (try? String(contentsOf: folder.appendingPathComponent("exports/google-forms.csv"), encoding: .utf8)) ?? ""
        return text.replacing(target, with: replacement)
    }

    @Test func unknownLabel() {
        let result = Self.badImport(Self.googleText(replacing: "5/13/2026 13:30:00,person5@example.org,Data Engineering,Disagree", with: "5/13/2026 13:30:00,person5@example.org,Data Engineering,Kinda"))
        #expect(result.exitCode == 1 && result.untouched)
        #expect(result.errors.first?.hasPrefix("bad.csv:7:57: error: 'Kinda' is not an answer on the scale of T1 \"I can raise problems and hard questions in this community.\"") == true, "\(result.errors)")
    }

    @Test func unmappedRequiredColumn() {
        let result = Self.badImport(Self.googleText(replacing: "[I use what I learn here in my work.]", with: "[Something else entirely]"))
        #expect(result.exitCode == 1 && result.untouched)
        #expect(result.errors == ["bad.csv:1:1: error: no column holds question L1 \"I use what I learn here in my work.\""])
    }

    @Test func raggedRow() {
        let result = Self.badImport(Self.googleText(replacing: ",Story sharing,\"Keep", with: ",Story sharing,extra,\"Keep"))
        #expect(result.exitCode == 1 && result.untouched)
        #expect(result.errors == ["bad.csv:4:98: error: has 11 fields, but the header has 10"], "\(result.errors)")
    }

    @Test func truncatedFile() {
        let text = Self.googleText(replacing: "", with: "")
        let cut = String(text[..<(text.range(of: "\"Keep the")?.upperBound ?? text.endIndex)])
        let result = Self.badImport(cut)
        #expect(result.exitCode == 1 && result.untouched)
        #expect(result.errors == ["bad.csv:4:92: error: a quote opened here is never closed: is the file cut short?"], "\(result.errors)")
    }

    @Test func anotherPlatformGivenWithFrom() {
        let result = Self.badImport(Self.googleText(replacing: "", with: ""), platform: .qualtrics)
        #expect(result.exitCode == 1 && result.untouched)
        #expect(result.errors == [
            "bad.csv:1:1: error: is not a Qualtrics export (it looks like Google Forms): expected a third header row of {\"ImportId\": …} cells (or a first row starting V1,V2)"
        ])
    }

    @Test func waveIsNeededWhenTheSurveyDoesNotDateIt() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey/survey.json")
        scratch.write("Timestamp,community,Q1,Q2,Q3,O1,R1,P1\n3/5/2026 10:00:00,A,Agree,,,,,\n", to: "g.csv")
        var options = ImportOptions(files: ["g.csv"], surveyFolder: "survey")
        let refused = CommandRunner(workingDirectory: scratch.path).run(.importExports(options))
        #expect(refused.exitCode == 1)
        #expect(refused.messages.first?.description == "--wave: error: name the wave these responses belong to with --wave (the survey's waves come from the column 'wave')")
        options.wave = "2026-H1"
        #expect(CommandRunner(workingDirectory: scratch.path).run(.importExports(options)).exitCode == 0)
        #expect(scratch.read("survey/responses/2026-H1.csv") == "community,wave,Q1,Q2,Q3,O1,R1,P1,C1\nA,2026-H1,4,,,,,,\n")
    }

    // MARK: - The pieces

    @Test func answersAsPlatformsWriteThem() throws {
        let survey = try smallSurvey()
        let agree = try #require(survey.questions[0].scale)
        let nps = try #require(survey.questions[4].scale)
        #expect(try AnswerReader.scale(" strongly AGREE ", scale: agree) == 5)
        #expect(try AnswerReader.scale("Undecided", scale: agree) == 3)
        #expect(try AnswerReader.scale("Somewhat agree", scale: agree) == 4)
        #expect(try AnswerReader.scale("Slightly disagree", scale: agree) == 2)
        #expect(try AnswerReader.scale("N/A", scale: agree) == nil)
        #expect(try AnswerReader.scale("Don't know", scale: agree) == nil)
        #expect(try AnswerReader.scale("10 - Extremely likely", scale: nps) == 10)
        #expect(try AnswerReader.scale("0 (Not at all likely)", scale: nps) == 0)
        #expect(throws: AnswerReader.Failure.notOnScale("11")) { try AnswerReader.scale("11", scale: nps) }
        #expect(throws: AnswerReader.Failure.notOnScale("Kinda")) { try AnswerReader.scale("Kinda", scale: agree) }
        var withSynonym = agree
        withSynonym.synonyms = ["Kinda": 4]
        #expect(try AnswerReader.scale("kinda", scale: withSynonym) == 4)
    }

    @Test func multiSelectCells() throws {
        let question = Question(id: "P", text: "P", kind: .choices(options: ["Lunch, learn and share", "Lunch", "Mentoring"]), codes: .init(options: ["A1", "A2", "A3"]))
        #expect(try AnswerReader.choices("Lunch, learn and share, Mentoring", question: question) == [0, 2])
        #expect(try AnswerReader.choices("Lunch, Mentoring", question: question) == [1, 2])
        #expect(try AnswerReader.choices("Mentoring;Lunch;", question: question) == [2, 1])
        #expect(try AnswerReader.choices("A1;A3", question: question) == [0, 2])
        #expect(try AnswerReader.choices("", question: question) == [])
        #expect(throws: AnswerReader.Failure.notAnOption("Cooking")) { try AnswerReader.choices("Mentoring, Cooking", question: question) }
        #expect(AnswerReader.ticked("Y") && AnswerReader.ticked("Mentoring") && !AnswerReader.ticked("No") && !AnswerReader.ticked(" "))
    }

    @Test func datesAndTheirOrder() {
        #expect(ExportDate("2026-03-05 10:15:00", order: .monthFirst)?.description == "2026-03-05")
        #expect(ExportDate("3/14/2026 9:00:00", order: .monthFirst)?.description == "2026-03-14")
        #expect(ExportDate("14/3/2026 09:00", order: .dayFirst)?.description == "2026-03-14")
        #expect(ExportDate("03/05/2026 06:03:59 PM", order: .monthFirst)?.description == "2026-03-05")
        #expect(ExportDate("7/2/20 11:00:22", order: .monthFirst)?.description == "2020-07-02")
        #expect(ExportDate("05.03.2026", order: .monthFirst)?.description == "2026-03-05")
        #expect(ExportDate("2026-09-10T09:00:00Z", order: .dayFirst)?.description == "2026-09-10")
        #expect(ExportDate("yesterday", order: .monthFirst) == nil)
        #expect(ExportDate.order(of: ["3/5/2026", "3/14/2026"]).order == .monthFirst)
        #expect(ExportDate.order(of: ["5/3/2026", "14/3/2026"]).order == .dayFirst)
        let undecided = ExportDate.order(of: ["3/5/2026", "4/6/2026"])
        #expect(undecided.order == nil && undecided.ambiguous && !undecided.conflict)
        #expect(ExportDate.order(of: ["13/5/2026", "5/13/2026"]).conflict)
        #expect(ExportDate.order(of: ["2026-03-05"]).ambiguous == false)
    }

    @Test func bytesAndDelimiters() {
        #expect(decodeExport([0x41, 0xEB, 0x96]).utf8 == Array("Aë–".utf8))
        #expect(decodeExport([0x41, 0xEB, 0x96]).encoding == .windows1252)
        #expect(decodeExport([0xFF, 0xFE, 0x41, 0x00, 0xEB, 0x00]).utf8 == Array("Aë".utf8))
        #expect(decodeExport([0xFE, 0xFF, 0x00, 0x41]).encoding == .utf16BigEndian)
        #expect(decodeExport(utf8ByteOrderMark + [0x41]).utf8 == [0x41])
        #expect(sniffDelimiter(Array("a;b;c\n1,2;3".utf8)) == UInt8(ascii: ";"))
        #expect(sniffDelimiter(Array("\"a;b\",c\n".utf8)) == UInt8(ascii: ","))
        #expect(sniffDelimiter(Array("a\tb\tc".utf8)) == UInt8(ascii: "\t"))
        #expect(sniffDelimiter(Array("single".utf8)) == UInt8(ascii: ","))
    }

    @Test func aPlainTableWithAWaveColumnTakesTheWaveGiven() throws {
        // The survey's period is a plain column: it is no date, and --wave names the wave.
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey/survey.json")
        scratch.write("community,wave,Q1,Q2,Q3,O1,R1,P1\nA,2023-H1,4,,,,,\n", to: "plain.csv")
        var options = ImportOptions(files: ["plain.csv"], surveyFolder: "survey")
        options.wave = "w9"
        let execution = CommandRunner(workingDirectory: scratch.path).run(.importExports(options))
        #expect(execution.exitCode == 0, "\(execution.messages)")
        #expect(scratch.read("survey/responses/w9.csv") == "community,wave,Q1,Q2,Q3,O1,R1,P1,C1\nA,w9,4,,,,,,\n")
    }

    @Test func textSplitAcrossBlocksDecodesAsWhole() {
        let text = "Zoë 😀 says: ça va, \"ok\"\nnext line 🤷🏻‍♀️ end"
        for (encoding, mark) in [(SourceEncoding.utf16LittleEndian, [UInt8]([0xFF, 0xFE])), (.utf16BigEndian, [0xFE, 0xFF])] {
            var bytes: [UInt8] = []
            for unit in text.utf16 {
                bytes += encoding == .utf16BigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
            let whole = decodeExport(mark + bytes).utf8
            for size in 1...7 {
                var decoder = TextDecoder(encoding)
                var decoded: [UInt8] = []
                for start in stride(from: 0, to: bytes.count, by: size) {
                    let end = min(start + size, bytes.count)
                    decoded += decoder.decode(Array(bytes[start..<end]), isLast: end == bytes.count)
                }
                #expect(decoded == whole, "\(encoding), blocks of \(size)")
            }
        }
        var windows = TextDecoder(.windows1252)
        #expect(windows.decode([0x5A, 0x6F, 0xEB, 0xC3, 0xA9], isLast: true) == Array("ZoëÃ©".utf8))
    }

    @Test func parsesTheImportCommand() throws {
        var expected = ImportOptions(files: ["a.csv", "b.csv"], surveyFolder: "S")
        expected.platform = .qualtrics
        expected.wave = "w"
        expected.communityColumn = "Team"
        expected.dateOrder = .dayFirst
        expected.delimiter = UInt8(ascii: ";")
        expected.dryRun = true
        expected.replace = true
        expected.keepIncomplete = true
        let command = try CommandLineParser.parse([
            "import", "a.csv", "--survey", "S", "b.csv", "--from", "qualtrics", "--wave", "w", "--community-column", "Team",
            "--date-format", "DD/MM/YYYY", "--delimiter", ";", "--dry-run", "--replace", "--keep-incomplete",
        ])
        #expect(command == .importExports(expected))
        #expect(throws: UsageError.self) { try CommandLineParser.parse(["import", "a.csv"]) }
        #expect(throws: UsageError.self) { try CommandLineParser.parse(["import", "a.csv", "--survey", "S", "--from", "typeform"]) }
    }
}
