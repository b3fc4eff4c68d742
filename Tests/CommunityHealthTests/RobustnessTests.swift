import Foundation
import Testing

@testable import CommunityHealth

/// Mangled input of every kind must give messages and rejections, never a crash.
@Suite struct RobustnessTests {
    static let alphabet = Array("ab,\"\n\r;Q1wA5 -".utf8) + [0xC3, 0xA9, 0xFF, 0x00]

    static func randomBytes(_ random: inout SplitMix64, count: Int) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int(random.uniform() * Double(alphabet.count))] }
    }

    @Test func randomBytesThroughTheCSVScanner() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<500 {
            _ = try? CSVScanner.records(in: Self.randomBytes(&random, count: Int(random.uniform() * 200)))
        }
    }

    @Test func randomResponseFilesAreRejectedOrUsed() throws {
        var random = SplitMix64(seed: 12)
        let header = Array("respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1\n".utf8)
        for _ in 0..<100 {
            let scratch = ScratchFolder()
            scratch.write(smallSurveyJSON, to: "survey.json")
            scratch.writeBytes(header + Self.randomBytes(&random, count: Int(random.uniform() * 400)), to: "responses/w.csv")
            guard let folder = try? SurveyFolder(path: scratch.path) else { continue }
            if let outcome = try? ReportJob(folder: folder).run() {
                #expect(outcome.report.counts.read == outcome.report.counts.used + outcome.report.rejections.count)
            }
        }
    }

    @Test func mangledDefinitionsGiveMessages() {
        var random = SplitMix64(seed: 13)
        let valid = Array(smallSurveyJSON.utf8)
        for _ in 0..<300 {
            var bytes = valid
            for _ in 0..<(1 + Int(random.uniform() * 4)) where !bytes.isEmpty {
                let position = Int(random.uniform() * Double(bytes.count))
                switch Int(random.uniform() * 3) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(Self.alphabet[Int(random.uniform() * Double(Self.alphabet.count))], at: position)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            do {
                _ = try SurveyLoader.load(bytes, file: "survey.json")
            } catch {
                #expect(!error.diagnostics.isEmpty)
            }
        }
    }

    @Test func scalesWithoutACommonGridAreRefused() {
        let json = """
            { "id": "x", "groupBy": "c",
              "scales": { "a": { "min": 0, "max": 997 }, "b": { "min": 0, "max": 991 } },
              "dimensions": [ { "id": "d" } ],
              "questions": [ { "id": "A", "text": "a", "scale": "a", "dimension": "d" },
                             { "id": "B", "text": "b", "scale": "b", "dimension": "d" } ] }
            """
        #expect(throws: InputErrors.self) { try SurveyLoader.load(Array(json.utf8), file: "s") }
    }

    @Test func extremeButValidAnswersStayExact() throws {
        let json = """
            { "id": "x", "groupBy": "c", "minimumGroupSize": 1,
              "scales": { "wide": { "min": -1000, "max": 0 } },
              "dimensions": [ { "id": "d" } ],
              "questions": [ { "id": "A", "text": "a", "scale": "wide", "dimension": "d" } ] }
            """
        let outcome = try runReport(survey: json, responses: ["w.csv": "c,A\nX,-1000\nX,0\nX,\n"])
        let d = try #require(outcome.report.score(wave: "w", community: .all, dimension: "d")?.figures.value?.dimension)
        expectClose(d.mean, -500)
        expectClose(d.score, 50)
    }
}
