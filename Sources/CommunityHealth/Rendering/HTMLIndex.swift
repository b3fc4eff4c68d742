/// `index.html`: the way in for every lead — the organisation's scorecard and every community of
/// the focus wave, each linking its page, or saying why it has none (its figures are withheld).
public enum HTMLIndex {
    /// `written`: the communities whose pages this run wrote (all, unless `--community` chose some).
    public static func render(_ pages: CommunityPages, written: Set<String>? = nil) -> String {
        let report = pages.report
        var html = HTMLScorecard.head(title: "\(report.survey.title) – communities")
        html.append("<header><h1>\(Markup.text(report.survey.title))</h1>")
        if let wave = report.focusWave { html.append("<p class=\"facts\">Wave <strong>\(Markup.text(wave))</strong></p>") }
        html.append("</header>")
        html.append("<main id=\"main\">")
        html.append("<p><a href=\"scorecard.html\">The organisation’s scorecard</a>: every community side by side, trends, practices and key drivers.</p>")
        var rows: [String] = []
        for name in pages.communities {
            let header = "<th scope=\"row\">" + (pages.withheld(name) == nil && (written?.contains(name) ?? true)
                ? "<a href=\"communities/\(Markup.attribute(pages.slugs.slug(name) ?? "")).html\">\(Markup.text(name))</a>"
                : Markup.text(name)) + "</th>"
            let respondents = report.focusWave.flatMap { report.participation(wave: $0, community: .named(name))?.respondents }
            let about: String
            if let reason = pages.withheld(name) {
                about = "<td class=\"withheld\">No page: \(Markup.text(reason.text))</td>"
            } else if let value = respondents?.value {
                about = "<td>\(count(value)) respondents</td>"
            } else {
                about = "<td>\(Markup.text(respondents?.withheldReason.map { "respondents: " + $0.text } ?? ""))</td>"
            }
            rows.append("<tr>" + header + about + "</tr>")
        }
        html += HTMLScorecard.table("Communities and their pages", header: [HTMLScorecard.columnsRow(["Community", "Respondents"])], rows: rows)
        html.append("</main>")
        html.append("<footer><p>Made by cophealth \(HelpText.version) from survey <code>\(Markup.text(report.survey.id))</code>. A community without a page has too few responses to show, or is withheld so that a smaller group cannot be worked out.</p></footer>")
        html.append("</body>")
        html.append("</html>")
        return html.joined(separator: "\n") + "\n"
    }
}
