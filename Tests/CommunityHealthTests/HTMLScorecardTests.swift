import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import CommunityHealth

@Suite struct HTMLScorecardTests {
    static func bundled() throws -> String {
        let folder = try SurveyFolder(path: repositoryRoot.appendingPathComponent("Surveys/cop-health").path, displayPath: "Surveys/cop-health")
        return try #require(ReportJob(folder: folder, formats: [.html]).run().files.first { $0.name == "scorecard.html" }?.contents)
    }

    /// Parses as XML; returns the parser's error, if any.
    static func xmlError(_ html: String) -> String? {
        let parser = XMLParser(data: Data(html.utf8))
        return parser.parse() ? nil : "\(parser.parserError.map { "\($0)" } ?? "unknown") at line \(parser.lineNumber)"
    }

    @Test func bundledScorecardMatchesItsSnapshot() throws {
        try assertSnapshot(try Self.bundled(), named: "cop-health-scorecard.html")
    }

    @Test func pageIsWellFormedSelfContainedAndSmall() throws {
        let html = try Self.bundled()
        #expect(Self.xmlError(html) == nil)
        #expect(html.utf8.count < 500_000)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        let links = html.split(separator: "\"").filter { $0.hasPrefix("http") }
        #expect(links.allSatisfy { $0 == "http://www.w3.org/2000/svg" }, "\(links)")
        // Every chart has a title and a description, and a data table or a key beside it.
        let charts = html.components(separatedBy: "<svg ").count - 1
        #expect(charts >= 10)
        #expect(html.components(separatedBy: "<desc id=").count - 1 == charts)
        let figures = html.components(separatedBy: "<figure>").dropFirst().map { $0.components(separatedBy: "</section>")[0] }
        for figure in figures where figure.contains("<svg ") {
            #expect(figure.contains("<table") || figure.contains("<ul class=\"key\">"), "\(figure.prefix(200))")
        }
        // A chart too wide for a phone comes in a narrow shape too; the style sheet shows one.
        #expect(html.components(separatedBy: "class=\"chart wide\"").count == html.components(separatedBy: "class=\"chart narrow\"").count)
        for landmark in ["<header>", "<nav aria-label=\"Contents\">", "<main id=\"main\">", "<footer>"] { #expect(html.contains(landmark)) }
    }

    static let hostile = """
        {
          "id": "hostile",
          "title": "Survey <script>alert(1)</script> & \\"friends\\" </title>",
          "groupBy": "community",
          "period": { "column": "wave" },
          "minimumGroupSize": 2,
          "outcome": "O1",
          "scales": { "agree5": { "min": 1, "max": 5 } },
          "dimensions": [ { "id": "d", "title": "Trust <b>bold</b>" } ],
          "questions": [
            { "id": "Q1", "text": "Is it \\"><img src=x onerror=alert(1)>?", "scale": "agree5", "dimension": "d" },
            { "id": "Q2", "text": "Zoë & </title> ok", "scale": "agree5", "dimension": "d" },
            { "id": "O1", "text": "Outcome <script>x</script>", "scale": "agree5" },
            { "id": "P1", "text": "Practices", "type": "choices", "options": ["<script>p</script>", "A & B"], "practices": true }
          ]
        }
        """

    @Test func textFromTheDataIsEscapedEverywhere() throws {
        var rows = ["community,wave,Q1,Q2,O1,P1"]
        let names = ["\"\"\"><img src=x onerror=alert(1)>\"", "\"<script>alert(2)</script>\"", "Zoë & Co"]
        for wave in ["w1", "w2"] {
            for (index, name) in names.enumerated() {
                for k in 0..<4 { rows.append("\(name),\(wave),\((k + index) % 5 + 1),\((k * 2 + index) % 5 + 1),\((k + 2) % 5 + 1),\(k % 2 == 0 ? "<script>p</script>" : "A & B")") }
            }
        }
        let outcome = try runReport(survey: Self.hostile, responses: ["w.csv": rows.joined(separator: "\n")])
        let html = HTMLScorecard.render(outcome.report)
        #expect(Self.xmlError(html) == nil, "\(Self.xmlError(html) ?? "")")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; &lt;/title&gt;") || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"friends\" &lt;/title&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") || html.contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Zoë &amp; Co"))
    }

    @Test func withheldGroupsShowNoNumberAnywhere() throws {
        let outcome = try runReport(responses: ["w.csv": SeeWhatWorksTests.privacyResponses()])
        let html = HTMLScorecard.render(outcome.report)
        #expect(Self.xmlError(html) == nil)
        #expect(html.contains("Tiny Team"))
        let why = WithheldReason.fewerThan(outcome.report.survey.minimumGroupSize).text
        for name in ["Tiny Team"] {
            for line in html.split(separator: "\n") where line.contains(name) {
                // The text and attribute values only: tag names such as h3 are no numbers, nor
                // are the columns a cell spans, nor the minimum in the reason a figure is withheld.
                let text = String(line).replacing(/<\/?[a-z][a-z0-9]*/, with: "<").replacing(#/ colspan="\d+"/#, with: "")
                    .replacingOccurrences(of: why, with: "")
                let hasDigit = text.contains { $0.isNumber }
                #expect(!hasDigit, "\(line)")
                #expect(line.contains(why), "\(line)")
            }
        }
    }

    @Test func htmlIsAFormat() throws {
        #expect(try CommandLineParser.parse(["report", "--format", "html"]) == .report({ var o = ReportOptions(); o.formats = [.html]; return o }()))
    }
}
