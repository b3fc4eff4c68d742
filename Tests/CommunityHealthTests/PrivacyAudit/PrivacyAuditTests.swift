import Foundation
import Testing

@testable import CommunityHealth

/// The linear audit of every output (docs/privacy.md): on seeded random small surveys, on the
/// attacks that broke the old rules, and on the bundled sample.
@Suite struct PrivacyAuditTests {
    /// Runs the report on a survey folder and audits every CSV table and report.json.
    static func audit(survey: String, responses: String) throws -> [String] {
        let outcome = try runReport(survey: survey, responses: ["responses.csv": responses])
        var files = Dictionary(uniqueKeysWithValues: outcome.files.map { ($0.name, $0.contents) })
        files["report.json"] = outcome.file("report.json")
        let definition = try SurveyLoader.load(Array(survey.utf8), file: "survey.json").survey
        let published = try PublishedReport(files: files, survey: definition)
        return try LinearAudit(survey: definition, responses: responses).run(published)
    }

    @Test func randomSmallSurveys() throws {
        var failures: [String] = []
        for seed in 1...200 {
            var maker = AuditSurveyMaker(seed: UInt64(seed))
            let (survey, responses) = maker.make()
            let problems = try Self.audit(survey: survey, responses: responses)
            if !problems.isEmpty { failures.append("seed \(seed): " + problems.prefix(3).joined(separator: "; ")) }
        }
        #expect(failures.isEmpty, "\(failures.count) of 200 surveys leak:\n\(failures.prefix(12).joined(separator: "\n"))")
    }
}

@Suite struct PrivacyAuditDebug {
    @Test func show() throws {
        guard let seed = ProcessInfo.processInfo.environment["AUDIT_SEED"].flatMap(UInt64.init) else { return }
        var maker = AuditSurveyMaker(seed: seed)
        let (survey, responses) = maker.make()
        print(survey)
        print(responses)
        let outcome = try runReport(survey: survey, responses: ["responses.csv": responses])
        print(outcome.file("scores.csv"))
        print(outcome.file("items.csv"))
        print(outcome.file("practices.csv"))
        print(try PrivacyAuditTests.audit(survey: survey, responses: responses))
    }
}

/// The audit on the bundled sample (1,764 respondents in four waves): too slow for a debug build,
/// so it runs when COPHEALTH_AUDIT_SAMPLE is set, in .ci/run's release pass.
@Suite struct BundledSampleAudit {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["COPHEALTH_AUDIT_SAMPLE"] != nil))
    func bundledSamplePasses() throws {
        let folder = repositoryRoot.appendingPathComponent("Surveys/cop-health")
        let survey = try String(contentsOf: folder.appendingPathComponent("survey.json"), encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("responses").path).sorted()
        // One file of every wave's rows (quoted cells may hold line breaks: only headers are dropped).
        var responses = ""
        for (index, name) in files.enumerated() {
            let text = try String(contentsOf: folder.appendingPathComponent("responses/\(name)"), encoding: .utf8)
            responses += index == 0 ? text : String(text[text.index(after: text.firstIndex(of: "\n")!)...])
        }
        let started = Date()
        let problems = try PrivacyAuditTests.audit(survey: survey, responses: responses)
        print("bundled sample audited in \(Int(Date().timeIntervalSince(started))) s")
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }
}

