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
        // The practices check and the effects within communities, waves side by side.
        let practiceDecisions = concurrentMap(results.waves.count) { index in
            let within = withinEffects(wave: results.waves[index], results: results)
            return (within: within.figures, allowed: practiceRows(wave: results.waves[index], results: results, within: within))
        }
        var tables = Tables()
        for (waveIndex, wave) in results.waves.enumerated() {
            let groups = WaveGroups(wave)
            let shownItems = addItems(groups, results: results, to: &tables)
            addParticipation(groups, shownItems: shownItems, members: members, results: results, to: &tables)
            addScores(groups, results: results, to: &tables)
            addPractices(groups, decisions: practiceDecisions[waveIndex], results: results, to: &tables)
            tables.drivers += driverRows(wave: wave, names: groups.names, groups: groups.groups, shownItems: shownItems, results: results)
        }

        let waves = results.waves.map(\.name)
        addChanges(to: &tables.scores, waves: waves)
        addChanges(to: &tables.items, waves: waves)
        var report = Report(
            survey: results.survey, waves: waves, focusWave: focusWave ?? waves.last, counts: counts,
            scores: tables.scores, items: tables.items, participation: tables.participation, rejections: rejections)
        report.practices = tables.practices
        report.practiceShares = tables.shares
        report.adoptions = adoptions(results: results, shares: tables.shares)
        report.drivers = tables.drivers
        // The report now holds the only references to the tables its q-values change, so they
        // change in place rather than as copies.
        (tables.scores, tables.items, tables.practices) = ([], [], [])
        let shownDrivers = Dictionary(grouping: tables.drivers.filter { $0.community == .all }, by: \.wave)
        for wave in waves {
            let shown = (shownDrivers[wave] ?? []).compactMap(\.figures.value)
            report.driverMedians[wave] = DriverMedians(shown.map { ($0.correlation.r, $0.favorable) })
        }
        report.controlFalseDiscoveries()
        report.recommendations = Recommendations.make(for: report)
        return report
    }

    /// The rows of the report's tables, as they are made wave by wave.
    private struct Tables {
        var scores: [ScoreRow] = []
        var items: [ItemRow] = []
        var participation: [ParticipationRow] = []
        var practices: [PracticeRow] = []
        var shares: [PracticeShareRow] = []
        var drivers: [DriverRow] = []
    }

    /// A wave's groups in the order of every table: `All`, then each community.
    private struct WaveGroups {
        let wave: Results.Wave
        let names: [CommunityName]
        let groups: [Results.Group]

        init(_ wave: Results.Wave) {
            self.wave = wave
            names = [.all] + wave.communities.map { .named($0.name) }
            groups = [wave.all] + wave.communities.map(\.group)
        }

        /// Which groups a coverage decision shows (`All` always).
        func shown(_ decision: Coverage.Decision) -> [Bool] {
            [true] + wave.communities.map { decision.shown.contains($0.name) }
        }
    }

    /// Each question's row per group, as `CoverageRule` decided (a dimension's questions with its
    /// score); returns, per item, which groups show it.
    private static func addItems(_ wave: WaveGroups, results: Results, to tables: inout Tables) -> [[Bool]] {
        var shownItems: [[Bool]] = []
        for (itemIndex, item) in results.layout.items.enumerated() {
            let decision = item.dimension.map { wave.wave.coverage[$0] } ?? wave.wave.questionCoverage[itemIndex] ?? Coverage.Decision()
            let shown = wave.shown(decision)
            shownItems.append(shown)
            for (index, name) in wave.names.enumerated() {
                tables.items.append(
                    ItemRow(
                        wave: wave.wave.name, community: name, question: results.survey.questions[item.question],
                        figures: disclosed(wave.groups[index].items[itemIndex], shown[index] ? nil : .fewerThan(results.survey.minimumGroupSize))))
            }
        }
        return shownItems
    }

    /// Respondents and head counts per group (the rule on head counts), with the first NPS
    /// question's score where that question is shown.
    private static func addParticipation(_ wave: WaveGroups, shownItems: [[Bool]], members: CommunityMembers, results: Results, to tables: inout Tables) {
        let firstNPS = results.layout.items.firstIndex { $0.scale.isNPS }
        let withheldRows = withholding(wave.groups.map(\.rows), minimum: results.survey.minimumGroupSize)
        for (index, name) in wave.names.enumerated() {
            let group = wave.groups[index]
            let memberCount = name == .all ? members.total(wave: wave.wave.name) : members.count(of: name.description, wave: wave.wave.name)
            let nps = firstNPS.flatMap { shownItems[$0][index] ? group.items[$0]?.netPromoterScore : nil }
            let respondents: Disclosed<Int> = withheldRows[index].map { .withheld($0) } ?? .shown(group.rows)
            tables.participation.append(
                ParticipationRow(
                    wave: wave.wave.name, community: name, respondents: respondents, members: memberCount,
                    netPromoterScore: respondents.isWithheld ? nil : nps))
        }
    }

    /// Each dimension's score per group, with a community's comparisons to `All` and the rest.
    private static func addScores(_ wave: WaveGroups, results: Results, to tables: inout Tables) {
        for (dimensionIndex, dimension) in results.survey.dimensions.enumerated() {
            let figures = wave.groups.map { $0.dimensions[dimensionIndex] }
            let shown = wave.shown(wave.wave.coverage[dimensionIndex])
            for (index, name) in wave.names.enumerated() {
                var value: Disclosed<ScoreFigures> = .withheld(.fewerThan(results.survey.minimumGroupSize))
                if shown[index], let figure = figures[index] {
                    value = .shown(ScoreFigures(dimension: figure))
                    if index > 0, let all = figures[0] {
                        value = .shown(
                            ScoreFigures(
                                dimension: figure, versusAll: comparison(figure, all),
                                versusRest: wave.groups[index].rest[dimensionIndex].map { comparison(figure, $0) }))
                    }
                }
                tables.scores.append(ScoreRow(wave: wave.wave.name, community: name, dimension: dimension, figures: value))
            }
        }
    }

    /// The practices rows `PracticeCheck` allowed (with their effects within communities), and
    /// each group's practice shares (the rule on head counts).
    private static func addPractices(
        _ wave: WaveGroups, decisions: (within: [PracticeCheck.Row: WithinFigures], allowed: Set<PracticeCheck.Row>), results: Results,
        to tables: inout Tables
    ) {
        let layout = results.layout
        let targets = targetNames(results)
        for (practice, choice) in layout.practices.enumerated() {
            let question = results.survey.questions[layout.choices[choice].question]
            let minimum = results.survey.minimumGroupSize
            let withheldShares = withholding(wave.groups.map { $0.practiceCounts[practice].answered }, minimum: minimum)
            for (option, text) in question.options.enumerated() {
                for (target, name) in targets.enumerated() {
                    let key = PracticeCheck.Row(practice: practice, option: option, target: target)
                    let safe = decisions.allowed.contains(key)
                    let figures = wave.wave.practices[practice][option][target]
                    // Not allowed: a side under the minimum, or else the check found it would single someone out.
                    let tooFew = figures.map { min($0.with.count, $0.without.count) < minimum } ?? true
                    var row = PracticeRow(
                        wave: wave.wave.name, question: question, option: text, target: name,
                        figures: disclosed(figures, safe ? nil : tooFew ? .fewerThan(minimum) : .protectsSmallerGroup))
                    if safe { row.within = decisions.within[key] }
                    tables.practices.append(row)
                }
                for (index, name) in wave.names.enumerated() {
                    let counts = wave.groups[index].practiceCounts[practice]
                    let figures = counts.answered > 0
                        ? PracticeShareRow.Figures(answered: counts.answered, share: 100 * Double(counts.reporting[option]) / Double(counts.answered))
                        : nil
                    tables.shares.append(
                        PracticeShareRow(wave: wave.wave.name, community: name, question: question, option: text, figures: disclosed(figures, withheldShares[index])))
                }
            }
        }
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

    /// A value, unless there is a reason to withhold it (or nobody answered: too few).
    private static func disclosed<Value>(_ value: Value?, _ reason: WithheldReason?, minimum: Int = 1) -> Disclosed<Value> {
        if let reason { return .withheld(reason) }
        return value.map { .shown($0) } ?? .withheld(.fewerThan(minimum))
    }

    /// Why each group is withheld (nil: shown); index 0 is `All`, whose count is the family's total.
    static func withholding(_ counts: [Int], minimum: Int, showingFrom: Int? = nil) -> [WithheldReason?] {
        guard let total = counts.first else { return [] }
        let decision = groupsToWithhold(total: total, counts: Array(counts.dropFirst()), minimum: minimum, showingFrom: showingFrom)
        let threshold = max(minimum, showingFrom ?? minimum)
        return [decision.total ? .fewerThan(minimum) : nil]
            + counts.indices.dropFirst().map { index in
                guard decision.groups.contains(index - 1) else { return nil }
                return counts[index] < threshold || decision.total ? .fewerThan(decision.total ? minimum : threshold) : .protectsSmallerGroup
            }
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
        /// Per driver item and group, why its row is withheld (nil: shown).
        var reasons: [[WithheldReason?]] = []
        for item in driverItems {
            let counts = groups.map { $0.drivers[item]?.count ?? 0 }
            // r draws on the question's and the outcome's answers: both must be shown for the group.
            let outcome = layout.outcomeItem.map { shownItems[$0] } ?? shownItems[item]
            let large = withholding(counts, minimum: minimum, showingFrom: driverMinimum)
            let itemReasons = large.indices.map { group -> WithheldReason? in
                shownItems[item][group] && outcome[group] ? large[group] : .fewerThan(minimum)
            }
            reasons.append(itemReasons)
            shown.append(itemReasons.map { $0 == nil })
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
            for (position, item) in driverItems.enumerated() {
                let question = results.survey.questions[layout.items[item].question]
                let entry = entryOf[item]
                let figures = entry.map { DriverRow.Figures(correlation: entries[$0].correlation, favorable: entries[$0].favorable, driverClass: classes[$0]) }
                rows.append(DriverRow(wave: wave.name, community: name, question: question, figures: disclosed(figures, reasons[position][index], minimum: driverMinimum)))
            }
        }
        return rows
    }

    /// Fills in each shown row's change since the same group's latest earlier shown wave and
    /// since its first shown wave (in place: the table is large, and a copy is not needed).
    static func addChanges(to rows: inout [ScoreRow], waves: [String]) {
        struct Key: Hashable {
            var community: CommunityName
            var dimension: String
        }
        var history: [Key: [(wave: String, figures: DimensionFigures?)]] = [:]
        for index in inWaveOrder(rows.map(\.wave), waves: waves) {
            let key = Key(community: rows[index].community, dimension: rows[index].dimension.id)
            guard var figures = rows[index].figures.value else {
                history[key, default: []].append((rows[index].wave, nil))
                continue
            }
            let earlier = history[key] ?? []
            figures.change = change(of: figures.dimension, history: earlier)
            if let first = earlier.first(where: { $0.figures != nil }) {
                figures.changeFromFirst = change(of: figures.dimension, history: [first])
            }
            rows[index].figures = .shown(figures)
            history[key, default: []].append((rows[index].wave, figures.dimension))
        }
    }

    /// Fills in each shown question's change since the same group's latest earlier wave where
    /// the question is shown: the difference of its scores, with Welch's p on the keyed answers.
    static func addChanges(to rows: inout [ItemRow], waves: [String]) {
        struct Key: Hashable {
            var community: CommunityName
            var question: String
        }
        // Each shown row's latest earlier shown row of the same group and question, found in one
        // pass; the tests, which take most of the time, then side by side.
        var latest: [Key: Int] = [:]
        var pairs: [(row: Int, previous: Int, current: Summary, earlier: Summary)] = []
        for index in inWaveOrder(rows.map(\.wave), waves: waves) {
            guard case .shown(let figures) = rows[index].figures else { continue }
            let key = Key(community: rows[index].community, question: rows[index].question.id)
            if let previous = latest[key], case .shown(let earlier) = rows[previous].figures {
                pairs.append((index, previous, figures.scores, earlier.scores))
            }
            latest[key] = index
        }
        let tests = pairs
        let p = concurrentMap(tests.count) { WelchTest(tests[$0].current, tests[$0].earlier)?.p }
        for (pair, p) in zip(pairs, p) {
            guard case .shown(var figures) = rows[pair.row].figures else { continue }
            figures.change = Change(since: rows[pair.previous].wave, points: pair.current.mean - pair.earlier.mean, p: p)
            rows[pair.row].figures = .shown(figures)
        }
    }

    /// Positions of rows (given by their waves) in wave order, keeping table order within a wave.
    private static func inWaveOrder(_ rowWaves: [String], waves: [String]) -> [Int] {
        let order = Dictionary(uniqueKeysWithValues: waves.enumerated().map { ($1, $0) })
        var byWave = [[Int]](repeating: [], count: max(1, waves.count))
        for (position, wave) in rowWaves.enumerated() { byWave[order[wave] ?? 0].append(position) }
        return byWave.flatMap { $0 }
    }
}
