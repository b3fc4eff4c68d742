/// The privacy stage: turns `Results` into a `Report` in which every group too small to show,
/// or whose numbers would let a reader work one out, is withheld (FORMATS.md §5).
///
/// Each published count is its own family: per wave, respondents per community; per wave and
/// dimension, respondents with a score; per wave and question, answers.
public enum Disclosure {
    public static func report(
        _ results: Results, counts: RowCounts, rejections: [Rejection], members: CommunityMembers = CommunityMembers(),
        focusWave: String? = nil
    ) -> Report {
        let survey = results.survey
        let minimum = survey.minimumGroupSize
        var scores: [ScoreRow] = []
        var items: [ItemRow] = []
        var participation: [ParticipationRow] = []

        for wave in results.waves {
            let names: [CommunityName] = [.all] + wave.communities.map { .named($0.name) }
            let groups = [wave.all] + wave.communities.map(\.group)

            let shownRows = visibility(groups.map(\.rows), minimum: minimum)
            for (index, name) in names.enumerated() {
                let memberCount = name == .all ? members.total(wave: wave.name) : members.count(of: name.description, wave: wave.name)
                participation.append(
                    ParticipationRow(
                        wave: wave.name, community: name,
                        respondents: shownRows[index] ? .shown(groups[index].rows) : .withheld, members: memberCount))
            }

            for (dimensionIndex, dimension) in survey.dimensions.enumerated() {
                let figures = groups.map { $0.dimensions[dimensionIndex] }
                let shown = visibility(figures.map { $0?.respondents ?? 0 }, minimum: minimum)
                for (index, name) in names.enumerated() {
                    let disclosed: Disclosed<ScoreFigures> =
                        if shown[index], let figure = figures[index] { .shown(ScoreFigures(dimension: figure, change: nil)) } else { .withheld }
                    scores.append(ScoreRow(wave: wave.name, community: name, dimension: dimension, figures: disclosed))
                }
            }

            for (itemIndex, item) in results.layout.items.enumerated() {
                let figures = groups.map { $0.items[itemIndex] }
                let shown = visibility(figures.map { $0?.answers ?? 0 }, minimum: minimum)
                for (index, name) in names.enumerated() {
                    let disclosed: Disclosed<ItemFigures> =
                        if shown[index], let figure = figures[index] { .shown(figure) } else { .withheld }
                    items.append(ItemRow(wave: wave.name, community: name, question: survey.questions[item.question], figures: disclosed))
                }
            }
        }

        let waves = results.waves.map(\.name)
        return Report(
            survey: survey, waves: waves, focusWave: focusWave ?? waves.last, counts: counts,
            scores: withChanges(scores, waves: waves), items: items, participation: participation, rejections: rejections)
    }

    /// Whether each group may be shown; index 0 is `All`, whose count is the family's total.
    static func visibility(_ counts: [Int], minimum: Int) -> [Bool] {
        guard let total = counts.first else { return [] }
        let decision = groupsToWithhold(total: total, counts: Array(counts.dropFirst()), minimum: minimum)
        return [!decision.total] + counts.dropFirst().indices.map { !decision.groups.contains($0 - 1) }
    }

    /// Fills in each shown row's change since the same group's latest earlier shown wave.
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
            let shown = row.figures.value?.dimension
            if let shown {
                let change = change(of: shown, history: history[key] ?? [])
                result[index].figures = .shown(ScoreFigures(dimension: shown, change: change))
            }
            history[key, default: []].append((row.wave, shown))
        }
        return result
    }
}
