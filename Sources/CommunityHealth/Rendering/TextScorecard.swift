/// How the scorecard may draw: Unicode (arrows, sparklines) or plain ASCII, with or without
/// terminal colour. The file `scorecard.txt` is always Unicode without colour.
public struct TextStyle: Sendable, Equatable {
    public var unicode: Bool
    public var colour: Bool

    public init(unicode: Bool = true, colour: Bool = false) {
        self.unicode = unicode
        self.colour = colour
    }
}

/// The health scorecard a community lead reads first, in 80 columns of plain text.
public enum TextScorecard {
    static let width = 80
    /// A withheld cell: fewer responses than the figure needs.
    static let withheld = "–"
    /// A withheld cell of a group large enough, hidden so that a smaller one cannot be worked out.
    static let protecting = "(–)"

    static func mark(_ reason: WithheldReason) -> String {
        reason == .protectsSmallerGroup ? protecting : withheld
    }
    static let reliableAlpha = DimensionFigures.reliableAlpha

    public static func render(_ report: Report, style: TextStyle = TextStyle()) -> String {
        var lines: [String] = []
        lines += heading(report)
        guard let wave = report.focusWave else {
            lines.append("")
            lines.append("No responses yet: add response files under responses/ and run the report again.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines += recommendations(report)
        lines += participation(report, wave: wave)
        lines += healthTable(report, wave: wave, style: style)
        lines += heatMap(report, wave: wave, style: style)
        lines += trends(report, style: style)
        lines += practices(report, wave: wave)
        lines += adoptions(report)
        lines += practiceShares(report, wave: wave)
        lines += drivers(report, wave: wave)
        lines += questions(report, wave: wave)
        lines += strongestDimensions(report, wave: wave)
        // With one wave there is no "over time": the wave's NPS stands on its own.
        lines += report.waves.count > 1 ? overTime(report) : netPromoter(report, wave: wave)
        lines += reliability(report, wave: wave)
        lines.append("")
        for paragraph in falseAlarms(report, wave: wave) { lines += TextLayout.wrap(paragraph, width: width) }
        lines += TextLayout.wrap(
            "Withheld: \(withheld) fewer than \(report.survey.minimumGroupSize) responses (key drivers: \(Disclosure.driverMinimum)); "
                + "\(protecting) enough responses, but a number that would let a reader work out a smaller group. Where only a few skipped some of a dimension's questions, or "
                + "only a few are outside the communities shown, they are left out of the figure (the CSV files say how "
                + "many each figure counts). Every number here is in the CSV files beside this one.", width: width)
        let text = lines.map { $0.trimmingTrailingSpaces }.joined(separator: "\n") + "\n"
        return style.unicode ? text : asciiOnly(text)
    }

    static func recommendations(_ report: Report) -> [String] {
        guard !report.recommendations.isEmpty else { return [] }
        var lines = section("Turn up the good")
        for (index, recommendation) in report.recommendations.enumerated() {
            lines += TextLayout.wrap(
                recommendation.text + " [" + recommendation.evidence + "]", width: width, indent: "     ",
                firstIndent: "  \(index + 1). ")
        }
        return lines
    }

    // MARK: - Sections

    static func heading(_ report: Report) -> [String] {
        var lines = TextLayout.wrap(report.survey.title, width: width)
        lines.append(String(repeating: "=", count: min(width, report.survey.title.count)))
        var about = "Survey \(report.survey.id)"
        if let wave = report.focusWave {
            about += " · wave \(wave)"
            if report.waves.count > 1 { about += " (\(report.waves.count) waves: \(report.waves.joined(separator: ", ")))" }
        }
        lines += TextLayout.wrap(about, width: width)
        let counts = report.counts
        lines.append("Rows: read \(count(counts.read)), used \(count(counts.used)), rejected \(count(counts.rejected)) (all waves)")
        return lines
    }

    static func section(_ title: String) -> [String] {
        ["", title.uppercased(), String(repeating: "-", count: title.count)]
    }

    static func participation(_ report: Report, wave: String) -> [String] {
        let rows = report.participation.filter { $0.wave == wave }
        let hasMembers = rows.contains { $0.members != nil }
        var lines = section("Participation in \(wave)")
        lines.append(
            "  " + TextLayout.left("Community", 34) + TextLayout.right("Respondents", 12)
                + (hasMembers ? TextLayout.right("Members", 10) + TextLayout.right("Rate", 8) : ""))
        for row in rows {
            var line = "  " + TextLayout.left(row.community.description, 34)
                + TextLayout.right(TextCommunityPage.cell(row.respondents, count), 12)
            if hasMembers {
                line += TextLayout.right(row.members.map(count) ?? "", 10)
                line += TextLayout.right(row.rate.map { decimal($0, places: 0) + "%" } ?? (row.members == nil ? "" : withheld), 8)
            }
            lines.append(line)
        }
        return lines
    }

    /// Communities × dimensions, up to three dimensions per table so it fits 80 columns.
    static func healthTable(_ report: Report, wave: String, style: TextStyle) -> [String] {
        let dimensions = report.survey.dimensions
        guard !dimensions.isEmpty else { return [] }
        let communities = report.communities(in: wave)
        var lines = section("Health in \(wave)")
        let previous = report.waves.firstIndex(of: wave).flatMap { $0 > 0 ? report.waves[$0 - 1] : nil }
        lines += TextLayout.wrap(
            "Score 0–100, % favorable, change since "
                + (previous.map { "the previous wave (\($0))" } ?? "the previous wave")
                + "; ▲ ▼ mark a meaningful change (at least 5 points, q < 0.05). Health: the mean of a community's dimension scores.",
            width: width)
        let chunks = stride(from: 0, to: dimensions.count, by: 3).map { Array(dimensions[$0..<min($0 + 3, dimensions.count)]) }
        for (chunkIndex, chunk) in chunks.enumerated() {
            let isLast = chunkIndex == chunks.count - 1
            lines.append("")
            var titles = "  " + TextLayout.left("", 19)
            var subtitles = "  " + TextLayout.left("Community", 19)
            for dimension in chunk {
                titles += "  " + TextLayout.left(dimension.title, 15)
                subtitles += "  " + TextLayout.right("score", 5) + TextLayout.right("fav", 5) + TextLayout.right("chg", 5)
            }
            if isLast {
                titles += TextLayout.right("Health", 8)
            }
            lines.append(titles)
            lines.append(subtitles)
            for community in communities {
                var line = "  " + TextLayout.left(community.description, 19)
                for dimension in chunk {
                    line += "  " + cell(report.score(wave: wave, community: community, dimension: dimension.id), style: style)
                }
                if isLast {
                    line += TextLayout.right(report.health(wave: wave, community: community).map { decimal($0, places: 0) } ?? withheld, 8)
                }
                lines.append(line)
            }
        }
        return lines
    }

    static func cell(_ row: ScoreRow?, style: TextStyle) -> String {
        guard let figures = row?.figures.value else {
            return TextLayout.right(withheld, 5) + String(repeating: " ", count: 10)
        }
        let d = figures.dimension
        var change = ""
        if let c = figures.change {
            change = (c.isMeaningful ? (c.points > 0 ? "▲" : "▼") : "") + signed(c.points)
        }
        let changeCell = TextLayout.right(change, 5)
        let coloured = figures.change.map { $0.isMeaningful ? paint(changeCell, up: $0.points > 0, style: style) : changeCell } ?? changeCell
        return TextLayout.right(decimal(d.score, places: 0), 5)
            + TextLayout.right(d.favorable.map { decimal($0, places: 0) + "%" } ?? "", 5)
            + coloured
    }

    /// Green for good news, red for bad, on a terminal that shows colour.
    static func paint(_ text: String, up: Bool, style: TextStyle) -> String {
        guard style.colour else { return text }
        return (up ? "\u{1B}[32m" : "\u{1B}[31m") + text + "\u{1B}[0m"
    }

    /// The scorecard's own Unicode marks in ASCII, for terminals that cannot show them.
    static func asciiOnly(_ text: String) -> String {
        let replacements: [Character: String] = [
            "–": "-", "—": "-", "▲": "^", "▼": "v", "…": "...", "→": "->", "·": "-", "−": "-", "×": "x", "≥": ">=",
            "▁": "_", "▂": ".", "▃": ":", "▄": "-", "▅": "=", "▆": "+", "▇": "*", "█": "#",
        ]
        return String(text.flatMap { replacements[$0] ?? String($0) })
    }

    static func questions(_ report: Report, wave: String) -> [String] {
        let shown = report.items.filter { $0.wave == wave && $0.community == .all && $0.question.dimension != nil }
            .compactMap { row in row.figures.value.map { (row.question, $0) } }
        guard !shown.isEmpty else { return [] }
        let ranked = shown.sorted { $0.1.favorable != $1.1.favorable ? $0.1.favorable > $1.1.favorable : $0.0.id < $1.0.id }
        let count = min(3, ranked.count / 2)
        guard count > 0 else { return [] }
        var lines = section("Strongest and weakest questions, All, \(wave)")
        func describe(_ entries: ArraySlice<(Question, ItemFigures)>) -> [String] {
            entries.flatMap { question, figures in
                let text = question.text + (question.reverse ? " (reverse-worded: favorable = disagree)" : "")
                return TextLayout.wrap(
                    text, width: width, indent: String(repeating: " ", count: 16),
                    firstIndent: "  " + TextLayout.right(decimal(figures.favorable, places: 0) + "%", 5) + "  "
                        + TextLayout.left(question.id, 6) + " ")
            }
        }
        lines.append("  Strongest (% favorable):")
        lines += describe(ranked.prefix(count))
        lines.append("  Weakest:")
        lines += describe(ranked.suffix(count).reversed()[...])
        return lines
    }

    /// "See what works": each community's highest-scoring dimension.
    static func strongestDimensions(_ report: Report, wave: String) -> [String] {
        var lines = section("See what works: each community's strongest dimension")
        var any = false
        for community in report.communities(in: wave) where community != .all {
            let best = report.survey.dimensions
                .compactMap { dimension in
                    report.score(wave: wave, community: community, dimension: dimension.id)?.figures.value.map { (dimension, $0.dimension.score) }
                }
                .max { $0.1 < $1.1 }
            guard let best else { continue }
            any = true
            lines.append("  " + TextLayout.left(community.description, 34) + TextLayout.left(best.0.title, 30)
                + TextLayout.right(decimal(best.1, places: 0), 5))
        }
        if !any { lines.append("  No community has enough responses in \(wave) to show.") }
        return lines
    }

    static func netPromoter(_ report: Report, wave: String) -> [String] {
        let rows = report.items.filter { $0.wave == wave && $0.question.scale?.isNPS == true }
        guard !rows.isEmpty else { return [] }
        var lines = section("Net Promoter Score in \(wave)")
        lines += TextLayout.wrap("% who answer 9–10 minus % who answer 0–6, from -100 to +100.", width: width)
        for question in Set(rows.map(\.question.id)).sorted() {
            for row in rows where row.question.id == question {
                let value = row.figures.value?.netPromoterScore.map { signed($0) } ?? withheld
                let answers = row.figures.value.map { "\(count($0.answers)) answers" } ?? ""
                lines.append("  " + TextLayout.left(row.community.description, 34) + TextLayout.right(value, 6) + "   " + answers)
            }
        }
        return lines
    }

    static func reliability(_ report: Report, wave: String) -> [String] {
        var lines = section("Reliability")
        var warned = false
        for dimension in report.survey.dimensions {
            let low = report.scores.filter { row in
                row.wave == wave && row.dimension.id == dimension.id && (row.figures.value?.dimension.alpha).map(DimensionFigures.isUnreliable) == true
            }
            guard !low.isEmpty else { continue }
            warned = true
            let groups = low.map { row in
                "\(row.community) (\(decimal(row.figures.value?.dimension.alpha ?? 0, places: 2)))"
            }
            lines += TextLayout.wrap(
                "\(dimension.title): Cronbach's alpha below \(decimal(reliableAlpha, places: 2)) for "
                    + groups.joined(separator: ", ") + ". Its items may not measure one thing there; read the score with care.",
                width: width, indent: "    ", firstIndent: "  ! ")
        }
        if !warned {
            lines.append("  Every dimension has Cronbach's alpha of at least \(decimal(reliableAlpha, places: 2)) where shown in \(wave).")
        }
        return lines
    }
}
