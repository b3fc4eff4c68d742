/// What one community's page says, gathered from the disclosed `Report` (it decides nothing
/// itself: a withheld row stays withheld, with its reason). The text and HTML pages both render
/// this one value, so they cannot say different things.
public struct CommunityPage: Sendable {
    public struct DimensionLine: Sendable {
        public var dimension: Dimension
        public var figures: Disclosed<ScoreFigures>
        /// The dimension's score in every wave up to the focus wave (nil: withheld or absent).
        public var history: [(wave: String, score: Double?)]
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
    public var strongest: [QuestionLine] {
        Array(questions.filter { ($0.relative ?? 0) > 0 }.sorted { $0.relative! > $1.relative! }.prefix(3))
    }

    public var weakest: [QuestionLine] {
        Array(questions.filter { ($0.relative ?? 0) < 0 }.sorted { $0.relative! < $1.relative! }.prefix(3))
    }

    /// The previous wave before the focus wave, if any.
    public var previousWave: String? {
        guard let index = waves.firstIndex(of: wave), index > 0 else { return nil }
        return waves[index - 1]
    }
}

/// Every community page of a report, with the rows of each community found in one pass over each
/// table (so many communities cost no more than one each).
public struct CommunityPages: Sendable {
    public let report: Report
    public let slugs: CommunitySlugs
    private var scores: [CommunityName: [Int]] = [:]
    private var items: [CommunityName: [Int]] = [:]
    private var shares: [CommunityName: [Int]] = [:]
    private var drivers: [CommunityName: [Int]] = [:]
    private var participation: [CommunityName: [Int]] = [:]
    /// Why each community of the focus wave has no page (absent: it has one).
    private var withheldCommunities: [String: WithheldReason] = [:]

    public init(_ report: Report) {
        self.report = report
        let reported = report.allCommunities.compactMap { if case .named(let name) = $0 { name } else { nil } }
        slugs = CommunitySlugs(names: report.everyCommunity + reported)
        let wavesUpToFocus = Set(Self.wavesUpToFocus(report))
        for (index, row) in report.scores.enumerated() where wavesUpToFocus.contains(row.wave) { scores[row.community, default: []].append(index) }
        for (index, row) in report.items.enumerated() where wavesUpToFocus.contains(row.wave) { items[row.community, default: []].append(index) }
        for (index, row) in report.practiceShares.enumerated() where row.wave == report.focusWave { shares[row.community, default: []].append(index) }
        for (index, row) in report.drivers.enumerated() where row.wave == report.focusWave { drivers[row.community, default: []].append(index) }
        for (index, row) in report.participation.enumerated() where wavesUpToFocus.contains(row.wave) {
            participation[row.community, default: []].append(index)
        }
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

    private func reasonWithheld(_ name: String) -> WithheldReason? {
        guard let focus = report.focusWave else { return .fewerThan(report.survey.minimumGroupSize) }
        let community = CommunityName.named(name)
        let rows = (scores[community] ?? []).map { report.scores[$0] }.filter { $0.wave == focus }
        let itemRows = (items[community] ?? []).map { report.items[$0] }.filter { $0.wave == focus }
        if rows.contains(where: { !$0.figures.isWithheld }) || itemRows.contains(where: { !$0.figures.isWithheld }) { return nil }
        return report.participation(wave: focus, community: community)?.respondents.withheldReason
            ?? rows.first?.figures.withheldReason ?? itemRows.first?.figures.withheldReason ?? .fewerThan(report.survey.minimumGroupSize)
    }

    public func page(_ name: String) -> CommunityPage? {
        guard let focus = report.focusWave, let slug = slugs.slug(name) else { return nil }
        let community = CommunityName.named(name)
        let waves = Self.wavesUpToFocus(report)
        let scoreRows = (scores[community] ?? []).map { report.scores[$0] }
        let dimensions = report.survey.dimensions.compactMap { dimension -> CommunityPage.DimensionLine? in
            let own = scoreRows.filter { $0.dimension.id == dimension.id }
            guard let current = own.first(where: { $0.wave == focus }) else { return nil }
            let history = waves.map { wave in (wave: wave, score: own.first { $0.wave == wave }?.figures.value?.dimension.score) }
            return CommunityPage.DimensionLine(dimension: dimension, figures: current.figures, history: history)
        }
        let questions = (items[community] ?? []).map { report.items[$0] }.filter { $0.wave == focus }.map { row in
            let all = report.item(wave: focus, community: .all, question: row.question.id)?.figures.value
            return CommunityPage.QuestionLine(question: row.question, figures: row.figures, allFavorable: all?.favorable, allScore: all?.score)
        }
        var page = CommunityPage(
            name: name, slug: slug, survey: report.survey, wave: focus, waves: waves, withheld: withheld(name),
            participation: participationLines(community), dimensions: dimensions, questions: questions,
            practices: practiceLines(community, wave: focus), drivers: [], driversAreOwn: false, recommendations: [])
        (page.drivers, page.driversAreOwn) = driverLines(community)
        page.recommendations = CommunityRecommendations.make(for: page)
        return page
    }

    private func participationLines(_ community: CommunityName) -> [CommunityPage.ParticipationLine] {
        (participation[community] ?? []).map { report.participation[$0] }.map {
            CommunityPage.ParticipationLine(wave: $0.wave, respondents: $0.respondents, rate: $0.rate, netPromoterScore: $0.netPromoterScore)
        }
    }

    private func practiceLines(_ community: CommunityName, wave: String) -> [CommunityPage.PracticeLine] {
        let own = (shares[community] ?? []).map { report.practiceShares[$0] }
        guard !own.isEmpty else { return [] }
        let ranking = report.practices.filter { $0.wave == wave && $0.target.kind != .dimension }
        return own.map { row in
            CommunityPage.PracticeLine(
                option: row.option, share: row.figures,
                allShare: report.practiceShare(wave: wave, community: .all, option: row.option)?.figures.value?.share,
                evidence: ranking.first { $0.option == row.option && $0.question.id == row.question.id && !$0.figures.isWithheld })
        }
    }

    private func driverLines(_ community: CommunityName) -> ([CommunityPage.DriverLine], own: Bool) {
        func lines(_ rows: [DriverRow]) -> [CommunityPage.DriverLine] {
            rows.compactMap { row in row.figures.value.map { CommunityPage.DriverLine(question: row.question, figures: $0) } }
                .sorted { $0.figures.correlation.r > $1.figures.correlation.r }
        }
        let own = lines((drivers[community] ?? []).map { report.drivers[$0] })
        if !own.isEmpty { return (own, true) }
        return (lines((drivers[.all] ?? []).map { report.drivers[$0] }), false)
    }
}
