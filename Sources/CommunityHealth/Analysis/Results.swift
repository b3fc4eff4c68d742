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
        /// Respondent scores (0–100) by score target, over the respondents counted.
        public var targetScores: [Summary?]
        /// Everyone else in the wave: respondent scores (0–100) by dimension (empty for `All`).
        public var rest: [Summary?]
        /// Pearson's r of each item with the outcome (nil for the outcome itself, or without one).
        public var drivers: [Correlation?]
        /// Per practices question.
        public var practiceCounts: [PracticeCounts]
        /// Per practices question, option and score target, over the respondents counted: the sums
        /// the effects within communities are made of.
        public var practiceSums: [[[PracticeSums]]] = []
        /// Rows by practice pattern (empty without a practices question).
        public var patterns = PatternCounts()
    }

    public struct Wave: Sendable {
        public var name: String
        public var all: Group
        /// Named communities, sorted by name.
        public var communities: [(name: String, group: Group)]
        /// Everyone in the wave, per practices question, option and score target.
        public var practices: [[[PracticeFigures?]]]
        /// Which respondents each dimension's and question's figures count, and which communities they show.
        public var coverage: [Coverage.Decision]
        public var questionCoverage: [Int: Coverage.Decision] = [:]
        /// Rows without a community, by practice pattern.
        public var patternsWithoutCommunity = PatternCounts()
    }

    public var survey: Survey
    public var layout: TallyLayout
    /// In wave order.
    public var waves: [Wave]

    /// Analyses every wave of `tally`, or those from `since` on (in wave order), counting in each
    /// dimension's figures only the respondents `coverage` says.
    public init(survey: Survey, tally: Tally, coverage: Coverage, since: String? = nil) {
        self.survey = survey
        let layout = tally.layout
        self.layout = layout
        let groups = tally.groups
        var waveNames = survey.ordered(waves: groups.map(\.wave))
        if let since, let first = waveNames.firstIndex(of: since) { waveNames.removeFirst(first) }
        // Waves are analysed side by side: the analysis only reads the tally.
        let names = waveNames
        let minimum = survey.minimumGroupSize
        waves = concurrentMap(names.count) { Self.analyse(wave: names[$0], tally: tally, groups: groups, coverage: coverage, minimum: minimum) }.compactMap { $0 }
    }

    private static func analyse(wave: String, tally: Tally, groups: [Tally.Group], coverage: Coverage, minimum: Int) -> Wave? {
        let layout = tally.layout
        let members = groups.filter { $0.wave == wave }
        guard !members.isEmpty else { return nil }
        let overall = layout.targets.firstIndex { $0.kind == .overall }
        /// A group's sums as its figures count them (one group's at a time: memory stays flat).
        func counted(_ group: Tally.Group) -> (raw: GroupSums, counted: GroupSums)? {
            guard let raw = tally.sums(of: group) else { return nil }
            let leftOut = coverage.leftOut(wave: wave, community: group.community)
            var counted = raw
            counted.leaveOutPartialAnswerers(of: leftOut.partials)
            counted.leaveOutEveryone(of: leftOut.everyone)
            counted.leaveOutAnswers(toQuestions: leftOut.questions)
            // The overall score counts those who answered every dimension's questions, and only
            // where every dimension counts them.
            if let overall {
                let size = layout.targets[overall].items.count
                counted.leaveOutScores(ofTarget: overall, below: leftOut.everyone.isEmpty ? size : size + 1)
            }
            return (raw, counted)
        }
        var all: (raw: GroupSums, counted: GroupSums)?
        for group in members {
            guard let sums = counted(group) else { continue }
            if all == nil {
                all = sums
            } else {
                all!.raw.add(sums.raw)
                all!.counted.add(sums.counted)
            }
        }
        guard let all else { return nil }
        let names = inCommunityOrder(Set(members.compactMap(\.community)))
        let communities = names.compactMap { name -> (String, Group)? in
            let tallyGroup = Tally.Group(wave: wave, community: name)
            guard let sums = counted(tallyGroup) else { return nil }
            // Fewer rows than the minimum: no figure of the group can be shown, so only its counts are kept.
            var group = sums.raw.rows < minimum ? Self.counts(of: sums.raw) : Self.analyse(raw: sums.raw, counted: sums.counted, within: all.counted)
            group.patterns = tally.patterns(of: tallyGroup)
            if sums.raw.rows >= minimum { group.practiceSums = Self.practiceSums(in: sums.counted) }
            return (name, group)
        }
        let practices = Self.practices(in: all.counted) { PracticeFigures(with: $0, without: $1) }
        var everyone = Self.analyse(raw: all.raw, counted: all.counted, within: nil)
        everyone.practiceSums = Self.practiceSums(in: all.counted)
        var result = Wave(
            name: wave, all: everyone, communities: communities, practices: practices, coverage: coverage.dimensions(in: wave))
        result.questionCoverage = coverage.questions[wave] ?? [:]
        result.patternsWithoutCommunity = tally.patterns(of: Tally.Group(wave: wave, community: nil))
        return result
    }

    /// Per practices question, option and score target: what `make` says of those who report the
    /// option and of everyone else counted.
    private static func practices<Value>(in sums: GroupSums, _ make: (Summary?, Summary?) -> Value) -> [[[Value]]] {
        let layout = sums.layout
        return layout.practices.indices.map { practice in
            (0..<layout.choices[layout.practices[practice]].optionCount).map { option in
                layout.targets.indices.map { target in
                    make(
                        GroupAnalysis.scores(target: target, in: sums, reporting: (practice, option)),
                        GroupAnalysis.scores(target: target, in: sums, notReporting: (practice, option)))
                }
            }
        }
    }

    private static func practiceSums(in sums: GroupSums) -> [[[PracticeSums]]] {
        let layout = sums.layout
        // One copy of everyone's sums per target, shared by every option.
        let everyone = layout.targets.indices.map { sums.scoreSums(target: $0) }
        return layout.practices.indices.map { practice in
            (0..<layout.choices[layout.practices[practice]].optionCount).map { option in
                layout.targets.indices.map { target in
                    PracticeSums(everyone: everyone[target], reporting: sums.scoreSums(target: target, reporting: (practice, option)))
                }
            }
        }
    }

    /// A group too small to show anything: its row and practice counts, and no figure.
    private static func counts(of raw: GroupSums) -> Group {
        let layout = raw.layout
        let dimensions = layout.targets.filter { if case .dimension = $0.kind { true } else { false } }.count
        return Group(
            rows: raw.rows, dimensions: Array(repeating: nil, count: dimensions), items: Array(repeating: nil, count: layout.items.count),
            targetScores: Array(repeating: nil, count: layout.targets.count), rest: Array(repeating: nil, count: dimensions), drivers: Array(repeating: nil, count: layout.items.count),
            practiceCounts: practiceCounts(in: raw))
    }

    private static func practiceCounts(in raw: GroupSums) -> [PracticeCounts] {
        raw.layout.practices.map { choice in
            let counts = raw.choiceCounts(choice)
            return PracticeCounts(answered: Int(counts.answered), reporting: counts.options.map { Int($0) })
        }
    }

    /// A group's figures: scores, questions and comparisons over the respondents counted; alpha
    /// and key drivers over every answer of the group.
    private static func analyse(raw: GroupSums, counted: GroupSums, within all: GroupSums?) -> Group {
        let layout = raw.layout
        let dimensionIndices = layout.targets.indices.filter { if case .dimension = layout.targets[$0].kind { true } else { false } }
        let rest = all.map { $0.removing(counted) }
        return Group(
            rows: raw.rows,
            dimensions: dimensionIndices.map { GroupAnalysis.dimension($0, in: counted, alphaFrom: raw) },
            items: layout.items.indices.map { GroupAnalysis.item($0, in: counted) },
            targetScores: layout.targets.indices.map { GroupAnalysis.scores(target: $0, in: counted) },
            rest: rest.map { rest in dimensionIndices.map { GroupAnalysis.scores(target: $0, in: rest) } } ?? [],
            drivers: layout.items.indices.map { GroupAnalysis.correlationWithOutcome(item: $0, in: raw) },
            practiceCounts: practiceCounts(in: raw))
    }
}


/// Community names in report order: by name ignoring case, then exactly.
func inCommunityOrder(_ names: some Sequence<String>) -> [String] {
    names.map { (key: $0.lowercased(), name: $0) }.sorted { $0.key != $1.key ? $0.key < $1.key : $0.name < $1.name }.map(\.name)
}
