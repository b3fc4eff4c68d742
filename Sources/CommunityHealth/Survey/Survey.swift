/// A validated survey definition (FORMATS.md §2): what is asked, on which scales, and how
/// responses are grouped into communities and waves.
public struct Survey: Sendable, Equatable {
    /// The most questions a survey may have (docs/formats.md): the items of a dimension are
    /// correlated pair by pair, so the work grows with the square of a dimension's questions.
    public static let questionLimit = 1_000

    public var id: String
    public var title: String
    public var groupBy: String
    public var period: Period
    public var minimumGroupSize: Int
    public var outcome: String?
    public var scales: [Scale]
    public var dimensions: [Dimension]
    public var questions: [Question]
    /// The declared wave order; waves not listed sort after these, as strings.
    public var waves: [String]

    public init(
        id: String, title: String, groupBy: String, period: Period = .fileName, minimumGroupSize: Int = 5,
        outcome: String? = nil, scales: [Scale], dimensions: [Dimension], questions: [Question], waves: [String] = []
    ) {
        self.id = id
        self.title = title
        self.groupBy = groupBy
        self.period = period
        self.minimumGroupSize = minimumGroupSize
        self.outcome = outcome
        self.scales = scales
        self.dimensions = dimensions
        self.questions = questions
        self.waves = waves
    }

    public func question(_ id: String) -> Question? {
        questions.first { $0.id == id }
    }

    public func dimension(_ id: String) -> Dimension? {
        dimensions.first { $0.id == id }
    }

    /// Waves in report order: the declared order first, then the rest as strings.
    public func ordered(waves found: some Sequence<String>) -> [String] {
        let found = Set(found)
        let declared = waves.filter { found.contains($0) }
        let rest = found.subtracting(waves).sorted()
        return declared + rest
    }
}

/// An answer scale: integers from `min` to `max`, optionally labelled.
public struct Scale: Sendable, Equatable {
    public var id: String
    public var min: Int
    public var max: Int
    /// One label per value, lowest first; empty when the scale has none.
    public var labels: [String]
    /// The lowest (keyed) value counted favorable.
    public var favorableFrom: Int
    /// A 0–10 recommend scale, which also gets a Net Promoter Score.
    public var isNPS: Bool
    /// Other words for a value, used when importing platform exports (`"Somewhat agree": 4`).
    public var synonyms: [String: Int]

    public init(
        id: String, min: Int, max: Int, labels: [String] = [], favorableFrom: Int? = nil, isNPS: Bool = false, synonyms: [String: Int] = [:]
    ) {
        self.id = id
        self.min = min
        self.max = max
        self.labels = labels
        self.favorableFrom = favorableFrom ?? Scale.defaultFavorableFrom(min: min, max: max)
        self.isNPS = isNPS
        self.synonyms = synonyms
    }

    /// Every value above the midpoint `(min + max) / 2`.
    static func defaultFavorableFrom(min: Int, max: Int) -> Int {
        let sum = min + max
        return sum.isMultiple(of: 2) ? sum / 2 + 1 : (sum + 1) / 2
    }

    public var range: Int { max - min }

    /// The midpoint value of a scale with an odd number of points, which counts as neutral.
    public var neutralValue: Int? {
        (min + max).isMultiple(of: 2) ? (min + max) / 2 : nil
    }
}

public struct Dimension: Sendable, Equatable {
    public var id: String
    public var title: String
    public var about: String

    public init(id: String, title: String, about: String = "") {
        self.id = id
        self.title = title
        self.about = about
    }
}

public struct Question: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case scale(Scale)
        /// One of the options.
        case choice(options: [String])
        /// Any of the options, separated by `;` in a cell.
        case choices(options: [String])
        /// Free text: read, never reported.
        case text
    }

    public var id: String
    public var text: String
    public var kind: Kind
    public var dimension: String?
    public var reverse: Bool
    /// Whether the options are community practices whose link to outcomes is analysed.
    public var practices: Bool
    /// How survey platforms name this question and its options, for `cophealth import`.
    public var codes: Codes

    /// A question's names on survey platforms (all optional).
    public struct Codes: Sendable, Equatable {
        /// Qualtrics ImportId (`QID1_3`) or export tag.
        public var qualtrics: String?
        /// LimeSurvey question code (`G01Q01[SQ001]`).
        public var limesurvey: String?
        /// Codes of the options, in option order, for every platform (LimeSurvey answer codes,
        /// Qualtrics recode values or choice ids) …
        public var options: [String]
        /// … or per platform (`"qualtrics"`, `"limesurvey"`), where they differ.
        public var optionsByPlatform: [String: [String]]

        public init(qualtrics: String? = nil, limesurvey: String? = nil, options: [String] = [], optionsByPlatform: [String: [String]] = [:]) {
            self.qualtrics = qualtrics
            self.limesurvey = limesurvey
            self.options = options
            self.optionsByPlatform = optionsByPlatform
        }

        /// The option codes a platform uses.
        public func options(for platform: Platform) -> [String] {
            optionsByPlatform[platform.rawValue] ?? options
        }

        /// Every option code, to recognise an answer written as a code.
        var allOptionCodes: [[String]] { [options] + optionsByPlatform.values.sorted { $0.joined() < $1.joined() } }
    }

    public init(
        id: String, text: String, kind: Kind, dimension: String? = nil, reverse: Bool = false, practices: Bool = false,
        codes: Codes = Codes()
    ) {
        self.id = id
        self.text = text
        self.kind = kind
        self.dimension = dimension
        self.reverse = reverse
        self.practices = practices
        self.codes = codes
    }

    public var scale: Scale? {
        if case .scale(let scale) = kind { scale } else { nil }
    }

    public var options: [String] {
        switch kind {
        case .choice(let options), .choices(let options): options
        case .scale, .text: []
        }
    }

    /// The answer after reverse keying: `min + max - answer` for a reverse-worded question.
    public func keyed(_ answer: Int) -> Int {
        guard reverse, let scale else { return answer }
        return scale.min + scale.max - answer
    }
}

/// Where a response's wave comes from.
public enum Period: Sendable, Equatable {
    /// A column holding the wave's name.
    case column(String)
    /// A timestamp column, bucketed into waves of the given length.
    case timestamp(column: String, every: Interval)
    /// The response file's name without `.csv`.
    case fileName

    public enum Interval: String, Sendable, CaseIterable {
        case month, quarter, half, year
    }

    public var column: String? {
        switch self {
        case .column(let name), .timestamp(let name, _): name
        case .fileName: nil
        }
    }
}
