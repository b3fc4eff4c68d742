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
        // Per wave and target: the respondent scores of the communities shown on the target.
        let shownScores: [[[String: Summary]]] = results.waves.map { wave in
            layout.targets.indices.map { target in
                let shown: Set<String>
                switch layout.targets[target].kind {
                case .dimension(let index): shown = wave.coverage[index].shown
                case .outcome(let item): shown = wave.questionCoverage[item]?.shown ?? []
                case .overall: shown = []
                }
                var scores: [String: Summary] = [:]
                for (name, group) in wave.communities where shown.contains(name) { scores[name] = group.targetScores[target] }
                return scores
            }
        }

        var rows: [AdoptionRow] = []
        let waves = results.waves
        for after in waves.indices.dropFirst() {
            let before = after - 1
            let previous = before > 0 ? before - 1 : nil
            let communities = inCommunityOrder(Set(waves[before].communities.map(\.name)).intersection(waves[after].communities.map(\.name)))
            // Looked up once per pair of waves, then read by position in `communities`: the loops
            // below compare every adopter with every other community.
            let pairWaves = [previous, before, after].compactMap { $0 }
            var scores: [Int: [[Summary?]]] = [:]
            for wave in pairWaves { scores[wave] = targets.indices.map { target in communities.map { shownScores[wave][target][$0] } } }
            for choice in layout.practices {
                let question = results.survey.questions[layout.choices[choice].question]
                for option in question.options {
                    var shares: [Int: [Double?]] = [:]
                    for wave in pairWaves {
                        shares[wave] = communities.map { shownShares[ShareKey(wave: waves[wave].name, question: question.id, option: option, community: $0)] }
                    }
                    func below50(_ wave: Int, _ community: Int) -> Bool { shares[wave]![community].map { $0 < 50 } == true }
                    for adopter in communities.indices {
                        guard let shareBefore = shares[before]![adopter], let shareAfter = shares[after]![adopter],
                            shareBefore < 50, shareAfter >= 50, shareAfter - shareBefore >= 25
                        else { continue }
                        let others = communities.indices.filter { $0 != adopter && below50(before, $0) && below50(after, $0) }
                        for (target, name) in targets.enumerated() {
                            let (scoresBefore, scoresAfter) = (scores[before]![target], scores[after]![target])
                            guard let adopterBefore = scoresBefore[adopter], let adopterAfter = scoresAfter[adopter] else { continue }
                            let comparisons = others.compactMap { community in
                                scoresBefore[community].flatMap { earlier in scoresAfter[community].map { (community, earlier, $0) } }
                            }
                            guard let estimate = DifferenceInDifferences(
                                treated: (adopterBefore, adopterAfter), comparisons: comparisons.map { ($0.1, $0.2) })
                            else { continue }
                            // The previous pair of waves, with the comparison communities also eligible there.
                            var preTrend: AdoptionRow.Estimate?
                            if let previous, below50(previous, adopter), let adopterEarlier = scores[previous]![target][adopter] {
                                let earlier = comparisons.compactMap { community, before, _ in
                                    below50(previous, community) ? scores[previous]![target][community].map { ($0, before) } : nil
                                }
                                preTrend = DifferenceInDifferences(treated: (adopterEarlier, adopterBefore), comparisons: earlier).map { AdoptionRow.Estimate($0) }
                            }
                            rows.append(
                                AdoptionRow(
                                    waveBefore: waves[before].name, wave: waves[after].name, community: communities[adopter], question: question,
                                    option: option, shareBefore: shareBefore, share: shareAfter, target: name, estimate: AdoptionRow.Estimate(estimate),
                                    preTrend: preTrend, comparisonCommunities: comparisons.count))
                        }
                    }
                }
            }
        }
        return rows
    }
}
