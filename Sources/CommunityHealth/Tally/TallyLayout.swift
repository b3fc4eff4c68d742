/// Where each integer sum of one group lives in a `Tally`'s flat array, prepared once per survey.
///
/// Per group: the row count; per scale question a histogram of answers, and for a question of a
/// dimension a second one of the answers given by rows that answered only some of that dimension's
/// questions (*partial answerers*, whom the privacy stage may leave out); per score *target* (each
/// dimension, the outcome question, or — without an outcome — the overall score over every
/// dimension item), for each number k of answered items, the count of respondents and ΣS, ΣS² of
/// their keyed sums S; per choice question the answered count and option counts; per practices
/// question the target sums again, once per option for those who report that option (everyone
/// else with a score on the target does not: a blank answer to a checklist reports none).
///
/// Item pairs (what alpha and the key drivers need: n, Σx, Σy, Σx², Σy², Σxy over respondents
/// who answered both) are kept so that a row costs one product per pair and little else:
/// - Σxy over every row, with an unanswered item counting as 0 (its products vanish);
/// - per item, Σx and Σx² come from its histogram; per pair, what must be taken off them is
///   added only by rows that skipped an item: Σx and Σx² of each answered partner of a skipped
///   item, and a count of rows that skipped both;
/// - pairs within a dimension keep that per ordered pair of its items, pairs with the outcome
///   per item on either side (the outcome skipped, or the item skipped).
/// `GroupSums.pairSums` puts them together; every sum stays an exact integer.
///
/// Keyed answers are stored in *units*: keyed steps above the scale's minimum times a multiplier
/// that puts every item of a target on one integer grid (the least common multiple of the items'
/// scale ranges), so that a target may mix scales and every sum stays an exact integer.
public struct TallyLayout: Sendable {
    public struct Item: Sendable {
        public var question: Int
        public var scale: Scale
        public var reverse: Bool
        public var dimension: Int?
        /// Multiplier from keyed steps to the units of its dimension (used by item pairs).
        public var unit: Int
        var histogram: Int
        /// Where the histogram of partial answerers' answers starts (-1: not in a dimension).
        var partialHistogram = -1
    }

    /// Something a respondent gets a score on: the mean of their answered items, on one grid.
    public struct ScoreTarget: Sendable {
        public enum Kind: Sendable, Equatable {
            case dimension(Int)
            /// The outcome question (a tally item index).
            case outcome(Int)
            /// Every dimension item together: the respondent's overall health.
            case overall
        }

        public var kind: Kind
        public var items: [Int]
        /// Per item (parallel to `items`): multiplier from keyed steps to target units.
        public var multipliers: [Int]
        /// The target's span in units (a respondent score runs from 0 to this).
        public var unitRange: Int
        /// The one scale all items share, when they do: results can be given in its units.
        public var sharedScale: Scale?
        /// Offset of this target's 3·(k + 1) sums within a block of all targets.
        var offsetInBlock: Int
        /// The target's own item pairs, `pairs[pairRange]` (dimensions with two items or more).
        public var pairRange: Range<Int> = 0..<0
        /// Where the target's pair sums start (-1: none): Σxy per pair in `pairRange` order, then
        /// for skipped item j and answered item i (positions in `items`, an m × m grid each) Σx_i
        /// and Σx_i², then, for j < i, the count of rows that skipped both.
        var pairBlock = -1
    }

    public struct ChoiceSlots: Sendable {
        public var question: Int
        public var optionCount: Int
        /// A `choices` question (a bit set of options) rather than a `choice` (one option index).
        public var isMultiple: Bool
        /// Whether its options are practices, and then its index in `practices`.
        public var practice: Int?
        var offset: Int
    }

    public let items: [Item]
    /// Dimensions first (target i is dimension i), then the outcome or the overall score.
    public let targets: [ScoreTarget]
    public let pairs: [(first: Int, second: Int)]
    public let choices: [ChoiceSlots]
    /// Choice indices of the practices questions.
    public let practices: [Int]
    /// Index of each scale question's item, by survey question index.
    public let itemOfQuestion: [Int?]
    /// Pair index by `min · items + max` (-1: no pair).
    private let pairIndex: [Int]
    private let pairTargets: [(target: Int, first: Int, second: Int)]
    let targetBlockWidth: Int
    let scoresOffset: Int
    /// The outcome question's item, if the survey names one.
    public let outcomeItem: Int?
    /// The pairs of the outcome with items outside its dimension, kept in the outcome block: Σxy
    /// per pair, then per pair Σx, Σx² of the item and the count of both skipped over rows that
    /// skipped the outcome, and Σy, Σy² of the outcome over rows that skipped the item.
    public let outcomePairs: Range<Int>
    let outcomeOffset: Int
    /// Per practices question: where its blocks start (one per option).
    let practiceOffsets: [Int]
    public let width: Int
    static let rowCount = 0

    /// Whether rows' `PracticePattern`s are counted: there is a practices question, and the
    /// patterns fit their two words (options of all practices questions, with one bit each for
    /// answering; two bits per score target, the top bit kept for `PatternCounts`).
    public var countsPatterns: Bool {
        !practices.isEmpty && practices.reduce(0) { $0 + 1 + choices[$1].optionCount } <= 64 && targets.count <= 31
    }

    /// Whether the privacy check of the practices rows takes one score target at a time (there is
    /// no overall score coupling the dimensions), so patterns can be counted per target.
    public var checksTargetsApart: Bool {
        !targets.contains { $0.kind == .overall }
    }

    /// Where practices question `practice`'s bits start in `PracticePattern.practices`.
    public func patternBit(_ practice: Int) -> Int {
        practices[..<practice].reduce(0) { $0 + 1 + choices[$1].optionCount }
    }

    /// The target practices are ranked by: the outcome, or else the overall score.
    public var rankingTarget: Int? {
        targets.lastIndex { if case .dimension = $0.kind { false } else { true } }
    }

    public init(survey: Survey) {
        var space = Space()
        var (items, itemOfQuestion) = Self.items(of: survey, in: &space)
        let outcomeItem = survey.outcome.flatMap { id in survey.questions.firstIndex { $0.id == id } }.flatMap { itemOfQuestion[$0] }
        var (targets, blockWidth) = Self.targets(dimensions: survey.dimensions.count, outcomeItem: outcomeItem, items: &items)
        for index in items.indices where items[index].dimension != nil {
            items[index].partialHistogram = space.reserve(items[index].scale.range + 1)
        }
        scoresOffset = space.reserve(blockWidth)
        let (pairs, pairTargets, outcomePairs) = Self.pairs(of: &targets, items: items, outcomeItem: outcomeItem)
        outcomeOffset = space.reserve(6 * outcomePairs.count)
        for index in targets.indices where !targets[index].pairRange.isEmpty {
            let m = targets[index].items.count
            targets[index].pairBlock = space.reserve(targets[index].pairRange.count + 3 * m * m)
        }
        let (choices, practices) = Self.choices(of: survey, in: &space)
        practiceOffsets = practices.map { space.reserve(choices[$0].optionCount * blockWidth) }

        var pairIndex = [Int](repeating: -1, count: items.count * items.count)
        for (index, pair) in pairs.enumerated() { pairIndex[min(pair.0, pair.1) * items.count + max(pair.0, pair.1)] = index }
        self.pairIndex = pairIndex
        self.pairTargets = pairTargets
        self.items = items
        self.outcomeItem = outcomeItem
        self.outcomePairs = outcomePairs
        self.targets = targets
        self.pairs = pairs
        self.choices = choices
        self.practices = practices
        self.itemOfQuestion = itemOfQuestion
        targetBlockWidth = blockWidth
        width = space.next
    }

    /// Hands out consecutive places in a group's flat array; place 0 is the row count.
    private struct Space {
        var next = 1

        mutating func reserve(_ count: Int) -> Int {
            defer { next += count }
            return next
        }
    }

    /// One item per scale question, each with its histogram.
    private static func items(of survey: Survey, in space: inout Space) -> ([Item], itemOfQuestion: [Int?]) {
        var dimensionIndex: [String: Int] = [:]
        for (index, dimension) in survey.dimensions.enumerated() where dimensionIndex[dimension.id] == nil { dimensionIndex[dimension.id] = index }
        var itemOfQuestion = [Int?](repeating: nil, count: survey.questions.count)
        var items: [Item] = []
        for (index, question) in survey.questions.enumerated() {
            guard let scale = question.scale else { continue }
            itemOfQuestion[index] = items.count
            let dimension = question.dimension.flatMap { dimensionIndex[$0] }
            items.append(Item(question: index, scale: scale, reverse: question.reverse, dimension: dimension, unit: 1, histogram: space.reserve(scale.range + 1)))
        }
        return (items, itemOfQuestion)
    }

    /// The dimensions (whose items learn their units), then the outcome or else the overall
    /// score; and the width of a block of all their sums.
    private static func targets(dimensions: Int, outcomeItem: Int?, items: inout [Item]) -> ([ScoreTarget], blockWidth: Int) {
        var targets: [ScoreTarget] = []
        var blockWidth = 0
        func addTarget(_ kind: ScoreTarget.Kind, _ members: [Int]) {
            let span = members.reduce(1) { leastCommonMultiple($0, items[$1].scale.range) }
            let first = members.first.map { items[$0].scale }
            let shared = members.allSatisfy { items[$0].scale.min == first?.min && items[$0].scale.max == first?.max }
            targets.append(
                ScoreTarget(
                    kind: kind, items: members, multipliers: members.map { span / items[$0].scale.range }, unitRange: span,
                    sharedScale: shared ? first : nil, offsetInBlock: blockWidth))
            blockWidth += 3 * (members.count + 1)
        }
        var members = [[Int]](repeating: [], count: dimensions)
        for index in items.indices { if let dimension = items[index].dimension { members[dimension].append(index) } }
        for index in 0..<dimensions {
            addTarget(.dimension(index), members[index])
            for (member, multiplier) in zip(targets[index].items, targets[index].multipliers) { items[member].unit = multiplier }
        }
        if let outcomeItem {
            addTarget(.outcome(outcomeItem), [outcomeItem])
        } else if dimensions > 0 {
            addTarget(.overall, items.indices.filter { items[$0].dimension != nil })
        }
        return (targets, blockWidth)
    }

    /// Every pair of items within a dimension (and the outcome's, one item), each with its target
    /// and positions; then the outcome with every other item not already paired with it.
    private static func pairs(of targets: inout [ScoreTarget], items: [Item], outcomeItem: Int?)
        -> ([(first: Int, second: Int)], [(target: Int, first: Int, second: Int)], outcomePairs: Range<Int>)
    {
        var pairs: [(first: Int, second: Int)] = []
        var pairTargets: [(target: Int, first: Int, second: Int)] = []
        for index in targets.indices where targets[index].kind != .overall && targets[index].items.count > 1 {
            let start = pairs.count
            let members = targets[index].items
            for (position, first) in members.enumerated() {
                for otherPosition in (position + 1)..<members.count {
                    pairs.append((first, members[otherPosition]))
                    pairTargets.append((index, position, otherPosition))
                }
            }
            targets[index].pairRange = start..<pairs.count
        }
        let withinTargets = pairs.count
        if let outcomeItem {
            // The outcome's own dimension already pairs it with that dimension's items.
            let paired = Set(targets.lazy.filter { $0.items.count > 1 && $0.items.contains(outcomeItem) }.flatMap(\.items))
            for item in items.indices where item != outcomeItem && !paired.contains(item) {
                pairs.append((min(item, outcomeItem), max(item, outcomeItem)))
                pairTargets.append((-1, -1, -1))
            }
        }
        return (pairs, pairTargets, withinTargets..<pairs.count)
    }

    /// The choice questions' counts, in question order, and which of them are practices.
    private static func choices(of survey: Survey, in space: inout Space) -> ([ChoiceSlots], practices: [Int]) {
        var choices: [ChoiceSlots] = []
        var practices: [Int] = []
        for (index, question) in survey.questions.enumerated() where !question.options.isEmpty {
            var isMultiple = false
            if case .choices = question.kind { isMultiple = true }
            var practice: Int?
            if question.practices {
                practice = practices.count
                practices.append(choices.count)
            }
            let offset = space.reserve(1 + question.options.count)
            choices.append(ChoiceSlots(question: index, optionCount: question.options.count, isMultiple: isMultiple, practice: practice, offset: offset))
        }
        return (choices, practices)
    }

    /// Index of the pair of two items, in either order.
    public func pair(_ a: Int, _ b: Int) -> Int? {
        let index = pairIndex[min(a, b) * items.count + max(a, b)]
        return index >= 0 ? index : nil
    }

    /// For a pair inside a target: the target, and the two items' positions in it.
    func pairTarget(_ pair: Int) -> (target: Int, first: Int, second: Int)? {
        let entry = pairTargets[pair]
        return entry.target >= 0 ? entry : nil
    }

    /// Start of the block of those who report a practices question's `option`.
    func practiceBlock(_ practice: Int, option: Int) -> Int {
        practiceOffsets[practice] + option * targetBlockWidth
    }
}

func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    b == 0 ? abs(a) : greatestCommonDivisor(b, a % b)
}

func leastCommonMultiple(_ a: Int, _ b: Int) -> Int {
    a / greatestCommonDivisor(a, b) * b
}
