/// The privacy stage's second step: turns `Results` into a `Report` in which nothing a reader
/// could combine singles out fewer than `minimumGroupSize` respondents (docs/privacy.md).
///
/// Whom each dimension's and question's figures count, and which communities they show, was
/// decided from counts before the analysis (`CoverageRule`, carried by `Results.Wave`): a
/// dimension's score and questions are shown together. Here the practices rows are checked
/// against every group's figures (`PracticeCheck`); head counts (respondents per community, per
/// practices question) keep the remainder rule on rows; key drivers need `driverMinimum`.
/// Everything computed from shown rows only (changes, comparisons, driver classes,
/// recommendations) is added afterwards, so it cannot reveal a withheld group.
public enum Disclosure {
    /// Key drivers are shown for a community only from this many respondents.
    public static let driverMinimum = 30

    public static func report(
        _ results: Results, counts: RowCounts, rejections: [Rejection], members: CommunityMembers = CommunityMembers(),
        focusWave: String? = nil
    ) -> Report {
        let survey = results.survey
        let layout = results.layout
        let minimum = survey.minimumGroupSize
        var scores: [ScoreRow] = []
        var items: [ItemRow] = []
        var participation: [ParticipationRow] = []
        var practices: [PracticeRow] = []
        var shares: [PracticeShareRow] = []
        var drivers: [DriverRow] = []
        let firstNPS = layout.items.firstIndex { $0.scale.isNPS }

        // The practices check and the effects within communities, waves side by side.
        let practiceDecisions = concurrentMap(results.waves.count) { index in
            let within = withinEffects(wave: results.waves[index], results: results)
            return (within: within.figures, allowed: practiceRows(wave: results.waves[index], results: results, within: within))
        }

        for (waveIndex, wave) in results.waves.enumerated() {
            let names: [CommunityName] = [.all] + wave.communities.map { .named($0.name) }
            let groups = [wave.all] + wave.communities.map(\.group)

            // All, then each community, as `CoverageRule` decided: a dimension's questions with its score.
            func shown(_ decision: Coverage.Decision) -> [Bool] {
                [true] + wave.communities.map { decision.shown.contains($0.name) }
            }
            var shownItems: [[Bool]] = []
            for (itemIndex, item) in layout.items.enumerated() {
                let figures = groups.map { $0.items[itemIndex] }
                let shown = shown(item.dimension.map { wave.coverage[$0] } ?? wave.questionCoverage[itemIndex] ?? Coverage.Decision())
                shownItems.append(shown)
                for (index, name) in names.enumerated() {
                    items.append(
                        ItemRow(wave: wave.name, community: name, question: survey.questions[item.question], figures: disclosed(figures[index], shown[index])))
                }
            }

            let shownRows = visibility(groups.map(\.rows), minimum: minimum)
            for (index, name) in names.enumerated() {
                let memberCount = name == .all ? members.total(wave: wave.name) : members.count(of: name.description, wave: wave.name)
                let nps = firstNPS.flatMap { shownItems[$0][index] ? groups[index].items[$0]?.netPromoterScore : nil }
                participation.append(
                    ParticipationRow(
                        wave: wave.name, community: name, respondents: shownRows[index] ? .shown(groups[index].rows) : .withheld,
                        members: memberCount, netPromoterScore: shownRows[index] ? nps : nil))
            }

            for (dimensionIndex, dimension) in survey.dimensions.enumerated() {
                let figures = groups.map { $0.dimensions[dimensionIndex] }
                let shown = shown(wave.coverage[dimensionIndex])
                for (index, name) in names.enumerated() {
                    var value: Disclosed<ScoreFigures> = .withheld
                    if shown[index], let figure = figures[index] {
                        value = .shown(ScoreFigures(dimension: figure))
                        if index > 0, let all = figures[0] {
                            value = .shown(
                                ScoreFigures(
                                    dimension: figure,
                                    versusAll: comparison(figure, all),
                                    versusRest: groups[index].rest[dimensionIndex].map { comparison(figure, $0) }))
                        }
                    }
                    scores.append(ScoreRow(wave: wave.name, community: name, dimension: dimension, figures: value))
                }
            }

            // Practice shares follow the rule on head counts.
            let sharesShown = layout.practices.indices.map { practice in visibility(groups.map { $0.practiceCounts[practice].answered }, minimum: minimum) }
            let (within, allowedPractices) = practiceDecisions[waveIndex]
            for (practice, choice) in layout.practices.enumerated() {
                let question = survey.questions[layout.choices[choice].question]
                let shown = sharesShown[practice]
                for (option, text) in question.options.enumerated() {
                    for (target, name) in targetNames(results).enumerated() {
                        let figures = wave.practices[practice][option][target]
                        let key = PracticeCheck.Row(practice: practice, option: option, target: target)
                        let safe = allowedPractices.contains(key)
                        var row = PracticeRow(wave: wave.name, question: question, option: text, target: name, figures: disclosed(figures, safe))
                        if safe { row.within = within[key] }
                        practices.append(row)
                    }
                    for (index, name) in names.enumerated() {
                        let counts = groups[index].practiceCounts[practice]
                        let figures = counts.answered > 0
                            ? PracticeShareRow.Figures(answered: counts.answered, share: 100 * Double(counts.reporting[option]) / Double(counts.answered))
                            : nil
                        shares.append(
                            PracticeShareRow(wave: wave.name, community: name, question: question, option: text, figures: disclosed(figures, shown[index])))
                    }
                }
            }

            drivers += driverRows(wave: wave, names: names, groups: groups, shownItems: shownItems, results: results)
        }

        let waves = results.waves.map(\.name)
        var report = Report(
            survey: survey, waves: waves, focusWave: focusWave ?? waves.last, counts: counts,
            scores: withChanges(scores, waves: waves), items: items, participation: participation, rejections: rejections)
        report.practices = practices
        report.practiceShares = shares
        report.adoptions = adoptions(results: results, shares: shares)
        report.drivers = drivers
        var shownDrivers: [String: [DriverRow.Figures]] = [:]
        for row in drivers where row.community == .all {
            if let figures = row.figures.value { shownDrivers[row.wave, default: []].append(figures) }
        }
        for wave in waves {
            report.driverMedians[wave] = DriverMedians((shownDrivers[wave] ?? []).map { ($0.correlation.r, $0.favorable) })
        }
        report.controlFalseDiscoveries()
        report.recommendations = Recommendations.make(for: report)
        return report
    }

    /// Each practice's effect within communities, for every option and target where it can be
    /// estimated: one intercept per community whose figures on the target are shown, and one for
    /// everyone else counted on it (withheld communities and those without one, together). Over
    /// those groups the effect follows from the practices row and the groups' own figures, so it
    /// reveals nothing they do not; for the overall score, which has no group figures, the groups
    /// are the communities shown in every dimension, and `PracticeCheck` weighs the effect itself.
    static func withinEffects(wave: Results.Wave, results: Results) -> (figures: [PracticeCheck.Row: WithinFigures], groups: [Int: [Int]]) {
        let layout = results.layout
        var figures: [PracticeCheck.Row: WithinFigures] = [:]
        var groupsByTarget: [Int: [Int]] = [:]
        for (target, kind) in layout.targets.map(\.kind).enumerated() {
            let shown: Set<String>
            switch kind {
            case .dimension(let index): shown = wave.coverage[index].shown
            case .outcome(let item): shown = (wave.questionCoverage[item] ?? Coverage.Decision()).shown
            case .overall: shown = wave.coverage.map(\.shown).reduce(Set(wave.communities.map(\.name))) { $0.intersection($1) }
            }
            let included = wave.communities.indices.filter { shown.contains(wave.communities[$0].name) }
            // By community number (those without one last): its group, everyone else's being the last.
            let position = Dictionary(uniqueKeysWithValues: included.enumerated().map { ($1, $0) })
            groupsByTarget[target] = (wave.communities.indices.map { position[$0] ?? included.count }) + [included.count]
            for practice in layout.practices.indices {
                for option in wave.practices[practice].indices {
                    let own = included.map { wave.communities[$0].group.practiceSums[practice][option][target] }
                    var others = wave.all.practiceSums[practice][option][target]
                    for sums in own { others.remove(sums) }
                    let sides = (own + [others]).map { $0.sides(layout.targets[target]) }
                    guard let effect = WithinGroupsEffect(sides.map { ($0.reporting, $0.notReporting) }) else { continue }
                    let pooled = wave.practices[practice][option][target]
                    figures[PracticeCheck.Row(practice: practice, option: option, target: target)] = WithinFigures(
                        difference: effect.estimate, interval: effect.confidenceInterval(), p: effect.p,
                        d: pooled.flatMap { pooledStandardDeviation($0.with, $0.without) }.map { effect.estimate / $0 },
                        communities: sides.dropLast().filter { $0.reporting != nil && $0.notReporting != nil }.count)
                }
            }
        }
        return (figures, groupsByTarget)
    }

    /// The practices rows of a wave that may be shown: each side at least the minimum, and nothing
    /// singled out with the groups' figures (`PracticeCheck`), effects within communities included.
    static func practiceRows(
        wave: Results.Wave, results: Results, within: (figures: [PracticeCheck.Row: WithinFigures], groups: [Int: [Int]])
    ) -> Set<PracticeCheck.Row> {
        let layout = results.layout
        let minimum = results.survey.minimumGroupSize
        guard layout.countsPatterns else { return [] }
        // Communities by number: the wave's, then those without one.
        let communities: [String?] = wave.communities.map(\.name) + [nil]
        func classes(_ coverage: Coverage.Decision) -> PracticeCheck.Classes {
            PracticeCheck.Classes(
                classOf: communities.indices.map { number in communities[number].map { coverage.shown.contains($0) } == true ? number : communities.count },
                countsFull: communities.map { coverage.counts($0, partial: false) },
                countsPartial: communities.map { coverage.counts($0, partial: true) })
        }
        var classesByTarget: [Int: PracticeCheck.Classes] = [:]
        for (target, kind) in layout.targets.map(\.kind).enumerated() {
            switch kind {
            case .dimension(let index): classesByTarget[target] = classes(wave.coverage[index])
            case .outcome(let item): classesByTarget[target] = classes(wave.questionCoverage[item] ?? Coverage.Decision())
            case .overall: break
            }
        }
        var candidates: [PracticeCheck.Row: Int] = [:]
        for practice in layout.practices.indices {
            for option in wave.practices[practice].indices {
                for target in layout.targets.indices {
                    guard let figures = wave.practices[practice][option][target] else { continue }
                    let smaller = min(figures.with.count, figures.without.count)
                    if smaller >= minimum { candidates[PracticeCheck.Row(practice: practice, option: option, target: target)] = smaller }
                }
            }
        }
        guard !candidates.isEmpty else { return [] }
        return PracticeCheck.allowed(
            candidates, layout: layout, minimum: minimum, patterns: wave.communities.map(\.group.patterns) + [wave.patternsWithoutCommunity],
            // Only the overall score's effects within communities add anything to check.
            classes: classesByTarget, within: (Set(within.figures.keys.filter { layout.targets[$0.target].kind == .overall }), within.groups))
    }

    private static func disclosed<Value>(_ value: Value?, _ shown: Bool) -> Disclosed<Value> {
        if shown, let value { .shown(value) } else { .withheld }
    }

    /// Whether each group may be shown; index 0 is `All`, whose count is the family's total.
    static func visibility(_ counts: [Int], minimum: Int, showingFrom: Int? = nil) -> [Bool] {
        guard let total = counts.first else { return [] }
        let decision = groupsToWithhold(total: total, counts: Array(counts.dropFirst()), minimum: minimum, showingFrom: showingFrom)
        return [!decision.total] + counts.dropFirst().indices.map { !decision.groups.contains($0 - 1) }
    }

    static func comparison(_ figures: DimensionFigures, _ other: DimensionFigures) -> Comparison {
        comparison(figures, other.scores)
    }

    /// Against another group's respondent scores (0–100).
    static func comparison(_ figures: DimensionFigures, _ other: Summary) -> Comparison {
        Comparison(difference: figures.score - other.mean, p: WelchTest(figures.scores, other)?.p)
    }

    static func targetNames(_ results: Results) -> [ScoreTargetName] {
        results.layout.targets.map { target in
            switch target.kind {
            case .dimension(let index):
                let dimension = results.survey.dimensions[index]
                return ScoreTargetName(id: dimension.id, title: dimension.title, kind: .dimension)
            case .outcome(let item):
                let question = results.survey.questions[results.layout.items[item].question]
                return ScoreTargetName(id: question.id, title: question.text, kind: .outcome)
            case .overall:
                return ScoreTargetName(id: "overall", title: "Overall health", kind: .overall)
            }
        }
    }

    /// Key drivers of one wave: All, and communities with at least `driverMinimum` respondents
    /// answering both questions, classed by the median r and median % favorable of the shown rows.
    static func driverRows(wave: Results.Wave, names: [CommunityName], groups: [Results.Group], shownItems: [[Bool]], results: Results) -> [DriverRow] {
        let layout = results.layout
        let minimum = results.survey.minimumGroupSize
        var rows: [DriverRow] = []
        let driverItems = layout.items.indices.filter { item in groups[0].drivers[item] != nil || groups.contains { $0.drivers[item] != nil } }
        var shown: [[Bool]] = []
        for item in driverItems {
            let counts = groups.map { $0.drivers[item]?.count ?? 0 }
            // r draws on the question's and the outcome's answers: both must be shown for the group.
            let outcome = layout.outcomeItem.map { shownItems[$0] } ?? shownItems[item]
            let large = visibility(counts, minimum: minimum, showingFrom: driverMinimum)
            shown.append(large.indices.map { large[$0] && shownItems[item][$0] && outcome[$0] })
        }
        for (index, name) in names.enumerated() {
            var entries: [(item: Int, correlation: Correlation, favorable: Double)] = []
            for (position, item) in driverItems.enumerated() where index == 0 ? shown[position][0] : shown[position][index] {
                if let correlation = groups[index].drivers[item], let favorable = groups[index].items[item]?.favorable {
                    entries.append((item, correlation, favorable))
                }
            }
            let classes = classifyDrivers(entries.map { ($0.correlation.r, $0.favorable) })
            var entryOf: [Int: Int] = [:]
            for (position, entry) in entries.enumerated() where entryOf[entry.item] == nil { entryOf[entry.item] = position }
            for item in driverItems {
                let question = results.survey.questions[layout.items[item].question]
                let entry = entryOf[item]
                let figures = entry.map { DriverRow.Figures(correlation: entries[$0].correlation, favorable: entries[$0].favorable, driverClass: classes[$0]) }
                rows.append(DriverRow(wave: wave.name, community: name, question: question, figures: figures.map { .shown($0) } ?? .withheld))
            }
        }
        return rows
    }

    /// Fills in each shown row's change since the same group's latest earlier shown wave and
    /// since its first shown wave.
    static func withChanges(_ rows: [ScoreRow], waves: [String]) -> [ScoreRow] {
        struct Key: Hashable {
            var community: CommunityName
            var dimension: String
        }
        var history: [Key: [(wave: String, figures: DimensionFigures?)]] = [:]
        var result = rows
        let order = Dictionary(uniqueKeysWithValues: waves.enumerated().map { ($1, $0) })
        for index in result.indices.sorted(by: { order[result[$0].wave, default: 0] < order[result[$1].wave, default: 0] }) {
            let row = result[index]
            let key = Key(community: row.community, dimension: row.dimension.id)
            guard var figures = row.figures.value else {
                history[key, default: []].append((row.wave, nil))
                continue
            }
            let earlier = history[key] ?? []
            figures.change = change(of: figures.dimension, history: earlier)
            if let first = earlier.first(where: { $0.figures != nil }) {
                figures.changeFromFirst = change(of: figures.dimension, history: [first])
            }
            result[index].figures = .shown(figures)
            history[key, default: []].append((row.wave, figures.dimension))
        }
        return result
    }
}
