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

    public init(layout: TallyLayout) {
        self.layout = layout
        steps = Array(repeating: -1, count: layout.items.count)
        targetSums = Array(repeating: 0, count: layout.targets.count)
        targetCounts = Array(repeating: 0, count: layout.targets.count)
    }

    public var groups: [Group] { Array(slots.keys) }

    /// Adds one respondent.
    public mutating func add(_ row: ResponseRow) {
        let group = Group(wave: row.wave, community: row.community)
        let base: Int
        if let existing = slots[group] {
            base = existing
        } else {
            base = sums.count
            slots[group] = base
            sums.append(contentsOf: repeatElement(0, count: layout.width))
        }
        sums[base + TallyLayout.rowCount] += 1
        for (index, item) in layout.items.enumerated() {
            let answer = row.answers[item.question]
            if answer == ResponseRow.noAnswer {
                steps[index] = -1
                continue
            }
            sums[base + item.histogram + answer - item.scale.min] += 1
            steps[index] = item.reverse ? item.scale.max - answer : answer - item.scale.min
        }
        for (index, target) in layout.targets.enumerated() {
            var total = 0
            var answered = 0
            for (item, multiplier) in zip(target.items, target.multipliers) where steps[item] >= 0 {
                total += steps[item] * multiplier
                answered += 1
            }
            targetSums[index] = total
            targetCounts[index] = answered
        }
        addTargetSums(at: base + layout.scoresOffset)
        for (index, pair) in layout.pairs.enumerated() {
            guard steps[pair.first] >= 0, steps[pair.second] >= 0 else { continue }
            let x = steps[pair.first] * layout.items[pair.first].unit
            let y = steps[pair.second] * layout.items[pair.second].unit
            let slot = base + layout.pairOffset + 6 * index
            sums[slot] += 1
            sums[slot + 1] += Int64(x)
            sums[slot + 2] += Int64(y)
            sums[slot + 3] += Int64(x * x)
            sums[slot + 4] += Int64(y * y)
            sums[slot + 5] += Int64(x * y)
        }
        for choice in layout.choices {
            let answer = row.answers[choice.question]
            guard answer != ResponseRow.noAnswer else { continue }
            sums[base + choice.offset] += 1
            for option in 0..<choice.optionCount where choice.isMultiple ? answer & (1 << option) != 0 : answer == option {
                sums[base + choice.offset + 1 + option] += 1
                if let practice = choice.practice {
                    addTargetSums(at: base + layout.practiceBlock(practice, option: option))
                }
            }
            if let practice = choice.practice {
                addTargetSums(at: base + layout.practiceBlock(practice, option: nil))
            }
        }
    }

    /// Adds this row's score on every target into a block of target sums.
    private mutating func addTargetSums(at block: Int) {
        for (index, target) in layout.targets.enumerated() where targetCounts[index] > 0 {
            let slot = block + target.offsetInBlock + 3 * targetCounts[index]
            let total = Int64(targetSums[index])
            sums[slot] += 1
            sums[slot + 1] += total
            sums[slot + 2] += total * total
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
        let slot = layout.pairOffset + 6 * pair
        return (values[slot], values[slot + 1], values[slot + 2], values[slot + 3], values[slot + 4], values[slot + 5])
    }

    /// How many answered a choice question, and how many chose each option.
    public func choiceCounts(_ choice: Int) -> (answered: Int64, options: ArraySlice<Int64>) {
        let slots = layout.choices[choice]
        return (values[slots.offset], values[(slots.offset + 1)..<(slots.offset + 1 + slots.optionCount)])
    }
}
