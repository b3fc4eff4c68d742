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
    case withheld

    public var value: Value? {
        if case .shown(let value) = self { value } else { nil }
    }
}

/// A dimension's change since the same group's latest earlier shown wave.
public struct Change: Sendable, Equatable {
    public var since: String
    /// Score points on 0–100.
    public var points: Double
    /// Two-sided Welch t-test p-value on respondent scores; nil when it cannot be computed.
    public var p: Double?

    /// Significant at the 5% level.
    public var isSignificant: Bool { (p ?? 1) < 0.05 }
}

public struct ScoreRow: Sendable, Equatable {
    public var wave: String
    public var community: CommunityName
    public var dimension: Dimension
    public var figures: Disclosed<ScoreFigures>
}

public struct ScoreFigures: Sendable, Equatable {
    public var dimension: DimensionFigures
    public var change: Change?
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
    public var scores: [ScoreRow]
    /// Per wave, community and scale question.
    public var items: [ItemRow]
    public var participation: [ParticipationRow]
    public var rejections: [Rejection]

    /// Communities (All first) in a wave, in report order.
    public func communities(in wave: String) -> [CommunityName] {
        var seen: [CommunityName] = []
        for row in participation where row.wave == wave && !seen.contains(row.community) { seen.append(row.community) }
        return seen
    }

    public func score(wave: String, community: CommunityName, dimension: String) -> ScoreRow? {
        scores.first { $0.wave == wave && $0.community == community && $0.dimension.id == dimension }
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
