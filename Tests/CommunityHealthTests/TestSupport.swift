import Foundation
import Testing

@testable import CommunityHealth

/// The folder of this test target's fixtures (found from this file, so no bundle is needed).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func expectClose(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let expected else {
        #expect(actual == nil, "expected nothing, got \(String(describing: actual))", sourceLocation: sourceLocation)
        return
    }
    guard let actual else {
        Issue.record("expected \(expected), got nothing", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(actual - expected) <= tolerance * max(1, abs(expected)), "\(actual) is not \(expected)", sourceLocation: sourceLocation)
}

/// A scratch folder, removed when the value goes.
final class ScratchFolder {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cophealth-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ text: String, to name: String) {
        let file = (path as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
    }

    func writeBytes(_ bytes: [UInt8], to name: String) {
        let file = (path as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(name)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A small survey used by many tests: one five-point dimension with a reverse-keyed item, an
/// NPS question, a practices question and a comment.
let smallSurveyJSON = """
    {
      "id": "small",
      "title": "Small survey",
      "groupBy": "community",
      "period": { "column": "wave" },
      "minimumGroupSize": 3,
      "outcome": "O1",
      "scales": {
        "agree5": { "min": 1, "max": 5, "labels": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"] },
        "nps": { "min": 0, "max": 10, "kind": "nps" }
      },
      "dimensions": [ { "id": "d", "title": "Dimension" } ],
      "questions": [
        { "id": "Q1", "text": "One", "scale": "agree5", "dimension": "d" },
        { "id": "Q2", "text": "Two", "scale": "agree5", "dimension": "d", "reverse": true },
        { "id": "Q3", "text": "Three", "scale": "agree5", "dimension": "d" },
        { "id": "O1", "text": "Outcome", "scale": "agree5" },
        { "id": "R1", "text": "Recommend", "scale": "nps" },
        { "id": "P1", "text": "Practices", "type": "choices", "options": ["Mentoring", "Story sharing"], "practices": true },
        { "id": "C1", "text": "Comment", "type": "text" }
      ]
    }
    """

func smallSurvey() throws -> Survey {
    try SurveyLoader.load(Array(smallSurveyJSON.utf8), file: "survey.json").survey
}

/// Runs the whole report job on a folder made of `survey` and response files.
func runReport(survey: String = smallSurveyJSON, responses: [String: String], communities: String? = nil, focusWave: String? = nil) throws -> ReportJob.Outcome {
    let scratch = ScratchFolder()
    scratch.write(survey, to: "survey.json")
    for (name, text) in responses { scratch.write(text, to: "responses/\(name)") }
    if let communities { scratch.write(communities, to: "communities.csv") }
    let folder = try SurveyFolder(path: scratch.path, displayPath: "s")
    return try ReportJob(folder: folder, focusWave: focusWave).run()
}

extension ReportJob.Outcome {
    func file(_ name: String) -> String {
        if name == "report.json" { return includesJSON ? JSONReport.render(report) : "" }
        return files.first { $0.name == name }?.contents ?? ""
    }
}

/// Rows of a CSV text as dictionaries by header name.
func csvRows(_ text: String) throws -> [[String: String]] {
    let events = try CSVScanner.records(in: Array(text.utf8))
    let records = events.compactMap { event -> CSVRecord? in
        if case .record(let record) = event { record } else { nil }
    }
    guard let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header.fields, $0.fields)) }
}

/// A scratch folder holding `Surveys/small` with the scoring tests' responses as `w.csv`.
func smallSurveyScratch() -> ScratchFolder {
    let scratch = ScratchFolder()
    scratch.write(smallSurveyJSON, to: "Surveys/small/survey.json")
    scratch.write(ScoringTests.responses, to: "Surveys/small/responses/w.csv")
    return scratch
}

/// The errors a command printed, as printed.
func printedErrors(_ execution: CommandRunner.Execution) -> [String] {
    execution.messages.compactMap { if case .diagnostic(let d) = $0, d.severity == .error { d.description } else { nil } }
}
