import Dispatch
import Foundation

/// Figures of every group, before any privacy decision: what `Disclosure` turns into a `Report`.
public struct Results: Sendable {
    public struct Group: Sendable {
        public var rows: Int
        /// By dimension index; nil where nobody answered.
        public var dimensions: [DimensionFigures?]
        /// By tally item (scale question) index; nil where nobody answered.
        public var items: [ItemFigures?]
        /// Everyone else in the wave: respondent scores (0–100) by dimension (empty for `All`).
        public var rest: [Summary?]
        /// Pearson's r of each item with the outcome (nil for the outcome itself, or without one).
        public var drivers: [Correlation?]
        /// Per practices question.
        public var practiceCounts: [PracticeCounts]
    }

    public struct Wave: Sendable {
        public var name: String
        public var all: Group
        /// Named communities, sorted by name.
        public var communities: [(name: String, group: Group)]
        /// Everyone in the wave, per practices question, option and score target.
        public var practices: [[[PracticeFigures?]]]
    }

    public var survey: Survey
    public var layout: TallyLayout
    /// In wave order.
    public var waves: [Wave]

    /// Analyses every wave of `tally`, or those from `since` on (in wave order).
    public init(survey: Survey, tally: Tally, since: String? = nil) {
        self.survey = survey
        let layout = tally.layout
        self.layout = layout
        let groups = tally.groups
        var waveNames = survey.ordered(waves: groups.map(\.wave))
        if let since, let first = waveNames.firstIndex(of: since) { waveNames.removeFirst(first) }
        // Waves are analysed side by side: the analysis only reads the tally.
        let names = waveNames
        let analysed = AnalysedWaves(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            analysed.set(index, Self.analyse(wave: names[index], tally: tally, groups: groups, layout: layout))
        }
        waves = analysed.all
    }

    private static func analyse(wave: String, tally: Tally, groups: [Tally.Group], layout: TallyLayout) -> Wave? {
        guard let all = tally.sumsOfAll(wave: wave) else { return nil }
        let names = inCommunityOrder(Set(groups.filter { $0.wave == wave }.compactMap(\.community)))
        let communities = names.compactMap { name -> (String, Group)? in
            tally.sums(of: Tally.Group(wave: wave, community: name)).map { (name, Self.analyse($0, within: all)) }
        }
        let practices = layout.practices.indices.map { practice in
            (0..<layout.choices[layout.practices[practice]].optionCount).map { option in
                layout.targets.indices.map { target in
                    PracticeFigures(
                        with: GroupAnalysis.scores(target: target, in: all, practice: practice, option: option),
                        without: GroupAnalysis.scores(target: target, in: all, practice: practice, notReporting: option))
                }
            }
        }
        return Wave(name: wave, all: Self.analyse(all, within: nil), communities: communities, practices: practices)
    }

    private static func analyse(_ sums: GroupSums, within all: GroupSums?) -> Group {
        let layout = sums.layout
        let dimensions = 0..<layout.targets.count
        let dimensionIndices = dimensions.filter { if case .dimension = layout.targets[$0].kind { true } else { false } }
        let rest = all.map { $0.removing(sums) }
        return Group(
            rows: sums.rows,
            dimensions: dimensionIndices.map { GroupAnalysis.dimension($0, in: sums) },
            items: layout.items.indices.map { GroupAnalysis.item($0, in: sums) },
            rest: rest.map { rest in dimensionIndices.map { GroupAnalysis.scores(target: $0, in: rest) } } ?? [],
            drivers: layout.items.indices.map { GroupAnalysis.correlationWithOutcome(item: $0, in: sums) },
            practiceCounts: layout.practices.map { choice in
                let counts = sums.choiceCounts(choice)
                return PracticeCounts(answered: Int(counts.answered), reporting: counts.options.map { Int($0) })
            })
    }
}

/// Collects the analysed waves, in order.
private final class AnalysedWaves: @unchecked Sendable {
    private var waves: [Results.Wave?]
    private let lock = NSLock()

    init(count: Int) {
        waves = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ wave: Results.Wave?) { lock.withLock { waves[index] = wave } }
    var all: [Results.Wave] { lock.withLock { waves.compactMap { $0 } } }
}

/// Community names in report order: by name ignoring case, then exactly.
func inCommunityOrder(_ names: some Sequence<String>) -> [String] {
    names.map { (key: $0.lowercased(), name: $0) }.sorted { $0.key != $1.key ? $0.key < $1.key : $0.name < $1.name }.map(\.name)
}
