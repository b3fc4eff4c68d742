/// The page's charts; each is a `<figure>` with a caption, an SVG with title and description,
/// and the table of what it draws.
extension HTMLScorecard {
    /// One small chart per community: each dimension's score across the waves, with meaningful
    /// changes marked (a ring and ▲/▼), withheld waves left as gaps.
    static func trends(_ report: Report) -> String {
        let dimensions = report.survey.dimensions
        let waves = report.waves
        guard waves.count > 1 else {
            return section("trends", "Trends", ["<p>Trends appear from the second wave on.</p>"])
        }
        var figures: [String] = []
        let communities = report.allCommunities
        let legend = dimensions.enumerated().map { "<span class=\"swatch\" style=\"background:\(dimensionColors[$0.offset % dimensionColors.count])\"></span>\(Markup.text($0.element.title)) (\(dashName($0.offset)))" }
        for (index, community) in communities.enumerated() {
            let name = community.description
            let shownAnywhere = report.hasShownScore(community: community)
            guard shownAnywhere else {
                figures.append("<figure><figcaption><h3>\(Markup.text(name))</h3>\(notEnough) in any wave.</figcaption></figure>")
                continue
            }
            var chart = SVGChart(width: 320, height: 190)
            let left = 34.0, right = 310.0, top = 12.0, bottom = 160.0
            func x(_ wave: Int) -> Double { left + (right - left) * Double(wave) / Double(max(1, waves.count - 1)) }
            func y(_ score: Double) -> Double { bottom - (bottom - top) * score / 100 }
            for tick in stride(from: 0.0, through: 100, by: 25) {
                chart.line(x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: "#e3e3e3")
                chart.text(decimal(tick, places: 0), x: left - 6, y: y(tick) + 4, anchor: "end", size: 10, color: "#555555")
            }
            for (w, wave) in waves.enumerated() {
                let anchor = w == 0 ? "start" : w == waves.count - 1 ? "end" : "middle"
                chart.text(wave, x: x(w) + (w == 0 ? -4 : w == waves.count - 1 ? 4 : 0), y: 178, anchor: anchor, size: 9.5, color: "#555555")
            }
            var tableRows: [[String]] = []
            var described: [String] = []
            for (d, dimension) in dimensions.enumerated() {
                let color = dimensionColors[d % dimensionColors.count]
                var segment: [(Double, Double)] = []
                var row = [dimension.title]
                for (w, wave) in waves.enumerated() {
                    guard let figures = report.score(wave: wave, community: community, dimension: dimension.id)?.figures.value else {
                        chart.polyline(segment, stroke: color, dashed: d % 2 == 1)
                        segment = []
                        row.append(notEnough)
                        continue
                    }
                    let point = (x(w), y(figures.dimension.score))
                    segment.append(point)
                    var cell = decimal(figures.dimension.score, places: 0)
                    let label = "\(name), \(dimension.title), \(wave): \(decimal(figures.dimension.score, places: 0))"
                    if let change = figures.change, change.isMeaningful {
                        let up = change.points > 0
                        cell += " (\(up ? "▲" : "▼") \(signed(change.points)), \(pText(change.q, name: "q")))"
                        chart.circle(x: point.0, y: point.1, radius: 6.5, color: color, filled: false, label: label + ", meaningful change \(signed(change.points))")
                        chart.text(up ? "▲" : "▼", x: point.0, y: point.1 + (up ? -10 : 18), anchor: "middle", size: 11, weight: "bold", color: color)
                        described.append("\(dimension.title) \(up ? "rose" : "fell") \(decimal(abs(change.points), places: 0)) points in \(wave)")
                    }
                    chart.circle(x: point.0, y: point.1, radius: 3, color: color, label: label)
                    row.append(cell)
                }
                chart.polyline(segment, stroke: color, dashed: d % 2 == 1)
                tableRows.append(row)
            }
            let description = "Scores 0–100 of \(dimensions.map(\.title).joined(separator: ", ")) across \(waves.count) waves. "
                + (described.isEmpty ? "No meaningful change." : described.joined(separator: "; ") + ".")
            figures.append(
                "<figure>\n<figcaption><h3>\(Markup.text(name))</h3></figcaption>\n"
                    + chart.markup(id: "trend-\(index)", title: "Trends for \(name)", description: description) + "\n"
                    + dataTable("scores of \(name) per wave", header: ["Dimension"] + waves, rows: tableRows) + "\n</figure>")
        }
        return section(
            "trends", "Trends",
            ["<p class=\"legend\">\(legend.joined(separator: " ")). Rings with ▲ / ▼: a meaningful change since the previous wave.</p>", "<div class=\"grid\">"]
                + figures + ["</div>"])
    }

    static func dashName(_ index: Int) -> String { index % 2 == 1 ? "dashed" : "solid" }

    /// Every scale question's unfavorable / neutral / favorable shares for everyone, as bars
    /// centred on the neutral middle.
    static func questions(_ report: Report, wave: String) -> String {
        let rows = report.items.filter { $0.wave == wave && $0.community == .all && $0.question.dimension != nil }
        guard !rows.isEmpty else { return section("questions", "Every question", ["<p>No scale questions.</p>"]) }
        let rowHeight = 24.0, labelWidth = 300.0, width = 820.0
        let centre = labelWidth + (width - labelWidth) / 2, half = (width - labelWidth) / 2 - 10
        var chart = SVGChart(width: width, height: rowHeight * Double(rows.count) + 40)
        chart.line(x1: centre, y1: 4, x2: centre, y2: rowHeight * Double(rows.count) + 8, stroke: "#555555")
        var tableRows: [[String]] = []
        for (index, row) in rows.enumerated() {
            let y = 8 + Double(index) * rowHeight
            let label = row.question.id + (row.question.reverse ? " (r) " : " ") + TextLayout.truncate(row.question.text, 42)
            chart.text(label, x: labelWidth - 8, y: y + 15, anchor: "end", size: 11)
            guard let f = row.figures.value else {
                chart.text(notEnough, x: centre, y: y + 15, anchor: "middle", size: 11, color: "#555555")
                tableRows.append([row.question.id, row.question.text, notEnough, "", ""])
                continue
            }
            let unfavorable = f.unfavorable / 100 * half, neutral = f.neutral / 100 * half, favorable = f.favorable / 100 * half
            chart.rect(x: centre - neutral / 2 - unfavorable, y: y, width: unfavorable, height: rowHeight - 6, fill: unfavorableColor, label: "\(row.question.id) unfavorable \(decimal(f.unfavorable, places: 0))%")
            chart.rect(x: centre - neutral / 2, y: y, width: neutral, height: rowHeight - 6, fill: neutralColor, label: "\(row.question.id) neutral \(decimal(f.neutral, places: 0))%")
            chart.rect(x: centre + neutral / 2, y: y, width: favorable, height: rowHeight - 6, fill: favorableColor, label: "\(row.question.id) favorable \(decimal(f.favorable, places: 0))%")
            chart.text("\(decimal(f.favorable, places: 0))%", x: centre + neutral / 2 + favorable + 4, y: y + 14, size: 10)
            chart.text("\(decimal(f.unfavorable, places: 0))%", x: centre - neutral / 2 - unfavorable - 4, y: y + 14, anchor: "end", size: 10)
            tableRows.append([row.question.id, row.question.text, decimal(f.unfavorable, places: 0) + "%", decimal(f.neutral, places: 0) + "%", decimal(f.favorable, places: 0) + "%"])
        }
        let base = rowHeight * Double(rows.count) + 30
        chart.text("← unfavorable", x: centre - 8, y: base, anchor: "end", size: 11, color: unfavorableColor)
        chart.text("favorable →", x: centre + 8, y: base, size: 11, color: favorableColor)
        let best = rows.compactMap { row in row.figures.value.map { (row.question.id, $0.favorable) } }.max { $0.1 < $1.1 }
        let description = "Diverging bars of \(rows.count) questions, unfavorable to the left of the neutral middle, favorable to the right."
            + (best.map { " Most favorable: \($0.0) (\(decimal($0.1, places: 0))%)." } ?? "")
        let figure = "<figure>\n<figcaption>Answers of everyone in \(Markup.text(wave)), after turning round reverse-worded questions (r). <span class=\"swatch\" style=\"background:\(unfavorableColor)\"></span>unfavorable <span class=\"swatch\" style=\"background:\(neutralColor)\"></span>neutral <span class=\"swatch\" style=\"background:\(favorableColor)\"></span>favorable</figcaption>\n"
            + chart.markup(id: "questions", title: "Every question, \(wave)", description: description) + "\n"
            + dataTable("shares per question", header: ["Question", "Text", "Unfavorable", "Neutral", "Favorable"], rows: tableRows) + "\n</figure>"
        return section("questions", "Every question", [figure])
    }

    /// Each practice's effect within communities on the ranking target, as Cohen's d with its 95%
    /// interval (a dot and whisker), and the comparison across the organisation beside it (a grey ring).
    static func practices(_ report: Report, wave: String) -> String {
        let rows = report.practices.filter { $0.wave == wave }
        guard let target = rows.map(\.target).last(where: { $0.kind != .dimension }) ?? rows.first?.target else {
            return section("practices", "Practices that work", ["<p>The survey has no practices question.</p>"])
        }
        let ranked = rows.filter { $0.target == target }.sorted { ($0.within?.d ?? -9) > ($1.within?.d ?? -9) }
        let width = 680.0, labelWidth = 240.0, rowHeight = 26.0
        let low = -1.0, high = 1.0
        func x(_ d: Double) -> Double { labelWidth + (width - labelWidth - 20) * (max(low, min(high, d)) - low) / (high - low) }
        var chart = SVGChart(width: width, height: rowHeight * Double(ranked.count) + 44)
        for tick in [-1.0, -0.5, 0, 0.5, 1] {
            chart.line(x1: x(tick), y1: 4, x2: x(tick), y2: rowHeight * Double(ranked.count) + 8, stroke: tick == 0 ? "#555555" : "#e3e3e3")
            chart.text(decimal(tick, places: 1), x: x(tick), y: rowHeight * Double(ranked.count) + 24, anchor: "middle", size: 10, color: "#555555")
        }
        var tableRows: [[String]] = []
        for (index, row) in ranked.enumerated() {
            let y = 14 + Double(index) * rowHeight
            chart.text(row.option, x: labelWidth - 10, y: y + 4, anchor: "end", size: 11)
            guard let f = row.figures.value else {
                chart.text(notEnough, x: x(0) + 6, y: y + 4, size: 10, color: "#555555")
                tableRows.append([row.option, notEnough, "", "", "", "", "", ""])
                continue
            }
            let pooled = f.effect?.d
            if let pooled {
                chart.circle(x: x(pooled), y: y, radius: 3.5, color: "#888888", filled: false, label: "\(row.option), all members: d = \(decimal(pooled, places: 2))")
            }
            var withinText = ["", "", ""]
            if let within = row.within, let d = within.d {
                let perPoint = d / within.difference
                let ends = [within.interval.lowerBound * perPoint, within.interval.upperBound * perPoint]
                chart.line(x1: x(ends.min()!), y1: y, x2: x(ends.max()!), y2: y, stroke: favorableColor, width: 2)
                chart.circle(
                    x: x(d), y: y, radius: 5, color: favorableColor, filled: row.isMeaningfulWithin,
                    label: "\(row.option), within communities: d = \(decimal(d, places: 2)), \(signed(within.difference, places: 1)) points [\(signed(within.interval.lowerBound, places: 1)), \(signed(within.interval.upperBound, places: 1))], \(pText(row.withinQ, name: "q"))")
                withinText = [
                    "\(signed(within.difference, places: 1)) [\(signed(within.interval.lowerBound, places: 1)), \(signed(within.interval.upperBound, places: 1))]",
                    decimal(d, places: 2), pText(row.withinQ, name: "q"),
                ]
            }
            tableRows.append(
                [row.option, "\(count(f.with.count)) / \(count(f.without.count))"] + withinText
                    + [signed(f.difference, places: 1), pooled.map { decimal($0, places: 2) } ?? "", pText(row.q, name: "q")])
        }
        chart.text("Cohen's d (members who report it against those who do not)", x: x(0), y: rowHeight * Double(ranked.count) + 40, anchor: "middle", size: 10.5, color: "#555555")
        let top = ranked.first.flatMap { row in row.within?.d.map { "\(row.option) (d = \(decimal($0, places: 2)) within communities)" } }
        let what = target.kind == .outcome ? "\(target.id), “\(target.title)”" : target.title.lowercased()
        let figure = "<figure>\n<figcaption>How each practice goes with \(Markup.text(what)) in \(Markup.text(wave)), among members of the same community: a dot at Cohen's d, a whisker for its 95% interval; filled: at least 5 points and q &lt; 0.05. The grey ring compares all members of the organisation, and so also one community with another: where it stands far from the dot, which community people are in explains the difference.</figcaption>\n"
            + chart.markup(id: "practices", title: "Practices and \(target.id), \(wave)", description: "Cohen's d within communities with 95% intervals for \(ranked.count) practices, largest first" + (top.map { ": \($0) leads." } ?? "."))
            + "\n" + dataTable(
                "practices against \(target.id)",
                header: ["Practice", "With / without", "Within communities (points, 95% interval)", "d within", "q within", "All members (points)", "d all", "q all"],
                rows: tableRows) + "\n</figure>"
        return section("practices", "Practices that work", [figure] + [adoptions(report)])
    }

    /// Practices taken up between waves (adoption.csv), as a table.
    static func adoptions(_ report: Report) -> String {
        guard let focus = report.focusWave, let first = report.waves.first, report.waves.count > 1 else { return "" }
        let events = report.adoptionEvents()
        let rows = events.prefix(TextScorecard.adoptionEventLimit).flatMap { $0 }
        var parts = ["<h3>Practices taken up</h3>"]
        guard !rows.isEmpty else {
            parts.append("<p>No community took up a practice (from under half its members reporting it to half or more, up at least 25 points) while another that did not could be compared with it.</p>")
            return parts.joined(separator: "\n")
        }
        parts.append("<p>When a community takes up a practice between two waves: the change in its score less the change in communities that did not (difference in differences, points, 95% interval). <em>Before</em> is the same comparison over the two waves before; where scores were already moving apart (p &lt; 0.05) the result is no evidence. <strong>Supported</strong>: q &lt; 0.05 and no pre-trend.</p>")
        let caption = "Practices taken up, \(first) to \(focus) (adoption.csv)." + (TextScorecard.moreAdoptions(events).map { " " + $0 } ?? "")
        var table = ["<div class=\"table-wrap\"><table>", "<caption>\(Markup.text(caption))</caption>"]
        table.append("<thead><tr>" + ["Community", "Practice", "Wave", "Share", "Score", "Difference", "q", "Before", "Compared with", "Verdict"].map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>")
        for row in rows {
            let cells = [
                Markup.text(row.option), Markup.text(row.wave), "\(decimal(row.shareBefore, places: 0))% → \(decimal(row.share, places: 0))%",
                Markup.text(row.target.kind == .dimension ? row.target.title : row.target.id),
                "\(signed(row.estimate.difference, places: 1)) [\(signed(row.estimate.interval.lowerBound, places: 1)), \(signed(row.estimate.interval.upperBound, places: 1))]",
                pText(row.q, name: "q"), row.preTrend.map { "\(signed($0.difference, places: 1)), \(pText($0.p))" } ?? "",
                "\(row.comparisonCommunities)", row.verdict == .supported ? "<strong>supported</strong>" : row.verdict.rawValue,
            ]
            table.append("<tr><th scope=\"row\">\(Markup.text(row.community))</th>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        table.append("</tbody></table></div>")
        return (parts + table).joined(separator: "\n")
    }

    /// Each question's correlation with the outcome against its % favorable, in four quadrants.
    static func drivers(_ report: Report, wave: String) -> String {
        let rows = report.drivers.filter { $0.wave == wave && $0.community == .all }.compactMap { row in row.figures.value.map { (row.question, $0) } }
        guard !rows.isEmpty, let outcome = report.survey.outcome, let medians = report.driverMedians[wave] else {
            return section("drivers", "Key drivers", ["<p>The survey names no outcome question, or too few answered it.</p>"])
        }
        let width = 640.0, height = 360.0, left = 50.0, right = 620.0, top = 14.0, bottom = 320.0
        let rs = rows.map(\.1.correlation.r)
        // The axis spans the correlations found, on a 0.05 grid, within −1…1.
        let rLow = max(-1, (((rs.min() ?? 0) - 0.05) * 20).rounded(.down) / 20)
        let rHigh = min(1, (((rs.max() ?? 1) + 0.05) * 20).rounded(.up) / 20)
        func x(_ r: Double) -> Double { left + (right - left) * (r - rLow) / max(0.01, rHigh - rLow) }
        func y(_ favorable: Double) -> Double { bottom - (bottom - top) * favorable / 100 }
        var chart = SVGChart(width: width, height: height)
        chart.line(x1: x(medians.r), y1: top, x2: x(medians.r), y2: bottom, stroke: "#888888", dashed: true)
        chart.line(x1: left, y1: y(medians.favorable), x2: right, y2: y(medians.favorable), stroke: "#888888", dashed: true)
        chart.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#555555")
        chart.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#555555")
        chart.text("Strengths", x: right - 4, y: top + 12, anchor: "end", size: 12, weight: "bold", color: "#009E73")
        chart.text("Opportunities", x: right - 4, y: bottom - 8, anchor: "end", size: 12, weight: "bold", color: unfavorableColor)
        chart.text("Lower priority", x: left + 6, y: bottom - 8, size: 12, weight: "bold", color: "#555555")
        for tick in stride(from: 0.0, through: 100, by: 25) { chart.text(decimal(tick, places: 0) + "%", x: left - 6, y: y(tick) + 4, anchor: "end", size: 10, color: "#555555") }
        chart.text("correlation with \(outcome) →", x: (left + right) / 2, y: height - 6, anchor: "middle", size: 11, color: "#555555")
        chart.text("% favorable", x: left + 6, y: top + 10, size: 10, color: "#555555")
        let step = (rHigh - rLow) > 0.5 ? 0.1 : 0.05
        for tick in stride(from: rLow, through: rHigh + 1e-9, by: step) {
            chart.line(x1: x(tick), y1: bottom, x2: x(tick), y2: bottom + 4, stroke: "#555555")
            chart.text(decimal(tick, places: 2), x: x(tick), y: bottom + 16, anchor: "middle", size: 10, color: "#555555")
        }
        var tableRows: [[String]] = []
        var placed: [(x: Double, y: Double)] = []
        for (question, f) in rows.sorted(by: { $0.1.correlation.r > $1.1.correlation.r }) {
            let color = f.driverClass == .opportunity ? unfavorableColor : f.driverClass == .strength ? "#009E73" : "#777777"
            let (px, py) = (x(f.correlation.r), y(f.favorable))
            chart.circle(x: px, y: py, radius: 4.5, color: color, filled: f.driverClass != .lowerPriority,
                label: "\(question.id): r = \(decimal(f.correlation.r, places: 2)), \(decimal(f.favorable, places: 0))% favorable, \(f.driverClass.rawValue)")
            // The first of right, left, above, below where the label meets no other.
            let candidates = [(px + 7, py + 4, "start"), (px - 7, py + 4, "end"), (px, py - 8, "middle"), (px, py + 15, "middle")]
            let spot = candidates.first { c in placed.allSatisfy { abs($0.x - c.0) > 22 || abs($0.y - c.1) > 11 } } ?? candidates[0]
            placed.append((spot.0, spot.1))
            chart.text(question.id, x: spot.0, y: spot.1, anchor: spot.2, size: 10)
            tableRows.append([question.id, question.text, decimal(f.correlation.r, places: 2), decimal(f.favorable, places: 0) + "%", f.driverClass.rawValue])
        }
        let opportunities = rows.filter { $0.1.driverClass == .opportunity }.map(\.0.id)
        let figure = "<figure>\n<figcaption>Each question’s correlation with \(Markup.text(outcome)) (everyone, \(Markup.text(wave))) against its % favorable; dashed lines at the medians. Filled green: strength; filled vermillion: opportunity; hollow grey: lower priority.</figcaption>\n"
            + chart.markup(id: "drivers", title: "Key drivers of \(outcome), \(wave)", description: "\(rows.count) questions placed by correlation and favorability." + (opportunities.isEmpty ? "" : " Opportunities: \(opportunities.joined(separator: ", ")).")) + "\n"
            + dataTable("key drivers", header: ["Question", "Text", "r", "Favorable", "Class"], rows: tableRows) + "\n</figure>"
        return section("drivers", "Key drivers", [figure])
    }
}
