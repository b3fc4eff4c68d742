import Foundation
import Testing

@testable import CommunityHealth

@Suite struct GeneratorTests {
    static let bundled = repositoryRoot.appendingPathComponent("Surveys/cop-health").path

    @Test func splitMixIsTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func theCommittedSampleIsWhatTheGeneratorWrites() throws {
        let folder = try SurveyFolder(path: Self.bundled)
        var options = GenerateOptions(surveyFolder: Self.bundled)
        options.seed = 14
        let files = try SampleGenerator(folder: folder, options: options).files()
        #expect(files.map(\.wave) == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"])
        for file in files {
            let committed = try String(contentsOfFile: Self.bundled + "/responses/\(file.wave).csv", encoding: .utf8)
            #expect(file.contents == committed, "responses/\(file.wave).csv differs from the generator's output")
        }
    }

    @Test func respondentsAreSpreadToTheTotalAsked() throws {
        let folder = try SurveyFolder(path: Self.bundled)
        var options = GenerateOptions(surveyFolder: Self.bundled)
        options.respondents = 1000
        options.waves = ["a", "b"]
        let files = try SampleGenerator(folder: folder, options: options).files()
        #expect(files.map(\.wave) == ["a", "b"])
        #expect(files.map(\.rows).reduce(0, +) == 1000)
        let other = try SampleGenerator(folder: folder, options: options).files()
        #expect(other.map(\.contents) == files.map(\.contents))
        options.seed = 2
        #expect(try SampleGenerator(folder: folder, options: options).files().map(\.contents) != files.map(\.contents))
    }

    @Test func generatedDataReadsBackWithoutRejections() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey.json")
        let folder = try SurveyFolder(path: scratch.path)
        var options = GenerateOptions(surveyFolder: scratch.path)
        options.respondents = 300
        for file in try SampleGenerator(folder: folder, options: options).files() {
            scratch.write(file.contents, to: "responses/\(file.wave).csv")
        }
        let outcome = try ReportJob(folder: SurveyFolder(path: scratch.path)).run()
        #expect(outcome.report.counts == RowCounts(read: 300, used: 300))
        #expect(outcome.report.waves.count == 4)
    }
}
