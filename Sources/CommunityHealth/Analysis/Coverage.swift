/// Which respondents the figures of each dimension and of each question outside the dimensions
/// count, wave by wave: decided by the privacy stage from counts alone (`CoverageRule`) before any
/// figure is computed, so that every figure of a dimension — a group's score, its questions, the
/// practices comparisons — counts the same people.
public struct Coverage: Sendable {
    /// For one dimension (or question) in one wave.
    public struct Decision: Sendable, Equatable {
        /// Communities whose figures (a dimension's score and questions) are shown.
        public var shown: Set<String>
        /// Communities whose partial answerers (some but not all of the dimension's questions
        /// answered) are left out of every figure of the dimension (nil: those without a community).
        public var partialsLeftOut: Set<String?>
        /// Communities (nil: those without one) whose respondents are all left out: those not
        /// shown on their own, when they are too few to count in `All`.
        public var everyoneLeftOut: Set<String?>

        public init(shown: Set<String> = [], partialsLeftOut: Set<String?> = [], everyoneLeftOut: Set<String?> = []) {
            self.shown = shown
            self.partialsLeftOut = partialsLeftOut
            self.everyoneLeftOut = everyoneLeftOut
        }

        /// Whether a community's respondents (nil: those without one) count, as full or partial answerers.
        public func counts(_ community: String?, partial: Bool) -> Bool {
            !everyoneLeftOut.contains(community) && !(partial && partialsLeftOut.contains(community))
        }
    }

    /// By wave, then dimension (target) index.
    public var dimensions: [String: [Decision]]
    /// By wave, then tally item index of each scale question outside the dimensions.
    public var questions: [String: [Int: Decision]]

    public init(dimensions: [String: [Decision]] = [:], questions: [String: [Int: Decision]] = [:]) {
        self.dimensions = dimensions
        self.questions = questions
    }

    public func dimensions(in wave: String) -> [Decision] { dimensions[wave] ?? [] }

    public func question(_ item: Int, in wave: String) -> Decision { questions[wave]?[item] ?? Decision() }

    /// What a community (nil: none) leaves out in a wave: the dimensions (target indices) whose
    /// partial answerers, and those whose every respondent, it leaves out; the questions (item
    /// indices) whose answers it leaves out.
    public func leftOut(wave: String, community: String?) -> (partials: [Int], everyone: [Int], questions: [Int]) {
        let dimensions = dimensions(in: wave)
        return (
            dimensions.indices.filter { dimensions[$0].partialsLeftOut.contains(community) },
            dimensions.indices.filter { dimensions[$0].everyoneLeftOut.contains(community) },
            (questions[wave] ?? [:]).filter { $0.value.everyoneLeftOut.contains(community) }.map(\.key).sorted()
        )
    }
}
