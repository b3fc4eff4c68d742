extension Disclosure {
    /// Practices taken up between consecutive waves, and what happened to each target score of
    /// the community that took one up, against the communities that did not (docs/adoption.md).
    ///
    /// Drawn from shown figures only: practice shares shown in `shares`, and the target scores of
    /// communities shown on the target — each estimate is a function of published means and
    /// counts. The overall score has no published figure per community, so without an outcome
    /// question the dimensions alone are estimated.
    static func adoptions(results: Results, shares: [PracticeShareRow]) -> [AdoptionRow] {
        struct ShareKey: Hashable {
            var wave: String
            var question: String
            var option: String
            var community: String
        }
        var shownShares: [ShareKey: Double] = [:]
        for row in shares {
            guard case .named(let community) = row.community, let figures = row.figures.value else { continue }
            shownShares[ShareKey(wave: row.wave, question: row.question.id, option: row.option, community: community)] = figures.share
        }
        let layout = results.layout
        let targets = targetNames(results)
        /// A community's respondent scores on a target, where its figures on the target are shown.
        func scores(_ wave: Results.Wave, _ community: String, _ target: Int) -> Summary? {
            let shown: Bool
            switch layout.targets[target].kind {
            case .dimension(let index): shown = wave.coverage[index].shown.contains(community)
            case .outcome(let item): shown = wave.questionCoverage[item]?.shown.contains(community) == true
            case .overall: shown = false
            }
            guard shown else { return nil }
            return wave.communities.first { $0.name == community }?.group.targetScores[target]
        }

        var rows: [AdoptionRow] = []
        for (position, after) in results.waves.enumerated().dropFirst() {
            let before = results.waves[position - 1]
            let previous = position >= 2 ? results.waves[position - 2] : nil
            let communities = inCommunityOrder(Set(before.communities.map(\.name)).intersection(after.communities.map(\.name)))
            for choice in layout.practices {
                let question = results.survey.questions[layout.choices[choice].question]
                for option in question.options {
                    func share(_ wave: Results.Wave, _ community: String) -> Double? {
                        shownShares[ShareKey(wave: wave.name, question: question.id, option: option, community: community)]
                    }
                    func below50(_ wave: Results.Wave, _ community: String) -> Bool { share(wave, community).map { $0 < 50 } == true }
                    for adopter in communities {
                        guard let shareBefore = share(before, adopter), let shareAfter = share(after, adopter),
                            shareBefore < 50, shareAfter >= 50, shareAfter - shareBefore >= 25
                        else { continue }
                        let others = communities.filter { $0 != adopter && below50(before, $0) && below50(after, $0) }
                        for (target, name) in targets.enumerated() {
                            guard let adopterBefore = scores(before, adopter, target), let adopterAfter = scores(after, adopter, target) else { continue }
                            let comparisons = others.compactMap { community in
                                scores(before, community, target).flatMap { earlier in scores(after, community, target).map { (community, earlier, $0) } }
                            }
                            guard let estimate = DifferenceInDifferences(
                                treated: (adopterBefore, adopterAfter), comparisons: comparisons.map { ($0.1, $0.2) })
                            else { continue }
                            // The previous pair of waves, with the comparison communities also eligible there.
                            var preTrend: AdoptionRow.Estimate?
                            if let previous, below50(previous, adopter), let adopterEarlier = scores(previous, adopter, target) {
                                let earlier = comparisons.compactMap { community, before, _ in
                                    below50(previous, community) ? scores(previous, community, target).map { ($0, before) } : nil
                                }
                                preTrend = DifferenceInDifferences(treated: (adopterEarlier, adopterBefore), comparisons: earlier).map { AdoptionRow.Estimate($0) }
                            }
                            rows.append(
                                AdoptionRow(
                                    waveBefore: before.name, wave: after.name, community: adopter, question: question, option: option,
                                    shareBefore: shareBefore, share: shareAfter, target: name, estimate: AdoptionRow.Estimate(estimate),
                                    preTrend: preTrend, comparisonCommunities: comparisons.count))
                        }
                    }
                }
            }
        }
        return rows
    }
}
