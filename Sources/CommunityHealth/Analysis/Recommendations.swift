/// "Turn up the good": at most five recommendations for the focus wave, in plain words, each
/// naming the CSV file that holds its numbers. They are made from the `Report` — what survived
/// the privacy stage — so they never name or hint at a withheld group.
public enum Recommendations {
    public static let limit = 5

    public static func make(for report: Report) -> [Recommendation] {
        guard let wave = report.focusWave else { return [] }
        let candidates = [
            spreadPractice(report, wave: wave), learnFromImprovement(report, wave: wave), lookIntoDecline(report, wave: wave),
            keepDoing(report, wave: wave), workOnDriver(report, wave: wave),
        ]
        return Array(candidates.compactMap { $0 }.prefix(limit))
    }

    /// For each dimension, the practice most associated with it (q < 0.05, d ≥ 0.2), strongest
    /// first; and the communities where fewer than half report the first of them.
    static func spreadPractice(_ report: Report, wave: String) -> Recommendation? {
        let shown = report.practices.filter { $0.wave == wave && $0.target.kind == .dimension }
            .compactMap { row in row.figures.value.flatMap { figures in figures.effect.map { (row, figures, $0) } } }
            .filter { ($0.0.q ?? 1) < 0.05 && $0.2.d >= 0.2 }
        var best: [(row: PracticeRow, figures: PracticeFigures, effect: CohensD)] = []
        for dimension in report.survey.dimensions {
            if let top = shown.filter({ $0.0.target.id == dimension.id }).max(by: { $0.2.d < $1.2.d }) { best.append(top) }
        }
        best.sort { $0.effect.d > $1.effect.d }
        guard let first = best.first else { return nil }
        let pairs = best.map { entry in
            "\(entry.row.option.lowercased()) with \(entry.row.target.title.lowercased()) (+\(decimal(entry.figures.difference, places: 0)) points, d = \(decimal(entry.effect.d, places: 2)), \(pText(entry.row.q, name: "q")))"
        }
        var text = "Spread what goes with good scores: \(list(pairs))."
        let few = report.practiceShares.filter { $0.wave == wave && $0.community != .all && $0.option == first.row.option && $0.question.id == first.row.question.id }
            .compactMap { share in share.figures.value.flatMap { $0.share < 50 ? "\(share.community) (\(decimal($0.share, places: 0))%)" : nil } }
        if !few.isEmpty { text += " Fewer than half report \(first.row.option.lowercased()) in \(list(few))." }
        return Recommendation(text: text, evidence: "practices.csv, practice_shares.csv")
    }

    /// The largest meaningful improvement (since the previous wave, else since the first), and
    /// the practices its members now report more than then.
    static func learnFromImprovement(_ report: Report, wave: String) -> Recommendation? {
        let rows = report.scores.filter { $0.wave == wave && $0.community != .all }
        func best(_ change: (ScoreFigures) -> Change?) -> (ScoreRow, Change)? {
            rows.compactMap { row in row.figures.value.flatMap(change).map { (row, $0) } }
                .filter { $0.1.isMeaningful && $0.1.points > 0 }
                .max { $0.1.points < $1.1.points }
        }
        guard let (row, change) = best({ $0.change }) ?? best({ $0.changeFromFirst }) else { return nil }
        var text = "Learn from \(row.community): \(row.dimension.title.lowercased()) rose \(decimal(change.points, places: 0)) points since \(change.since) (\(pText(change.q, name: "q"))), to \(decimal(row.figures.value?.dimension.score ?? 0, places: 0))."
        let more = practiceGains(report, community: row.community, from: change.since, to: wave)
        if !more.isEmpty { text += " Its members report doing more \(list(more)) than then." }
        return Recommendation(text: text, evidence: "trends.csv" + (more.isEmpty ? "" : ", practice_shares.csv"))
    }

    /// Practices whose share in a community grew by at least 20 points between two waves.
    static func practiceGains(_ report: Report, community: CommunityName, from: String, to: String) -> [String] {
        let now = report.practiceShares.filter { $0.wave == to && $0.community == community }
        return now.compactMap { share -> (String, Double)? in
            let before = report.practiceShares.first { $0.wave == from && $0.community == community && $0.option == share.option && $0.question.id == share.question.id }
            guard let later = share.figures.value?.share, let earlier = before?.figures.value?.share, later - earlier >= 20 else { return nil }
            return ("\(share.option.lowercased()) (\(decimal(earlier, places: 0))% → \(decimal(later, places: 0))%)", later - earlier)
        }
        .sorted { $0.1 > $1.1 }.prefix(2).map(\.0)
    }

    /// The largest meaningful decline since the previous wave.
    static func lookIntoDecline(_ report: Report, wave: String) -> Recommendation? {
        let declines = report.scores.filter { $0.wave == wave && $0.community != .all }
            .compactMap { row in row.figures.value?.change.map { (row, $0) } }
            .filter { $0.1.isMeaningful && $0.1.points < 0 }
        guard let (row, change) = declines.min(by: { $0.1.points < $1.1.points }) else { return nil }
        let text = "Talk with \(row.community) about \(row.dimension.title.lowercased()): it fell \(decimal(-change.points, places: 0)) points since \(change.since) (\(pText(change.q, name: "q"))), to \(decimal(row.figures.value?.dimension.score ?? 0, places: 0))."
        return Recommendation(text: text, evidence: "trends.csv")
    }

    /// The community furthest meaningfully above everyone else, and its best question there.
    static func keepDoing(_ report: Report, wave: String) -> Recommendation? {
        let above = report.scores.filter { $0.wave == wave && $0.community != .all }
            .compactMap { row in row.figures.value?.versusRest.map { (row, $0) } }
            .filter { $0.1.isMeaningful && $0.1.difference > 0 }
        guard let (row, comparison) = above.max(by: { $0.1.difference < $1.1.difference }) else { return nil }
        var text = "Keep doing what \(row.community) does for \(row.dimension.title.lowercased()): \(decimal(row.figures.value?.dimension.score ?? 0, places: 0)), \(decimal(comparison.difference, places: 0)) points above the rest of the organisation (\(pText(comparison.q, name: "q")))."
        let best = report.items.filter { $0.wave == wave && $0.community == row.community && $0.question.dimension == row.dimension.id }
            .compactMap { item in item.figures.value.map { (item.question, $0.favorable) } }
            .max { $0.1 < $1.1 }
        if let (question, favorable) = best {
            text += " Its strongest question: \(question.id) \"\(question.text)\" (\(decimal(favorable, places: 0))% favorable)."
        }
        return Recommendation(text: text, evidence: "comparisons.csv, items.csv")
    }

    /// The organisation's strongest opportunity among the key drivers of the outcome.
    static func workOnDriver(_ report: Report, wave: String) -> Recommendation? {
        let opportunities = report.drivers.filter { $0.wave == wave && $0.community == .all && $0.question.dimension != nil }
            .compactMap { row in row.figures.value.map { (row, $0) } }
            .filter { $0.1.driverClass == .opportunity }
        guard let (row, figures) = opportunities.max(by: { $0.1.correlation.r < $1.1.correlation.r }),
            let outcome = report.survey.outcome
        else { return nil }
        let text = "Work on \(row.question.id) \"\(row.question.text)\"\(row.question.reverse ? " (reverse-worded)" : ""): it goes with \(outcome) (r = \(decimal(figures.correlation.r, places: 2))), yet only \(decimal(figures.favorable, places: 0))% answer favorably."
        return Recommendation(text: text, evidence: "drivers.csv")
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }
}

/// A p-value as people read it: `p < 0.001` or `p = 0.012` (`q …` for a q-value).
func pText(_ p: Double?, name: String = "p") -> String {
    guard let p else { return "\(name) not computable" }
    return p < 0.001 ? "\(name) < 0.001" : "\(name) = \(decimal(p, places: 3))"
}
