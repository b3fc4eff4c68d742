/// The scorecard's sections on comparisons, trends, practices, drivers and change over time.
extension TextScorecard {
    static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Communities × dimensions, marked where a community is meaningfully above or below everyone else.
    static func heatMap(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave, style = scorecard.style
        let dimensions = report.survey.dimensions
        let communities = scorecard.communities.filter { $0 != .all }
        var lines = TextLayout.wrap(
            "Scores 0–100. + or − marks a community at least 5 points above or below everyone else in the organisation, with q < 0.05 (comparisons.csv).",
            width: width)
        let columns = min(dimensions.count, 5)
        for chunk in stride(from: 0, to: dimensions.count, by: columns).map({ Array(dimensions[$0..<min($0 + columns, dimensions.count)]) }) {
            lines.append("")
            lines.append("  " + TextLayout.left("Community", 22) + chunk.map { TextLayout.right($0.title, 11) }.joined())
            for community in communities {
                var line = "  " + TextLayout.left(community.description, 22)
                for dimension in chunk {
                    let row = report.score(wave: wave, community: community, dimension: dimension.id)
                    guard let figures = row?.figures.value else {
                        line += TextLayout.right(mark(row?.figures.withheldReason) + " ", 11)
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

    /// The waves a trend runs over: every wave up to the focus wave.
    static func trendWaves(_ report: Report, focus: String) -> [String] {
        Array(report.waves.prefix { $0 != focus }) + [focus]
    }

    /// The trend table's change columns: since the previous wave and since the first, or only one
    /// where the previous wave is the first (the two would say the same).
    static func sinceColumns(_ report: Report, focus: String) -> [(title: String, change: (ScoreFigures) -> Change?)] {
        let waves = trendWaves(report, focus: focus)
        guard waves.count != 2 else { return [("Since \(waves[0])", \.change)] }
        return [("Since previous", \.change), ("Since first", \.changeFromFirst)]
    }

    /// Each community's scores across the waves, as a sparkline, with its changes.
    static func trends(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, focus = scorecard.wave
        let waves = trendWaves(report, focus: focus)
        let columns = sinceColumns(report, focus: focus)
        var lines = TextLayout.wrap(
            "Score in each wave (▁ low … █ high, one scale for the whole table), the score in \(focus), and its change "
                + (columns.count == 1 ? "since \(waves[0])" : "since the previous wave and since the first")
                + "; ▲ ▼ mark a meaningful change (at least 5 points, q < 0.05) (trends.csv).",
            width: width)
        let shownScores = report.scores.filter { waves.contains($0.wave) }.compactMap { $0.figures.value?.dimension.score }
        guard let low = shownScores.min(), let high = shownScores.max() else { return lines }
        let columnWidths = [18, 16]
        lines.append("")
        lines.append(
            "  " + TextLayout.left("Community", 20) + TextLayout.left("Dimension", 12) + TextLayout.left("Waves", max(6, waves.count + 1))
                + TextLayout.right("Now", 4) + zip(columns, columnWidths).map { TextLayout.right($0.title, $1) }.joined())
        for community in scorecard.communities {
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
                        + zip(columns, columnWidths).map { TextLayout.right(changeText($0.change(current)), $1) }.joined())
            }
        }
        return lines
    }

    /// `▼-15 q<0.001`: effect and q (its p adjusted for the table's other tests) together.
    static func changeText(_ change: Change?) -> String {
        guard let change else { return "" }
        let q = change.q.map { $0 < 0.001 ? "q<0.001" : "q=" + decimal($0, places: 3) } ?? ""
        return changeMark(change) + " " + q
    }

    /// How many tests the focus wave's tables ran, and what q means.
    static func falseAlarms(_ report: Report, wave: String) -> [String] {
        guard let counts = report.testCounts[wave] else { return [] }
        let changes = sinceColumns(report, focus: wave).count == 1
            ? "\(counts.changes) changes since the previous wave, the first (trends.csv)"
            : "\(counts.changes) changes since the previous wave and \(counts.changesFromFirst) since the first (trends.csv)"
        return [
            "Tests in \(wave): \(changes), "
                + "\(counts.comparisons) comparisons with the rest of the organisation (comparisons.csv), \(counts.practices) practices "
                + "comparisons across the organisation and \(counts.withinPractices) within communities (practices.csv)"
                + (counts.adoptions > 0 ? ", \(counts.adoptions) practices taken up (adoption.csv)" : "") + ". With so many tests some look strong by chance, so every mark and recommendation "
                + "uses q, a p-value adjusted for the other tests of its table: among results with q under 0.05, at most about "
                + "1 in 20 is expected to be a false alarm."
        ]
    }

    /// The practices table both scorecards show: the target they are ranked by (the outcome, or
    /// the overall score) first, then the others; practices by their effect on it within communities.
    struct PracticeGrid {
        let rows: [PracticeRow]
        let ranking: ScoreTargetName
        let targets: [ScoreTargetName]
        let options: [String]

        init?(_ report: Report, wave: String) {
            rows = report.practices.filter { $0.wave == wave }
            let targets = rows.reduce(into: [ScoreTargetName]()) { if !$0.contains($1.target) { $0.append($1.target) } }
            guard let ranking = targets.last(where: { $0.kind != .dimension }) ?? targets.first else { return nil }
            self.ranking = ranking
            self.targets = [ranking] + targets.filter { $0 != ranking }
            let options = rows.reduce(into: [String]()) { if !$0.contains($1.option) { $0.append($1.option) } }
            let rows = rows
            func withinD(_ option: String) -> Double { rows.first { $0.option == option && $0.target == ranking }?.within?.d ?? -.infinity }
            self.options = options.sorted { withinD($0) > withinD($1) }
        }

        func row(_ option: String, _ target: ScoreTargetName) -> PracticeRow? {
            rows.first { $0.option == option && $0.target == target }
        }

        /// How a target is named in a column: a dimension by its title, an outcome by its id.
        static func name(_ target: ScoreTargetName) -> String {
            target.kind == .dimension ? target.title : target.id
        }
    }

    /// Practices ranked by their effect within communities on the outcome (or the overall score):
    /// each cell the within-community d, marked where meaningful, with the pooled d beside it.
    static func practices(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        guard let grid = PracticeGrid(report, wave: wave) else { return [] }
        let ranking = grid.ranking
        var lines = TextLayout.wrap(
            "Members who report a practice against those who do not in their own communities: Cohen's d per dimension and for "
                + (ranking.kind == .outcome ? "the outcome \(ranking.id) (\"\(ranking.title)\")" : "the overall score")
                + "; * at least 5 points apart within communities, q < 0.05. In brackets, the same comparison across "
                + "all members of the organisation, which also compares one community with another: where it is much larger, which "
                + "community people are in explains it. Ranked by \(ranking.id) within communities. Points, intervals and q "
                + "in practices.csv.",
            width: width)
        lines.append("")
        let shownTargets = Array(grid.targets.prefix(4))
        let cellWidth = 15
        lines.append("  " + TextLayout.left("Practice", 18) + shownTargets.map { TextLayout.right(PracticeGrid.name($0), cellWidth) }.joined())
        lines.append("  " + String(repeating: " ", count: 18) + String(repeating: TextLayout.right("within (all)", cellWidth), count: shownTargets.count))
        for option in grid.options {
            var line = "  " + TextLayout.left(option, 18)
            for target in shownTargets {
                let practice = grid.row(option, target)
                let missing = mark(practice?.figures.withheldReason)
                let within = practice?.within?.d.map { decimal($0, places: 2) + (practice!.isMeaningfulWithin ? "*" : " ") } ?? missing + " "
                let pooled = "(" + (practice?.figures.value?.effect.map { decimal($0.d, places: 2) } ?? missing) + ")"
                line += TextLayout.right(within + TextLayout.left(pooled, 7), cellWidth)
            }
            lines.append(line)
        }
        return lines
    }

    static let noAdoption =
        "No community took up a practice (from under half its members reporting it to half or more, up at least 25 "
        + "points) while another community that did not could be compared with it (adoption.csv)."

    /// Practices taken up between waves (adoption.csv): each community's change against the
    /// communities that did not take the practice up, per target; at most `adoptionEventLimit`
    /// events, those with a supported result first.
    static func adoptions(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report
        let events = report.adoptionEvents()
        guard !events.isEmpty else { return TextLayout.wrap(noAdoption, width: width) }
        var lines = TextLayout.wrap(
            "When a community takes up a practice between two waves, the change in its score less the change in communities "
                + "that did not (difference in differences, points, 95% interval). \"Before\" is the same comparison over the two "
                + "waves before: where scores were already moving apart (p < 0.05) the result is no evidence (pre-trend). "
                + "Supported: q < 0.05 and no pre-trend (adoption.csv).",
            width: width)
        for event in events.prefix(adoptionEventLimit) {
            lines.append("")
            lines += TextLayout.wrap(adoptionHeadline(event), width: width, indent: "  ")
            for row in event {
                let estimate = row.estimate
                let interval = "[\(signed(estimate.interval.lowerBound)), \(signed(estimate.interval.upperBound))]"
                let q = row.q.map { $0 < 0.001 ? "q<0.001" : "q=" + decimal($0, places: 3) } ?? ""
                let before = row.preTrend.map { "before " + signed($0.difference) } ?? ""
                lines.append(
                    "    " + TextLayout.left(PracticeGrid.name(row.target), 13)
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

    /// What a community took up, when, and against how many communities that did not.
    static func adoptionHeadline(_ event: [AdoptionRow]) -> String {
        let row = event[0]
        let most = event.map(\.comparisonCommunities).max() ?? 0
        return "\(row.community) took up \(row.option.lowercased()) in \(row.wave) (\(decimal(row.shareBefore, places: 0))% → "
            + "\(decimal(row.share, places: 0))%), against \(most) \(most == 1 ? "community" : "communities") that did not:"
    }

    /// What the scorecard leaves to adoption.csv, if anything.
    static func moreAdoptions(_ events: [[AdoptionRow]]) -> String? {
        let rest = events.dropFirst(adoptionEventLimit)
        guard !rest.isEmpty else { return nil }
        let supported = rest.filter { $0.contains { $0.verdict == .supported } }.count
        return "\(rest.count) more practices taken up in adoption.csv" + (supported > 0 ? ", \(supported) of them with a supported result." : ", none with a supported result.")
    }

    /// The practices whose shares the wave reports, in report order.
    static func shareOptions(_ report: Report, wave: String) -> [String] {
        var seen: Set<String> = []
        return report.practiceShares.filter { $0.wave == wave && seen.insert($0.option).inserted }.map(\.option)
    }

    /// A community's share reporting a practice, as a cell: its % or why it is withheld.
    static func shareText(_ report: Report, wave: String, community: CommunityName, option: String, withheld: (WithheldReason?) -> String) -> String {
        let share = report.practiceShare(wave: wave, community: community, option: option)?.figures
        return share?.value.map { decimal($0.share, places: 0) + "%" } ?? withheld(share?.withheldReason)
    }

    /// The share of each community reporting each practice, practices numbered to fit 80 columns.
    static func practiceShares(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let options = shareOptions(report, wave: wave)
        let legend = options.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " · ")
        var lines = TextLayout.wrap("% of each community's respondents who report the practice: " + legend + " (practice_shares.csv).", width: width)
        lines.append("")
        for start in stride(from: 0, to: options.count, by: 10) {
            let chunk = Array(options[start..<min(start + 10, options.count)])
            lines.append("  " + TextLayout.left("Community", 24) + chunk.indices.map { TextLayout.right("\(start + $0 + 1)", 5) }.joined())
            for community in scorecard.communities {
                lines.append(
                    "  " + TextLayout.left(community.description, 24)
                        + chunk.map { TextLayout.right(shareText(report, wave: wave, community: community, option: $0, withheld: mark), 5) }.joined())
            }
        }
        return lines
    }

    /// The shown key drivers of everyone in the wave, strongest correlation first.
    static func driverRows(_ report: Report, wave: String) -> [(Question, DriverRow.Figures)] {
        report.drivers.filter { $0.wave == wave && $0.community == .all }.compactMap { row in row.figures.value.map { (row.question, $0) } }
            .sorted { $0.1.correlation.r > $1.1.correlation.r }
    }

    static func noDrivers(_ outcome: String) -> String {
        "Too few answered \(outcome) and the other questions to find what goes with it."
    }

    static func driverHeading(_ driverClass: DriverClass) -> String {
        switch driverClass {
        case .opportunity: "Opportunities (improve these first)"
        case .strength: "Strengths (keep doing)"
        case .lowerPriority: "Lower priority"
        }
    }

    /// Key drivers of the outcome for everyone, by class.
    static func drivers(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let rows = driverRows(report, wave: wave)
        guard !rows.isEmpty, let outcome = report.survey.outcome.flatMap(report.survey.question) else {
            return TextLayout.wrap(noDrivers(report.survey.outcome ?? "the outcome"), width: width, indent: "  ")
        }
        var lines = TextLayout.wrap(
            "\(outcome.id): \"\(outcome.text)\" Each question's correlation r with it (all respondents) and its % favorable. "
                + "Strength: r and favorable at or above their medians; opportunity: r high, favorable low (drivers.csv, also per community of 30 or more).",
            width: width)
        for driverClass in [DriverClass.opportunity, .strength] {
            let members = rows.filter { $0.1.driverClass == driverClass }
            guard !members.isEmpty else { continue }
            lines.append("")
            lines.append("  " + driverHeading(driverClass) + ":")
            for (question, figures) in members {
                lines += TextLayout.wrap(
                    describe(question), width: width, indent: String(repeating: " ", count: 24),
                    firstIndent: "    " + TextLayout.left(question.id, 6) + "r " + decimal(figures.correlation.r, places: 2) + "  "
                        + TextLayout.right(decimal(figures.favorable, places: 0) + "%", 4) + "  ")
            }
        }
        return lines
    }

    /// One figure of each community's participation in the last six waves.
    static func overTime(_ scorecard: ScorecardInput, _ value: (ParticipationRow) -> String?) -> [String] {
        let report = scorecard.report
        let waves = Array(report.waves.suffix(6))
        var lines = ["  " + TextLayout.left("Community", 24) + waves.map { TextLayout.right($0, 9) }.joined()]
        for community in scorecard.overTimeCommunities {
            let cells = waves.map { wave in
                report.participation(wave: wave, community: community).map { value($0) ?? mark($0.respondents.withheldReason) } ?? ""
            }
            lines.append("  " + TextLayout.left(community.description, 24) + cells.map { TextLayout.right($0, 9) }.joined())
        }
        return lines
    }
}
