/// One respondent's decoded answers, ready to tally.
public struct ResponseRow: Sendable, Equatable {
    /// Marks a question without an answer in `answers`.
    public static let noAnswer = Int.min

    public var wave: String
    /// Nil when the community cell is empty: the row counts toward `All` only.
    public var community: String?
    /// One entry per survey question, in survey order: the answer of a scale question, the
    /// option index of a choice question, a bit set of option indices for a choices question,
    /// or `noAnswer` (always for text questions, which are never kept).
    public var answers: [Int]

    public init(wave: String, community: String?, answers: [Int]) {
        self.wave = wave
        self.community = community
        self.answers = answers
    }
}
