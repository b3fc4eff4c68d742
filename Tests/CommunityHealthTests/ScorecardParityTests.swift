import Foundation
import Testing

@testable import CommunityHealth

/// Issue 14, point 3: the HTML scorecard says everything the text scorecard says: the same
/// sections under the same titles, the same warnings, every number of the text's tables, and
/// why each withheld figure is withheld.
@Suite struct ScorecardParityTests {
    /// The bundled sample; two waves with a community too small to show (Tiny Team); one wave
    /// with a withheld community (Beta) and a withheld dimension.
    static func reports() throws -> [(name: String, report: Report)] {
        [
            ("bundled", try #require(SeeWhatWorksTests.bundled).report),
            ("two waves", try runReport(responses: ["w.csv": SeeWhatWorksTests.privacyResponses()]).report),
            ("one wave", try runReport(responses: ["w2.csv": CommunityPagesTests.responses]).report),
        ]
    }

    struct Section: Equatable {
        var title: String
        var body: [String]
    }

    /// The text scorecard's sections: a title is a line underlined by dashes after a blank line.
    static func textSections(_ text: String) -> [Section] {
        let lines = text.components(separatedBy: "\n")
        var sections: [Section] = []
        for (index, line) in lines.enumerated() {
            let isTitle = index > 0 && index + 1 < lines.count && lines[index - 1].isEmpty && !line.isEmpty
                && lines[index + 1] == String(repeating: "-", count: line.count)
            if isTitle {
                sections.append(Section(title: line, body: []))
            } else if !sections.isEmpty, !line.allSatisfy({ $0 == "-" }) || line.isEmpty {
                sections[sections.count - 1].body.append(line)
            }
        }
        return sections
    }

    /// The HTML scorecard's sections: each `<section>`'s `<h2>` and its text, one line per line of markup.
    static func htmlSections(_ html: String) -> [Section] {
        html.components(separatedBy: "<section id=\"").dropFirst().map { part in
            let section = part.components(separatedBy: "</section>")[0]
            let title = section.components(separatedBy: "<h2 id=\"").dropFirst().first?.split(separator: ">", maxSplits: 1).last?
                .components(separatedBy: "</h2>")[0] ?? ""
            return Section(title: plain(title).uppercased(), body: section.components(separatedBy: "\n").map(plain))
        }
    }

    /// Markup as the text a reader sees.
    static func plain(_ markup: String) -> String {
        CommunityPagesTests.unescape(markup.replacing(/<[^>]*>/, with: " "))
    }

    @Test func bothScorecardsHaveTheSameSectionsUnderTheSameTitles() throws {
        for (name, report) in try Self.reports() {
            let text = Self.textSections(TextScorecard.render(report)).map(\.title)
            let html = Self.htmlSections(HTMLScorecard.render(report)).map(\.title)
            #expect(text.count >= 8, "\(name): \(text)")
            #expect(text == html, "\(name)")
        }
    }

    /// The text's reliability warnings ("! …", wrapped), as the HTML lists them.
    @Test func bothScorecardsGiveTheSameWarnings() throws {
        var warned = 0
        for (name, report) in try Self.reports() {
            var text: [String] = []
            for line in TextScorecard.render(report).components(separatedBy: "\n") {
                if line.hasPrefix("  ! ") {
                    text.append(String(line.dropFirst(4)))
                } else if line.hasPrefix("    "), !text.isEmpty, !line.hasPrefix("     ") {
                    text[text.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                }
            }
            let html = HTMLScorecard.render(report).components(separatedBy: "<li class=\"warning\">").dropFirst()
                .map { CommunityPagesTests.unescape($0.components(separatedBy: "</li>")[0]) }
            #expect(text == html, "\(name)")
            #expect(html == TextScorecard.reliabilityWarnings(report, wave: try #require(report.focusWave)), "\(name)")
            warned += html.count
        }
        // The bundled sample warns of Security Champions' learning (0.69).
        #expect(warned > 0)
    }

    /// Every number in a line of the text's tables and lists (indented; not a table's header, nor
    /// a list's numbering) is in the same section of the HTML, to the text's precision.
    @Test func everyNumberOfTheTextTablesIsInTheHTML() throws {
        var checked = 0
        for (name, report) in try Self.reports() {
            let html = Self.htmlSections(HTMLScorecard.render(report))
            for (index, section) in Self.textSections(TextScorecard.render(report)).enumerated() where index < html.count {
                let shown = html[index].body.flatMap(Self.numbers)
                for line in section.body where line.hasPrefix("  ") && !line.hasPrefix("  Community") {
                    let content = line.replacing(#/^ +\d+\.\s/#, with: " ")
                    for number in Self.numbers(in: content) {
                        #expect(shown.contains { $0.rounds(to: number) }, "\(name), \(section.title): \(number.text) of “\(line)” is not in the HTML")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 600)
    }

    @Test func everyWithheldCellSaysWhy() throws {
        for (name, report) in try Self.reports() {
            let html = HTMLScorecard.render(report)
            let reasons = [WithheldReason.fewerThan(report.survey.minimumGroupSize), .fewerThan(Disclosure.driverMinimum), .protectsSmallerGroup].map(\.text)
            let cells = html.components(separatedBy: "class=\"withheld\"").dropFirst().map { $0.split(separator: ">", maxSplits: 1, omittingEmptySubsequences: false)[1].prefix { $0 != "<" } }
            #expect(!cells.isEmpty || name == "bundled", "\(name)")
            for cell in cells { #expect(reasons.contains(String(cell)), "\(name): \(cell)") }
            #expect(!html.contains("not enough responses"))
        }
    }

    /// With two waves the previous wave is the first: one change column, not two the same.
    @Test func sinceFirstIsNotRepeatedWhenThePreviousWaveIsTheFirst() throws {
        let report = try runReport(responses: ["w.csv": SeeWhatWorksTests.privacyResponses()]).report
        let text = TextScorecard.render(report), html = HTMLScorecard.render(report)
        #expect(text.contains("Since w1") && !text.contains("Since first") && !text.contains("Since previous"))
        #expect(html.contains("<th scope=\"col\">Since w1</th>") && !html.contains("Since first"))
        let bundled = try #require(SeeWhatWorksTests.bundled).report
        #expect(TextScorecard.render(bundled).contains("Since previous     Since first"))
        #expect(HTMLScorecard.render(bundled).contains("<th scope=\"col\">Since previous</th><th scope=\"col\">Since first</th>"))
    }

    /// A number as written, and its value.
    struct Number {
        var text: String
        var value: Double
        var places: Int

        /// Whether this number, rounded to `other`'s places, is `other` (a page may say more).
        func rounds(to other: Number) -> Bool {
            places >= other.places && abs(value - other.value) <= 0.5 * pow(10, -Double(other.places)) + 1e-9
        }
    }

    /// The numbers in a line: digits not inside a word (not the 1 of "O1" or "H1"), with a sign
    /// where one leads them.
    static func numbers(in line: String) -> [Number] {
        let characters = Array(line)
        var numbers: [Number] = []
        var index = 0
        while index < characters.count {
            let previous: Character? = index > 0 ? characters[index - 1] : nil
            guard characters[index].isNumber, !(previous.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" } ?? false) else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isNumber || (characters[end] == "." && end + 1 < characters.count && characters[end + 1].isNumber) {
                end += 1
            }
            let negative = previous == "-" && (index < 2 || !(characters[index - 2].isLetter || characters[index - 2].isNumber))
            let digits = String(characters[index..<end]).replacingOccurrences(of: ",", with: "")
            if let value = Double(digits) {
                let places = digits.split(separator: ".").dropFirst().first?.count ?? 0
                numbers.append(Number(text: (negative ? "-" : "") + digits, value: negative ? -value : value, places: places))
            }
            index = end
        }
        return numbers
    }
}
