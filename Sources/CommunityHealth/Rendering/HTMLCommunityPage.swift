/// One community's page (`communities/<slug>.html`): the same facts as the text page, as one
/// self-contained HTML page (no script, no request). Each number's cell names the CSV row and
/// column it comes from (`data-row`, `data-col`), so a reader's tool — or a test — can check it.
public enum HTMLCommunityPage {
    public static func render(_ page: CommunityPage) -> String {
        var html = HTMLScorecard.head(title: "\(page.name) – \(page.survey.title)")
        html.append("<header>")
        html.append("<p class=\"facts\"><a href=\"../index.html\">All communities</a> · <a href=\"../scorecard.html\">The organisation’s scorecard</a></p>")
        html.append("<h1>\(Markup.text(page.name))</h1>")
        html.append("<p class=\"facts\">\(Markup.text(page.survey.title)) · wave <strong>\(Markup.text(page.wave))</strong></p>")
        html.append("</header>")
        html.append("<main id=\"main\">")
        if let reason = page.withheld {
            html.append("<p class=\"withheld\">No figures for \(Markup.text(page.name)) in \(Markup.text(page.wave)): \(reason.text). Every figure of the community is withheld to protect its members.</p>")
        } else {
            html.append(recommendations(page))
            html.append(participation(page))
            html.append(dimensions(page))
            html.append(trends(page))
            html.append(questions(page))
            html.append(relative(page))
            html.append(practices(page))
            html.append(drivers(page))
        }
        html.append("</main>")
        html.append(
            "<footer><p>Made by cophealth \(HelpText.version) from survey <code>\(Markup.text(page.survey.id))</code>. "
                + "A withheld figure says why: fewer responses than it needs (\(page.survey.minimumGroupSize); key drivers \(Disclosure.driverMinimum)), "
                + "or enough, but “\(WithheldReason.protectsSmallerGroup.text)”. Every number here is in the CSV files beside the organisation’s scorecard.</p></footer>")
        html.append("</body>")
        html.append("</html>")
        return html.joined(separator: "\n") + "\n"
    }

    /// A data row, keyed by the CSV file and row it comes from, its cells labelled by `columns`
    /// (the table's columns after the first) for the stacked form on a phone.
    static func row(_ file: String, _ keys: [String], header: String, _ cells: [String], columns: [String]) -> String {
        HTMLScorecard.row(header, cells, labels: columns, attributes: " data-row=\"\(Markup.attribute(([file] + keys).joined(separator: "|")))\"")
    }

    /// A number's cell, named by its CSV column.
    static func number(_ column: String, _ text: String) -> String {
        "<td data-col=\"\(column)\">\(Markup.text(text))</td>"
    }

    /// A table whose rows become labelled blocks on a phone.
    static func table(caption: String, columns: [String], rows: [String]) -> [String] {
        HTMLScorecard.table(caption, header: [HTMLScorecard.columnsRow(columns)], rows: rows, kind: "stack")
    }

    static func recommendations(_ page: CommunityPage) -> String {
        let items = page.recommendations.isEmpty
            ? ["<p>The data do not point to a clear suggestion for this community in this wave.</p>"]
            : ["<ol class=\"recommendations\">"] + page.recommendations.map { "<li>\(Markup.text($0))</li>" } + ["</ol>"]
        return HTMLScorecard.section("good", "Suggestions for \(page.name)", items)
    }

    static func participation(_ page: CommunityPage) -> String {
        let columns = ["Respondents", "Rate", "NPS"]
        let rows = page.participation.map { line -> String in
            let keys = [line.wave, page.name]
            guard let respondents = line.respondents.value else {
                return row("participation.csv", keys, header: Markup.text(line.wave), [withheld(line.respondents.withheldReason, page, columns: 3)], columns: columns)
            }
            return row(
                "participation.csv", keys, header: Markup.text(line.wave),
                [number("respondents", count(respondents)), number("rate", line.rate.map { decimal($0, places: 0) + "%" } ?? ""),
                 number("nps", line.netPromoterScore.map { signed($0) } ?? "")], columns: columns)
        }
        return HTMLScorecard.section(
            "participation", "Participation and NPS", table(caption: "Respondents, response rate and NPS in each wave", columns: ["Wave"] + columns, rows: rows))
    }

    static func withheld(_ reason: WithheldReason?, _ page: CommunityPage, columns: Int) -> String {
        HTMLScorecard.withheldCell(reason, page.survey, columns: columns)
    }

    static func dimensions(_ page: CommunityPage) -> String {
        let columns = ["Score", "Mean", "95% CI", "Favorable", "Change", "vs rest", "q"]
        let rows = page.dimensions.map { line -> String in
            let keys = [page.wave, page.name, line.dimension.id]
            let header = Markup.text(line.dimension.title)
            guard let figures = line.figures.value else {
                return row("scores.csv", keys, header: header, [withheld(line.figures.withheldReason, page, columns: 7)], columns: columns)
            }
            let d = figures.dimension
            var cells = [
                number("score", decimal(d.score, places: 0)), number("mean", decimal(d.mean, places: 2)),
                number("ci", d.confidenceInterval.map { decimal($0.lowerBound, places: 2) + "–" + decimal($0.upperBound, places: 2) } ?? ""),
                number("favorable", d.favorable.map { decimal($0, places: 0) + "%" } ?? ""),
                number("change", figures.change.map { changeText($0) } ?? ""),
            ]
            cells.append(number("difference_rest", figures.versusRest.map { signed($0.difference, places: 1) + ($0.isMeaningful ? ($0.difference > 0 ? " ▲" : " ▼") : "") } ?? ""))
            cells.append(number("q_rest", CommunityRecommendations.qText(figures.versusRest?.q)))
            return row("scores.csv", keys, header: header, cells, columns: columns)
        }
        return HTMLScorecard.section(
            "dimensions", "Dimensions in \(page.wave)",
            ["<p>Score 0–100; the mean and its 95% interval on the answer scale; % favorable; the change since the previous wave; the difference from the rest of the organisation and its q. ▲ ▼ mark a meaningful change or difference (at least 5 points, q &lt; 0.05).</p>"]
                + table(caption: "\(page.name): dimensions, \(page.wave)", columns: ["Dimension"] + columns, rows: rows))
    }

    static func changeText(_ change: Change) -> String {
        (change.isMeaningful ? (change.points > 0 ? "▲ " : "▼ ") : "") + signed(change.points)
    }

    static func trends(_ page: CommunityPage) -> String {
        guard page.waves.count > 1, !page.dimensions.isEmpty else { return "" }
        let rows = page.dimensions.map { line in
            HTMLScorecard.row(
                Markup.text(line.dimension.title),
                line.history.map { entry in
                    entry.score.map { "<td data-row=\"\(Markup.attribute("scores.csv|\(entry.wave)|\(page.name)|\(line.dimension.id)"))\" data-col=\"score\">\(decimal($0, places: 0))</td>" }
                        ?? "<td class=\"withheld\">\(Markup.text(entry.withheld.map { HTMLScorecard.why($0, page.survey) } ?? "no responses"))</td>"
                }, labels: page.waves)
        }
        return HTMLScorecard.section(
            "trends", "Scores over time", table(caption: "\(page.name): each dimension’s score (0–100) in each wave", columns: ["Dimension"] + page.waves, rows: rows))
    }

    static func questions(_ page: CommunityPage) -> String {
        let columns = ["Favorable", "Neutral", "Unfavorable", "All: favorable", "Change"]
        let rows = page.questions.map { line -> String in
            let keys = [page.wave, page.name, line.question.id]
            let header = "<span class=\"qid\">\(Markup.text(line.question.id))</span> \(Markup.text(line.question.text))"
            guard let figures = line.figures.value else {
                return row("items.csv", keys, header: header, [withheld(line.figures.withheldReason, page, columns: 5)], columns: columns)
            }
            return row(
                "items.csv", keys, header: header,
                [number("favorable", decimal(figures.favorable, places: 0) + "%"), number("neutral", decimal(figures.neutral, places: 0) + "%"),
                 number("unfavorable", decimal(figures.unfavorable, places: 0) + "%"),
                 "<td data-row=\"\(Markup.attribute("items.csv|\(page.wave)|All|\(line.question.id)"))\" data-col=\"favorable\">\(line.allFavorable.map { decimal($0, places: 0) + "%" } ?? "")</td>",
                 number("change", figures.change.map { changeText($0) } ?? "")], columns: columns)
        }
        let since = page.previousWave.map { " since \($0)" } ?? ""
        return HTMLScorecard.section(
            "questions", "Every question in \(page.wave)",
            table(
                caption: "\(page.name): % favorable, neutral and unfavorable, the organisation’s % favorable, and the change of the question’s score\(since)",
                columns: ["Question"] + columns, rows: rows))
    }

    static func relative(_ page: CommunityPage) -> String {
        let strongest = page.strongest, weakest = page.weakest
        guard !strongest.isEmpty || !weakest.isEmpty else { return "" }
        func list(_ title: String, _ lines: [CommunityPage.QuestionLine]) -> [String] {
            guard !lines.isEmpty else { return [] }
            return ["<h3>\(title)</h3>", "<ul>"]
                + lines.map { "<li><strong>\(signed($0.relative ?? 0)) points</strong> · \(Markup.text($0.question.id)) \(Markup.text($0.question.text))</li>" } + ["</ul>"]
        }
        return HTMLScorecard.section(
            "relative", "Against the organisation",
            ["<p>The questions whose score (0–100) is furthest above and below the organisation’s.</p>"] + list("Strongest", strongest) + list("Weakest", weakest))
    }

    static func practices(_ page: CommunityPage) -> String {
        guard !page.practices.isEmpty else { return "" }
        let target = page.practices.lazy.compactMap(\.evidence?.target).first
        let columns = ["Yours", "All", "Within communities"]
        let rows = page.practices.map { line -> String in
            var cells: [String]
            switch line.share {
            case .shown(let figures)?: cells = [number("share", decimal(figures.share, places: 0) + "%")]
            case .withheld(let reason)?: cells = [withheld(reason, page, columns: 1)]
            case nil: cells = ["<td></td>"]
            }
            cells.append("<td data-row=\"\(Markup.attribute("practice_shares.csv|\(page.wave)|All|\(line.option)"))\" data-col=\"share\">\(line.allShare.map { decimal($0, places: 0) + "%" } ?? "")</td>")
            if let evidence = line.evidence, let within = evidence.within {
                cells.append(
                    "<td data-row=\"\(Markup.attribute("practices.csv|\(page.wave)|\(line.option)|\(evidence.target.id)"))\" data-col=\"within_difference\">"
                        + signed(within.difference, places: 1) + (evidence.isMeaningfulWithin ? " (meaningful)" : "") + "</td>")
            } else {
                cells.append("<td></td>")
            }
            return row("practice_shares.csv", [page.wave, page.name, line.option], header: Markup.text(line.option), cells, columns: columns)
        }
        return HTMLScorecard.section(
            "practices", "Practices",
            ["<p>The share of members who report each practice, against the organisation’s; and the organisation-wide difference within communities\(target.map { " on " + Markup.text($0.id) } ?? "") between members who report it and those who do not (meaningful: at least 5 points, q &lt; 0.05). An association, not proof of cause.</p>"]
                + table(caption: "\(page.name): practices, \(page.wave)", columns: ["Practice"] + columns, rows: rows))
    }

    static func drivers(_ page: CommunityPage) -> String {
        guard !page.drivers.isEmpty, let outcome = page.survey.outcome else { return "" }
        let group = page.driversAreOwn ? page.name : "All"
        let columns = ["r", "Favorable", "Class"]
        let rows = page.drivers.map { line in
            row(
                "drivers.csv", [page.wave, group, line.question.id],
                header: "<span class=\"qid\">\(Markup.text(line.question.id))</span> \(Markup.text(line.question.text))",
                [number("r", decimal(line.figures.correlation.r, places: 2)), number("favorable", decimal(line.figures.favorable, places: 0) + "%"),
                 "<td>\(Markup.text(line.figures.driverClass.rawValue))</td>"], columns: columns)
        }
        let about = page.driversAreOwn
            ? "This community’s own key drivers: how closely each question goes with \(Markup.text(outcome)) (r), and its % favorable."
            : "The organisation’s key drivers, not this community’s own (a community needs \(Disclosure.driverMinimum) respondents for its own): how closely each question goes with \(Markup.text(outcome)) (r), and its % favorable."
        return HTMLScorecard.section(
            "drivers", "Key drivers of \(outcome)",
            ["<p>\(about)</p>"] + table(caption: "Key drivers, \(page.wave) (\(group))", columns: ["Question"] + columns, rows: rows))
    }
}
