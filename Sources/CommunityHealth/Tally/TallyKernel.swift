/// The tally layout as flat integer arrays at fixed addresses, for the hot loop of `Tally.add`:
/// no structs holding arrays or strings, so nothing is retained or released per row.
final class TallyKernel: @unchecked Sendable {
    let itemCount: Int
    let itemQuestion: UnsafeMutablePointer<Int>
    let itemMinimum: UnsafeMutablePointer<Int>
    let itemMaximum: UnsafeMutablePointer<Int>
    let itemReverse: UnsafeMutablePointer<Bool>
    let itemHistogram: UnsafeMutablePointer<Int>
    let itemUnit: UnsafeMutablePointer<Int>
    let itemPartialHistogram: UnsafeMutablePointer<Int>

    let targetCount: Int
    /// Targets 0..<dimensionCount are the dimensions.
    let dimensionCount: Int
    /// Target t's members are `targetMembers[targetStart[t] ..< targetStart[t + 1]]`.
    let targetStart: UnsafeMutablePointer<Int>
    let targetMembers: UnsafeMutablePointer<Int>
    let targetMultipliers: UnsafeMutablePointer<Int>
    let targetOffset: UnsafeMutablePointer<Int>
    /// Where target t's pair sums start (-1: no pairs).
    let targetPairBlock: UnsafeMutablePointer<Int>

    let choiceCount: Int
    let choiceQuestion: UnsafeMutablePointer<Int>
    let choiceOffset: UnsafeMutablePointer<Int>
    let choiceOptions: UnsafeMutablePointer<Int>
    let choiceMultiple: UnsafeMutablePointer<Bool>
    /// Option o of choice c reports to block `choiceOptionBlock[choiceOptionStart[c] + o]` (-1: none).
    let choiceOptionStart: UnsafeMutablePointer<Int>
    let choiceOptionBlock: UnsafeMutablePointer<Int>
    /// Whether rows are counted by `PracticePattern`, and where each choice question's bits start
    /// in it (-1: not a practices question).
    let countsPatterns: Bool
    let choicePatternBit: UnsafeMutablePointer<Int>

    let scoresOffset: Int
    /// The outcome item (-1: none or no pairs of its own), its pairs' block, and each such pair's other item.
    let outcomeItem: Int
    let outcomeOffset: Int
    let outcomePairCount: Int
    let outcomeOther: UnsafeMutablePointer<Int>

    init(_ layout: TallyLayout) {
        itemCount = layout.items.count
        itemQuestion = fixedCopy(layout.items.map(\.question))
        itemMinimum = fixedCopy(layout.items.map(\.scale.min))
        itemMaximum = fixedCopy(layout.items.map(\.scale.max))
        itemReverse = fixedCopy(layout.items.map(\.reverse))
        itemHistogram = fixedCopy(layout.items.map(\.histogram))
        itemUnit = fixedCopy(layout.items.map(\.unit))
        itemPartialHistogram = fixedCopy(layout.items.map(\.partialHistogram))
        targetCount = layout.targets.count
        dimensionCount = layout.targets.filter { if case .dimension = $0.kind { true } else { false } }.count
        var starts = [0]
        for target in layout.targets { starts.append(starts[starts.count - 1] + target.items.count) }
        targetStart = fixedCopy(starts)
        targetMembers = fixedCopy(layout.targets.flatMap(\.items))
        targetMultipliers = fixedCopy(layout.targets.flatMap(\.multipliers))
        targetOffset = fixedCopy(layout.targets.map(\.offsetInBlock))
        targetPairBlock = fixedCopy(layout.targets.map(\.pairBlock))
        choiceCount = layout.choices.count
        choiceQuestion = fixedCopy(layout.choices.map(\.question))
        choiceOffset = fixedCopy(layout.choices.map(\.offset))
        choiceOptions = fixedCopy(layout.choices.map(\.optionCount))
        choiceMultiple = fixedCopy(layout.choices.map(\.isMultiple))
        var optionStarts: [Int] = []
        var optionBlocks: [Int] = []
        for choice in layout.choices {
            optionStarts.append(optionBlocks.count)
            for option in 0..<choice.optionCount { optionBlocks.append(choice.practice.map { layout.practiceBlock($0, option: option) } ?? -1) }
        }
        choiceOptionStart = fixedCopy(optionStarts)
        choiceOptionBlock = fixedCopy(optionBlocks)
        countsPatterns = layout.countsPatterns
        choicePatternBit = fixedCopy(layout.choices.map { choice in choice.practice.map { layout.patternBit($0) } ?? -1 })
        scoresOffset = layout.scoresOffset
        outcomeOffset = layout.outcomeOffset
        outcomePairCount = layout.outcomePairs.count
        let outcome = layout.outcomeItem ?? -1
        outcomeItem = layout.outcomePairs.isEmpty ? -1 : outcome
        outcomeOther = fixedCopy(layout.pairs[layout.outcomePairs].map { $0.first == outcome ? $0.second : $0.first })
    }

    deinit {
        for pointer in [itemQuestion, itemMinimum, itemMaximum, itemHistogram, itemUnit, itemPartialHistogram, choicePatternBit, targetStart, targetMembers, targetMultipliers,
            targetOffset, targetPairBlock, choiceQuestion, choiceOffset, choiceOptions, choiceOptionStart,
            choiceOptionBlock, outcomeOther]
        {
            pointer.deallocate()
        }
        itemReverse.deallocate()
        choiceMultiple.deallocate()
    }
}
