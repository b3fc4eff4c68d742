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

    /// For each dimension, the practice with the largest meaningful effect within communities
    /// (at least 5 points, within_q < 0.05), strongest within_d first, and the communities where
    /// fewer than half report the first of them; then practices that look strong across the
    /// organisation but not within communities, which are not recommended.
    static func spreadPractice(_ report: Report, wave: String) -> Recommendation? {
        let rows = report.practices.filter { $0.wave == wave && $0.target.kind == .dimension }
        let working = rows.compactMap { row -> (row: PracticeRow, within: WithinFigures, d: Double)? in
            guard row.isMeaningfulWithin, let within = row.within, within.difference > 0, let d = within.d else { return nil }
            return (row, within, d)
        }
        let best = report.survey.dimensions.compactMap { dimension in working.filter { $0.row.target.id == dimension.id }.max { $0.d < $1.d } }
            .sorted { $0.d > $1.d }
        // Strong across the organisation, not within communities: largest pooled effect first.
        let explained = rows.compactMap { row -> (row: PracticeRow, pooled: Double, within: Double)? in
            guard row.isMeaningfulPooled, !row.isMeaningfulWithin, let pooled = row.figures.value, let within = row.within else { return nil }
            return (row, pooled.difference, within.difference)
        }
        .sorted { abs($0.pooled) > abs($1.pooled) }.prefix(3)
        guard !best.isEmpty || !explained.isEmpty else { return nil }
        var sentences: [String] = []
        if let first = best.first?.row {
            let pairs = best.map { row, within, d in
                "\(row.option.lowercased()) with \(row.target.title.lowercased()) (\(signed(within.difference)) points, d = \(decimal(d, places: 2)), \(pText(row.withinQ, name: "q")))"
            }
            sentences.append("Spread what goes with good scores within communities: \(list(pairs)).")
            let few = report.practiceShares.filter { $0.wave == wave && $0.community != .all && $0.option == first.option && $0.question.id == first.question.id }
                .compactMap { share in share.figures.value.flatMap { $0.share < 50 ? "\(share.community) (\(decimal($0.share, places: 0))%)" : nil } }
            if !few.isEmpty { sentences.append("Fewer than half report \(first.option.lowercased()) in \(list(few)).") }
        }
        if !explained.isEmpty {
            let pairs = explained.enumerated().map { index, entry in
                let points = index == 0 ? (" points across the organisation", " within communities") : ("", "")
                return "\(entry.row.option.lowercased()) with \(entry.row.target.title.lowercased()) (\(signed(entry.pooled))\(points.0), \(signed(entry.within))\(points.1))"
            }
            sentences.append(
                (best.isEmpty ? "No practice stands out within communities. " : "")
                    + "Explained by which community people are in, not by the practice, so not recommended: \(list(pairs)).")
        }
        return Recommendation(text: sentences.joined(separator: " "), evidence: "practices.csv" + (best.isEmpty ? "" : ", practice_shares.csv"))
    }

    /// The largest meaningful improvement (since the previous wave, else since the first), and a
    /// practice the community took up meanwhile, only where adoption.csv supports it for that
    /// community and dimension (its change against communities that did not take it up).
    static func learnFromImprovement(_ report: Report, wave: String) -> Recommendation? {
        let rows = report.scores.filter { $0.wave == wave && $0.community != .all }
        func best(_ change: (ScoreFigures) -> Change?) -> (ScoreRow, Change)? {
            rows.compactMap { row in row.figures.value.flatMap(change).map { (row, $0) } }
                .filter { $0.1.isMeaningful && $0.1.points > 0 }
                .max { $0.1.points < $1.1.points }
        }
        guard let (row, change) = best({ $0.change }) ?? best({ $0.changeFromFirst }) else { return nil }
        var text = "Learn from \(row.community): \(row.dimension.title.lowercased()) rose \(decimal(change.points, places: 0)) points since \(change.since) (\(pText(change.q, name: "q"))), to \(decimal(row.figures.value?.dimension.score ?? 0, places: 0))."
        let span = report.waves.drop { $0 != change.since }.dropFirst().prefix { $0 != wave } + [wave]
        let taken = report.adoptions.filter {
            $0.community == row.community.description && $0.target.id == row.dimension.id && span.contains($0.wave) && $0.verdict == .supported
        }
        .max { $0.estimate.difference < $1.estimate.difference }
        if let taken {
            text += " It took up \(taken.option.lowercased()) in \(taken.wave) (\(decimal(taken.shareBefore, places: 0))% → \(decimal(taken.share, places: 0))% of members), and against communities that did not, its \(row.dimension.title.lowercased()) rose \(decimal(taken.estimate.difference, places: 0)) points more (\(pText(taken.q, name: "q")))."
        }
        return Recommendation(text: text, evidence: "trends.csv" + (taken == nil ? "" : ", adoption.csv"))
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
