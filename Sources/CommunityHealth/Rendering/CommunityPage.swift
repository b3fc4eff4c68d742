/// What one community's page says, gathered from the disclosed `Report` (it decides nothing
/// itself: a withheld row stays withheld, with its reason). The text and HTML pages both render
/// this one value, so they cannot say different things.
public struct CommunityPage: Sendable {
    public struct DimensionLine: Sendable {
        public var dimension: Dimension
        public var figures: Disclosed<ScoreFigures>
        /// The dimension's score in every wave up to the focus wave: nil where it is withheld
        /// (with why) or absent (the community had no row in that wave: no reason either).
        public var history: [(wave: String, score: Double?, withheld: WithheldReason?)]
    }

    public struct QuestionLine: Sendable {
        public var question: Question
        public var figures: Disclosed<ItemFigures>
        /// `All`'s % favorable and score in the wave, where shown.
        public var allFavorable: Double?
        public var allScore: Double?

        /// The question's score against the organisation's, in points.
        public var relative: Double? {
            guard let score = figures.value?.score, let allScore else { return nil }
            return score - allScore
        }
    }

    public struct PracticeLine: Sendable {
        public var option: String
        public var share: Disclosed<PracticeShareRow.Figures>?
        public var allShare: Double?
        /// The organisation-wide effect within communities on the ranking target (the outcome,
        /// or the overall score), where shown.
        public var evidence: PracticeRow?
    }

    public struct DriverLine: Sendable {
        public var question: Question
        public var figures: DriverRow.Figures
    }

    public struct ParticipationLine: Sendable {
        public var wave: String
        public var respondents: Disclosed<Int>
        public var rate: Double?
        public var netPromoterScore: Double?
    }

    public var name: String
    public var slug: String
    public var survey: Survey
    public var wave: String
    public var waves: [String]
    /// Why the community shows no numbers in the focus wave (nil: it shows some).
    public var withheld: WithheldReason?
    public var participation: [ParticipationLine]
    public var dimensions: [DimensionLine]
    public var questions: [QuestionLine]
    public var practices: [PracticeLine]
    /// The community's own key drivers where it has enough respondents, else the organisation's.
    public var drivers: [DriverLine]
    public var driversAreOwn: Bool
    public var recommendations: [String]

    /// The questions furthest above and below the organisation (at most three each, shown only).
    public var strongest: [QuestionLine] { furthest(direction: 1) }

    public var weakest: [QuestionLine] { furthest(direction: -1) }

    /// At most three questions furthest from the organisation in the direction (+1 above, −1
    /// below), ties in question order; ranked by position, not by moving whole lines about.
    private func furthest(direction: Double) -> [QuestionLine] {
        let ranked = questions.indices.compactMap { index in questions[index].relative.map { (index, $0 * direction) } }.filter { $0.1 > 0 }
        return ranked.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(3).map { questions[$0.0] }
    }

    /// The previous wave before the focus wave, if any.
    public var previousWave: String? {
        guard let index = waves.firstIndex(of: wave), index > 0 else { return nil }
        return waves[index - 1]
    }
}

/// Every community page of a report, each made from the report's keyed rows (so a page costs
/// the same however many communities there are, and a withheld community costs one lookup).
public struct CommunityPages: Sendable {
    public let report: Report
    public let slugs: CommunitySlugs
    /// Why each community of the focus wave has no page (absent: it has one).
    private var withheldCommunities: [String: WithheldReason] = [:]

    public init(_ report: Report) {
        self.report = report
        let reported = report.allCommunities.compactMap { if case .named(let name) = $0 { name } else { nil } }
        slugs = CommunitySlugs(names: report.everyCommunity + reported)
        for name in communities {
            if let reason = reasonWithheld(name) { withheldCommunities[name] = reason }
        }
    }

    static func wavesUpToFocus(_ report: Report) -> [String] {
        guard let focus = report.focusWave else { return [] }
        return Array(report.waves.prefix { $0 != focus }) + [focus]
    }

    /// The communities of the focus wave, in report order.
    public var communities: [String] {
        guard let focus = report.focusWave else { return [] }
        return report.communities(in: focus).compactMap { if case .named(let name) = $0 { name } else { nil } }
    }

    /// Why a community of the focus wave has no page with numbers (nil: it has one).
    public func withheld(_ name: String) -> WithheldReason? { withheldCommunities[name] }

    private var scaleQuestions: [Question] { report.survey.questions.filter { $0.scale != nil } }

    private func reasonWithheld(_ name: String) -> WithheldReason? {
        guard let focus = report.focusWave else { return .fewerThan(report.survey.minimumGroupSize) }
        let community = CommunityName.named(name)
        let respondents = report.participation(wave: focus, community: community)?.respondents
        // Fewer rows than the minimum: every figure of the community is withheld.
        if case .withheld(.fewerThan(let minimum))? = respondents, minimum <= report.survey.minimumGroupSize { return .fewerThan(minimum) }
        // Lazily: a community with a page stops at its first shown figure.
        let scoreRows = report.scores(wave: focus, community: community)
        let scores = report.survey.dimensions.lazy.compactMap { scoreRows[$0.id]?.figures }
        if scores.contains(where: { !$0.isWithheld }) { return nil }
        let itemRows = report.items(wave: focus, community: community)
        let items = scaleQuestions.lazy.compactMap { itemRows[$0.id]?.figures }
        if items.contains(where: { !$0.isWithheld }) { return nil }
        return respondents?.withheldReason ?? scores.first?.withheldReason ?? items.first?.withheldReason ?? .fewerThan(report.survey.minimumGroupSize)
    }

    public func page(_ name: String) -> CommunityPage? {
        guard let focus = report.focusWave, let slug = slugs.slug(name) else { return nil }
        let community = CommunityName.named(name)
        let waves = Self.wavesUpToFocus(report)
        // Each wave's rows of the community, looked up once.
        let scoresByWave = waves.map { report.scores(wave: $0, community: community) }
        let dimensions = report.survey.dimensions.compactMap { dimension -> CommunityPage.DimensionLine? in
            guard let current = scoresByWave.last?[dimension.id] else { return nil }
            let history = zip(waves, scoresByWave).map { wave, scores in
                let row = scores[dimension.id]
                return (wave: wave, score: row?.figures.value?.dimension.score, withheld: row?.figures.withheldReason)
            }
            return CommunityPage.DimensionLine(dimension: dimension, figures: current.figures, history: history)
        }
        let (items, allItems) = (report.items(wave: focus, community: community), report.items(wave: focus, community: .all))
        let questions = scaleQuestions.compactMap { question -> CommunityPage.QuestionLine? in
            guard let row = items[question.id] else { return nil }
            let all = allItems[question.id]?.figures.value
            return CommunityPage.QuestionLine(question: row.question, figures: row.figures, allFavorable: all?.favorable, allScore: all?.score)
        }
        var page = CommunityPage(
            name: name, slug: slug, survey: report.survey, wave: focus, waves: waves, withheld: withheld(name),
            participation: participationLines(community, waves: waves), dimensions: dimensions, questions: questions,
            practices: practiceLines(community, wave: focus), drivers: [], driversAreOwn: false, recommendations: [])
        (page.drivers, page.driversAreOwn) = driverLines(community, wave: focus)
        page.recommendations = CommunityRecommendations.make(for: page)
        return page
    }

    private func participationLines(_ community: CommunityName, waves: [String]) -> [CommunityPage.ParticipationLine] {
        waves.compactMap { report.participation(wave: $0, community: community) }.map {
            CommunityPage.ParticipationLine(wave: $0.wave, respondents: $0.respondents, rate: $0.rate, netPromoterScore: $0.netPromoterScore)
        }
    }

    private func practiceLines(_ community: CommunityName, wave: String) -> [CommunityPage.PracticeLine] {
        let options = report.survey.questions.filter(\.practices).flatMap(\.options)
        let (shares, allShares) = (report.practiceShares(wave: wave, community: community), report.practiceShares(wave: wave, community: .all))
        let own = options.compactMap { shares[$0] }
        guard !own.isEmpty else { return [] }
        let ranking = report.practices.filter { $0.wave == wave && $0.target.kind != .dimension }
        return own.map { row in
            CommunityPage.PracticeLine(
                option: row.option, share: row.figures,
                allShare: allShares[row.option]?.figures.value?.share,
                evidence: ranking.first { $0.option == row.option && $0.question.id == row.question.id && !$0.figures.isWithheld })
        }
    }

    private func driverLines(_ community: CommunityName, wave: String) -> ([CommunityPage.DriverLine], own: Bool) {
        func lines(_ group: CommunityName) -> [CommunityPage.DriverLine] {
            let drivers = report.drivers(wave: wave, community: group)
            return scaleQuestions.compactMap { question in
                drivers[question.id]?.figures.value.map { CommunityPage.DriverLine(question: question, figures: $0) }
            }.sorted { $0.figures.correlation.r > $1.figures.correlation.r }
        }
        let own = lines(community)
        return own.isEmpty ? (lines(.all), false) : (own, true)
    }
}
