/// Where each integer sum of one group lives in a `Tally`'s flat array, prepared once per survey.
///
/// Per group: the row count; per scale question a histogram of answers; per dimension, for each
/// number k of answered items, the count of respondents, ΣS and ΣS² of their keyed sums S; per
/// pair of items (within a dimension, and each item with the outcome) n, Σx, Σy, Σx², Σy², Σxy
/// over respondents who answered both; per choice question the answered count and option counts.
///
/// Keyed answers are stored in *units*: `(keyed − min) · unit`, where `unit` puts every item of a
/// dimension on one integer grid (the least common multiple of the items' scale ranges), so that
/// a dimension may mix scales and every sum stays an exact integer.
public struct TallyLayout: Sendable {
    public struct Item: Sendable {
        public var question: Int
        public var scale: Scale
        public var reverse: Bool
        public var dimension: Int?
        /// Multiplier from keyed scale steps to dimension units.
        public var unit: Int
        var histogram: Int
    }

    public struct DimensionSlots: Sendable {
        public var items: [Int]
        /// The dimension's span in units (a respondent score runs from 0 to this).
        public var unitRange: Int
        /// True when all items share one scale, so results can be given in that scale's units.
        public var sharedScale: Scale?
        var scores: Int
    }

    public struct ChoiceSlots: Sendable {
        public var question: Int
        public var optionCount: Int
        /// A `choices` question (a bit set of options) rather than a `choice` (one option index).
        public var isMultiple: Bool
        var offset: Int
    }

    public let items: [Item]
    public let dimensions: [DimensionSlots]
    public let pairs: [(first: Int, second: Int)]
    public let choices: [ChoiceSlots]
    /// Index of each scale question's item, by survey question index.
    public let itemOfQuestion: [Int?]
    let pairOffset: Int
    public let width: Int
    static let rowCount = 0

    public init(survey: Survey) {
        var offset = 1
        var itemOfQuestion = [Int?](repeating: nil, count: survey.questions.count)
        var items: [Item] = []
        for (index, question) in survey.questions.enumerated() {
            guard let scale = question.scale else { continue }
            let dimension = question.dimension.flatMap { id in survey.dimensions.firstIndex { $0.id == id } }
            itemOfQuestion[index] = items.count
            items.append(Item(question: index, scale: scale, reverse: question.reverse, dimension: dimension, unit: 1, histogram: offset))
            offset += scale.range + 1
        }
        var dimensions: [DimensionSlots] = []
        for index in survey.dimensions.indices {
            let members = items.indices.filter { items[$0].dimension == index }
            let span = members.reduce(1) { leastCommonMultiple($0, items[$1].scale.range) }
            for member in members { items[member].unit = span / items[member].scale.range }
            let first = members.first.map { items[$0].scale }
            let shared = members.allSatisfy { items[$0].scale.min == first?.min && items[$0].scale.max == first?.max }
            dimensions.append(DimensionSlots(items: members, unitRange: span, sharedScale: shared ? first : nil, scores: offset))
            offset += 3 * (members.count + 1)
        }
        var pairs: [(Int, Int)] = []
        for dimension in dimensions {
            for (position, first) in dimension.items.enumerated() {
                for second in dimension.items[(position + 1)...] { pairs.append((first, second)) }
            }
        }
        if let outcome = survey.outcome, let outcomeIndex = survey.questions.firstIndex(where: { $0.id == outcome }),
            let outcomeItem = itemOfQuestion[outcomeIndex]
        {
            for item in items.indices where item != outcomeItem {
                let pair = (min(item, outcomeItem), max(item, outcomeItem))
                if !pairs.contains(where: { $0 == pair }) { pairs.append(pair) }
            }
        }
        pairOffset = offset
        offset += 6 * pairs.count
        var choices: [ChoiceSlots] = []
        for (index, question) in survey.questions.enumerated() where !question.options.isEmpty {
            var isMultiple = false
            if case .choices = question.kind { isMultiple = true }
            choices.append(ChoiceSlots(question: index, optionCount: question.options.count, isMultiple: isMultiple, offset: offset))
            offset += 1 + question.options.count
        }
        self.items = items
        self.dimensions = dimensions
        self.pairs = pairs
        self.choices = choices
        self.itemOfQuestion = itemOfQuestion
        width = offset
    }

    /// Index of the pair of two items, in either order.
    public func pair(_ a: Int, _ b: Int) -> Int? {
        pairs.firstIndex { ($0.first == a && $0.second == b) || ($0.first == b && $0.second == a) }
    }
}

func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    b == 0 ? abs(a) : greatestCommonDivisor(b, a % b)
}

func leastCommonMultiple(_ a: Int, _ b: Int) -> Int {
    a / greatestCommonDivisor(a, b) * b
}
