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
        for index in survey.dimensions.indices {
            addTarget(.dimension(index), items.indices.filter { items[$0].dimension == index })
            for (member, multiplier) in zip(targets[index].items, targets[index].multipliers) { items[member].unit = multiplier }
        }
        for index in items.indices where items[index].dimension != nil {
            items[index].partialHistogram = offset
            offset += items[index].scale.range + 1
        }
        let outcomeItem = survey.outcome.flatMap { id in survey.questions.firstIndex { $0.id == id } }.flatMap { itemOfQuestion[$0] }
        if let outcomeItem {
            addTarget(.outcome(outcomeItem), [outcomeItem])
        } else if !survey.dimensions.isEmpty {
            addTarget(.overall, items.indices.filter { items[$0].dimension != nil })
        }
        scoresOffset = offset
        offset += blockWidth

        var pairs: [(Int, Int)] = []
        for index in targets.indices where targets[index].kind != .overall && targets[index].items.count > 1 {
            let start = pairs.count
            let members = targets[index].items
            for (position, first) in members.enumerated() {
                for second in members[(position + 1)...] { pairs.append((first, second)) }
            }
            targets[index].pairRange = start..<pairs.count
        }
        let withinTargets = pairs.count
        self.outcomeItem = outcomeItem
        if let outcomeItem {
            // Pairs within targets are (lower, higher) item indices, as these are.
            var known = Set(pairs.map { $0.0 * items.count + $0.1 })
            for item in items.indices where item != outcomeItem {
                let pair = (min(item, outcomeItem), max(item, outcomeItem))
                if known.insert(pair.0 * items.count + pair.1).inserted { pairs.append(pair) }
            }
        }
        outcomePairs = withinTargets..<pairs.count
        outcomeOffset = offset
        offset += 6 * outcomePairs.count
        for index in targets.indices where !targets[index].pairRange.isEmpty {
            let m = targets[index].items.count
            targets[index].pairBlock = offset
            offset += targets[index].pairRange.count + 3 * m * m
        }

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
            choices.append(
                ChoiceSlots(question: index, optionCount: question.options.count, isMultiple: isMultiple, practice: practice, offset: offset))
            offset += 1 + question.options.count
        }
        var practiceOffsets: [Int] = []
        for choice in practices {
            practiceOffsets.append(offset)
            offset += choices[choice].optionCount * blockWidth
        }

        self.items = items
        var pairIndex = [Int](repeating: -1, count: items.count * items.count)
        for (index, pair) in pairs.enumerated() { pairIndex[min(pair.0, pair.1) * items.count + max(pair.0, pair.1)] = index }
        self.pairIndex = pairIndex
        // Each pair's target (the first whose range holds it) and both items' places in it.
        var targetOfPair = [Int](repeating: -1, count: pairs.count)
        var placeInTarget: [[Int: Int]] = []
        for (target, entry) in targets.enumerated() {
            for index in entry.pairRange where targetOfPair[index] < 0 { targetOfPair[index] = target }
            var place: [Int: Int] = [:]
            for (position, item) in entry.items.enumerated() where place[item] == nil { place[item] = position }
            placeInTarget.append(place)
        }
        pairTargets = pairs.indices.map { index in
            let target = targetOfPair[index]
            guard target >= 0, let first = placeInTarget[target][pairs[index].0], let second = placeInTarget[target][pairs[index].1]
            else { return (-1, -1, -1) }
            return (target, first, second)
        }
        self.targets = targets
        self.pairs = pairs
        self.choices = choices
        self.practices = practices
        self.itemOfQuestion = itemOfQuestion
        self.practiceOffsets = practiceOffsets
        targetBlockWidth = blockWidth
        width = offset
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
