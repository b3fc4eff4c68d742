import Foundation
import Testing

@testable import CommunityHealth

/// Each question's score and its change since the previous shown wave (Welch's p, BH q per wave)
/// on the bundled sample, against R (Fixtures/item-changes/make_reference.R): every shown row.
@Suite struct ItemChangeReferenceTests {
    @Test func questionChangesMatchR() throws {
        let report = try #require(SeeWhatWorksTests.bundled?.report)
        let text = try String(contentsOf: fixtures.appendingPathComponent("item-changes/expected-item-changes.csv"), encoding: .utf8)
        let expected = try csvRows(text)
        var shown: [String: ItemFigures] = [:]
        for row in report.items {
            if let figures = row.figures.value { shown["\(row.wave)|\(row.community)|\(row.question.id)"] = figures }
        }
        #expect(expected.count == shown.count)
        #expect(expected.count == 527)
        func close(_ ours: Double?, _ theirs: String?, _ what: String, _ key: String) {
            let reference = theirs.flatMap { $0.isEmpty ? nil : Double($0) }
            guard let ours, let reference else {
                #expect(ours == nil && reference == nil, "\(key) \(what): ours \(String(describing: ours)), R \(theirs ?? "")")
                return
            }
            #expect(abs(ours - reference) <= 1e-9 * max(1, abs(reference)), "\(key) \(what): ours \(ours), R \(reference)")
        }
        var changes = 0
        for row in expected {
            let key = "\(row["wave"]!)|\(row["community"]!)|\(row["question"]!)"
            let figures = try #require(shown[key], "\(key) is not shown")
            #expect(figures.answers == Int(row["answers"]!), "\(key) answers")
            close(figures.score, row["score"], "score", key)
            close(figures.change?.points, row["change"], "change", key)
            close(figures.change?.p, row["change_p"], "change_p", key)
            close(figures.change?.q, row["change_q"], "change_q", key)
            if figures.change != nil { changes += 1 }
        }
        #expect(changes == 391)
    }

    @Test func aQuestionsChangeIsMarkedByTheDimensionsRule() throws {
        let report = try #require(SeeWhatWorksTests.bundled?.report)
        // The planted trust decline of Product Management, question by question (2026-H2).
        let t5 = try #require(report.items.first { $0.wave == "2026-H2" && $0.community == .named("Product Management") && $0.question.id == "T5" }?.figures.value)
        let change = try #require(t5.change)
        #expect(change.since == "2026-H1")
        #expect(change.isMeaningful && change.points < -5)
    }
}
