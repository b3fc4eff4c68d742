/// Decides, from counts alone, which communities a dimension's figures show and whose partial
/// answerers they leave out (docs/privacy.md).
///
/// Over any set of people, a dimension's score (the mean of each one's answered questions) and its
/// questions' sums differ by a weighted sum over those who answered only some of the questions
/// (*partial answerers*); and where a group's partial answerers are many but those who answered
/// everything are few, the two figures differ by a sum over those few. So partial answerers count
/// only where there are at least `minimum` of them beside at least `minimum` full answerers: a
/// community's (or, together, those without a community's) are left out otherwise. Every
/// *class* — each shown community, and everyone else in the wave, whom `All` minus the shown
/// communities reveals — then counts partial answerers that number zero or at least `minimum`:
/// everyone else's counted ones are left out too when they are fewer. A community whose figures
/// would count fewer than `minimum` people is withheld and joins everyone else; when everyone else
/// would count 1 to `minimum` − 1 people, the smallest shown community is withheld too, until it
/// holds — or, with nobody left to withhold, `All` is withheld.
public enum CoverageRule {
    /// One community's (or, with nil, the community-less rows') respondents with a score:
    /// those who answered every question of the dimension and those who answered only some.
    public struct Counts: Sendable, Equatable {
        public var community: String?
        public var complete: Int
        public var partial: Int

        public init(community: String?, complete: Int, partial: Int) {
            self.community = community
            self.complete = complete
            self.partial = partial
        }
    }

    public static func decide(_ counts: [Counts], minimum: Int) -> Coverage.Dimension {
        // Partial answerers count only beside enough of both kinds.
        var leftOut = Set(counts.filter { $0.partial > 0 && ($0.partial < minimum || $0.complete < minimum) }.map(\.community))
        func counted(_ entry: Counts) -> (complete: Int, partial: Int) {
            (entry.complete, leftOut.contains(entry.community) ? 0 : entry.partial)
        }
        let named = counts.filter { $0.community != nil }
        var shown = Set(named.filter { counted($0).complete + counted($0).partial >= minimum }.map { $0.community! })
        while true {
            let rest = counts.filter { $0.community.map { !shown.contains($0) } ?? true }
            var restLeftOut = leftOut
            let partial = rest.reduce(0) { $0 + counted($1).partial }
            if partial > 0 && partial < minimum { restLeftOut.formUnion(rest.map(\.community)) }
            let people = rest.reduce(0) { $0 + $1.complete + (restLeftOut.contains($1.community) ? 0 : $1.partial) }
            if people == 0 || people >= minimum {
                leftOut = restLeftOut
                return Coverage.Dimension(shown: shown, allShown: true, partialsLeftOut: leftOut)
            }
            // The smallest shown community (by the people its figures count; ties: the later name) goes too.
            let candidates = named.filter { shown.contains($0.community!) }.map { ($0.community!, counted($0).complete + counted($0).partial) }
            guard let smallest = candidates.min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }) else {
                return Coverage.Dimension(shown: [], allShown: false, partialsLeftOut: restLeftOut)
            }
            shown.remove(smallest.0)
        }
    }

    /// Every wave's decision, from the tally's counts.
    public static func coverage(of tally: Tally, minimum: Int) -> Coverage {
        let layout = tally.layout
        let dimensions = layout.targets.indices.filter { if case .dimension = layout.targets[$0].kind { true } else { false } }
        var waves: [String: [Coverage.Dimension]] = [:]
        let groups = Dictionary(grouping: tally.groups, by: \.wave)
        for (wave, members) in groups {
            let sums = members.map { ($0.community, tally.sums(of: $0)!) }
            waves[wave] = dimensions.map { dimension in
                let size = layout.targets[dimension].items.count
                let counts = sums.map { community, sums in
                    guard size > 0 else { return Counts(community: community, complete: 0, partial: 0) }
                    let perK = sums.scoreSums(target: dimension)
                    let complete = Int(perK[size - 1].count)
                    return Counts(community: community, complete: complete, partial: perK.reduce(0) { $0 + Int($1.count) } - complete)
                }
                return decide(counts, minimum: minimum)
            }
        }
        return Coverage(waves: waves)
    }
}
