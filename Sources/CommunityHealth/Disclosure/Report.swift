/// A community, or everyone (`All`).
public enum CommunityName: Hashable, Sendable, CustomStringConvertible {
    case all
    case named(String)

    public var description: String {
        switch self {
        case .all: "All"
        case .named(let name): name
        }
    }
}

/// A value a reader may see, or one withheld to protect a small group: a withheld value carries
/// no number, so no renderer can leak one.
public enum Disclosed<Value: Sendable & Equatable>: Sendable, Equatable {
    case shown(Value)
    case withheld(WithheldReason)

    public var value: Value? {
        if case .shown(let value) = self { value } else { nil }
    }

    /// (Without copying a shown value out, as `value == nil` would: tables ask this of every row.)
    public var isWithheld: Bool {
        if case .withheld = self { true } else { false }
    }

    public var withheldReason: WithheldReason? {
        if case .withheld(let reason) = self { reason } else { nil }
    }
}

/// Why a figure is withheld: what the reports say in its place.
public enum WithheldReason: Sendable, Equatable, Hashable {
    /// The group has fewer respondents than the figure needs: the survey's minimum, or more for
    /// figures that need more (key drivers).
    case fewerThan(Int)
    /// The group is large enough, but showing it would let a reader work out a smaller group.
    case protectsSmallerGroup

    /// In words, for a table cell or a page.
    public var text: String {
        switch self {
        case .fewerThan(let minimum): "fewer than \(minimum) responses"
        case .protectsSmallerGroup: "withheld so that a smaller group cannot be worked out"
        }
    }
}

/// A group's difference from another (everyone, or everyone else), in 0–100 points, with Welch's p.
public struct Comparison: Sendable, Equatable {
    public var difference: Double
    public var p: Double?
    /// Its Benjamini–Hochberg q over the wave's comparisons with the rest.
    public var q: Double?

    public init(difference: Double, p: Double?, q: Double? = nil) {
        self.difference = difference
        self.p = p
        self.q = q
    }

    public var isMeaningful: Bool { isMeaningfulDifference(difference, q: q) }
}

public struct ScoreRow: Sendable, Equatable {
    public var wave: String
    public var community: CommunityName
    public var dimension: Dimension
    public var figures: Disclosed<ScoreFigures>
}

public struct ScoreFigures: Sendable, Equatable {
    public var dimension: DimensionFigures
    /// Since the latest earlier shown wave.
    public var change: Change?
    /// Since the group's first shown wave (nil in that wave).
    public var changeFromFirst: Change?
    /// Against `All` and against everyone else in the wave (nil for `All`).
    public var versusAll: Comparison?
    public var versusRest: Comparison?

    public init(dimension: DimensionFigures, change: Change? = nil, changeFromFirst: Change? = nil, versusAll: Comparison? = nil, versusRest: Comparison? = nil) {
        self.dimension = dimension
        self.change = change
        self.changeFromFirst = changeFromFirst
        self.versusAll = versusAll
        self.versusRest = versusRest
    }
}

/// What a practice or a driver is measured against: a dimension, the outcome question, or the
/// overall score (every dimension item).
public struct ScoreTargetName: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable { case dimension, outcome, overall }
    public var id: String
    public var title: String
    public var kind: Kind
}

public struct PracticeRow: Sendable, Equatable {
    public var wave: String
    public var question: Question
    public var option: String
    public var target: ScoreTargetName
    public var figures: Disclosed<PracticeFigures>
    /// The Benjamini–Hochberg q of the row's p over the wave's practices rows.
    public var q: Double?
    /// The effect of the practice within communities, where it can be estimated.
    public var within: WithinFigures?
    /// Its q over the wave's within-community effects.
    public var withinQ: Double?

    /// Members who report it differ from the others in their own communities by at least 5
    /// points, with q < 0.05: the only practice effects the scorecard marks or recommends.
    public var isMeaningfulWithin: Bool { within.map { isMeaningfulDifference($0.difference, q: withinQ) } ?? false }

    /// The comparison across the whole organisation passes the same bar (which community people
    /// are in may explain it).
    public var isMeaningfulPooled: Bool { figures.value.map { isMeaningfulDifference($0.difference, q: q) } ?? false }
}

/// The difference a practice makes within communities (OLS with one intercept per community
/// whose practice shares are shown), in 0–100 points.
public struct WithinFigures: Sendable, Equatable {
    public var difference: Double
    public var interval: ClosedRange<Double>
    public var p: Double
    /// The difference over the same pooled standard deviation as the row's Cohen's d.
    public var d: Double?
    /// Communities with members on both sides.
    public var communities: Int
}

/// A community that took up a practice between two consecutive waves, and what happened to one of
/// its scores against the communities that did not (difference in differences, docs/adoption.md).
public struct AdoptionRow: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// The scores already moved apart before the practice was taken up: no evidence.
        case preTrend = "pre-trend"
        case supported
        case notSupported = "not supported"
    }

    /// A coefficient in 0–100 points, with its 95% interval.
    public struct Estimate: Sendable, Equatable {
        public var difference: Double
        public var interval: ClosedRange<Double>
        public var p: Double
        public var standardError: Double

        init(_ coefficient: some RegressionCoefficient) {
            difference = coefficient.estimate
            interval = coefficient.confidenceInterval()
            p = coefficient.p
            standardError = coefficient.standardError
        }
    }

    public var waveBefore: String
    public var wave: String
    public var community: String
    public var question: Question
    public var option: String
    /// The practice's share of the community's respondents in each wave (%).
    public var shareBefore: Double
    public var share: Double
    public var target: ScoreTargetName
    public var estimate: Estimate
    /// The same estimate over the previous pair of waves, where one can be made: it should be near zero.
    public var preTrend: Estimate?
    public var comparisonCommunities: Int
    /// Its Benjamini–Hochberg q over the wave's adoption rows.
    public var q: Double?

    public var verdict: Verdict {
        if let preTrend, preTrend.p < 0.05 { return .preTrend }
        return (q ?? 1) < 0.05 ? .supported : .notSupported
    }
}

/// The share of a community's respondents (who answered the practices question) reporting a practice.
public struct PracticeShareRow: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        public var answered: Int
        public var share: Double
    }

    public var wave: String
    public var community: CommunityName
    public var question: Question
    public var option: String
    public var figures: Disclosed<Figures>
}

public struct DriverRow: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        public var correlation: Correlation
        public var favorable: Double
        public var driverClass: DriverClass
    }

    public var wave: String
    public var community: CommunityName
    public var question: Question
    public var figures: Disclosed<Figures>
}

/// A plain-words suggestion, with the numbers behind it and where they stand in the CSV files.
public struct Recommendation: Sendable, Equatable {
    public var text: String
    public var evidence: String
}

public struct ItemRow: Sendable, Equatable {
    public var wave: String
    public var community: CommunityName
    public var question: Question
    public var figures: Disclosed<ItemFigures>
}

/// How many responded in a community and wave, against its head count where known.
public struct ParticipationRow: Sendable, Equatable {
    public var wave: String
    public var community: CommunityName
    public var respondents: Disclosed<Int>
    public var members: Int?
    /// The first NPS question's score for the group, where shown.
    public var netPromoterScore: Double?

    /// respondents / members, as a percentage.
    public var rate: Double? {
        guard let respondents = respondents.value, let members, members > 0 else { return nil }
        return 100 * Double(respondents) / Double(members)
    }
}

/// How many response rows were read, used and rejected: read = used + rejected.
public struct RowCounts: Sendable, Equatable {
    public var read: Int
    public var used: Int
    public var rejected: Int { read - used }

    public init(read: Int, used: Int) {
        self.read = read
        self.used = used
    }
}

/// Everything a renderer may show: results after privacy decisions, and nothing else.
public struct Report: Sendable {
    public var survey: Survey
    /// All waves, in order.
    public var waves: [String]
    /// The wave the scorecard is about.
    public var focusWave: String?
    public var counts: RowCounts
    /// Per wave, community (All first, then by name) and dimension.
    public var scores: [ScoreRow] { didSet { scoreLookup = Lookup() } }
    /// Per wave, community and scale question.
    public var items: [ItemRow] { didSet { itemLookup = Lookup() } }
    public var participation: [ParticipationRow] { didSet { participationLookup = Lookup() } }
    /// Per wave, practices question, option and score target (the organisation as a whole).
    public var practices: [PracticeRow] = []
    public var practiceShares: [PracticeShareRow] = [] { didSet { shareLookup = Lookup() } }
    /// Practices taken up between consecutive waves, per wave, community, practice and target.
    public var adoptions: [AdoptionRow] = []
    /// Per wave, community (All first) and question other than the outcome.
    public var drivers: [DriverRow] = [] { didSet { driverLookup = Lookup() } }
    /// The medians that classed the shown drivers of everyone, per wave.
    public var driverMedians: [String: DriverMedians] = [:]
    /// At most five, for the focus wave.
    public var recommendations: [Recommendation] = []
    /// Per wave, how many tests each table ran (the families of the q-values).
    public var testCounts: [String: TestCounts] = [:]
    public var rejections: [Rejection]
    /// Every community with responses in any wave, those before `--since` too: what the community
    /// pages' file names are numbered over (empty: the communities of the report's waves).
    public var everyCommunity: [String] = []
    /// Indexes of the tables above, each built on first use and dropped when its table changes, so
    /// that looking up one community's row is O(1) however many communities there are.
    private var scoreLookup = Lookup<[String: WaveRows]>()
    private var participationLookup = Lookup<ParticipationIndex>()
    private var shareLookup = Lookup<[String: WaveRows]>()
    private var itemLookup = Lookup<[String: WaveRows]>()
    private var driverLookup = Lookup<[String: WaveRows]>()

    init(
        survey: Survey, waves: [String], focusWave: String?, counts: RowCounts, scores: [ScoreRow], items: [ItemRow],
        participation: [ParticipationRow], rejections: [Rejection]
    ) {
        self.survey = survey
        self.waves = waves
        self.focusWave = focusWave
        self.counts = counts
        self.scores = scores
        self.items = items
        self.participation = participation
        self.rejections = rejections
    }

    /// Communities (All first) in a wave, in report order.
    public func communities(in wave: String) -> [CommunityName] {
        participationIndex.communitiesByWave[wave] ?? []
    }

    /// Every community (All first) in any wave, in the order of the participation rows.
    public var allCommunities: [CommunityName] { participationIndex.communities }

    /// A group's participation row in a wave (the first, if there were several).
    public func participation(wave: String, community: CommunityName) -> ParticipationRow? {
        participationIndex.rows[WaveCommunity(wave: wave, community: community)].map { participation[$0] }
    }

    public func score(wave: String, community: CommunityName, dimension: String) -> ScoreRow? {
        scores(wave: wave, community: community)[dimension]
    }

    /// A group's row of a question in a wave.
    public func item(wave: String, community: CommunityName, question: String) -> ItemRow? {
        items(wave: wave, community: community)[question]
    }

    /// A group's key-driver row of a question in a wave.
    public func driver(wave: String, community: CommunityName, question: String) -> DriverRow? {
        drivers(wave: wave, community: community)[question]
    }

    /// A group's share of respondents reporting a practice option in a wave (the first row that
    /// matches, whichever practices question it belongs to).
    public func practiceShare(wave: String, community: CommunityName, option: String) -> PracticeShareRow? {
        practiceShares(wave: wave, community: community)[option]
    }

    /// A group's rows in a wave, by dimension: for reading many rows of one group (a page), the
    /// group is looked up once.
    public func scores(wave: String, community: CommunityName) -> GroupRows<ScoreRow> {
        Self.group(wave, community, of: scores, scoreLookup)
    }

    /// A group's rows in a wave, by question.
    public func items(wave: String, community: CommunityName) -> GroupRows<ItemRow> {
        Self.group(wave, community, of: items, itemLookup)
    }

    /// A group's key-driver rows in a wave, by question.
    public func drivers(wave: String, community: CommunityName) -> GroupRows<DriverRow> {
        Self.group(wave, community, of: drivers, driverLookup)
    }

    /// A group's practice shares in a wave, by option.
    public func practiceShares(wave: String, community: CommunityName) -> GroupRows<PracticeShareRow> {
        Self.group(wave, community, of: practiceShares, shareLookup)
    }

    /// A group's rows of a table in a wave. The table's positions are grouped by wave once; a wave's
    /// groups are indexed the first time one of them is asked for (the pages ask for few waves).
    private static func group<Row: GroupRow>(_ wave: String, _ community: CommunityName, of rows: [Row], _ lookup: Lookup<[String: WaveRows]>) -> GroupRows<Row> {
        let waves = lookup.value {
            var positions: [String: [Int]] = [:]
            for position in rows.indices { positions[rows[position].wave, default: []].append(position) }
            return positions.mapValues { WaveRows(positions: $0) }
        }
        guard let rowsOfWave = waves[wave] else { return GroupRows(rows, nil) }
        let groups = rowsOfWave.groups.value {
            var groups: [CommunityName: [String: Int]] = [:]
            for position in rowsOfWave.positions where groups[rows[position].community]?[rows[position].subject] == nil {
                groups[rows[position].community, default: [:]][rows[position].subject] = position
            }
            return groups
        }
        return GroupRows(rows, groups[community])
    }

    private var participationIndex: ParticipationIndex {
        participationLookup.value {
            var index = ParticipationIndex()
            var seenInWave: Set<WaveCommunity> = []
            var seen: Set<CommunityName> = []
            for (position, row) in participation.enumerated() {
                let key = WaveCommunity(wave: row.wave, community: row.community)
                if seenInWave.insert(key).inserted {
                    index.rows[key] = position
                    index.communitiesByWave[row.wave, default: []].append(row.community)
                }
                if seen.insert(row.community).inserted { index.communities.append(row.community) }
            }
            return index
        }
    }

    /// The practices taken up up to the focus wave, one list of rows (one per target) per
    /// community, practice and pair of waves: those with a supported result first (smallest q
    /// first), then the others in wave order.
    public func adoptionEvents() -> [[AdoptionRow]] {
        guard let focus = focusWave else { return [] }
        let through = Set(waves.prefix { $0 != focus } + [focus])
        var events: [[AdoptionRow]] = []
        for row in adoptions where through.contains(row.wave) {
            if let last = events.last?.first, last.wave == row.wave, last.community == row.community, last.question.id == row.question.id, last.option == row.option {
                events[events.count - 1].append(row)
            } else {
                events.append([row])
            }
        }
        func firstSupported(_ event: [AdoptionRow]) -> Double { event.filter { $0.verdict == .supported }.compactMap(\.q).min() ?? 2 }
        return events.enumerated().sorted { (firstSupported($0.element), $0.offset) < (firstSupported($1.element), $1.offset) }.map(\.element)
    }

    /// A community's overall health: the mean of its dimension scores (0–100), only when every
    /// one of them is shown, so it reveals nothing that is withheld.
    public func health(wave: String, community: CommunityName) -> Double? {
        let scores = survey.dimensions.map { score(wave: wave, community: community, dimension: $0.id)?.figures.value }
        guard !scores.isEmpty else { return nil }
        let shown = scores.compactMap { $0?.dimension.score }
        return shown.count == scores.count ? shown.reduce(0, +) / Double(shown.count) : nil
    }
}

struct WaveCommunity: Hashable, Sendable {
    var wave: String
    var community: CommunityName
}

/// A row of a table of groups, as the report indexes it.
protocol GroupRow: Sendable {
    var wave: String { get }
    var community: CommunityName { get }
    /// What the row is about: a dimension, question or practice option.
    var subject: String { get }
}

extension ScoreRow: GroupRow { var subject: String { dimension.id } }
extension ItemRow: GroupRow { var subject: String { question.id } }
extension DriverRow: GroupRow { var subject: String { question.id } }
extension PracticeShareRow: GroupRow { var subject: String { option } }

/// The rows of one wave of a table: their positions, and (indexed on first use) each group's
/// first row of each subject.
final class WaveRows: Sendable {
    let positions: [Int]
    let groups = Lookup<[CommunityName: [String: Int]]>()

    init(positions: [Int]) {
        self.positions = positions
    }
}

/// One group's rows of a table in a wave, by subject (dimension, question or option).
public struct GroupRows<Row: Sendable>: Sendable {
    private let rows: [Row]
    private let positions: [String: Int]

    init(_ rows: [Row], _ positions: [String: Int]?) {
        self.rows = rows
        self.positions = positions ?? [:]
    }

    public subscript(_ subject: String) -> Row? {
        positions[subject].map { rows[$0] }
    }
}

struct ParticipationIndex: Sendable {
    var rows: [WaveCommunity: Int] = [:]
    var communitiesByWave: [String: [CommunityName]] = [:]
    var communities: [CommunityName] = []
}

