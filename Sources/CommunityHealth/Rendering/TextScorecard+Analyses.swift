/// The scorecard's sections on comparisons, trends, practices, drivers and change over time.
extension TextScorecard {
    static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Communities × dimensions, marked where a community is meaningfully above or below everyone else.
    static func heatMap(_ report: Report, wave: String, style: TextStyle) -> [String] {
        let dimensions = report.survey.dimensions
        let communities = report.communities(in: wave).filter { $0 != .all }
        guard !dimensions.isEmpty, !communities.isEmpty else { return [] }
        var lines = section("Heat map, \(wave): against the rest of the organisation")
        lines += TextLayout.wrap(
            "Scores 0–100. + or − marks a community at least 5 points above or below everyone else in the organisation, with q < 0.05 (comparisons.csv).",
            width: width)
        let columns = min(dimensions.count, 5)
        for chunk in stride(from: 0, to: dimensions.count, by: columns).map({ Array(dimensions[$0..<min($0 + columns, dimensions.count)]) }) {
            lines.append("")
            lines.append("  " + TextLayout.left("Community", 22) + chunk.map { TextLayout.right($0.title, 11) }.joined())
            for community in communities {
                var line = "  " + TextLayout.left(community.description, 22)
                for dimension in chunk {
                    let figures = report.score(wave: wave, community: community, dimension: dimension.id)?.figures.value
                    guard let figures else {
                        line += TextLayout.right(withheld + " ", 11)
                        continue
                    }
                    var mark = " "
                    if let rest = figures.versusRest, rest.isMeaningful { mark = rest.difference > 0 ? "+" : "−" }
                    let cell = TextLayout.right(decimal(figures.dimension.score, places: 0) + mark, 11)
                    line += mark == " " ? cell : paint(cell, up: mark == "+", style: style)
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// Each community's scores across the waves, as a sparkline, with its changes.
    static func trends(_ report: Report, style: TextStyle) -> [String] {
        guard report.waves.count > 1, let first = report.waves.first, let last = report.waves.last else { return [] }
        let focus = report.focusWave ?? last
        var lines = section("Trends, \(first) to \(focus)")
        lines += TextLayout.wrap(
            "Score in each wave (▁ low … █ high, one scale for the whole table), the score in \(focus), and its change since the previous wave and since the first; ▲ ▼ mark a meaningful change (at least 5 points, q < 0.05) (trends.csv).",
            width: width)
        let waves = Array(report.waves.prefix { $0 != focus }) + [focus]
        let shownScores = report.scores.filter { waves.contains($0.wave) }.compactMap { $0.figures.value?.dimension.score }
        guard let low = shownScores.min(), let high = shownScores.max() else { return [] }
        lines.append("")
        lines.append(
            "  " + TextLayout.left("Community", 20) + TextLayout.left("Dimension", 12) + TextLayout.left("Waves", max(6, waves.count + 1))
                + TextLayout.right("Now", 4) + TextLayout.right("Since previous", 18) + TextLayout.right("Since first", 16))
        for community in report.communities(in: focus) {
            for dimension in report.survey.dimensions {
                let series = waves.map { report.score(wave: $0, community: community, dimension: dimension.id)?.figures.value }
                guard let current = series.last ?? nil else { continue }
                let spark = String(
                    series.map { figures -> Character in
                        guard let score = figures?.dimension.score else { return " " }
                        let level = high > low ? Int(((score - low) / (high - low) * 7).rounded()) : 3
                        return sparks[min(7, max(0, level))]
                    })
                lines.append(
                    "  " + TextLayout.left(community.description, 20) + TextLayout.left(dimension.title, 12)
                        + TextLayout.left(spark, max(6, waves.count + 1)) + TextLayout.right(decimal(current.dimension.score, places: 0), 4)
                        + TextLayout.right(changeText(current.change, style: style), 18)
                        + TextLayout.right(changeText(current.changeFromFirst, style: style), 16))
            }
        }
        return lines
    }

    /// `▼-15 q<0.001`: effect and q (its p adjusted for the table's other tests) together.
    static func changeText(_ change: Change?, style: TextStyle) -> String {
        guard let change else { return "" }
        let mark = change.isMeaningful ? (change.points > 0 ? "▲" : "▼") : ""
        let q = change.q.map { $0 < 0.001 ? "q<0.001" : "q=" + decimal($0, places: 3) } ?? ""
        return mark + signed(change.points) + " " + q
    }

    /// How many tests the focus wave's tables ran, and what q means.
    static func falseAlarms(_ report: Report, wave: String) -> [String] {
        guard let counts = report.testCounts[wave] else { return [] }
        return [
            "Tests in \(wave): \(counts.changes) changes since the previous wave and \(counts.changesFromFirst) since the first (trends.csv), "
                + "\(counts.comparisons) comparisons with the rest of the organisation (comparisons.csv), \(counts.practices) practices "
                + "comparisons across the organisation and \(counts.withinPractices) within communities (practices.csv)"
                + (counts.adoptions > 0 ? ", \(counts.adoptions) practices taken up (adoption.csv)" : "") + ". With so many tests some look strong by chance, so every mark and recommendation "
                + "uses q, a p-value adjusted for the other tests of its table: among results with q under 0.05, at most about "
                + "1 in 20 is expected to be a false alarm."
        ]
    }

    /// Practices ranked by their effect within communities on the outcome (or the overall score):
    /// each cell the within-community d, marked where meaningful, with the pooled d beside it.
    static func practices(_ report: Report, wave: String) -> [String] {
        let rows = report.practices.filter { $0.wave == wave }
        guard !rows.isEmpty else { return [] }
        let targets = rows.reduce(into: [ScoreTargetName]()) { if !$0.contains($1.target) { $0.append($1.target) } }
        guard let ranking = targets.last(where: { $0.kind != .dimension }) ?? targets.first else { return [] }
        var lines = section("Practices that work, \(wave)")
        lines += TextLayout.wrap(
            "Members who report a practice against those who do not in their own communities: Cohen's d per dimension and for "
                + (ranking.kind == .outcome ? "the outcome \(ranking.id) (\"\(ranking.title)\")" : "the overall score")
                + "; * at least 5 points apart within communities, q < 0.05. In brackets, the same comparison across "
                + "all members of the organisation, which also compares one community with another: where it is much larger, which "
                + "community people are in explains it. Ranked by \(ranking.id) within communities. Points, intervals and q "
                + "in practices.csv.",
            width: width)
        lines.append("")
        let shownTargets = Array(([ranking] + targets.filter { $0 != ranking }).prefix(4))
        let cellWidth = 15
        lines.append("  " + TextLayout.left("Practice", 18) + shownTargets.map { TextLayout.right($0.kind == .dimension ? $0.title : $0.id, cellWidth) }.joined())
        lines.append("  " + String(repeating: " ", count: 18) + String(repeating: TextLayout.right("within (all)", cellWidth), count: shownTargets.count))
        let options = rows.reduce(into: [String]()) { if !$0.contains($1.option) { $0.append($1.option) } }
        func row(_ option: String, _ target: ScoreTargetName) -> PracticeRow? {
            rows.first { $0.option == option && $0.target == target }
        }
        func withinD(_ option: String) -> Double { row(option, ranking)?.within?.d ?? -.infinity }
        for option in options.sorted(by: { withinD($0) > withinD($1) }) {
            var line = "  " + TextLayout.left(option, 18)
            for target in shownTargets {
                let practice = row(option, target)
                let within = practice?.within?.d.map { decimal($0, places: 2) + (practice!.isMeaningfulWithin ? "*" : " ") } ?? withheld + " "
                let pooled = practice?.figures.value?.effect.map { "(" + decimal($0.d, places: 2) + ")" } ?? "(" + withheld + ")"
                line += TextLayout.right(within + TextLayout.left(pooled, 7), cellWidth)
            }
            lines.append(line)
        }
        return lines
    }

    /// Practices taken up between waves (adoption.csv): each community's change against the
    /// communities that did not take the practice up, per target; at most `adoptionEventLimit`
    /// events, those with a supported result first.
    static func adoptions(_ report: Report) -> [String] {
        guard let focus = report.focusWave, let first = report.waves.first, report.waves.count > 1 else { return [] }
        var lines = section("Practices taken up, \(first) to \(focus)")
        let events = report.adoptionEvents()
        guard !events.isEmpty else {
            lines += TextLayout.wrap(
                "No community took up a practice (from under half its members reporting it to half or more, up at least 25 "
                    + "points) while another community that did not could be compared with it (adoption.csv).",
                width: width)
            return lines
        }
        lines += TextLayout.wrap(
            "When a community takes up a practice between two waves, the change in its score less the change in communities "
                + "that did not (difference in differences, points, 95% interval). \"Before\" is the same comparison over the two "
                + "waves before: where scores were already moving apart (p < 0.05) the result is no evidence (pre-trend). "
                + "Supported: q < 0.05 and no pre-trend (adoption.csv).",
            width: width)
        for event in events.prefix(adoptionEventLimit) {
            let row = event[0]
            let most = event.map(\.comparisonCommunities).max() ?? 0
            lines.append("")
            lines += TextLayout.wrap(
                "\(row.community) took up \(row.option.lowercased()) in \(row.wave) (\(decimal(row.shareBefore, places: 0))% → "
                    + "\(decimal(row.share, places: 0))%), against \(most) \(most == 1 ? "community" : "communities") that did not:",
                width: width, indent: "  ")
            for row in event {
                let estimate = row.estimate
                let interval = "[\(signed(estimate.interval.lowerBound)), \(signed(estimate.interval.upperBound))]"
                let q = row.q.map { $0 < 0.001 ? "q<0.001" : "q=" + decimal($0, places: 3) } ?? ""
                let before = row.preTrend.map { "before " + signed($0.difference) } ?? ""
                lines.append(
                    "    " + TextLayout.left(row.target.kind == .dimension ? row.target.title : row.target.id, 13)
                        + TextLayout.right(signed(estimate.difference), 4) + "  " + TextLayout.left(interval, 11) + TextLayout.left(q, 9)
                        + TextLayout.left(before, 11) + row.verdict.rawValue)
            }
        }
        if let more = moreAdoptions(events) {
            lines.append("")
            lines += TextLayout.wrap(more, width: width, indent: "  ")
        }
        return lines
    }

    static let adoptionEventLimit = 8

    /// What the scorecard leaves to adoption.csv, if anything.
    static func moreAdoptions(_ events: [[AdoptionRow]]) -> String? {
        let rest = events.dropFirst(adoptionEventLimit)
        guard !rest.isEmpty else { return nil }
        let supported = rest.filter { $0.contains { $0.verdict == .supported } }.count
        return "\(rest.count) more practices taken up in adoption.csv" + (supported > 0 ? ", \(supported) of them with a supported result." : ", none with a supported result.")
    }

    /// The share of each community reporting each practice, practices numbered to fit 80 columns.
    static func practiceShares(_ report: Report, wave: String) -> [String] {
        var seen: Set<String> = []
        let options = report.practiceShares.filter { $0.wave == wave && seen.insert($0.option).inserted }.map(\.option)
        guard !options.isEmpty else { return [] }
        var lines = section("Who reports which practice, \(wave)")
        let legend = options.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " · ")
        lines += TextLayout.wrap("% of each community's respondents who report the practice: " + legend + " (practice_shares.csv).", width: width)
        lines.append("")
        for start in stride(from: 0, to: options.count, by: 10) {
            let chunk = Array(options[start..<min(start + 10, options.count)])
            lines.append("  " + TextLayout.left("Community", 24) + chunk.indices.map { TextLayout.right("\(start + $0 + 1)", 5) }.joined())
            for community in report.communities(in: wave) {
                var line = "  " + TextLayout.left(community.description, 24)
                for option in chunk {
                    let share = report.practiceShare(wave: wave, community: community, option: option)?.figures
                    line += TextLayout.right(share.map { TextCommunityPage.cell($0) { decimal($0.share, places: 0) + "%" } } ?? withheld, 5)
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// Key drivers of the outcome for everyone, by class.
    static func drivers(_ report: Report, wave: String) -> [String] {
        let rows = report.drivers.filter { $0.wave == wave && $0.community == .all }.compactMap { row in row.figures.value.map { (row.question, $0) } }
        guard !rows.isEmpty, let outcome = report.survey.outcome.flatMap(report.survey.question) else { return [] }
        var lines = section("Key drivers of \(outcome.id), \(wave)")
        lines += TextLayout.wrap(
            "\(outcome.id): \"\(outcome.text)\" Each question's correlation r with it (all respondents) and its % favorable. "
                + "Strength: r and favorable at or above their medians; opportunity: r high, favorable low (drivers.csv, also per community of 30 or more).",
            width: width)
        for driverClass in [DriverClass.opportunity, .strength] {
            let members = rows.filter { $0.1.driverClass == driverClass }.sorted { $0.1.correlation.r > $1.1.correlation.r }
            guard !members.isEmpty else { continue }
            lines.append("")
            lines.append(driverClass == .opportunity ? "  Opportunities (improve these first):" : "  Strengths (keep doing):")
            for (question, figures) in members {
                lines += TextLayout.wrap(
                    question.text + (question.reverse ? " (reverse-worded: favorable = disagree)" : ""), width: width,
                    indent: String(repeating: " ", count: 24),
                    firstIndent: "    " + TextLayout.left(question.id, 6) + "r " + decimal(figures.correlation.r, places: 2) + "  "
                        + TextLayout.right(decimal(figures.favorable, places: 0) + "%", 4) + "  ")
            }
        }
        return lines
    }

    /// Participation rate and NPS of each community in every wave.
    static func overTime(_ report: Report) -> [String] {
        guard report.waves.count > 1 else { return [] }
        var lines: [String] = []
        let hasMembers = report.participation.contains { $0.members != nil }
        let hasNPS = report.participation.contains { $0.netPromoterScore != nil }
        let waves = Array(report.waves.suffix(6))
        let communities = report.allCommunities
        func table(_ title: String, _ value: (ParticipationRow) -> String?) -> [String] {
            var lines = section(title)
            lines.append("  " + TextLayout.left("Community", 24) + waves.map { TextLayout.right($0, 9) }.joined())
            for community in communities {
                let cells = waves.map { wave in
                    report.participation(wave: wave, community: community).map { value($0) ?? withheld } ?? ""
                }
                lines.append("  " + TextLayout.left(community.description, 24) + cells.map { TextLayout.right($0, 9) }.joined())
            }
            return lines
        }
        if hasMembers {
            lines += table("Participation over time (% of members who responded)") { $0.rate.map { decimal($0, places: 0) + "%" } }
        }
        if hasNPS {
            lines += table("Net Promoter Score over time") { $0.netPromoterScore.map { signed($0) } }
        }
        return lines
    }
}
