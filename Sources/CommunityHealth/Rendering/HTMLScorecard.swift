/// The health scorecard as one self-contained HTML page: inline CSS and SVG, no script, no
/// request to anywhere. Written as well-formed XML, every text from the survey or the data
/// escaped; a withheld group shows "not enough responses" and nothing else.
public enum HTMLScorecard {
    static let notEnough = "not enough responses"
    /// Okabe–Ito colours, distinguishable with every common colour-vision deficiency.
    static let favorableColor = "#0072B2"
    static let unfavorableColor = "#D55E00"
    static let neutralColor = "#BBBBBB"
    static let dimensionColors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    public static func render(_ report: Report) -> String {
        let survey = report.survey
        var page = head(title: "\(survey.title) – health scorecard")
        page.append(header(report))
        guard let wave = report.focusWave else {
            page.append("<main id=\"main\"><p>No responses yet: add response files and run the report again.</p></main>")
            page.append("</body>")
            page.append("</html>")
            return page.joined(separator: "\n") + "\n"
        }
        page.append(contents)
        page.append("<main id=\"main\">")
        page.append(recommendations(report))
        page.append(heatMap(report, wave: wave))
        page.append(trends(report))
        page.append(questions(report, wave: wave))
        page.append(practices(report, wave: wave))
        page.append(drivers(report, wave: wave))
        page.append(participation(report))
        page.append(reliability(report, wave: wave))
        page.append(howToRead(report))
        page.append("</main>")
        let alarms = report.focusWave.map { TextScorecard.falseAlarms(report, wave: $0) } ?? []
        page.append("<footer>" + alarms.map { "<p>\(Markup.text($0))</p>" }.joined() + "<p>Made by cophealth \(HelpText.version) from survey <code>\(Markup.text(survey.id))</code>. Groups under \(survey.minimumGroupSize) respondents, and any group whose numbers would reveal one, are shown as “\(notEnough)”. Where only a few skipped some of a dimension’s questions, or only a few are outside the communities shown, they are left out of the figure (the CSV files say how many each figure counts).</p></footer>")
        page.append("</body>")
        page.append("</html>")
        return page.joined(separator: "\n") + "\n"
    }

    /// A page's start, up to and including `<body>`: every page shares the one style sheet.
    static func head(title: String) -> [String] {
        [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\"/>",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>", "<title>\(Markup.text(title))</title>",
            "<style>\(style)</style>", "</head>", "<body>",
        ]
    }

    static let contents = """
        <nav aria-label="Contents"><ul>
        <li><a href="#good">Turn up the good</a></li><li><a href="#heatmap">Communities</a></li><li><a href="#trends">Trends</a></li>
        <li><a href="#questions">Questions</a></li><li><a href="#practices">Practices</a></li><li><a href="#drivers">Key drivers</a></li>
        <li><a href="#participation">Participation</a></li><li><a href="#reliability">Reliability</a></li><li><a href="#how">How to read</a></li>
        </ul></nav>
        """

    static func header(_ report: Report) -> String {
        let counts = report.counts
        var lines = ["<header>", "<h1>\(Markup.text(report.survey.title))</h1>"]
        if let wave = report.focusWave {
            var facts = "Wave <strong>\(Markup.text(wave))</strong>"
            if report.waves.count > 1 { facts += " of \(report.waves.count) (\(report.waves.map(Markup.text).joined(separator: ", ")))" }
            if let all = report.participation(wave: wave, community: .all) {
                if let respondents = all.respondents.value { facts += " · \(count(respondents)) respondents" }
                if let members = all.members, let rate = all.rate { facts += " of \(count(members)) members (\(decimal(rate, places: 0))%)" }
            }
            lines.append("<p class=\"facts\">\(facts)</p>")
        }
        lines.append("<p class=\"facts\">Rows read \(count(counts.read)), used \(count(counts.used)), rejected \(count(counts.rejected)) in all waves.</p>")
        lines.append("</header>")
        return lines.joined(separator: "\n")
    }

    static func section(_ id: String, _ title: String, _ body: [String]) -> String {
        (["<section id=\"\(id)\" aria-labelledby=\"\(id)-heading\">", "<h2 id=\"\(id)-heading\">\(Markup.text(title))</h2>"] + body + ["</section>"])
            .joined(separator: "\n")
    }

    static func recommendations(_ report: Report) -> String {
        guard !report.recommendations.isEmpty else {
            return section("good", "Turn up the good", ["<p>The data do not point to a clear recommendation for this wave.</p>"])
        }
        let items = report.recommendations.map { "<li>\(Markup.text($0.text)) <span class=\"evidence\">(\(Markup.text($0.evidence)))</span></li>" }
        return section("good", "Turn up the good", ["<ol class=\"recommendations\">"] + items + ["</ol>"])
    }

    /// Communities × dimensions as a table: the score, shaded, with a mark (and words) where a
    /// community is meaningfully above or below the rest of the organisation.
    static func heatMap(_ report: Report, wave: String) -> String {
        let dimensions = report.survey.dimensions
        var rows = [
            "<p>Scores from 0 to 100 in \(Markup.text(wave)), darker for higher. ▲ above / ▼ below: at least 5 points above or below everyone else in the organisation, and q &lt; 0.05 (the p-value adjusted for the table’s other tests).</p>",
            "<div class=\"table-wrap\"><table class=\"heatmap\">", "<caption>Scores by community and dimension, \(Markup.text(wave))</caption>",
        ]
        rows.append("<thead><tr><th scope=\"col\">Community</th>" + dimensions.map { "<th scope=\"col\">\(Markup.text($0.title))</th>" }.joined() + "<th scope=\"col\">Health</th></tr></thead>")
        rows.append("<tbody>")
        for community in report.communities(in: wave) {
            var cells = "<tr><th scope=\"row\">\(Markup.text(community.description))</th>"
            for dimension in dimensions {
                guard let figures = report.score(wave: wave, community: community, dimension: dimension.id)?.figures.value else {
                    cells += "<td class=\"withheld\">\(notEnough)</td>"
                    continue
                }
                let score = figures.dimension.score
                var mark = ""
                if let rest = figures.versusRest, rest.isMeaningful {
                    mark = rest.difference > 0 ? " <span class=\"mark\">▲<span class=\"word\"> above</span></span>" : " <span class=\"mark\">▼<span class=\"word\"> below</span></span>"
                }
                cells += "<td style=\"background:\(shade(score))\" class=\"\(score >= 60 ? "dark" : "light")\">\(decimal(score, places: 0))\(mark)</td>"
            }
            cells += report.health(wave: wave, community: community).map { "<td>\(decimal($0, places: 0))</td>" } ?? "<td class=\"withheld\">\(notEnough)</td>"
            rows.append(cells + "</tr>")
        }
        rows.append("</tbody></table></div>")
        return section("heatmap", "How communities compare", rows)
    }

    /// Light to dark blue over 30–90 points.
    static func shade(_ score: Double) -> String {
        let t = max(0, min(1, (score - 30) / 60))
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        let (r, g, b) = (mix(0xDE, 0x08), mix(0xEB, 0x45), mix(0xF7, 0x94))
        return "#" + [r, g, b].map { value in let hex = String(value, radix: 16); return hex.count == 1 ? "0" + hex : hex }.joined()
    }

    /// A data table inside a `<details>`, beside the chart it draws.
    static func dataTable(_ caption: String, header: [String], rows: [[String]]) -> String {
        var lines = ["<details><summary>Data: \(Markup.text(caption))</summary>", "<table>"]
        lines.append("<thead><tr>" + header.map { "<th scope=\"col\">\(Markup.text($0))</th>" }.joined() + "</tr></thead><tbody>")
        for row in rows {
            lines.append("<tr>" + row.enumerated().map { $0.offset == 0 ? "<th scope=\"row\">\(Markup.text($0.element))</th>" : "<td>\(Markup.text($0.element))</td>" }.joined() + "</tr>")
        }
        lines.append("</tbody></table></details>")
        return lines.joined(separator: "\n")
    }

    static func participation(_ report: Report) -> String {
        let waves = report.waves
        let communities = report.allCommunities
        let hasMembers = report.participation.contains { $0.members != nil }
        var rows = ["<div class=\"table-wrap\"><table>", "<caption>Respondents\(hasMembers ? ", response rate" : "") and Net Promoter Score per wave.</caption>"]
        rows.append("<thead><tr><th scope=\"col\">Community</th>" + waves.map { "<th scope=\"col\">\(Markup.text($0))</th>" }.joined() + "</tr></thead><tbody>")
        for community in communities {
            var cells = "<tr><th scope=\"row\">\(Markup.text(community.description))</th>"
            for wave in waves {
                guard let row = report.participation(wave: wave, community: community) else {
                    cells += "<td></td>"
                    continue
                }
                guard let respondents = row.respondents.value else {
                    cells += "<td class=\"withheld\">\(notEnough)</td>"
                    continue
                }
                var text = count(respondents)
                if let rate = row.rate { text += " (\(decimal(rate, places: 0))%)" }
                if let nps = row.netPromoterScore { text += " · NPS \(signed(nps))" }
                cells += "<td>\(text)</td>"
            }
            rows.append(cells + "</tr>")
        }
        rows.append("</tbody></table></div>")
        return section("participation", "Participation and NPS over time", rows)
    }

    static func reliability(_ report: Report, wave: String) -> String {
        var rows = ["<table>", "<caption>Cronbach's alpha of each dimension, everyone, \(Markup.text(wave)).</caption>"]
        rows.append("<thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">Alpha</th><th scope=\"col\">Reading</th></tr></thead><tbody>")
        for dimension in report.survey.dimensions {
            let alpha = report.score(wave: wave, community: .all, dimension: dimension.id)?.figures.value?.dimension.alpha
            let reading = alpha.map { DimensionFigures.isUnreliable($0) ? "below 0.70: the items may not measure one thing; read the score with care" : "consistent" } ?? "not computable"
            rows.append("<tr><th scope=\"row\">\(Markup.text(dimension.title))</th><td>\(alpha.map { decimal($0, places: 2) } ?? "–")</td><td>\(reading)</td></tr>")
        }
        rows.append("</tbody></table>")
        return section("reliability", "Reliability", rows)
    }

    static func howToRead(_ report: Report) -> String {
        section(
            "how", "How to read this page",
            [
                "<p>A <strong>score</strong> is the mean of members’ answers on 0–100 (0: everyone strongly disagrees, 100: everyone strongly agrees, after turning round the questions worded the other way). <strong>Favorable</strong> is the share of answers at the agreeing end.</p>",
                "<p>A change or difference is called <strong>meaningful</strong> only when it is at least 5 points and unlikely to be chance: q &lt; 0.05, where q is the p-value adjusted for the other tests of the same table, so that among results with q under 0.05 at most about 1 in 20 is a false alarm. The page always shows the size next to q.</p>",
                "<p><strong>Practices</strong> compare members of the same community, so a community that simply does well does not make its practices look good; still, they show association, not cause. A practice a community <strong>took up</strong> is compared with communities that did not over the same waves: the closest the survey comes to showing what a practice changes. <strong>Key drivers</strong> are association only.</p>",
                "<p>Groups smaller than \(report.survey.minimumGroupSize) respondents, and any group whose numbers would let a reader work one out, show “\(notEnough)”. Every number here is in the CSV and JSON files beside this page.</p>",
            ])
    }

    static let style = """
        :root{--ink:#222;--muted:#555;--line:#ccc;--accent:#0072B2}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:72rem;padding:1rem 1.25rem;line-height:1.45}
        h1{font-size:1.7rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem}
        h3{font-size:1rem;margin:.2rem 0}
        .facts{color:var(--muted);margin:.2rem 0}
        nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}nav a{color:var(--accent)}
        a:focus,summary:focus{outline:3px solid #E69F00;outline-offset:2px}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem;max-width:100%}
        caption{text-align:left;color:var(--muted);padding:.3rem 0}
        th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#f2f2f2}
        .heatmap td{text-align:center;min-width:5.5rem}.heatmap td.dark{color:#fff}.heatmap td.light{color:#111}
        .withheld{color:var(--muted);font-style:italic;background:repeating-linear-gradient(45deg,#f4f4f4,#f4f4f4 6px,#e8e8e8 6px,#e8e8e8 12px)}
        .mark{font-weight:bold;white-space:nowrap}
        .evidence{color:var(--muted);font-size:.85em}
        .recommendations li{margin:.4rem 0}
        figure{margin:.5rem 0 1rem;break-inside:avoid;page-break-inside:avoid}
        figcaption{font-size:.9rem;color:var(--muted)}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}
        svg.chart{width:100%;height:auto;display:block}
        details{margin:.3rem 0}summary{cursor:pointer;color:var(--accent)}
        .legend{font-size:.85rem;color:var(--muted)}
        .swatch{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .25em 0 .6em;border:1px solid #888}
        .table-wrap{overflow-x:auto}
        footer{margin-top:2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
        @media (max-width:40rem){body{padding:.6rem}h1{font-size:1.35rem}th,td{padding:.25rem .3rem}.heatmap td{min-width:3rem}.heatmap .word{display:none}}
        @media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:10.5pt}nav,summary{display:none}
        section{break-inside:auto}h2{break-after:avoid}figure,table{break-inside:avoid}.grid{grid-template-columns:repeat(3,1fr)}
        a{color:inherit;text-decoration:none}}
        """
}
