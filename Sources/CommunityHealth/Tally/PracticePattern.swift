/// A respondent's place in the practices tables, as the privacy stage needs to know it: for each
/// practices question, whether they answered it and which options they report; for each score
/// target, whether they answered none, some or all of its questions. Each group counts its rows
/// by pattern (`Tally.patterns(of:)`), so the privacy stage can tell whether the practices
/// figures, with the others, could single anyone out.
public struct PracticePattern: Hashable, Sendable {
    /// Per practices question, from `TallyLayout.patternBit`: one bit for "answered", then one per option.
    public var practices: UInt64
    /// Two bits per score target: 0 nothing answered, 1 some of its questions, 2 all of them.
    public var targets: UInt64

    public init(practices: UInt64, targets: UInt64) {
        self.practices = practices
        self.targets = targets
    }

    public enum Coverage: UInt64, Sendable {
        case none = 0, some = 1, all = 2
    }

    public func reports(_ practice: Int, option: Int, in layout: TallyLayout) -> Bool {
        practices & (1 << UInt64(layout.patternBit(practice) + 1 + option)) != 0
    }

    public func coverage(ofTarget target: Int) -> Coverage {
        Coverage(rawValue: (targets >> UInt64(2 * target)) & 3) ?? .none
    }
}

/// One group's rows counted by practice pattern, kept small and quick to add to (once per row):
/// where targets are checked one at a time (a survey with an outcome question), a row's practices
/// are the key and each target keeps two counts (answered all of its questions; some); where the
/// overall score couples every dimension (no outcome), the whole pattern is the key.
///
/// An open-addressing table in one flat array: per entry the practices, the targets (with a bit
/// that marks the entry used), then one word per target holding its two 32-bit counts (one group
/// of one wave has fewer rows than that) — or, with the whole pattern as the key, one count.
public struct PatternCounts: Sendable {
    private var table: [UInt64] = []
    private var capacity = 0
    private var occupied = 0
    /// Targets whose states are counted apart (0: the whole pattern is the key).
    let targetCount: Int
    private static let used: UInt64 = 1 << 63

    public init(targetsApart targetCount: Int = 0) {
        self.targetCount = targetCount
    }

    private var width: Int { 2 + max(1, targetCount) }

    mutating func add(_ pattern: PracticePattern, count: UInt64 = 1) {
        if (occupied + 1) * 4 > capacity * 3 { grow() }
        let key = (targetCount == 0 ? pattern.targets : 0) | Self.used
        let width = width, mask = capacity - 1, targetCount = targetCount
        var claimed = false
        table.withUnsafeMutableBufferPointer { table in
            var slot = Self.slot(pattern.practices, key, mask)
            while table[slot * width + 1] != 0, table[slot * width] != pattern.practices || table[slot * width + 1] != key {
                slot = (slot + 1) & mask
            }
            let entry = slot * width
            if table[entry + 1] == 0 {
                table[entry] = pattern.practices
                table[entry + 1] = key
                claimed = true
            }
            guard targetCount > 0 else {
                table[entry + 2] &+= count
                return
            }
            var targets = pattern.targets
            for word in (entry + 2)..<(entry + 2 + targetCount) {
                switch targets & 3 {
                case PracticePattern.Coverage.all.rawValue: table[word] &+= count
                case PracticePattern.Coverage.some.rawValue: table[word] &+= count << 32
                default: break
                }
                targets >>= 2
            }
        }
        if claimed { occupied += 1 }
    }

    private mutating func grow() {
        let old = table, width = width
        capacity = max(4, capacity * 2)
        table = Array(repeating: 0, count: capacity * width)
        let mask = capacity - 1
        table.withUnsafeMutableBufferPointer { table in
            // Entries move whole, counts and all.
            for entry in Swift.stride(from: 0, to: old.count, by: width) where old[entry + 1] != 0 {
                var slot = Self.slot(old[entry], old[entry + 1], mask)
                while table[slot * width + 1] != 0 { slot = (slot + 1) & mask }
                for offset in 0..<width { table[slot * width + offset] = old[entry + offset] }
            }
        }
    }

    private static func slot(_ practices: UInt64, _ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((practices ^ key) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    mutating func merge(_ other: PatternCounts) {
        for (pattern, count) in other.cells { add(pattern, count: UInt64(count)) }
    }

    /// Patterns with their rows, in no particular order; where targets are counted apart, one
    /// pattern per target and state.
    public var cells: [(pattern: PracticePattern, count: Int64)] {
        var cells: [(pattern: PracticePattern, count: Int64)] = []
        forEachCell(targets: nil) { cells.append(($0, $1)) }
        return cells
    }

    /// Calls `body` with each pattern and its rows (of `targets` only, where they are counted apart).
    public func forEachCell(targets wanted: [Int]?, _ body: (PracticePattern, Int64) -> Void) {
        let width = width
        let targets = wanted ?? Array(0..<targetCount)
        table.withUnsafeBufferPointer { table in
            for entry in Swift.stride(from: 0, to: table.count, by: width) where table[entry + 1] != 0 {
                let practices = table[entry]
                guard targetCount > 0 else {
                    body(PracticePattern(practices: practices, targets: table[entry + 1] & ~Self.used), Int64(table[entry + 2]))
                    continue
                }
                for target in targets {
                    let word = table[entry + 2 + target], shift = UInt64(2 * target)
                    if word & 0xFFFF_FFFF > 0 { body(PracticePattern(practices: practices, targets: PracticePattern.Coverage.all.rawValue << shift), Int64(word & 0xFFFF_FFFF)) }
                    if word >> 32 > 0 { body(PracticePattern(practices: practices, targets: PracticePattern.Coverage.some.rawValue << shift), Int64(word >> 32)) }
                }
            }
        }
    }
}
