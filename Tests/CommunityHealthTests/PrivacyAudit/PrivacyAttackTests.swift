import Foundation
import Testing

@testable import CommunityHealth

/// The three attacks that broke the rules before the privacy stage (docs/privacy.md), each on its
/// own data (Fixtures/attacks): the outputs cophealth wrote then (`before/`, made by
/// make_before.sh) let the audit single out a small group or one person; today's outputs of the
/// same data do not.
@Suite struct PrivacyAttackTests {
    static func folder(_ name: String) -> URL { fixtures.appendingPathComponent("attacks/\(name)") }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    static func before(_ name: String) throws -> [String] {
        let folder = folder(name)
        let survey = try SurveyLoader.load(Array(read(folder.appendingPathComponent("survey.json")).utf8), file: "survey.json").survey
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("before").path)
        let files = try Dictionary(uniqueKeysWithValues: names.map { ($0, try read(folder.appendingPathComponent("before/\($0)"))) })
        let responses = try read(folder.appendingPathComponent("responses/w.csv"))
        return try LinearAudit(survey: survey, responses: responses, rules: .before).run(PublishedReport(files: files, survey: survey))
    }

    static func now(_ name: String) throws -> [String] {
        let folder = folder(name)
        return try PrivacyAuditTests.audit(survey: read(folder.appendingPathComponent("survey.json")), responses: read(folder.appendingPathComponent("responses/w.csv")))
    }

    /// A withheld community's score from another table: A's questions give A's score, and All
    /// minus A and B is C (4 respondents).
    @Test func aWithheldScoreFromAnotherTable() throws {
        let before = try Self.before("withheld-score")
        #expect(before.contains { $0.contains("determine a quantity about") && $0.contains("C") }, "\(before)")
        #expect(try Self.now("withheld-score") == [])
    }

    /// One respondent's answer in a community of five, from questions and scores withheld apart.
    @Test func oneRespondentsAnswer() throws {
        let before = try Self.before("one-answer")
        #expect(before.contains { $0.contains("determine a quantity about 1 respondent") }, "\(before)")
        #expect(try Self.now("one-answer") == [])
    }

    /// One respondent's score from the practices table's overall, d and e rows.
    @Test func oneRespondentsScoreFromThePracticesTable() throws {
        let before = try Self.before("practice-score")
        #expect(before.contains { $0.contains("determine a quantity about 1 respondent") }, "\(before)")
        #expect(try Self.now("practice-score") == [])
    }
}
