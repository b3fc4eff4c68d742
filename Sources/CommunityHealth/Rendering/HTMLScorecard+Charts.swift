/// The page's charts; each is a `<figure>` with a caption, an SVG with title and description
/// (two, where a phone needs its own shape), and the table or key of what it draws.
extension HTMLScorecard {
    /// One small chart per community: each dimension's score across the waves, with meaningful
    /// changes marked (a ring and ▲/▼), withheld waves left as gaps; its table has the changes
    /// the text scorecard's trend table shows.
    static func trends(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let waves = TextScorecard.trendWaves(report, focus: wave)
        let legend = report.survey.dimensions.enumerated().map {
            "<span class=\"swatch\" style=\"background:\(dimensionColor($0.offset))\"></span>\(Markup.text($0.element.title)) (\(dashName($0.offset)))"
        }
        let figures = scorecard.communities.enumerated().map { trendFigure(report, community: $0.element, index: $0.offset, waves: waves) }
        return ["<p class=\"legend\">\(legend.joined(separator: " ")). Rings with ▲ / ▼: a meaningful change since the previous wave.</p>", "<div class=\"grid\">"]
            + figures + ["</div>"]
    }

    static func dimensionColor(_ index: Int) -> String { dimensionColors[index % dimensionColors.count] }
    static func dashName(_ index: Int) -> String { index % 2 == 1 ? "dashed" : "solid" }

    static func trendFigure(_ report: Report, community: CommunityName, index: Int, waves: [String]) -> String {
        let name = community.description
        let series = report.survey.dimensions.map { dimension in waves.map { report.score(wave: $0, community: community, dimension: dimension.id) } }
        let rows = series.joined()
        guard rows.contains(where: { $0?.figures.value != nil }) else {
            let reason = rows.lazy.compactMap { $0?.figures.withheldReason }.first
            return "<figure><figcaption><h3>\(Markup.text(name))</h3>No score in any wave: \(Markup.text(why(reason, report.survey))).</figcaption></figure>"
        }
        let since = TextScorecard.sinceColumns(report, focus: waves[waves.count - 1])
        let tableRows = zip(report.survey.dimensions, series).map { dimension, rows in
            [dimension.title] + rows.map { trendCell($0, report.survey) }
                + since.map { column in rows.last.flatMap { $0?.figures.value }.map { TextScorecard.changeText(column.change($0)) } ?? "" }
        }
        return "<figure>\n<figcaption><h3>\(Markup.text(name))</h3></figcaption>\n"
            + trendChart(report, name: name, series: series, waves: waves, id: "trend-\(index)") + "\n"
            + dataTable("scores of \(name) per wave", header: ["Dimension"] + waves + since.map(\.title), rows: tableRows) + "\n</figure>"
    }

    /// A score in the trend table, with its change where meaningful, or why it is withheld.
    static func trendCell(_ row: ScoreRow?, _ survey: Survey) -> String {
        guard let figures = row?.figures.value else { return why(row?.figures.withheldReason, survey) }
        let score = decimal(figures.dimension.score, places: 0)
        guard let change = figures.change, change.isMeaningful else { return score }
        return score + " (\(change.points > 0 ? "▲" : "▼") \(signed(change.points)), \(pText(change.q, name: "q")))"
    }

    /// 300 wide, in grid columns at least as wide, so its 11-unit text is never under 11 px.
    static func trendChart(_ report: Report, name: String, series: [[ScoreRow?]], waves: [String], id: String) -> String {
        var chart = SVGChart(width: 300, height: 200)
        let left = 30.0, right = 286.0, top = 14.0, bottom = 166.0
        func x(_ wave: Int) -> Double { left + (right - left) * Double(wave) / Double(max(1, waves.count - 1)) }
        func y(_ score: Double) -> Double { bottom - (bottom - top) * score / 100 }
        for tick in stride(from: 0.0, through: 100, by: 25) {
            chart.line(x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: "#e3e3e3")
            chart.text(decimal(tick, places: 0), x: left - 5, y: y(tick) + 4, anchor: "end", color: mutedColor)
        }
        // As many wave names as fit (about 52 units each), always the focus wave's.
        let every = max(1, Int((Double(waves.count) * 52 / (right - left)).rounded(.up)))
        for (w, wave) in waves.enumerated() where (waves.count - 1 - w) % every == 0 {
            let anchor = w == 0 ? "start" : w == waves.count - 1 ? "end" : "middle"
            chart.text(wave, x: x(w) + (w == 0 ? -4 : w == waves.count - 1 ? 4 : 0), y: 188, anchor: anchor, color: mutedColor)
        }
        var described: [String] = []
        for (d, rows) in series.enumerated() {
            let color = dimensionColor(d)
            var segment: [(Double, Double)] = []
            for (w, row) in rows.enumerated() {
                guard let row, let figures = row.figures.value else {
                    chart.polyline(segment, stroke: color, dashed: d % 2 == 1)
                    segment = []
                    continue
                }
                let point = (x(w), y(figures.dimension.score))
                segment.append(point)
                let label = "\(name), \(row.dimension.title), \(row.wave): \(decimal(figures.dimension.score, places: 0))"
                if let change = figures.change, change.isMeaningful {
                    let up = change.points > 0
                    chart.circle(x: point.0, y: point.1, radius: 6.5, color: color, filled: false, label: label + ", meaningful change \(signed(change.points))")
                    chart.text(up ? "▲" : "▼", x: point.0, y: point.1 + (up ? -10 : 18), anchor: "middle", weight: "bold", color: color)
                    described.append("\(row.dimension.title) \(up ? "rose" : "fell") \(decimal(abs(change.points), places: 0)) points in \(row.wave)")
                }
                chart.circle(x: point.0, y: point.1, radius: 3, color: color, label: label)
            }
            chart.polyline(segment, stroke: color, dashed: d % 2 == 1)
        }
        let description = "Scores 0–100 of \(report.survey.dimensions.map(\.title).joined(separator: ", ")) across \(waves.count) waves. "
            + (described.isEmpty ? "No meaningful change." : described.joined(separator: "; ") + ".")
        return chart.markup(id: id, title: "Trends for \(name)", description: description)
    }

    /// The chart in each of its shapes, one after the other (the style sheet shows one).
    static func inEveryShape(_ draw: (ChartShape) -> String) -> String {
        ChartShape.allCases.map(draw).joined(separator: "\n")
    }

    /// The strongest and weakest questions of everyone (as the text scorecard lists them), then
    /// every scale question's unfavorable / neutral / favorable shares, as bars centred on the
    /// neutral middle.
    static func questions(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let (strongest, weakest) = TextScorecard.questionExtremes(report, wave: wave)
        let listed = strongest.isEmpty ? [paragraph(TextScorecard.tooFewQuestions)]
            : questionList("Strongest (% favorable)", strongest) + questionList("Weakest", weakest)
        let rows = report.items.filter { $0.wave == wave && $0.community == .all && $0.question.dimension != nil }
        let tableRows = rows.map { row in
            [row.question.id, row.question.text]
                + (row.figures.value.map { f in [f.unfavorable, f.neutral, f.favorable].map { decimal($0, places: 0) + "%" } }
                    ?? [why(row.figures.withheldReason, report.survey), "", ""])
        }
        let figure = "<figure>\n<figcaption>Answers of everyone in \(Markup.text(wave)), after turning round reverse-worded questions (r). <span class=\"swatch\" style=\"background:\(unfavorableColor)\"></span>unfavorable <span class=\"swatch\" style=\"background:\(neutralColor)\"></span>neutral <span class=\"swatch\" style=\"background:\(favorableColor)\"></span>favorable</figcaption>\n"
            + inEveryShape { questionsChart(rows, report: report, wave: wave, shape: $0) } + "\n"
            + dataTable("shares per question", header: ["Question", "Text", "Unfavorable", "Neutral", "Favorable"], rows: tableRows) + "\n</figure>"
        return listed + ["<h3>Every question</h3>", figure]
    }

    static func questionList(_ title: String, _ entries: [(Question, ItemFigures)]) -> [String] {
        ["<h3>\(title)</h3>", "<ul class=\"key\">"]
            + entries.map { question, figures in
                "<li><strong>\(decimal(figures.favorable, places: 0))%</strong> <span class=\"qid\">\(Markup.text(question.id))</span> \(Markup.text(TextScorecard.describe(question)))</li>"
            } + ["</ul>"]
    }

    static func questionsChart(_ rows: [ItemRow], report: Report, wave: String, shape: ChartShape) -> String {
        let layout = RowLayout(shape, width: 720, labelWidth: 300, markHeight: 18)
        // Room for a percentage beyond the longest bar on either side.
        let centre = (layout.plotLeft + layout.width) / 2, half = (layout.width - layout.plotLeft) / 2 - 34
        let end = layout.bottom(rows.count)
        var chart = SVGChart(width: layout.width, height: end + 26)
        chart.line(x1: centre, y1: layout.top, x2: centre, y2: end, stroke: mutedColor)
        for (index, row) in rows.enumerated() {
            let y = layout.marksTop(index), middle = y + layout.markHeight / 2 + 4
            layout.label(row.question.id + (row.question.reverse ? " (r) " : " ") + row.question.text, row: index, in: &chart)
            guard let f = row.figures.value else {
                chart.text(why(row.figures.withheldReason, report.survey), x: centre, y: middle, anchor: "middle", color: mutedColor)
                continue
            }
            let unfavorable = f.unfavorable / 100 * half, neutral = f.neutral / 100 * half, favorable = f.favorable / 100 * half
            let id = row.question.id
            chart.rect(x: centre - neutral / 2 - unfavorable, y: y, width: unfavorable, height: layout.markHeight, fill: unfavorableColor, label: "\(id) unfavorable \(decimal(f.unfavorable, places: 0))%")
            chart.rect(x: centre - neutral / 2, y: y, width: neutral, height: layout.markHeight, fill: neutralColor, label: "\(id) neutral \(decimal(f.neutral, places: 0))%")
            chart.rect(x: centre + neutral / 2, y: y, width: favorable, height: layout.markHeight, fill: favorableColor, label: "\(id) favorable \(decimal(f.favorable, places: 0))%")
            chart.text("\(decimal(f.favorable, places: 0))%", x: centre + neutral / 2 + favorable + 4, y: middle)
            chart.text("\(decimal(f.unfavorable, places: 0))%", x: centre - neutral / 2 - unfavorable - 4, y: middle, anchor: "end")
        }
        chart.text("← unfavorable", x: centre - 8, y: end + 18, anchor: "end", color: unfavorableColor)
        chart.text("favorable →", x: centre + 8, y: end + 18, color: favorableColor)
        let best = rows.compactMap { row in row.figures.value.map { (row.question.id, $0.favorable) } }.max { $0.1 < $1.1 }
        let description = "Diverging bars of \(rows.count) questions, unfavorable to the left of the neutral middle, favorable to the right."
            + (best.map { " Most favorable: \($0.0) (\(decimal($0.1, places: 0))%)." } ?? "")
        return chart.markup(id: "questions" + shape.idSuffix, title: "Every question, \(wave)", description: description, shape: shape)
    }

    /// Each practice's effect within communities on the ranking target, as Cohen's d with its 95%
    /// interval (a dot and whisker), and the comparison across the organisation beside it (a grey
    /// ring); then the text scorecard's table of d for every target.
    static func practices(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        guard let grid = TextScorecard.PracticeGrid(report, wave: wave) else { return [paragraph("The survey has no practices question.")] }
        let target = grid.ranking
        let ranked = grid.options.compactMap { grid.row($0, target) }
        let tableRows = ranked.map { row -> [String] in
            guard let f = row.figures.value else { return [row.option, why(row.figures.withheldReason, report.survey), "", "", "", "", "", ""] }
            let within = row.within.map { within in
                [
                    "\(signed(within.difference, places: 1)) [\(signed(within.interval.lowerBound, places: 1)), \(signed(within.interval.upperBound, places: 1))]",
                    within.d.map { decimal($0, places: 2) } ?? "", pText(row.withinQ, name: "q"),
                ]
            } ?? ["", "", ""]
            return [row.option, "\(count(f.with.count)) / \(count(f.without.count))"] + within
                + [signed(f.difference, places: 1), f.effect.map { decimal($0.d, places: 2) } ?? "", pText(row.q, name: "q")]
        }
        let top = ranked.first.flatMap { row in row.within?.d.map { "\(row.option) (d = \(decimal($0, places: 2)) within communities)" } }
        let what = target.kind == .outcome ? "\(target.id), “\(target.title)”" : target.title.lowercased()
        let figure = "<figure>\n<figcaption>How each practice goes with \(Markup.text(what)) in \(Markup.text(wave)), among members of the same community: a dot at Cohen's d, a whisker for its 95% interval; filled: at least 5 points and q &lt; 0.05. The grey ring compares all members of the organisation, and so also one community with another: where it stands far from the dot, which community people are in explains the difference.</figcaption>\n"
            + inEveryShape { shape in
                practicesChart(ranked, report: report, shape: shape)
                    .markup(
                        id: "practices" + shape.idSuffix, title: "Practices and \(target.id), \(wave)",
                        description: "Cohen's d within communities with 95% intervals for \(ranked.count) practices, largest first" + (top.map { ": \($0) leads." } ?? "."),
                        shape: shape)
            }
            + "\n" + dataTable(
                "practices against \(target.id)",
                header: ["Practice", "With / without", "Within communities (points, 95% interval)", "d within", "q within", "All members (points)", "d all", "q all"],
                rows: tableRows) + "\n</figure>"
        return [figure] + practiceGridTable(grid, report: report, wave: wave)
    }

    static func practicesChart(_ ranked: [PracticeRow], report: Report, shape: ChartShape) -> SVGChart {
        let layout = RowLayout(shape, width: 680, labelWidth: 240, markHeight: 14)
        let end = layout.bottom(ranked.count)
        func x(_ d: Double) -> Double { layout.plotLeft + 16 + (layout.width - layout.plotLeft - 36) * (max(-1, min(1, d)) + 1) / 2 }
        var chart = SVGChart(width: layout.width, height: end + 44)
        for tick in [-1.0, -0.5, 0, 0.5, 1] {
            chart.line(x1: x(tick), y1: layout.top, x2: x(tick), y2: end, stroke: tick == 0 ? mutedColor : "#e3e3e3")
            chart.text(decimal(tick, places: 1), x: x(tick), y: end + 16, anchor: "middle", color: mutedColor)
        }
        for (index, row) in ranked.enumerated() {
            let y = layout.marksTop(index) + layout.markHeight / 2
            layout.label(row.option, row: index, in: &chart)
            guard let f = row.figures.value else {
                chart.text(why(row.figures.withheldReason, report.survey), x: x(0) + 6, y: y + 4, color: mutedColor)
                continue
            }
            if let pooled = f.effect?.d {
                chart.circle(x: x(pooled), y: y, radius: 3.5, color: "#888888", filled: false, label: "\(row.option), all members: d = \(decimal(pooled, places: 2))")
            }
            if let within = row.within, let d = within.d {
                let perPoint = d / within.difference
                let ends = [within.interval.lowerBound * perPoint, within.interval.upperBound * perPoint]
                chart.line(x1: x(ends.min()!), y1: y, x2: x(ends.max()!), y2: y, stroke: favorableColor, width: 2)
                chart.circle(
                    x: x(d), y: y, radius: 5, color: favorableColor, filled: row.isMeaningfulWithin,
                    label: "\(row.option), within communities: d = \(decimal(d, places: 2)), \(signed(within.difference, places: 1)) points [\(signed(within.interval.lowerBound, places: 1)), \(signed(within.interval.upperBound, places: 1))], \(pText(row.withinQ, name: "q"))")
            }
        }
        chart.text("Cohen's d: members with the practice against those without", x: (layout.plotLeft + layout.width) / 2, y: end + 36, anchor: "middle", color: mutedColor)
        return chart
    }

    /// Every practice's d within communities, and across all members in brackets, for every target.
    static func practiceGridTable(_ grid: TextScorecard.PracticeGrid, report: Report, wave: String) -> [String] {
        let names = grid.targets.map(TextScorecard.PracticeGrid.name)
        let rows = grid.options.map { option in
            row(Markup.text(option), grid.targets.map { target in
                guard let practice = grid.row(option, target) else { return "<td></td>" }
                guard let figures = practice.figures.value else { return withheldCell(practice.figures.withheldReason, report.survey) }
                let within = practice.within?.d.map { decimal($0, places: 2) } ?? ""
                let shown = practice.isMeaningfulWithin ? "<strong>\(within) *</strong>" : within
                return "<td>\(shown) (\(figures.effect.map { decimal($0.d, places: 2) } ?? ""))</td>"
            }, labels: names)
        }
        return ["<h3>Every outcome and dimension</h3>"] + table(
            "Cohen's d within communities (across all members in brackets), \(wave); * at least 5 points apart within communities, q < 0.05",
            header: [columnsRow(["Practice"] + names)], rows: rows, kind: "stack")
    }

    /// Practices taken up between waves (adoption.csv): for each, what the text scorecard says
    /// of it, and a table of its result per target.
    static func adoptions(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report
        let events = report.adoptionEvents()
        guard !events.isEmpty else { return [paragraph(TextScorecard.noAdoption)] }
        let columns = ["Difference (points)", "95% interval", "q", "Before", "Verdict"]
        let tables = events.prefix(TextScorecard.adoptionEventLimit).flatMap { event in
            let rows = event.map { row in
                let estimate = row.estimate
                let cells = [
                    cell(signed(estimate.difference, places: 1)),
                    cell("[\(signed(estimate.interval.lowerBound, places: 1)), \(signed(estimate.interval.upperBound, places: 1))]"),
                    cell(CommunityRecommendations.qText(row.q)), cell(row.preTrend.map { "\(signed($0.difference, places: 1)) (\(pText($0.p)))" } ?? ""),
                    row.verdict == .supported ? "<td><strong>supported</strong></td>" : cell(row.verdict.rawValue),
                ]
                return HTMLScorecard.row(Markup.text(TextScorecard.PracticeGrid.name(row.target)), cells, labels: columns)
            }
            return table(TextScorecard.adoptionHeadline(event), header: [columnsRow(["Score"] + columns)], rows: rows, kind: "stack")
        }
        return [
            "<p>When a community takes up a practice between two waves: the change in its score less the change in communities that did not (difference in differences, points, 95% interval). <em>Before</em> is the same comparison over the two waves before; where scores were already moving apart (p &lt; 0.05) the result is no evidence. <strong>Supported</strong>: q &lt; 0.05 and no pre-trend (adoption.csv).</p>"
        ] + tables + (TextScorecard.moreAdoptions(events).map { [paragraph($0)] } ?? [])
    }

    /// Each question's correlation with the outcome against its % favorable, in four quadrants,
    /// points labelled by question id; the key below gives each question's text, by class.
    static func drivers(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let rows = TextScorecard.driverRows(report, wave: wave)
        guard !rows.isEmpty, let outcome = report.survey.outcome, let medians = report.driverMedians[wave] else {
            return [paragraph(TextScorecard.noDrivers(report.survey.outcome ?? "the outcome"))]
        }
        let opportunities = rows.filter { $0.1.driverClass == .opportunity }.map(\.0.id)
        let description = "\(rows.count) questions placed by correlation and favorability." + (opportunities.isEmpty ? "" : " Opportunities: \(opportunities.joined(separator: ", ")).")
        let charts = inEveryShape { shape in
            driversChart(rows, outcome: outcome, medians: medians, shape: shape)
                .markup(id: "drivers" + shape.idSuffix, title: "Key drivers of \(outcome), \(wave)", description: description, shape: shape)
        }
        let key = [DriverClass.opportunity, .strength, .lowerPriority].flatMap { driverClass in
            driverKey(TextScorecard.driverHeading(driverClass), rows.filter { $0.1.driverClass == driverClass })
        }
        return [
            "<figure>\n<figcaption>Each question’s correlation with \(Markup.text(outcome)) (everyone, \(Markup.text(wave))) against its % favorable; dashed lines at the medians. Filled green: strength; filled vermillion: opportunity; hollow grey: lower priority. The key below gives each question.</figcaption>\n"
                + charts + "\n</figure>"
        ] + key
    }

    static func driverKey(_ title: String, _ rows: [(Question, DriverRow.Figures)]) -> [String] {
        guard !rows.isEmpty else { return [] }
        return ["<h3>\(Markup.text(title))</h3>", "<ul class=\"key\">"]
            + rows.map { question, f in
                "<li><span class=\"qid\">\(Markup.text(question.id))</span> r \(decimal(f.correlation.r, places: 2)) · \(decimal(f.favorable, places: 0))% favorable · \(Markup.text(TextScorecard.describe(question)))</li>"
            } + ["</ul>"]
    }

    static func driversChart(_ rows: [(Question, DriverRow.Figures)], outcome: String, medians: DriverMedians, shape: ChartShape) -> SVGChart {
        let width = shape.width(720), height = 400.0
        let left = 44.0, right = width - 16, top = 14.0, bottom = height - 40
        // The axes span what was found, on a grid of 0.05 (r, within −1…1) and 10 points (% favorable).
        let rs = rows.map(\.1.correlation.r), favorables = rows.map(\.1.favorable) + [medians.favorable]
        let rLow = max(-1, (((rs.min() ?? 0) - 0.05) * 20).rounded(.down) / 20)
        let rHigh = min(1, (((rs.max() ?? 1) + 0.05) * 20).rounded(.up) / 20)
        let fLow = max(0, (((favorables.min() ?? 0) - 8) / 10).rounded(.down) * 10)
        let fHigh = min(100, (((favorables.max() ?? 100) + 8) / 10).rounded(.up) * 10)
        func x(_ r: Double) -> Double { left + (right - left) * (r - rLow) / max(0.01, rHigh - rLow) }
        func y(_ favorable: Double) -> Double { bottom - (bottom - top) * (favorable - fLow) / max(1, fHigh - fLow) }
        var chart = SVGChart(width: width, height: height)
        chart.line(x1: x(medians.r), y1: top, x2: x(medians.r), y2: bottom, stroke: "#888888", dashed: true)
        chart.line(x1: left, y1: y(medians.favorable), x2: right, y2: y(medians.favorable), stroke: "#888888", dashed: true)
        chart.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: mutedColor)
        chart.line(x1: left, y1: top, x2: left, y2: bottom, stroke: mutedColor)
        chart.text("Strengths", x: right - 4, y: top + 12, anchor: "end", size: 12, weight: "bold", color: strengthColor)
        chart.text("Opportunities", x: right - 4, y: bottom - 8, anchor: "end", size: 12, weight: "bold", color: unfavorableColor)
        chart.text("Lower priority", x: left + 6, y: bottom - 8, size: 12, weight: "bold", color: mutedColor)
        for tick in stride(from: fLow, through: fHigh, by: fHigh - fLow > 60 ? 20 : 10) {
            chart.text(decimal(tick, places: 0) + "%", x: left - 5, y: y(tick) + 4, anchor: "end", color: mutedColor)
        }
        chart.text("correlation with \(outcome) →", x: (left + right) / 2, y: height - 6, anchor: "middle", color: mutedColor)
        chart.text("% favorable", x: left + 6, y: top + 10, color: mutedColor)
        // Ticks at least 48 units apart.
        let step = [0.05, 0.1, 0.2, 0.25, 0.5].first { (right - left) * $0 / max(0.01, rHigh - rLow) >= 48 } ?? 0.5
        for tick in stride(from: (rLow / step).rounded(.up) * step, through: rHigh + 1e-9, by: step) {
            chart.line(x1: x(tick), y1: bottom, x2: x(tick), y2: bottom + 4, stroke: mutedColor)
            chart.text(decimal(tick, places: 2), x: x(tick), y: bottom + 17, anchor: "middle", color: mutedColor)
        }
        let points = rows.map { (x: x($0.1.correlation.r), y: y($0.1.favorable)) }
        // No place a label may take meets its own point.
        var taken = TakenBoxes()
        for point in points { taken.insert(LabelBox(x: point.x - 5, y: point.y - 5, width: 10, height: 10)) }
        for ((question, f), point) in zip(rows, points) {
            let color = f.driverClass == .opportunity ? unfavorableColor : f.driverClass == .strength ? strengthColor : "#777777"
            chart.circle(
                x: point.x, y: point.y, radius: 4.5, color: color, filled: f.driverClass != .lowerPriority,
                label: "\(question.id): r = \(decimal(f.correlation.r, places: 2)), \(decimal(f.favorable, places: 0))% favorable, \(f.driverClass.rawValue)")
            let spot = LabelBox.spot(for: question.id, at: point, avoiding: taken)
            taken.insert(spot.box)
            chart.text(question.id, x: spot.x, y: spot.y, anchor: spot.anchor)
        }
        return chart
    }
}

/// A label's box on a chart, for placing labels where they meet no other label or point.
struct LabelBox {
    var x: Double, y: Double, width: Double, height: Double

    func overlap(_ other: LabelBox) -> Double {
        max(0, min(x + width, other.x + other.width) - max(x, other.x)) * max(0, min(y + height, other.y + other.height) - max(y, other.y))
    }

    /// Where a point's label goes: the first of eight places around it that meets no label or
    /// point taken, else the one that meets least.
    static func spot(for text: String, at point: (x: Double, y: Double), avoiding taken: TakenBoxes) -> (x: Double, y: Double, anchor: String, box: LabelBox) {
        let width = Double(text.count) * 7 + 2
        let places: [(dx: Double, dy: Double, anchor: String)] = [
            (7, 4, "start"), (-7, 4, "end"), (0, -8, "middle"), (0, 16, "middle"), (6, -6, "start"), (6, 14, "start"), (-6, -6, "end"), (-6, 14, "end"),
        ]
        let options = places.map { place -> (x: Double, y: Double, anchor: String, box: LabelBox) in
            let (lx, ly) = (point.x + place.dx, point.y + place.dy)
            let start = place.anchor == "start" ? lx : place.anchor == "end" ? lx - width : lx - width / 2
            return (lx, ly, place.anchor, LabelBox(x: start, y: ly - 10, width: width, height: 12))
        }
        func cost(_ box: LabelBox) -> Double { taken.overlap(box) }
        return options.first { cost($0.box) == 0 } ?? options.min { cost($0.box) < cost($1.box) }!
    }
}

/// The boxes taken on a chart, filed by the cells of a grid they cover, so that a new label is
/// weighed against its neighbours only, not against every point of a long survey.
struct TakenBoxes {
    struct Cell: Hashable {
        var x: Int, y: Int
    }

    private var cells: [Cell: [LabelBox]] = [:]

    private static func cells(_ box: LabelBox) -> [Cell] {
        let xs = Int((box.x / 40).rounded(.down))...Int(((box.x + box.width) / 40).rounded(.down))
        let ys = Int((box.y / 20).rounded(.down))...Int(((box.y + box.height) / 20).rounded(.down))
        return xs.flatMap { x in ys.map { Cell(x: x, y: $0) } }
    }

    mutating func insert(_ box: LabelBox) {
        for cell in Self.cells(box) { cells[cell, default: []].append(box) }
    }

    /// How much `box` meets the boxes taken (a box met in two cells counts twice: a weight, not an area).
    func overlap(_ box: LabelBox) -> Double {
        Self.cells(box).reduce(0) { sum, cell in sum + (cells[cell] ?? []).reduce(0) { $0 + box.overlap($1) } }
    }
}
