/// Exact integer sums of every response seen, per wave and community: all that the analysis
/// needs, in memory that grows with groups × items², never with rows.
///
/// Tallies merge by addition, so results do not depend on row order, file order or threads.
public struct Tally: Sendable {
    public struct Group: Hashable, Sendable {
        public var wave: String
        /// Nil for respondents without a community (they count toward `All` only).
        public var community: String?
    }

    public let layout: TallyLayout
    private var slots: [Group: Int] = [:]
    private var sums: [Int64] = []
    /// Per group (by slot number: its base / layout width), its rows counted by practice pattern.
    private var patternCounts: [PatternCounts] = []
    // Scratch space for one row, kept to avoid allocating per row.
    private var steps: [Int]
    private var targetSums: [Int]
    private var targetCounts: [Int]
    /// Per item, keyed units (0 when skipped); per member of one target, the same as 32-bit
    /// values, whose products the compiler can form two at a time (units stay far below 2³²).
    private var units: [Int64]
    private var memberUnits: [UInt32]
    private let kernel: TallyKernel

    public init(layout: TallyLayout) {
        self.layout = layout
        kernel = TallyKernel(layout)
        steps = Array(repeating: -1, count: layout.items.count)
        units = Array(repeating: 0, count: layout.items.count)
        memberUnits = Array(repeating: 0, count: layout.targets.map(\.items.count).max() ?? 0)
        targetSums = Array(repeating: 0, count: layout.targets.count)
        targetCounts = Array(repeating: 0, count: layout.targets.count)
    }

    public var groups: [Group] { Array(slots.keys) }

    /// Where a group's sums start, creating them on first use.
    mutating func slot(wave: String, community: String?) -> Int {
        let group = Group(wave: wave, community: community)
        if let existing = slots[group] { return existing }
        let base = sums.count
        slots[group] = base
        sums.append(contentsOf: repeatElement(0, count: layout.width))
        patternCounts.append(PatternCounts(targetsApart: layout.checksTargetsApart ? layout.targets.count : 0))
        return base
    }

    /// Adds one respondent.
    public mutating func add(_ row: ResponseRow) {
        let base = slot(wave: row.wave, community: row.community)
        row.answers.withUnsafeBufferPointer { add(answers: $0, at: base) }
    }

    /// Adds one respondent's answers (as in `ResponseRow.answers`) to the group at `base`.
    ///
    /// The hot loop of reading: flat arrays through plain pointers, no allocation, no reference
    /// counting. Internal: `base` must come from `slot(...)` and `answers` hold one entry per question.
    @inline(__always)
    mutating func add(answers: UnsafeBufferPointer<Int>, at base: Int) {
        let k = kernel
        // The row's practices pattern, built on the way (see `PracticePattern`).
        var states: UInt64 = 0
        var practices: UInt64 = 0
        steps.withUnsafeMutableBufferPointer { stepBuffer in
            targetSums.withUnsafeMutableBufferPointer { targetSums in
                targetCounts.withUnsafeMutableBufferPointer { targetCounts in
                    units.withUnsafeMutableBufferPointer { unitBuffer in
                        memberUnits.withUnsafeMutableBufferPointer { memberBuffer in
                            sums.withUnsafeMutableBufferPointer { all in
                                guard let sums = all.baseAddress?.advanced(by: base), let answers = answers.baseAddress,
                                    let steps = stepBuffer.baseAddress, let units = unitBuffer.baseAddress, let x = memberBuffer.baseAddress,
                                    let targetSums = targetSums.baseAddress, let targetCounts = targetCounts.baseAddress
                                else { return }
                                sums[TallyLayout.rowCount] &+= 1
                                Self.addItems(k, sums, answers, steps, units)
                                states = Self.scoreTargets(k, sums, answers, steps, targetSums, targetCounts)
                                Self.addTargetSums(k, sums + k.scoresOffset, targetSums, targetCounts)
                                Self.addPairs(k, sums, steps, units, targetCounts, x)
                                if k.outcomeItem >= 0 { Self.addOutcomePairs(k, sums + k.outcomeOffset, steps, units) }
                                practices = Self.addChoices(k, sums, answers, targetSums, targetCounts)
                            }
                        }
                    }
                }
            }
        }
        if k.countsPatterns { patternCounts[base / layout.width].add(PracticePattern(practices: practices, targets: states)) }
    }

    /// Each answered item's histogram; its keyed step (-1: skipped) and units for the pairs.
    @inline(__always)
    private static func addItems(
        _ k: TallyKernel, _ sums: UnsafeMutablePointer<Int64>, _ answers: UnsafePointer<Int>, _ steps: UnsafeMutablePointer<Int>,
        _ units: UnsafeMutablePointer<Int64>
    ) {
        // The kernel's pointers held in locals: stores through `sums` cannot then force the
        // compiler to load them again on every iteration.
        let itemQuestion = k.itemQuestion, itemHistogram = k.itemHistogram, itemMinimum = k.itemMinimum
        let itemMaximum = k.itemMaximum, itemReverse = k.itemReverse, itemUnit = k.itemUnit
        for i in 0..<k.itemCount {
            let answer = answers[itemQuestion[i]]
            if answer == ResponseRow.noAnswer {
                steps[i] = -1
                units[i] = 0
                continue
            }
            sums[itemHistogram[i] &+ answer &- itemMinimum[i]] &+= 1
            let step = itemReverse[i] ? itemMaximum[i] &- answer : answer &- itemMinimum[i]
            steps[i] = step
            units[i] = Int64(step &* itemUnit[i])
        }
    }

    /// Each target's keyed sum and answered count; a partial answerer's answers also go to the
    /// partial histograms. Returns the row's answering state per target (two bits each).
    @inline(__always)
    private static func scoreTargets(
        _ k: TallyKernel, _ sums: UnsafeMutablePointer<Int64>, _ answers: UnsafePointer<Int>, _ steps: UnsafeMutablePointer<Int>,
        _ targetSums: UnsafeMutablePointer<Int>, _ targetCounts: UnsafeMutablePointer<Int>
    ) -> UInt64 {
        let targetStart = k.targetStart, targetMembers = k.targetMembers, targetMultipliers = k.targetMultipliers
        var states: UInt64 = 0
        for t in 0..<k.targetCount {
            var total = 0
            var answered = 0
            for m in targetStart[t]..<targetStart[t + 1] {
                let step = steps[targetMembers[m]]
                if step >= 0 {
                    total &+= step &* targetMultipliers[m]
                    answered &+= 1
                }
            }
            targetSums[t] = total
            targetCounts[t] = answered
            guard answered > 0 else { continue }
            let size = targetStart[t + 1] &- targetStart[t]
            states |= (answered == size ? 2 : 1) << UInt64(2 &* t)
            if answered < size && t < k.dimensionCount {
                for m in targetStart[t]..<targetStart[t + 1] where steps[targetMembers[m]] >= 0 {
                    let i = targetMembers[m]
                    sums[k.itemPartialHistogram[i] &+ answers[k.itemQuestion[i]] &- k.itemMinimum[i]] &+= 1
                }
            }
        }
        return states
    }

    /// Item pairs within targets: one product each (a skipped item's units are 0); the
    /// corrections only when an item was skipped.
    @inline(__always)
    private static func addPairs(
        _ k: TallyKernel, _ sums: UnsafeMutablePointer<Int64>, _ steps: UnsafeMutablePointer<Int>, _ units: UnsafeMutablePointer<Int64>,
        _ targetCounts: UnsafeMutablePointer<Int>, _ x: UnsafeMutablePointer<UInt32>
    ) {
        let targetStart = k.targetStart, targetMembers = k.targetMembers, targetPairBlock = k.targetPairBlock
        for t in 0..<k.targetCount where targetPairBlock[t] >= 0 {
            let members = targetMembers + targetStart[t]
            let m = targetStart[t + 1] - targetStart[t]
            for a in 0..<m { x[a] = UInt32(truncatingIfNeeded: units[members[a]]) }
            var products = sums + targetPairBlock[t]
            for a in 0..<(m - 1) {
                let xa = UInt64(x[a])
                for b in (a + 1)..<m { products[b &- a &- 1] &+= Int64(bitPattern: xa &* UInt64(x[b])) }
                products += m &- a &- 1
            }
            if targetCounts[t] < m {
                Self.addSkipped(products, m, members, steps, x)
            }
        }
    }

    /// Choice questions: answered and option counts, and the target sums of those who report
    /// each practice. Returns the row's practices bits (see `PracticePattern`).
    @inline(__always)
    private static func addChoices(
        _ k: TallyKernel, _ sums: UnsafeMutablePointer<Int64>, _ answers: UnsafePointer<Int>, _ targetSums: UnsafeMutablePointer<Int>,
        _ targetCounts: UnsafeMutablePointer<Int>
    ) -> UInt64 {
        var practices: UInt64 = 0
        for c in 0..<k.choiceCount {
            let answer = answers[k.choiceQuestion[c]]
            guard answer != ResponseRow.noAnswer else { continue }
            sums[k.choiceOffset[c]] &+= 1
            let multiple = k.choiceMultiple[c]
            let bit = k.choicePatternBit[c]
            if bit >= 0 {
                let options = multiple ? UInt64(truncatingIfNeeded: answer) : 1 << UInt64(answer)
                practices |= (1 | options << 1) << UInt64(bit)
            }
            for option in 0..<k.choiceOptions[c] where multiple ? answer & (1 << option) != 0 : answer == option {
                sums[k.choiceOffset[c] + 1 + option] &+= 1
                let block = k.choiceOptionBlock[k.choiceOptionStart[c] + option]
                if block >= 0 { Self.addTargetSums(k, sums + block, targetSums, targetCounts) }
            }
        }
        return practices
    }

    /// For each skipped item j of a target's m members, per other member i: Σx_i and Σx_i² when
    /// i was answered, or (for j < i) one more row that skipped both.
    private static func addSkipped(
        _ grid: UnsafeMutablePointer<Int64>, _ m: Int, _ members: UnsafeMutablePointer<Int>, _ steps: UnsafeMutablePointer<Int>,
        _ x: UnsafeMutablePointer<UInt32>
    ) {
        let squares = grid + m * m, both = grid + 2 * m * m
        for j in 0..<m where steps[members[j]] < 0 {
            for i in 0..<m where i != j {
                if steps[members[i]] >= 0 {
                    let units = Int64(x[i])
                    grid[j * m + i] &+= units
                    squares[j * m + i] &+= units &* units
                } else if i > j {
                    both[j * m + i] &+= 1
                }
            }
        }
    }

    /// Pairs of the outcome with items outside its dimension: Σxy, and what rows that skipped
    /// one side must take off the other.
    private static func addOutcomePairs(
        _ k: TallyKernel, _ block: UnsafeMutablePointer<Int64>, _ steps: UnsafeMutablePointer<Int>, _ units: UnsafeMutablePointer<Int64>
    ) {
        let other = k.outcomeOther
        let count = k.outcomePairCount
        let corrections = block + count
        if steps[k.outcomeItem] >= 0 {
            let y = units[k.outcomeItem]
            for q in 0..<count {
                let item = other[q]
                block[q] &+= units[item] &* y
                if steps[item] < 0 {
                    corrections[5 * q + 3] &+= y
                    corrections[5 * q + 4] &+= y &* y
                }
            }
        } else {
            for q in 0..<count {
                let item = other[q]
                if steps[item] >= 0 {
                    corrections[5 * q] &+= units[item]
                    corrections[5 * q + 1] &+= units[item] &* units[item]
                } else {
                    corrections[5 * q + 2] &+= 1
                }
            }
        }
    }

    /// Adds this row's score on every target into a block of target sums.
    private static func addTargetSums(
        _ k: TallyKernel, _ block: UnsafeMutablePointer<Int64>, _ targetSums: UnsafeMutablePointer<Int>, _ targetCounts: UnsafeMutablePointer<Int>
    ) {
        let targetOffset = k.targetOffset
        for t in 0..<k.targetCount where targetCounts[t] > 0 {
            let slot = block + targetOffset[t] + 3 * targetCounts[t]
            let total = Int64(targetSums[t])
            slot[0] &+= 1
            slot[1] &+= total
            slot[2] &+= total &* total
        }
    }

    /// Adds another tally of the same survey into this one.
    public mutating func merge(_ other: Tally) {
        for (group, otherBase) in other.slots {
            let otherPatterns = other.patternCounts[otherBase / layout.width]
            if let base = slots[group] {
                for offset in 0..<layout.width { sums[base + offset] += other.sums[otherBase + offset] }
                patternCounts[base / layout.width].merge(otherPatterns)
            } else {
                slots[group] = sums.count
                sums.append(contentsOf: other.sums[otherBase..<(otherBase + layout.width)])
                patternCounts.append(otherPatterns)
            }
        }
    }

    /// A group's rows counted by practice pattern (empty when the layout counts none).
    public func patterns(of group: Group) -> PatternCounts {
        slots[group].map { patternCounts[$0 / layout.width] } ?? PatternCounts()
    }

    /// The sums of one group, or nil when no row belongs to it.
    public func sums(of group: Group) -> GroupSums? {
        guard let base = slots[group] else { return nil }
        return GroupSums(layout: layout, values: Array(sums[base..<(base + layout.width)]))
    }

    /// The sums of everyone in a wave (every community and none): the `All` group.
    public func sumsOfAll(wave: String) -> GroupSums? {
        var total: [Int64]?
        for (group, base) in slots where group.wave == wave {
            if total == nil { total = Array(repeating: 0, count: layout.width) }
            for offset in 0..<layout.width { total?[offset] += sums[base + offset] }
        }
        return total.map { GroupSums(layout: layout, values: $0) }
    }
}

/// The integer sums of one group, read through the layout.
public struct GroupSums: Sendable {
    public let layout: TallyLayout
    var values: [Int64]

    public var rows: Int { Int(values[TallyLayout.rowCount]) }

    /// Everyone in `self` who is not in `part` (a group within it): exact, since sums subtract.
    public func removing(_ part: GroupSums) -> GroupSums {
        GroupSums(layout: layout, values: zip(values, part.values).map { $0 - $1 })
    }

    /// How many answered each value of an item, lowest value first.
    public func histogram(item: Int) -> ArraySlice<Int64> {
        let start = layout.items[item].histogram
        return values[start..<(start + layout.items[item].scale.range + 1)]
    }

    /// Leaves out the partial answerers of the given dimensions (target indices): their scores on
    /// the dimension, in the practices blocks too, and their answers to its questions. Item pairs
    /// and the driver sums keep them (alpha and r use every answer of the group).
    public mutating func leaveOutPartialAnswerers(of dimensions: some Sequence<Int>) {
        for dimension in dimensions {
            leaveOutScores(ofTarget: dimension, below: layout.targets[dimension].items.count)
            for item in layout.targets[dimension].items {
                let full = layout.items[item].histogram, partial = layout.items[item].partialHistogram
                for value in 0...layout.items[item].scale.range {
                    values[full + value] -= values[partial + value]
                    values[partial + value] = 0
                }
            }
        }
    }

    /// Leaves out everyone's scores on and answers to the given dimensions.
    public mutating func leaveOutEveryone(of dimensions: some Sequence<Int>) {
        for dimension in dimensions {
            leaveOutScores(ofTarget: dimension, below: layout.targets[dimension].items.count + 1)
            for item in layout.targets[dimension].items {
                for start in [layout.items[item].histogram, layout.items[item].partialHistogram] {
                    for value in 0...layout.items[item].scale.range { values[start + value] = 0 }
                }
            }
        }
    }

    /// Leaves out everyone's answers to the given questions outside the dimensions (item
    /// indices), and so their scores where a question is the outcome.
    public mutating func leaveOutAnswers(toQuestions items: some Sequence<Int>) {
        for item in items {
            let start = layout.items[item].histogram
            for value in 0...layout.items[item].scale.range { values[start + value] = 0 }
            if let target = layout.targets.firstIndex(where: { $0.kind == .outcome(item) }) { leaveOutScores(ofTarget: target, below: 2) }
        }
    }

    /// Leaves out the scores on a target of those who answered fewer than `answered` of its
    /// questions (everyone's and each practice side's); their answers stay.
    public mutating func leaveOutScores(ofTarget target: Int, below answered: Int) {
        let blocks = [layout.scoresOffset] + layout.practices.indices.flatMap { practice in
            (0..<layout.choices[layout.practices[practice]].optionCount).map { layout.practiceBlock(practice, option: $0) }
        }
        for block in blocks {
            for k in 1..<max(1, answered) {
                let slot = block + layout.targets[target].offsetInBlock + 3 * k
                values[slot] = 0
                values[slot + 1] = 0
                values[slot + 2] = 0
            }
        }
    }

    /// Adds another group's sums (making a group of both).
    public mutating func add(_ other: GroupSums) {
        values.withUnsafeMutableBufferPointer { values in
            other.values.withUnsafeBufferPointer { other in
                for index in values.indices { values[index] &+= other[index] }
            }
        }
    }

    /// Per number k of answered items (1 through the target's item count): respondents, ΣS, ΣS²
    /// of their sums S in target units; `reporting` narrows to those who report a practices
    /// question's option.
    public func scoreSums(target: Int, reporting: (practice: Int, option: Int)? = nil) -> [(count: Int64, sum: Int64, squares: Int64)] {
        let block = reporting.map { layout.practiceBlock($0.practice, option: $0.option) } ?? layout.scoresOffset
        let start = block + layout.targets[target].offsetInBlock
        return (1...max(1, layout.targets[target].items.count)).map { k in
            let slot = start + 3 * k
            return layout.targets[target].items.isEmpty ? (0, 0, 0) : (values[slot], values[slot + 1], values[slot + 2])
        }
    }

    /// n, Σx, Σy, Σx², Σy², Σxy (in units) over respondents who answered both items of a pair.
    public func pairSums(_ pair: Int) -> (n: Int64, x: Int64, y: Int64, xx: Int64, yy: Int64, xy: Int64) {
        let rows = values[TallyLayout.rowCount]
        let (a, b) = layout.pairs[pair]
        var first = itemSums(a), second = itemSums(b)
        // Each side loses what rows that skipped the other side added to it.
        let both: Int64, xy: Int64
        if layout.outcomePairs.contains(pair) {
            let q = pair - layout.outcomePairs.lowerBound
            let corrections = layout.outcomeOffset + layout.outcomePairs.count + 5 * q
            let outcomeFirst = a == layout.outcomeItem
            let item = corrections, outcome = corrections + 3
            first.x -= values[outcomeFirst ? outcome : item]
            first.xx -= values[(outcomeFirst ? outcome : item) + 1]
            second.x -= values[outcomeFirst ? item : outcome]
            second.xx -= values[(outcomeFirst ? item : outcome) + 1]
            both = values[corrections + 2]
            xy = values[layout.outcomeOffset + q]
        } else if let (index, i, j) = layout.pairTarget(pair) {
            let target = layout.targets[index]
            let m = target.items.count
            let grid = target.pairBlock + target.pairRange.count
            first.x -= values[grid + j * m + i]
            first.xx -= values[grid + m * m + j * m + i]
            second.x -= values[grid + i * m + j]
            second.xx -= values[grid + m * m + i * m + j]
            both = values[grid + 2 * m * m + i * m + j]
            xy = values[target.pairBlock + pair - target.pairRange.lowerBound]
        } else {
            return (0, 0, 0, 0, 0, 0)
        }
        let n = first.n + second.n - rows + both
        return (n, first.x, second.x, first.xx, second.xx, xy)
    }

    /// How many answered an item, and Σx, Σx² of their keyed answers in units, from its histogram.
    private func itemSums(_ item: Int) -> (n: Int64, x: Int64, xx: Int64) {
        let start = layout.items[item].histogram, range = layout.items[item].scale.range
        let reverse = layout.items[item].reverse, unit = Int64(layout.items[item].unit)
        var sums: (n: Int64, x: Int64, xx: Int64) = (0, 0, 0)
        for value in 0...range {
            let count = values[start + value]
            let units = Int64(reverse ? range - value : value) * unit
            sums.n += count
            sums.x += count * units
            sums.xx += count * units * units
        }
        return sums
    }

    /// How many answered a choice question, and how many chose each option.
    public func choiceCounts(_ choice: Int) -> (answered: Int64, options: ArraySlice<Int64>) {
        let slots = layout.choices[choice]
        return (values[slots.offset], values[(slots.offset + 1)..<(slots.offset + 1 + slots.optionCount)])
    }
}
