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

/// One section of the organisation's scorecard. The text and the HTML scorecard both draw
/// `list(_:wave:)`, in its order and under its titles, each section by `draw(by:_:)`: a section
/// added here must be drawn by both (`ScorecardRenderer`), so the two cannot drift apart.
enum ScorecardSection: String, CaseIterable, Sendable {
    case recommendations = "good", participation, health, heatMap = "heatmap", trends, practices, adoptions
    case practiceShares = "shares", drivers, questions, strongestDimensions = "strongest"
    case participationOverTime = "participation-over-time", netPromoterOverTime = "nps-over-time", netPromoter = "nps"
    case reliability, howToRead = "how"

    /// The sections a report has, in order.
    static func list(_ report: Report, wave: String) -> [ScorecardSection] {
        allCases.filter { $0.applies(to: report, wave: wave) }
    }

    func applies(to report: Report, wave: String) -> Bool {
        let hasDimensions = !report.survey.dimensions.isEmpty
        let overTime = report.waves.count > 1
        switch self {
        case .recommendations, .participation, .howToRead: return true
        case .health, .strongestDimensions, .reliability: return hasDimensions
        case .heatMap: return hasDimensions && report.communities(in: wave).contains { $0 != .all }
        case .trends, .adoptions: return overTime
        case .practices: return report.practices.contains { $0.wave == wave }
        case .practiceShares: return report.practiceShares.contains { $0.wave == wave }
        case .drivers: return report.survey.outcome != nil
        case .questions: return report.items.contains { $0.wave == wave && $0.community == .all && $0.question.dimension != nil }
        case .participationOverTime: return overTime && report.participation.contains { $0.members != nil }
        case .netPromoterOverTime: return overTime && report.participation.contains { $0.netPromoterScore != nil }
        case .netPromoter: return !overTime && report.items.contains { $0.wave == wave && $0.question.scale?.isNPS == true }
        }
    }

    func title(_ report: Report, wave: String) -> String {
        let span = "\(report.waves.first ?? wave) to \(wave)"
        switch self {
        case .recommendations: return "Turn up the good"
        case .participation: return "Participation in \(wave)"
        case .health: return "Health in \(wave)"
        case .heatMap: return "Heat map, \(wave): against the rest of the organisation"
        case .trends: return "Trends, \(span)"
        case .practices: return "Practices that work, \(wave)"
        case .adoptions: return "Practices taken up, \(span)"
        case .practiceShares: return "Who reports which practice, \(wave)"
        case .drivers: return "Key drivers of \(report.survey.outcome ?? "the outcome"), \(wave)"
        case .questions: return "Strongest and weakest questions, All, \(wave)"
        case .strongestDimensions: return "See what works: each community's strongest dimension"
        case .participationOverTime: return "Participation over time (% of members who responded)"
        case .netPromoterOverTime: return "Net Promoter Score over time"
        case .netPromoter: return "Net Promoter Score in \(wave)"
        case .reliability: return "Reliability"
        case .howToRead: return "How to read this scorecard"
        }
    }

    /// The section's name in the HTML page's contents.
    var shortTitle: String {
        switch self {
        case .recommendations: "Turn up the good"
        case .participation: "Participation"
        case .health: "Health"
        case .heatMap: "Heat map"
        case .trends: "Trends"
        case .practices: "Practices"
        case .adoptions: "Taken up"
        case .practiceShares: "Who does what"
        case .drivers: "Key drivers"
        case .questions: "Questions"
        case .strongestDimensions: "Strongest dimensions"
        case .participationOverTime: "Participation over time"
        case .netPromoterOverTime: "NPS over time"
        case .netPromoter: "NPS"
        case .reliability: "Reliability"
        case .howToRead: "How to read"
        }
    }
}

/// What a scorecard's sections are drawn from: the report, its focus wave, and how the text may draw.
struct ScorecardInput {
    let report: Report
    let wave: String
    var style = TextStyle()
    /// The communities (All first) the tables list: every one with a figure to show and the
    /// first `listedTooSmall` of those with fewer respondents than the minimum, whose every
    /// figure is withheld; `moreTooSmall` counts the others (index.html lists every one).
    let communities: [CommunityName]
    let moreTooSmall: Int
    static let listedTooSmall = 20
    /// The same for the over-time tables: a community is left out only where it is too small in
    /// every wave.
    let overTimeCommunities: [CommunityName]
    let moreTooSmallOverTime: Int

    init(report: Report, wave: String, style: TextStyle = TextStyle()) {
        self.report = report
        self.wave = wave
        self.style = style
        func tooSmall(_ community: CommunityName, in wave: String) -> Bool {
            guard case .withheld(.fewerThan(let needed))? = report.participation(wave: wave, community: community)?.respondents else { return false }
            return needed <= report.survey.minimumGroupSize && community != .all
        }
        (communities, moreTooSmall) = Self.listing(report.communities(in: wave)) { tooSmall($0, in: wave) }
        (overTimeCommunities, moreTooSmallOverTime) = Self.listing(report.allCommunities) { community in
            report.waves.allSatisfy { report.participation(wave: $0, community: community) == nil || tooSmall(community, in: $0) }
        }
    }

    /// `communities` with those too small beyond the first `listedTooSmall` left out, and how many.
    private static func listing(_ communities: [CommunityName], tooSmall: (CommunityName) -> Bool) -> (listed: [CommunityName], more: Int) {
        var listed: [CommunityName] = []
        var small = 0
        for community in communities {
            if tooSmall(community) {
                small += 1
                if small > listedTooSmall { continue }
            }
            listed.append(community)
        }
        return (listed, max(0, small - listedTooSmall))
    }

    /// The NPS questions' rows of the wave, question by question, for the communities listed.
    var netPromoterRows: [ItemRow] {
        report.survey.questions.filter { $0.scale?.isNPS == true }.flatMap { question in
            communities.compactMap { report.item(wave: wave, community: $0, question: question.id) }
        }
    }

    /// Participation rows of the wave, for the communities listed.
    var participation: [ParticipationRow] {
        communities.compactMap { report.participation(wave: wave, community: $0) }
    }

    /// What a section's table says of the communities it leaves out (nil: none left out).
    func moreTooSmallText(_ section: ScorecardSection) -> String? {
        guard section.listsCommunities else { return nil }
        let overTime = section == .participationOverTime || section == .netPromoterOverTime
        let more = overTime ? moreTooSmallOverTime : moreTooSmall
        guard more > 0 else { return nil }
        return "… and \(count(more)) more communities with fewer than \(report.survey.minimumGroupSize) respondents"
            + (overTime ? " in every wave" : "") + ", every figure withheld (index.html and participation.csv list them)"
    }
}

/// A renderer of the scorecard: it draws every section, so a section added to `ScorecardSection`
/// does not compile until each renderer draws it.
protocol ScorecardRenderer {
    static func recommendations(_ scorecard: ScorecardInput) -> [String]
    static func participation(_ scorecard: ScorecardInput) -> [String]
    static func health(_ scorecard: ScorecardInput) -> [String]
    static func heatMap(_ scorecard: ScorecardInput) -> [String]
    static func trends(_ scorecard: ScorecardInput) -> [String]
    static func practices(_ scorecard: ScorecardInput) -> [String]
    static func adoptions(_ scorecard: ScorecardInput) -> [String]
    static func practiceShares(_ scorecard: ScorecardInput) -> [String]
    static func drivers(_ scorecard: ScorecardInput) -> [String]
    static func questions(_ scorecard: ScorecardInput) -> [String]
    static func strongestDimensions(_ scorecard: ScorecardInput) -> [String]
    static func participationOverTime(_ scorecard: ScorecardInput) -> [String]
    static func netPromoterOverTime(_ scorecard: ScorecardInput) -> [String]
    static func netPromoter(_ scorecard: ScorecardInput) -> [String]
    static func reliability(_ scorecard: ScorecardInput) -> [String]
    static func howToRead(_ scorecard: ScorecardInput) -> [String]
}

extension ScorecardSection {
    /// Whether the section has a row per community (so it says how many it leaves out).
    var listsCommunities: Bool {
        switch self {
        case .participation, .health, .heatMap, .trends, .practiceShares, .strongestDimensions, .participationOverTime, .netPromoterOverTime, .netPromoter,
            .reliability:
            true
        default: false
        }
    }

    /// The section's body as `renderer` draws it.
    func draw(by renderer: (some ScorecardRenderer).Type, _ scorecard: ScorecardInput) -> [String] {
        switch self {
        case .recommendations: renderer.recommendations(scorecard)
        case .participation: renderer.participation(scorecard)
        case .health: renderer.health(scorecard)
        case .heatMap: renderer.heatMap(scorecard)
        case .trends: renderer.trends(scorecard)
        case .practices: renderer.practices(scorecard)
        case .adoptions: renderer.adoptions(scorecard)
        case .practiceShares: renderer.practiceShares(scorecard)
        case .drivers: renderer.drivers(scorecard)
        case .questions: renderer.questions(scorecard)
        case .strongestDimensions: renderer.strongestDimensions(scorecard)
        case .participationOverTime: renderer.participationOverTime(scorecard)
        case .netPromoterOverTime: renderer.netPromoterOverTime(scorecard)
        case .netPromoter: renderer.netPromoter(scorecard)
        case .reliability: renderer.reliability(scorecard)
        case .howToRead: renderer.howToRead(scorecard)
        }
    }
}

/// The health scorecard a community lead reads first, in 80 columns of plain text.
public enum TextScorecard: ScorecardRenderer {
    static let width = 80
    /// A withheld cell: fewer responses than the figure needs.
    static let withheld = "–"
    /// A withheld cell of a group large enough, hidden so that a smaller one cannot be worked out.
    static let protecting = "(–)"

    /// A withheld cell's mark, by why it is withheld (without a reason: too few responses).
    static func mark(_ reason: WithheldReason?) -> String {
        reason == .protectsSmallerGroup ? protecting : withheld
    }
    static let reliableAlpha = DimensionFigures.reliableAlpha

    public static func render(_ report: Report, style: TextStyle = TextStyle()) -> String {
        var lines: [String] = []
        lines += heading(report)
        if let wave = report.focusWave {
            let scorecard = ScorecardInput(report: report, wave: wave, style: style)
            for part in ScorecardSection.list(report, wave: wave) {
                lines += section(part.title(report, wave: wave)) + part.draw(by: TextScorecard.self, scorecard)
                if let more = scorecard.moreTooSmallText(part) { lines += TextLayout.wrap(more, width: width, indent: "    ", firstIndent: "  ") }
            }
        } else {
            lines.append("")
            lines.append("No responses yet: add response files under responses/ and run the report again.")
        }
        let text = lines.map { $0.trimmingTrailingSpaces }.joined(separator: "\n") + "\n"
        return style.unicode ? text : asciiOnly(text)
    }

    static func participationOverTime(_ scorecard: ScorecardInput) -> [String] {
        overTime(scorecard) { $0.rate.map { decimal($0, places: 0) + "%" } }
    }

    static func netPromoterOverTime(_ scorecard: ScorecardInput) -> [String] {
        overTime(scorecard) { $0.netPromoterScore.map { signed($0) } }
    }

    static func howToRead(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let paragraphs = falseAlarms(report, wave: wave) + [
            "Withheld: \(withheld) fewer than \(report.survey.minimumGroupSize) responses (key drivers: \(Disclosure.driverMinimum)); "
                + "\(protecting) enough responses, but a number that would let a reader work out a smaller group. Where only a few skipped some of a dimension's questions, or "
                + "only a few are outside the communities shown, they are left out of the figure (the CSV files say how "
                + "many each figure counts). Every number here is in the CSV files beside this one."
        ]
        return paragraphs.flatMap { TextLayout.wrap($0, width: width) }
    }

    static func recommendations(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report
        guard !report.recommendations.isEmpty else { return TextLayout.wrap(noRecommendation, width: width, indent: "  ") }
        return report.recommendations.enumerated().flatMap { index, recommendation in
            TextLayout.wrap(
                recommendation.text + " [" + recommendation.evidence + "]", width: width, indent: "     ",
                firstIndent: "  \(index + 1). ")
        }
    }

    static let noRecommendation = "The data do not point to a clear recommendation for this wave."

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

    static func participation(_ scorecard: ScorecardInput) -> [String] {
        let rows = scorecard.participation
        let hasMembers = rows.contains { $0.members != nil }
        var lines = [
            "  " + TextLayout.left("Community", 34) + TextLayout.right("Respondents", 12)
                + (hasMembers ? TextLayout.right("Members", 10) + TextLayout.right("Rate", 8) : "")
        ]
        for row in rows {
            var line = "  " + TextLayout.left(row.community.description, 34)
                + TextLayout.right(TextCommunityPage.cell(row.respondents, count), 12)
            if hasMembers {
                line += TextLayout.right(row.members.map(count) ?? "", 10)
                line += TextLayout.right(row.rate.map { decimal($0, places: 0) + "%" } ?? (row.members == nil ? "" : mark(row.respondents.withheldReason)), 8)
            }
            lines.append(line)
        }
        return lines
    }

    /// Communities × dimensions, up to three dimensions per table so it fits 80 columns.
    static func health(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave, style = scorecard.style
        let dimensions = report.survey.dimensions
        let communities = scorecard.communities
        let previous = report.waves.firstIndex(of: wave).flatMap { $0 > 0 ? report.waves[$0 - 1] : nil }
        var lines = TextLayout.wrap(
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
                    line += TextLayout.right(
                        report.health(wave: wave, community: community).map { decimal($0, places: 0) }
                            ?? mark(healthWithheld(report, wave: wave, community: community)), 8)
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// Why a community's health is not shown: the reason of its first withheld dimension.
    static func healthWithheld(_ report: Report, wave: String, community: CommunityName) -> WithheldReason? {
        report.survey.dimensions.lazy.compactMap { report.score(wave: wave, community: community, dimension: $0.id)?.figures.withheldReason }.first
    }

    static func cell(_ row: ScoreRow?, style: TextStyle) -> String {
        guard let figures = row?.figures.value else {
            return TextLayout.right(mark(row?.figures.withheldReason), 5) + String(repeating: " ", count: 10)
        }
        let d = figures.dimension
        let changeCell = TextLayout.right(changeMark(figures.change), 5)
        let coloured = figures.change.map { $0.isMeaningful ? paint(changeCell, up: $0.points > 0, style: style) : changeCell } ?? changeCell
        return TextLayout.right(decimal(d.score, places: 0), 5)
            + TextLayout.right(d.favorable.map { decimal($0, places: 0) + "%" } ?? "", 5)
            + coloured
    }

    /// A change in points, marked ▲ ▼ where meaningful: `▼-15`, `+2`.
    static func changeMark(_ change: Change?) -> String {
        guard let change else { return "" }
        return (change.isMeaningful ? (change.points > 0 ? "▲" : "▼") : "") + signed(change.points)
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

    /// The questions of everyone with the highest and the lowest % favorable (at most three each,
    /// and no more than half of those shown each): what both scorecards list.
    static func questionExtremes(_ report: Report, wave: String) -> (strongest: [(Question, ItemFigures)], weakest: [(Question, ItemFigures)]) {
        let shown = report.items.filter { $0.wave == wave && $0.community == .all && $0.question.dimension != nil }
            .compactMap { row in row.figures.value.map { (row.question, $0) } }
        let ranked = shown.sorted { $0.1.favorable != $1.1.favorable ? $0.1.favorable > $1.1.favorable : $0.0.id < $1.0.id }
        let count = min(3, ranked.count / 2)
        return (Array(ranked.prefix(count)), Array(ranked.suffix(count).reversed()))
    }

    static let tooFewQuestions = "Too few questions have enough answers to rank."

    /// A question's text, saying which way a reverse-worded one counts.
    static func describe(_ question: Question) -> String {
        question.text + (question.reverse ? " (reverse-worded: favorable = disagree)" : "")
    }

    static func questions(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let (strongest, weakest) = questionExtremes(report, wave: wave)
        guard !strongest.isEmpty else { return TextLayout.wrap(tooFewQuestions, width: width, indent: "  ") }
        func list(_ entries: [(Question, ItemFigures)]) -> [String] {
            entries.flatMap { question, figures in
                TextLayout.wrap(
                    describe(question), width: width, indent: String(repeating: " ", count: 16),
                    firstIndent: "  " + TextLayout.right(decimal(figures.favorable, places: 0) + "%", 5) + "  "
                        + TextLayout.left(question.id, 6) + " ")
            }
        }
        return ["  Strongest (% favorable):"] + list(strongest) + ["  Weakest:"] + list(weakest)
    }

    /// A community's highest-scoring dimension in the wave, where any is shown.
    static func strongestDimension(_ report: Report, wave: String, community: CommunityName) -> (Dimension, Double)? {
        report.survey.dimensions
            .compactMap { dimension in
                report.score(wave: wave, community: community, dimension: dimension.id)?.figures.value.map { (dimension, $0.dimension.score) }
            }
            .max { $0.1 < $1.1 }
    }

    /// "See what works": each community's highest-scoring dimension.
    static func strongestDimensions(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let lines = scorecard.communities.filter { $0 != .all }.compactMap { community -> String? in
            strongestDimension(report, wave: wave, community: community).map { best in
                "  " + TextLayout.left(community.description, 34) + TextLayout.left(best.0.title, 30) + TextLayout.right(decimal(best.1, places: 0), 5)
            }
        }
        return lines.isEmpty ? ["  " + noStrongestDimension(wave)] : lines
    }

    static func noStrongestDimension(_ wave: String) -> String {
        "No community has enough responses in \(wave) to show."
    }

    static func netPromoter(_ scorecard: ScorecardInput) -> [String] {
        let rows = scorecard.netPromoterRows
        var lines = TextLayout.wrap(netPromoterMeaning, width: width)
        for question in Set(rows.map(\.question.id)).sorted() {
            for row in rows where row.question.id == question {
                let value = row.figures.value?.netPromoterScore.map { signed($0) } ?? mark(row.figures.withheldReason)
                let answers = row.figures.value.map { "\(count($0.answers)) answers" } ?? ""
                lines.append("  " + TextLayout.left(row.community.description, 34) + TextLayout.right(value, 6) + "   " + answers)
            }
        }
        return lines
    }

    static let netPromoterMeaning = "% who answer 9–10 minus % who answer 0–6, from -100 to +100."

    /// The groups whose Cronbach's alpha is below 0.70 in the wave, per dimension that has any:
    /// the one rule both scorecards warn by.
    static func unreliable(_ report: Report, wave: String) -> [(dimension: Dimension, groups: [ScoreRow])] {
        let low = Dictionary(
            grouping: report.scores.filter { row in row.wave == wave && (row.figures.value?.dimension.alpha).map(DimensionFigures.isUnreliable) == true },
            by: \.dimension.id)
        return report.survey.dimensions.compactMap { dimension in low[dimension.id].map { (dimension, $0) } }
    }

    /// The reliability warnings of the wave, as both scorecards word them.
    static func reliabilityWarnings(_ report: Report, wave: String) -> [String] {
        unreliable(report, wave: wave).map { dimension, groups in
            let named = groups.map { "\($0.community) (\(decimal($0.figures.value?.dimension.alpha ?? 0, places: 2)))" }
            return "\(dimension.title): Cronbach's alpha below \(decimal(reliableAlpha, places: 2)) for "
                + named.joined(separator: ", ") + ". Its items may not measure one thing there; read the score with care."
        }
    }

    static func reliable(_ wave: String) -> String {
        "Every dimension has Cronbach's alpha of at least \(decimal(reliableAlpha, places: 2)) where shown in \(wave)."
    }

    static func reliability(_ scorecard: ScorecardInput) -> [String] {
        let report = scorecard.report, wave = scorecard.wave
        let warnings = reliabilityWarnings(report, wave: wave)
        guard !warnings.isEmpty else { return ["  " + reliable(wave)] }
        return warnings.flatMap { TextLayout.wrap($0, width: width, indent: "    ", firstIndent: "  ! ") }
    }
}
