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
    // Scratch space for one row, kept to avoid allocating per row.
    private var steps: [Int]
    private var targetSums: [Int]
    private var targetCounts: [Int]
    private var units: [Int]
    private let kernel: TallyKernel

    public init(layout: TallyLayout) {
        self.layout = layout
        kernel = TallyKernel(layout)
        steps = Array(repeating: -1, count: layout.items.count)
        units = Array(repeating: -1, count: layout.items.count)
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
    mutating func add(answers: UnsafeBufferPointer<Int>, at base: Int) {
        let k = kernel
        // The kernel's pointers held in locals: stores through `sums` cannot then force the
        // compiler to load them again on every iteration.
        let itemQuestion = k.itemQuestion, itemHistogram = k.itemHistogram, itemMinimum = k.itemMinimum
        let itemMaximum = k.itemMaximum, itemReverse = k.itemReverse, itemUnit = k.itemUnit
        let targetStart = k.targetStart, targetMembers = k.targetMembers, targetMultipliers = k.targetMultipliers
        let targetPairStart = k.targetPairStart, targetPairEnd = k.targetPairEnd, targetComplete = k.targetComplete
        let pairFirst = k.pairFirst, pairSecond = k.pairSecond
        let itemCount = k.itemCount, targetCount = k.targetCount, pairCount = k.pairCount
        steps.withUnsafeMutableBufferPointer { stepBuffer in
            targetSums.withUnsafeMutableBufferPointer { targetSums in
                targetCounts.withUnsafeMutableBufferPointer { targetCounts in
                    units.withUnsafeMutableBufferPointer { unitBuffer in
                        sums.withUnsafeMutableBufferPointer { all in
                            guard let sums = all.baseAddress?.advanced(by: base), let answers = answers.baseAddress,
                                let steps = stepBuffer.baseAddress, let units = unitBuffer.baseAddress
                            else { return }
                            sums[TallyLayout.rowCount] &+= 1
                            for i in 0..<itemCount {
                                let answer = answers[itemQuestion[i]]
                                if answer == ResponseRow.noAnswer {
                                    steps[i] = -1
                                    units[i] = -1
                                    continue
                                }
                                sums[itemHistogram[i] &+ answer &- itemMinimum[i]] &+= 1
                                let step = itemReverse[i] ? itemMaximum[i] &- answer : answer &- itemMinimum[i]
                                steps[i] = step
                                units[i] = step &* itemUnit[i]
                            }
                            for t in 0..<targetCount {
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
                            }
                            Self.addTargetSums(k, sums + k.scoresOffset, targetSums, targetCounts)
                            // A dimension answered in full adds to its "complete" sums: per item Σx, Σx²,
                            // per pair only Σxy. Other rows, and pairs with the outcome, add to each pair.
                            let pairSums = sums + k.pairOffset
                            var direct = 0
                            for t in 0..<targetCount where targetPairEnd[t] > targetPairStart[t] {
                                let start = targetStart[t]
                                let count = targetStart[t + 1] - start
                                let first = targetPairStart[t], last = targetPairEnd[t]
                                if targetCounts[t] == count {
                                    let complete = sums + targetComplete[t]
                                    complete[0] &+= 1
                                    for m in 0..<count {
                                        let u = Int64(units[targetMembers[start + m]])
                                        complete[1 + m] &+= u
                                        complete[1 + count + m] &+= u &* u
                                    }
                                    let products = complete + 1 + 2 * count - first
                                    for p in first..<last {
                                        products[p] &+= Int64(units[pairFirst[p]] &* units[pairSecond[p]])
                                    }
                                } else {
                                    Self.addPairs(pairSums, units, pairFirst, pairSecond, first..<last)
                                }
                                direct = max(direct, last)
                            }
                            Self.addPairs(pairSums, units, pairFirst, pairSecond, direct..<k.outcomeStart)
                            if k.outcomeItem >= 0, units[k.outcomeItem] >= 0 {
                                let y = Int64(units[k.outcomeItem])
                                let block = sums + k.outcomeOffset
                                block[0] &+= 1
                                block[1] &+= y
                                block[2] &+= y &* y
                                var slot = block + 3
                                let other = k.outcomeOther
                                for p in 0..<(pairCount - k.outcomeStart) {
                                    let x = Int64(units[other[p]])
                                    if x >= 0 {
                                        slot[0] &+= x
                                        slot[1] &+= x &* x
                                        slot[2] &+= x &* y
                                    } else {
                                        slot[3] &+= 1
                                        slot[4] &+= y
                                        slot[5] &+= y &* y
                                    }
                                    slot += 6
                                }
                            }
                            for c in 0..<k.choiceCount {
                                let answer = answers[k.choiceQuestion[c]]
                                guard answer != ResponseRow.noAnswer else { continue }
                                sums[k.choiceOffset[c]] &+= 1
                                let multiple = k.choiceMultiple[c]
                                for option in 0..<k.choiceOptions[c] where multiple ? answer & (1 << option) != 0 : answer == option {
                                    sums[k.choiceOffset[c] + 1 + option] &+= 1
                                    let block = k.choiceOptionBlock[k.choiceOptionStart[c] + option]
                                    if block >= 0 { Self.addTargetSums(k, sums + block, targetSums, targetCounts) }
                                }
                                if k.choiceAnsweredBlock[c] >= 0 { Self.addTargetSums(k, sums + k.choiceAnsweredBlock[c], targetSums, targetCounts) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds each pair of the range whose items were both answered: n, Σx, Σy, Σx², Σy², Σxy.
    private static func addPairs(
        _ pairSums: UnsafeMutablePointer<Int64>, _ units: UnsafeMutablePointer<Int>, _ pairFirst: UnsafeMutablePointer<Int>,
        _ pairSecond: UnsafeMutablePointer<Int>, _ range: Range<Int>
    ) {
        var slot = pairSums + 6 * range.lowerBound
        for p in range {
            let x = Int64(units[pairFirst[p]])
            let y = Int64(units[pairSecond[p]])
            if x >= 0, y >= 0 {
                slot[0] &+= 1
                slot[1] &+= x
                slot[2] &+= y
                slot[3] &+= x &* x
                slot[4] &+= y &* y
                slot[5] &+= x &* y
            }
            slot += 6
        }
    }

    /// Adds this row's score on every target into a block of target sums.
    private static func addTargetSums(
        _ k: TallyKernel, _ block: UnsafeMutablePointer<Int64>, _ targetSums: UnsafeMutableBufferPointer<Int>,
        _ targetCounts: UnsafeMutableBufferPointer<Int>
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
            if let base = slots[group] {
                for offset in 0..<layout.width { sums[base + offset] += other.sums[otherBase + offset] }
            } else {
                slots[group] = sums.count
                sums.append(contentsOf: other.sums[otherBase..<(otherBase + layout.width)])
            }
        }
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
    let values: [Int64]

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

    /// Per number k of answered items (1 through the target's item count): respondents, ΣS, ΣS²
    /// of their sums S in target units. `practice` narrows to those who answered a practices
    /// question, and `option` to those who report that option.
    public func scoreSums(target: Int, practice: Int? = nil, option: Int? = nil) -> [(count: Int64, sum: Int64, squares: Int64)] {
        let block = practice.map { layout.practiceBlock($0, option: option) } ?? layout.scoresOffset
        let start = block + layout.targets[target].offsetInBlock
        return (1...max(1, layout.targets[target].items.count)).map { k in
            let slot = start + 3 * k
            return layout.targets[target].items.isEmpty ? (0, 0, 0) : (values[slot], values[slot + 1], values[slot + 2])
        }
    }

    /// n, Σx, Σy, Σx², Σy², Σxy (in units) over respondents who answered both items of a pair.
    public func pairSums(_ pair: Int) -> (n: Int64, x: Int64, y: Int64, xx: Int64, yy: Int64, xy: Int64) {
        if layout.outcomePairs.contains(pair) {
            // From the outcome block: everyone who answered the outcome, less those who skipped the item.
            let block = layout.outcomeOffset
            let slot = block + 3 + 6 * (pair - layout.outcomePairs.lowerBound)
            let n = values[block] - values[slot + 3]
            let item = (x: values[slot], xx: values[slot + 1])
            let outcome = (y: values[block + 1] - values[slot + 4], yy: values[block + 2] - values[slot + 5])
            let xy = values[slot + 2]
            // Pairs hold the lower item first.
            return layout.pairs[pair].first != layout.outcomeItem
                ? (n, item.x, outcome.y, item.xx, outcome.yy, xy)
                : (n, outcome.y, item.x, outcome.yy, item.xx, xy)
        }
        let slot = layout.pairOffset + 6 * pair
        var sums = (n: values[slot], x: values[slot + 1], y: values[slot + 2], xx: values[slot + 3], yy: values[slot + 4], xy: values[slot + 5])
        if let (index, a, b) = layout.pairTarget(pair) {
            // Add the respondents who answered every item of the dimension.
            let target = layout.targets[index]
            let count = target.items.count
            let complete = target.completeOffset
            sums.n += values[complete]
            sums.x += values[complete + 1 + a]
            sums.y += values[complete + 1 + b]
            sums.xx += values[complete + 1 + count + a]
            sums.yy += values[complete + 1 + count + b]
            sums.xy += values[complete + 1 + 2 * count + pair - target.pairRange.lowerBound]
        }
        return sums
    }

    /// How many answered a choice question, and how many chose each option.
    public func choiceCounts(_ choice: Int) -> (answered: Int64, options: ArraySlice<Int64>) {
        let slots = layout.choices[choice]
        return (values[slots.offset], values[(slots.offset + 1)..<(slots.offset + 1 + slots.optionCount)])
    }
}
