/// The health scorecard as one self-contained HTML page: inline CSS and SVG, no script, no
/// request to anywhere. Written as well-formed XML, every text from the survey or the data
/// escaped. It has the text scorecard's sections (`ScorecardSection`), and a withheld figure
/// says why it is withheld.
public enum HTMLScorecard: ScorecardRenderer {
    /// Okabe–Ito colours, distinguishable with every common colour-vision deficiency.
    static let favorableColor = "#0072B2"
    static let unfavorableColor = "#D55E00"
    static let neutralColor = "#BBBBBB"
    static let strengthColor = "#009E73"
    static let mutedColor = "#555555"
    static let dimensionColors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    public static func render(_ report: Report) -> String {
        var page = head(title: "\(report.survey.title) – health scorecard")
        page.append(header(report))
        if let wave = report.focusWave {
            let parts = ScorecardSection.list(report, wave: wave)
            page.append(contents(parts))
            page.append("<main id=\"main\">")
            let scorecard = ScorecardInput(report: report, wave: wave)
            page += parts.map { part in
                let more = scorecard.moreTooSmallText(part).map { ["<p class=\"more\">\(Markup.text($0))</p>"] } ?? []
                return section(part.rawValue, part.title(report, wave: wave), part.draw(by: HTMLScorecard.self, scorecard) + more)
            }
            page.append("</main>")
        } else {
            page.append("<main id=\"main\"><p>No responses yet: add response files and run the report again.</p></main>")
        }
        page.append("<footer><p>Made by cophealth \(HelpText.version) from survey <code>\(Markup.text(report.survey.id))</code>. Every number here is in the CSV and JSON files beside this page.</p></footer>")
        page += ["</body>", "</html>"]
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

    static func contents(_ parts: [ScorecardSection]) -> String {
        "<nav aria-label=\"Contents\"><ul>\n" + parts.map { "<li><a href=\"#\($0.rawValue)\">\(Markup.text($0.shortTitle))</a></li>" }.joined() + "\n</ul></nav>"
    }

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

    static func paragraph(_ text: String) -> String {
        "<p>\(Markup.text(text))</p>"
    }

    // MARK: - Tables

    /// A table in a wrapper that scrolls sideways where the table is wider than the screen, its
    /// row headers kept in view; a `stack` table shows each row as a block of labelled cells on a phone.
    static func table(_ caption: String, header: [String], rows: [String], kind: String? = nil) -> [String] {
        ["<div class=\"table-wrap\"><table\(kind.map { " class=\"\($0)\"" } ?? "")>", "<caption>\(Markup.text(caption))</caption>",
         "<thead>" + header.joined() + "</thead><tbody>"] + rows + ["</tbody></table></div>"]
    }

    static func columnsRow(_ columns: [String]) -> String {
        "<tr>" + columns.map { "<th scope=\"col\">\(Markup.text($0))</th>" }.joined() + "</tr>"
    }

    /// A body row: its header cell (markup), then its cells, each labelled with its column's name
    /// for the stacked form.
    static func row(_ header: String, _ cells: [String], labels: [String] = [], attributes: String = "") -> String {
        var row = "<tr\(attributes)><th scope=\"row\">\(header)</th>"
        for (index, cell) in cells.enumerated() { appendLabelled(cell, index < labels.count ? labels[index] : "", to: &row) }
        return row + "</tr>"
    }

    /// Appends a `<td>` given `data-label`, the column's name that a stacked table shows before
    /// the cell on a phone; not a cell that spans columns, which has no one name.
    private static func appendLabelled(_ cell: String, _ label: String, to text: inout String) {
        guard !label.isEmpty, cell.utf8.starts(with: "<td".utf8), !spansColumns(cell) else { return text += cell }
        text += "<td data-label=\""
        text += Markup.attribute(label)
        text += "\""
        text += Substring(cell.utf8.dropFirst(3))
    }

    /// Whether a cell's opening tag says `colspan` (one pass over its bytes: there are many cells).
    static func spansColumns(_ cell: String) -> Bool {
        let pattern: [UInt8] = Array("colspan".utf8)
        var matched = 0
        for byte in cell.utf8 {
            if byte == UInt8(ascii: ">") { return false }
            matched = byte == pattern[matched] ? matched + 1 : (byte == pattern[0] ? 1 : 0)
            if matched == pattern.count { return true }
        }
        return false
    }

    static func cell(_ text: String) -> String {
        "<td>\(Markup.text(text))</td>"
    }

    /// Why a figure is withheld, in words (a figure without a reason: too few responses).
    static func why(_ reason: WithheldReason?, _ survey: Survey) -> String {
        (reason ?? .fewerThan(survey.minimumGroupSize)).text
    }

    static func withheldCell(_ reason: WithheldReason?, _ survey: Survey, columns: Int = 1) -> String {
        "<td class=\"withheld\"\(columns > 1 ? " colspan=\"\(columns)\"" : "")>\(Markup.text(why(reason, survey)))</td>"
    }

    /// A data table inside a `<details>`, beside the chart it draws.
    static func dataTable(_ caption: String, header: [String], rows: [[String]]) -> String {
        let labels = Array(header.dropFirst())
        let body = rows.map { row(Markup.text($0[0]), $0.dropFirst().map(cell), labels: labels) }
        return (["<details><summary>Data: \(Markup.text(caption))</summary>"] + table(caption, header: [columnsRow(header)], rows: body, kind: "stack") + ["</details>"])
            .joined(separator: "\n")
    }

    static func participationOverTime(_ scorecard: ScorecardInput) -> [String] {
        overTime(scorecard, "Share of members who responded in each wave") { $0.rate.map { decimal($0, places: 0) + "%" } }
    }

    static func netPromoterOverTime(_ scorecard: ScorecardInput) -> [String] {
        [paragraph(TextScorecard.netPromoterMeaning)]
            + overTime(scorecard, "Net Promoter Score in each wave") { $0.netPromoterScore.map { signed($0) } }
    }

    /// A table of every community (rows) in every wave (columns), one figure each.
    static func overTime(_ scorecard: ScorecardInput, _ caption: String, _ value: (ParticipationRow) -> String?) -> [String] {
        let report = scorecard.report
        let rows = scorecard.overTimeCommunities.map { community in
            row(Markup.text(community.description), report.waves.map { wave in
                guard let line = report.participation(wave: wave, community: community) else { return "<td></td>" }
                return value(line).map(cell) ?? withheldCell(line.respondents.withheldReason, report.survey)
            })
        }
        return table(caption, header: [columnsRow(["Community"] + report.waves)], rows: rows)
    }

    // MARK: - Sections

    static func recommendations(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report
        guard !report.recommendations.isEmpty else { return [paragraph(TextScorecard.noRecommendation)] }
        let items = report.recommendations.map { "<li>\(Markup.text($0.text)) <span class=\"evidence\">(\(Markup.text($0.evidence)))</span></li>" }
        return ["<ol class=\"recommendations\">"] + items + ["</ol>"]
    }

    static func participation(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let lines = scorecard.participation
        let hasMembers = lines.contains { $0.members != nil }
        let rows = lines.map { line -> String in
            var cells = [line.respondents.value.map { cell(count($0)) } ?? withheldCell(line.respondents.withheldReason, report.survey)]
            if hasMembers {
                cells.append(cell(line.members.map(count) ?? ""))
                cells.append(line.rate.map { cell(decimal($0, places: 0) + "%") } ?? (line.members == nil ? "<td></td>" : withheldCell(line.respondents.withheldReason, report.survey)))
            }
            return row(Markup.text(line.community.description), cells)
        }
        let columns = ["Community", "Respondents"] + (hasMembers ? ["Members", "Rate"] : [])
        return table("Respondents\(hasMembers ? ", members and response rate" : "") in \(wave)", header: [columnsRow(columns)], rows: rows)
    }

    /// Communities × dimensions: score, % favorable and change since the previous wave, and health.
    static func health(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let dimensions = report.survey.dimensions
        let header = [
            "<tr><th scope=\"col\" rowspan=\"2\">Community</th>"
                + dimensions.map { "<th scope=\"colgroup\" colspan=\"3\">\(Markup.text($0.title))</th>" }.joined()
                + "<th scope=\"col\" rowspan=\"2\">Health</th></tr>",
            "<tr>" + String(repeating: "<th scope=\"col\">Score</th><th scope=\"col\">% fav.</th><th scope=\"col\">Change</th>", count: dimensions.count) + "</tr>",
        ]
        let rows = scorecard.communities.map { community in
            let cells = dimensions.map { dimension -> String in
                let row = report.score(wave: wave, community: community, dimension: dimension.id)
                guard let figures = row?.figures.value else { return withheldCell(row?.figures.withheldReason, report.survey, columns: 3) }
                return cell(decimal(figures.dimension.score, places: 0)) + cell(figures.dimension.favorable.map { decimal($0, places: 0) + "%" } ?? "")
                    + cell(TextScorecard.changeMark(figures.change))
            }
            let health = report.health(wave: wave, community: community).map { cell(decimal($0, places: 0)) }
                ?? withheldCell(TextScorecard.healthWithheld(report, wave: wave, community: community), report.survey)
            return row(Markup.text(community.description), cells + [health])
        }
        let previous = TextScorecard.trendWaves(report, focus: wave).dropLast().last
        return [
            "<p>Score from 0 to 100, % favorable, and the change since \(previous.map { "the previous wave (\(Markup.text($0)))" } ?? "the previous wave"); ▲ ▼ mark a meaningful change (at least 5 points, q &lt; 0.05). Health: the mean of a community’s dimension scores.</p>"
        ] + table("Health by community and dimension, \(wave)", header: header, rows: rows)
    }

    /// Communities × dimensions as a table: the score, shaded, with a mark (and words) where a
    /// community is meaningfully above or below the rest of the organisation.
    static func heatMap(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let dimensions = report.survey.dimensions
        let rows = scorecard.communities.filter { $0 != .all }.map { community in
            row(Markup.text(community.description), dimensions.map { dimension in
                let row = report.score(wave: wave, community: community, dimension: dimension.id)
                guard let figures = row?.figures.value else { return withheldCell(row?.figures.withheldReason, report.survey) }
                return heatCell(figures)
            })
        }
        return [
            "<p>Scores from 0 to 100 in \(Markup.text(wave)), darker for higher. ▲ above / ▼ below: at least 5 points above or below everyone else in the organisation, and q &lt; 0.05 (the p-value adjusted for the table’s other tests).</p>"
        ] + table("Scores by community and dimension, \(wave)", header: [columnsRow(["Community"] + dimensions.map(\.title))], rows: rows, kind: "heatmap")
    }

    static func heatCell(_ figures: ScoreFigures) -> String {
        let score = figures.dimension.score
        var mark = ""
        if let rest = figures.versusRest, rest.isMeaningful {
            mark = rest.difference > 0 ? " <span class=\"mark\">▲<span class=\"word\"> above</span></span>" : " <span class=\"mark\">▼<span class=\"word\"> below</span></span>"
        }
        return "<td style=\"background:\(shade(score))\" class=\"\(score >= 60 ? "dark" : "light")\">\(decimal(score, places: 0))\(mark)</td>"
    }

    /// Light to dark blue over 30–90 points.
    static func shade(_ score: Double) -> String {
        let t = max(0, min(1, (score - 30) / 60))
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        let (r, g, b) = (mix(0xDE, 0x08), mix(0xEB, 0x45), mix(0xF7, 0x94))
        return "#" + [r, g, b].map { value in let hex = String(value, radix: 16); return hex.count == 1 ? "0" + hex : hex }.joined()
    }

    /// The share of each community reporting each practice.
    static func practiceShares(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let options = TextScorecard.shareOptions(report, wave: wave)
        let rows = scorecard.communities.map { community in
            row(Markup.text(community.description), options.map { option in
                let share = report.practiceShare(wave: wave, community: community, option: option)?.figures
                return share?.value.map { cell(decimal($0.share, places: 0) + "%") } ?? withheldCell(share?.withheldReason, report.survey)
            })
        }
        return table("% of each community’s respondents who report the practice, \(wave) (practice_shares.csv)", header: [columnsRow(["Community"] + options)], rows: rows)
    }

    static func strongestDimensions(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let rows = scorecard.communities.filter { $0 != .all }.compactMap { community in
            TextScorecard.strongestDimension(report, wave: wave, community: community).map { best in
                row(Markup.text(community.description), [cell(best.0.title), cell(decimal(best.1, places: 0))])
            }
        }
        guard !rows.isEmpty else { return [paragraph(TextScorecard.noStrongestDimension(wave))] }
        return table("Each community’s highest-scoring dimension, \(wave)", header: [columnsRow(["Community", "Dimension", "Score"])], rows: rows)
    }

    static func netPromoter(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let rows = scorecard.netPromoterRows.map { line in
            row(
                Markup.text(line.community.description),
                [cell(line.question.id)]
                    + (line.figures.value.map { [cell($0.netPromoterScore.map { signed($0) } ?? ""), cell(count($0.answers))] }
                        ?? [withheldCell(line.figures.withheldReason, report.survey, columns: 2)]))
        }
        return [paragraph(TextScorecard.netPromoterMeaning)]
            + table("Net Promoter Score, \(wave)", header: [columnsRow(["Community", "Question", "NPS", "Answers"])], rows: rows)
    }

    /// The reliability warnings the text scorecard gives, and every group's alpha beside them.
    static func reliability(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let warnings = TextScorecard.reliabilityWarnings(report, wave: wave)
        let said = warnings.isEmpty ? [paragraph(TextScorecard.reliable(wave))]
            : ["<ul class=\"warnings\">"] + warnings.map { "<li class=\"warning\">\(Markup.text($0))</li>" } + ["</ul>"]
        let dimensions = report.survey.dimensions
        let rows = scorecard.communities.map { community in
            row(Markup.text(community.description), dimensions.map { dimension in
                let row = report.score(wave: wave, community: community, dimension: dimension.id)
                guard let figures = row?.figures.value else { return withheldCell(row?.figures.withheldReason, report.survey) }
                guard let alpha = figures.dimension.alpha else { return "<td></td>" }
                return DimensionFigures.isUnreliable(alpha) ? "<td class=\"low\">\(decimal(alpha, places: 2)) (low)</td>" : cell(decimal(alpha, places: 2))
            })
        }
        return said + table(
            "Cronbach’s alpha of each dimension, \(wave): below \(decimal(TextScorecard.reliableAlpha, places: 2)), its questions may not measure one thing",
            header: [columnsRow(["Community"] + dimensions.map(\.title))], rows: rows)
    }

    static func howToRead(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        return [
            "<p>A <strong>score</strong> is the mean of members’ answers on 0–100 (0: everyone strongly disagrees, 100: everyone strongly agrees, after turning round the questions worded the other way). <strong>Favorable</strong> is the share of answers at the agreeing end.</p>",
            "<p>A change or difference is called <strong>meaningful</strong> only when it is at least 5 points and unlikely to be chance: q &lt; 0.05, where q is the p-value adjusted for the other tests of the same table, so that among results with q under 0.05 at most about 1 in 20 is a false alarm. The page always shows the size next to q.</p>",
            "<p><strong>Practices</strong> compare members of the same community, so a community that simply does well does not make its practices look good; still, they show association, not cause. A practice a community <strong>took up</strong> is compared with communities that did not over the same waves: the closest the survey comes to showing what a practice changes. <strong>Key drivers</strong> are association only.</p>",
            "<p>A withheld figure says why: “\(WithheldReason.fewerThan(report.survey.minimumGroupSize).text)” (key drivers need \(Disclosure.driverMinimum)), or “\(WithheldReason.protectsSmallerGroup.text)”. Where only a few skipped some of a dimension’s questions, or only a few are outside the communities shown, they are left out of the figure (the CSV files say how many each figure counts).</p>",
        ] + TextScorecard.falseAlarms(report, wave: wave).map(paragraph)
    }

    /// Charts are drawn with text of 11 units or more, and shown no smaller than their own size:
    /// a wide chart only from 48rem across (where it fits), a narrow one (360 wide) below that,
    /// small multiples in columns at least as wide as they are. Tables scroll sideways in their
    /// wrapper, their row headers kept in view; a `stack` table becomes labelled blocks on a phone.
    static let style = """
        :root{--ink:#222;--muted:#555;--line:#ccc;--accent:#0072B2}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:72rem;padding:1rem 1.25rem;line-height:1.45}
        h1{font-size:1.7rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem}
        h3{font-size:1rem;margin:.8rem 0 .2rem}
        .facts{color:var(--muted);margin:.2rem 0}
        nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}nav a{color:var(--accent)}
        a:focus,summary:focus{outline:3px solid #E69F00;outline-offset:2px}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
        caption{text-align:left;color:var(--muted);padding:.3rem 0}
        th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#f2f2f2}
        .table-wrap{overflow-x:auto;max-width:100%}
        .table-wrap tbody th{position:sticky;left:0;z-index:1;background:#fff;max-width:14rem}
        .table-wrap caption{position:sticky;left:0;max-width:calc(100vw - 3.5rem)}
        .table-wrap .stack tbody th{max-width:30rem}th:has(.qid){font-weight:normal}
        .heatmap td{text-align:center;min-width:5.5rem}.heatmap td.dark{color:#fff}.heatmap td.light{color:#111}
        .withheld{color:var(--muted);font-style:italic;background:repeating-linear-gradient(45deg,#f4f4f4,#f4f4f4 6px,#e8e8e8 6px,#e8e8e8 12px)}
        .heatmap td.withheld{font-size:.8rem}
        td.low{color:#A33D00;font-weight:600}.warning{color:#8A3300}
        .mark{font-weight:bold;white-space:nowrap}
        .evidence{color:var(--muted);font-size:.85em}
        .recommendations li,.key li{margin:.4rem 0}
        .qid{font-weight:600;white-space:nowrap}
        figure{margin:.5rem 0 1rem;min-width:0;break-inside:avoid;page-break-inside:avoid}
        figcaption{font-size:.9rem;color:var(--muted)}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,19rem),1fr));gap:1rem}
        svg.chart{width:100%;height:auto;display:block}svg.wide{max-width:56rem}svg.narrow{max-width:28rem}
        @media (min-width:48rem){svg.narrow{display:none}}
        @media (max-width:47.99rem){svg.wide{display:none}}
        details{margin:.3rem 0}summary{cursor:pointer;color:var(--accent)}
        .legend{font-size:.85rem;color:var(--muted)}
        .swatch{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .25em 0 .6em;border:1px solid #888}
        footer{margin-top:2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
        @media (max-width:40rem){body{padding:.6rem}h1{font-size:1.35rem}th,td{padding:.25rem .3rem}.heatmap td{min-width:3rem}.heatmap .word{display:none}
        .table-wrap tbody th{max-width:9rem}.table-wrap caption{max-width:calc(100vw - 1.2rem)}
        table.stack,.stack caption,.stack tbody,.stack tr,.stack th{display:block}
        .stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
        .stack tr{border:1px solid var(--line);margin:0 0 .5rem;padding-bottom:.2rem}.stack th,.stack td{border:0}
        .stack tbody th{position:static;max-width:none;background:#f2f2f2;margin-bottom:.2rem}
        .stack td{display:inline-block;margin-right:.6rem}.stack td:empty{display:none}.stack td[colspan]{display:block}
        .stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}}
        @media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:10.5pt}nav,summary{display:none}
        section{break-inside:auto}h2{break-after:avoid}figure,table{break-inside:avoid}.grid{grid-template-columns:repeat(3,1fr)}
        svg.narrow{display:none}svg.wide{display:block}
        a{color:inherit;text-decoration:none}}
        """
}
