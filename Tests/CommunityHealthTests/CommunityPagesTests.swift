import Foundation
import Testing

@testable import CommunityHealth

/// Issue 14, point 1: a page for every community lead, its file name, `index.html`, and
/// `report --community`.
@Suite struct CommunityPagesTests {
    @Test func slugsAreLowerCaseASCIIWithClashesNumberedInByteOrder() {
        #expect(CommunitySlugs.base(of: "Quality & Testing") == "quality-testing")
        #expect(CommunitySlugs.base(of: "Zoë's Guild") == "zo-s-guild")
        #expect(CommunitySlugs.base(of: "  --UX Research!! ") == "ux-research")
        #expect(CommunitySlugs.base(of: "日本語") == "community")
        let slugs = CommunitySlugs(names: ["a_b", "a b", "A-B", "A-B 2", "日本", "Ünï", "x"])
        // Byte order: "A-B" < "A-B 2" < "a b" < "a_b"; "A-B 2" keeps its own slug, so the clashes skip it.
        #expect(slugs.slug("A-B") == "a-b")
        #expect(slugs.slug("A-B 2") == "a-b-2")
        #expect(slugs.slug("a b") == "a-b-3")
        #expect(slugs.slug("a_b") == "a-b-4")
        #expect(slugs.slug("Ünï") == "n")
        #expect(slugs.slug("日本") == "community")
        #expect(slugs.slug("x") == "x")
        // The same names in another order get the same slugs.
        let again = CommunitySlugs(names: ["x", "日本", "a_b", "A-B 2", "a b", "Ünï", "A-B"])
        for name in ["a_b", "a b", "A-B", "A-B 2", "日本", "Ünï", "x"] { #expect(again.slug(name) == slugs.slug(name)) }
    }

    /// Every number in a community page's data tables is the CSV row and column its cell names.
    @Test func everyNumberOnTheBundledPagesIsItsCSVRow() throws {
        let outcome = try #require(SeeWhatWorksTests.bundled)
        let tables: [String: (keys: [String], rows: [[String: String]])] = try [
            "scores.csv": (["wave", "community", "dimension"], csvRows(outcome.file("scores.csv")) + csvRows(outcome.file("comparisons.csv"))),
            "items.csv": (["wave", "community", "question"], csvRows(outcome.file("items.csv"))),
            "participation.csv": (["wave", "community"], csvRows(outcome.file("participation.csv"))),
            "practice_shares.csv": (["wave", "community", "practice"], csvRows(outcome.file("practice_shares.csv"))),
            "practices.csv": (["wave", "practice", "dimension"], csvRows(outcome.file("practices.csv"))),
            "drivers.csv": (["wave", "community", "question"], csvRows(outcome.file("drivers.csv"))),
        ]
        let pages = outcome.files.filter { $0.name.hasPrefix("communities/") && $0.name.hasSuffix(".html") }
        #expect(pages.count == 7)
        var checked = 0
        for page in pages {
            for cell in Self.dataCells(page.contents) {
                let parts = cell.row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                let table = try #require(tables[parts[0]], "\(page.name): \(cell.row)")
                let key = Array(parts.dropFirst())
                // A row may appear in both scores.csv and comparisons.csv: the column decides.
                let matches = table.rows.filter { row in zip(table.keys, key).allSatisfy { row[$0] == $1 } && row[cell.column == "ci" ? "ci_low" : cell.column] != nil }
                let row = try #require(matches.first, "\(page.name): no row \(cell.row) with \(cell.column)")
                if cell.column == "ci" {
                    let ends = cell.text.split(separator: "–").map(String.init)
                    Self.expectShown(ends[0], row["ci_low"]!, "\(page.name) \(cell.row) ci_low")
                    Self.expectShown(ends[1], row["ci_high"]!, "\(page.name) \(cell.row) ci_high")
                } else {
                    Self.expectShown(cell.text, row[cell.column]!, "\(page.name) \(cell.row) \(cell.column)")
                }
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }

    /// The `data-row`/`data-col` cells of a page, with their text.
    static func dataCells(_ html: String) -> [(row: String, column: String, text: String)] {
        var cells: [(String, String, String)] = []
        var currentRow = ""
        for line in html.split(separator: "\n") {
            for piece in line.components(separatedBy: "<t").dropFirst() {
                if piece.hasPrefix("r data-row=\""), let end = piece.dropFirst(12).firstIndex(of: "\"") {
                    currentRow = String(piece.dropFirst(12)[..<end])
                }
                guard piece.hasPrefix("d "), let column = attribute("data-col", in: piece), let close = piece.firstIndex(of: ">") else { continue }
                let row = attribute("data-row", in: piece) ?? currentRow
                let text = piece[piece.index(after: close)...].prefix { $0 != "<" }
                cells.append((unescape(row), column, unescape(String(text))))
            }
        }
        return cells
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: name + "=\"") else { return nil }
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A page's number (rounded, maybe marked) against the CSV's: equal to the page's precision.
    static func expectShown(_ shown: String, _ csv: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var text = shown
        for mark in ["▲", "▼", "%", "(meaningful)", " "] { text = text.replacingOccurrences(of: mark, with: "") }
        guard !text.isEmpty else {
            #expect(csv.isEmpty, "\(what): the page is blank, the CSV says \(csv)", sourceLocation: sourceLocation)
            return
        }
        guard let value = Double(csv) else {
            Issue.record("\(what): the page says \(shown), the CSV is blank", sourceLocation: sourceLocation)
            return
        }
        if text == "<0.001" {
            #expect(value < 0.001, "\(what)", sourceLocation: sourceLocation)
            return
        }
        let number = Double(text.replacingOccurrences(of: "+", with: ""))
        let places = text.split(separator: ".").dropFirst().first?.count ?? 0
        // Half the page's last place, plus the CSV's own rounding to 2 decimals (4 for q).
        let tolerance = 0.5 * pow(10, -Double(places)) + 0.005 + 1e-9
        #expect(number.map { abs($0 - value) <= tolerance } == true, "\(what): the page says \(shown), the CSV \(csv)", sourceLocation: sourceLocation)
    }

    static let hostile = "<script>alert(1)</script> & \"Zoë\""

    /// Three communities in w2: a large one, one withheld as too small, and the hostile name.
    static var responses: String {
        var lines = ["respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1,email"]
        for index in 0..<6 { lines.append("a\(index),Alpha,w2,\(1 + index % 5),\(5 - index % 5),\(2 + index % 3),\(1 + index % 5),\(index + 4),Mentoring,,") }
        for index in 0..<2 { lines.append("b\(index),Beta,w2,3,3,3,3,8,,,") }
        for index in 0..<5 {
            // Three of them skip Q3: too few full answerers beside them, so the dimension's figures
            // (Q1–Q3) count two and are withheld; O1 and R1 are shown.
            lines.append("h\(index),\"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\",w2,\(2 + index % 3),\(1 + index % 4),\(index < 2 ? "4" : ""),\(2 + index % 3),\(index + 5),,,")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aWithheldCommunityIsListedWithWhyAndGetsNoPage() throws {
        let outcome = try runReport(responses: ["w2.csv": Self.responses])
        let names = Set(outcome.files.map(\.name))
        #expect(names.contains("communities/alpha.txt") && names.contains("communities/alpha.html"))
        #expect(!names.contains { $0.hasPrefix("communities/beta") })
        let index = outcome.file("index.html")
        #expect(index.contains("<th scope=\"row\">Beta</th><td class=\"withheld\">No page: fewer than 3 responses</td>"))
        #expect(index.contains("<a href=\"communities/alpha.html\">Alpha</a>"))
        // Hostile text is escaped wherever it appears, and its page has a plain file name.
        let slug = try #require(CommunityPages(outcome.report).slugs.slug(Self.hostile))
        #expect(slug == "script-alert-1-script-zo")
        for name in ["index.html", "communities/\(slug).html"] {
            let html = outcome.file(name)
            #expect(!html.contains("<script"), "\(name)")
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Zoë\""), "\(name)")
        }
    }

    @Test func aWithheldQuestionSaysWhyAndShowsNoNumber() throws {
        let outcome = try runReport(responses: ["w2.csv": Self.responses])
        let pages = CommunityPages(outcome.report)
        let page = try #require(pages.page(Self.hostile))
        #expect(page.withheld == nil)
        let withheld = page.questions.filter { $0.figures.isWithheld }
        #expect(withheld.map(\.question.id) == ["Q1", "Q2", "Q3"])
        #expect(page.dimensions.first?.figures.withheldReason == .fewerThan(3))
        let text = TextCommunityPage.render(page)
        let html = HTMLCommunityPage.render(page)
        for line in withheld {
            let row = try #require(text.split(separator: "\n").first { $0.contains(line.question.id + " " + line.question.text.prefix(10)) })
            #expect(row.hasSuffix("–"), "\(row)")
            #expect(!row.contains("%"))
            #expect(html.contains("<td class=\"withheld\" colspan=\"5\">fewer than 3 responses</td>"))
        }
        // Beta's page, asked for, says why it has no numbers.
        let beta = try #require(pages.page("Beta"))
        #expect(beta.withheld == .fewerThan(3))
        #expect(TextCommunityPage.render(beta).contains("No figures for Beta in w2: fewer than 3 responses."))
    }

    @Test func aCommunityKeepsItsFileNameUnderSince() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey.json")
        var lines = ["respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1,email"]
        // "Quality  Testing" (two spaces) answered in w1 only; its slug comes first in byte order.
        for index in 0..<3 { lines.append("a\(index),Quality  Testing,w1,3,3,3,3,8,,,") }
        for index in 0..<3 { lines.append("b\(index),Quality & Testing,w2,4,2,4,4,9,,,") }
        scratch.write(lines.joined(separator: "\n") + "\n", to: "responses/all.csv")
        let folder = try SurveyFolder(path: scratch.path, displayPath: "s")
        for since in [nil, "w2"] {
            let outcome = try ReportJob(folder: folder, since: since).run()
            #expect(outcome.files.contains { $0.name == "communities/quality-testing-2.txt" }, "since \(since ?? "none")")
        }
    }

    /// 25 one-person communities beside a large one: the scorecards list 20 of them and count the
    /// rest; index.html lists every one.
    @Test func manyTooSmallCommunitiesAreCountedNotListed() throws {
        var lines = ["respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1,email"]
        for index in 0..<8 { lines.append("a\(index),Alpha,w2,\(1 + index % 5),\(5 - index % 5),\(2 + index % 3),\(1 + index % 5),\(index),Mentoring,,") }
        for index in 0..<25 { lines.append("t\(index),Tiny \(index),w2,3,3,3,3,8,,,") }
        let outcome = try runReport(responses: ["w2.csv": lines.joined(separator: "\n") + "\n"])
        // In name order ("Tiny 0", "Tiny 1", "Tiny 10", …), the last five are left out.
        let text = outcome.file("scorecard.txt")
        #expect(text.contains("… and 5 more communities with fewer than 3 respondents, every figure withheld"))
        // Listed wherever Alpha is, but in the table of each community's strongest dimension (it has none).
        #expect(text.components(separatedBy: "\n  Tiny 0 ").count == text.components(separatedBy: "\n  Alpha ").count - 1)
        #expect(!text.contains("Tiny 9 ") && !text.contains("Tiny 5 "))
        let html = outcome.file("scorecard.html")
        #expect(html.contains("<p class=\"more\">… and 5 more communities with fewer than 3 respondents, every figure withheld"))
        #expect(!html.contains(">Tiny 9<"))
        #expect(outcome.file("index.html").contains("Tiny 9"))
    }

    /// The questions furthest above and below the organisation: a community's score less All's,
    /// both items.csv rows (Product Management, 2026-H2: T1 the weakest, 22 points below).
    @Test func strongestAndWeakestAreDifferencesOfCSVScores() throws {
        let outcome = try #require(SeeWhatWorksTests.bundled)
        let page = try #require(CommunityPages(outcome.report).page("Product Management"))
        let rows = try csvRows(outcome.file("items.csv")).filter { $0["wave"] == "2026-H2" }
        func score(_ community: String, _ question: String) -> Double? {
            rows.first { $0["community"] == community && $0["question"] == question }.flatMap { Double($0["score"] ?? "") }
        }
        #expect(page.weakest.first?.question.id == "T1")
        for line in page.strongest + page.weakest {
            let own = try #require(score("Product Management", line.question.id)), all = try #require(score("All", line.question.id))
            #expect(abs((line.relative ?? .nan) - (own - all)) <= 0.01 + 1e-9, "\(line.question.id)")
        }
        #expect(page.weakest.first.flatMap(\.relative).map { $0.rounded() } == -22)
    }

    @Test func htmlPagesAreSelfContained() throws {
        let outcome = try #require(SeeWhatWorksTests.bundled)
        let pages = outcome.files.filter { $0.name == "index.html" || ($0.name.hasPrefix("communities/") && $0.name.hasSuffix(".html")) }
        #expect(pages.count == 8)
        for page in pages {
            for request in ["<script", "src=", "http:", "https:", "@import", "url("] {
                #expect(!page.contents.contains(request), "\(page.name) holds \(request)")
            }
        }
    }

    @Test func textPagesFitEightyColumns() throws {
        let outcome = try #require(SeeWhatWorksTests.bundled)
        let pages = outcome.files.filter { $0.name.hasPrefix("communities/") && $0.name.hasSuffix(".txt") }
        #expect(pages.count == 7)
        for page in pages {
            for line in page.contents.split(separator: "\n") { #expect(line.count <= 80, "\(page.name): \(line)") }
        }
    }

    @Test func communityOptionPrintsThePagesAndRejectsAnUnknownName() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "Surveys/small/survey.json")
        scratch.write(Self.responses, to: "Surveys/small/responses/w2.csv")
        let command = try CommandLineParser.parse(["report", "--community", "Beta", "--community", "Alpha"])
        guard case .report(let options) = command else { Issue.record("not a report"); return }
        #expect(options.communities == ["Beta", "Alpha"])
        let execution = CommandRunner(workingDirectory: scratch.path).run(command)
        #expect(execution.exitCode == 0)
        #expect(execution.output.hasPrefix("Beta: "))
        #expect(execution.output.contains("No figures for Beta in w2: fewer than 3 responses."))
        #expect(execution.output.contains("\nAlpha: "))
        #expect(scratch.read("Reports/small/communities/alpha.txt") != nil)
        let entries = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/Reports/small/communities").sorted()
        #expect(entries == ["alpha.html", "alpha.txt"])

        let unknown = CommandRunner(workingDirectory: scratch.path).run(try CommandLineParser.parse(["report", "--community", "Gamma"]))
        #expect(unknown.exitCode == 2)
        #expect(printedErrors(unknown) == [
            "--community: error: no community 'Gamma' in w2 (the communities in w2 are '<script>alert(1)</script> & \"Zoë\"', 'Alpha', 'Beta')"
        ])
    }
}
