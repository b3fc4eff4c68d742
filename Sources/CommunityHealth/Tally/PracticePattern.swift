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

    public func answered(_ practice: Int, in layout: TallyLayout) -> Bool {
        practices & (1 << UInt64(layout.patternBit(practice))) != 0
    }

    public func reports(_ practice: Int, option: Int, in layout: TallyLayout) -> Bool {
        practices & (1 << UInt64(layout.patternBit(practice) + 1 + option)) != 0
    }

    public func coverage(ofTarget target: Int) -> Coverage {
        Coverage(rawValue: (targets >> UInt64(2 * target)) & 3) ?? .none
    }
}
