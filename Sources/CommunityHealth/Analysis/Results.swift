/// Figures of every group, before any privacy decision: what `Disclosure` turns into a `Report`.
public struct Results: Sendable {
    public struct Group: Sendable {
        public var rows: Int
        /// By dimension index; nil where nobody answered.
        public var dimensions: [DimensionFigures?]
        /// By tally item (scale question) index; nil where nobody answered.
        public var items: [ItemFigures?]
    }

    public struct Wave: Sendable {
        public var name: String
        public var all: Group
        /// Named communities, sorted by name.
        public var communities: [(name: String, group: Group)]
    }

    public var survey: Survey
    public var layout: TallyLayout
    /// In wave order.
    public var waves: [Wave]

    public init(survey: Survey, tally: Tally) {
        self.survey = survey
        layout = tally.layout
        let groups = tally.groups
        let waveNames = survey.ordered(waves: groups.map(\.wave))
        waves = waveNames.compactMap { wave -> Wave? in
            guard let all = tally.sumsOfAll(wave: wave) else { return nil }
            let names = Set(groups.filter { $0.wave == wave }.compactMap(\.community)).sorted(by: communityOrder)
            let communities = names.compactMap { name -> (String, Group)? in
                tally.sums(of: Tally.Group(wave: wave, community: name)).map { (name, Self.analyse($0)) }
            }
            return Wave(name: wave, all: Self.analyse(all), communities: communities)
        }
    }

    private static func analyse(_ sums: GroupSums) -> Group {
        Group(
            rows: sums.rows,
            dimensions: sums.layout.dimensions.indices.map { GroupAnalysis.dimension($0, in: sums) },
            items: sums.layout.items.indices.map { GroupAnalysis.item($0, in: sums) })
    }
}

/// Community names in report order: by name ignoring case, then exactly.
func communityOrder(_ a: String, _ b: String) -> Bool {
    let (la, lb) = (a.lowercased(), b.lowercased())
    return la != lb ? la < lb : a < b
}
