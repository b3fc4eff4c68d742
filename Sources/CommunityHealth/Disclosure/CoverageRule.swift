/// Decides, from counts alone, which communities a dimension's figures show and whom they leave
/// out (docs/privacy.md).
///
/// Over any set of people, a dimension's score (the mean of each one's answered questions) and its
/// questions' sums differ by a weighted sum over those who answered only some of the questions
/// (*partial answerers*); and where a group's partial answerers are many but those who answered
/// everything are few, the two figures differ by a sum over those few. So partial answerers count
/// only where there are at least `minimum` of them beside at least `minimum` full answerers: a
/// community's (or, together, those without a community's) are left out otherwise. A community
/// is shown when its figures count at least `minimum` people. Everyone else in the wave — what
/// `All` minus the shown communities reveals — is one more such group: they count in `All` only
/// if at least `minimum` of them are counted; otherwise they are left out (rather than
/// withholding another community).
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

    public static func decide(_ counts: [Counts], minimum: Int) -> Coverage.Decision {
        // Partial answerers count only beside enough of both kinds.
        var partialsLeftOut = Set(counts.filter { $0.partial > 0 && ($0.partial < minimum || $0.complete < minimum) }.map(\.community))
        func counted(_ entry: Counts) -> (complete: Int, partial: Int) {
            (entry.complete, partialsLeftOut.contains(entry.community) ? 0 : entry.partial)
        }
        let shown = Set(counts.filter { $0.community != nil && counted($0).complete + counted($0).partial >= minimum }.map { $0.community! })
        // Everyone else's counted partial answerers are 0 or at least `minimum` already: a
        // community whose partial answerers count has at least `minimum` of them, so it is shown.
        let rest = counts.filter { $0.community.map { !shown.contains($0) } ?? true }
        let restPeople = rest.reduce(0) { $0 + counted($1).complete + counted($1).partial }
        let everyoneLeftOut = restPeople > 0 && restPeople < minimum ? Set(rest.map(\.community)) : []
        return Coverage.Decision(shown: shown, partialsLeftOut: partialsLeftOut, everyoneLeftOut: everyoneLeftOut)
    }

    /// Every wave's decision, from the tally's counts.
    public static func coverage(of tally: Tally, minimum: Int) -> Coverage {
        let layout = tally.layout
        let dimensions = layout.targets.indices.filter { if case .dimension = layout.targets[$0].kind { true } else { false } }
        var coverage = Coverage()
        let groups = Dictionary(grouping: tally.groups, by: \.wave)
        for (wave, members) in groups {
            let sums = members.map { ($0.community, tally.sums(of: $0)!) }
            // A question outside the dimensions is a family of its own, with no partial answerers.
            for item in layout.items.indices where layout.items[item].dimension == nil {
                let counts = sums.map { Counts(community: $0.0, complete: Int($0.1.histogram(item: item).reduce(0, +)), partial: 0) }
                coverage.questions[wave, default: [:]][item] = decide(counts, minimum: minimum)
            }
            coverage.dimensions[wave] = dimensions.map { dimension in
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
        return coverage
    }
}
