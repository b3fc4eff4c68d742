/// Which respondents the figures of each dimension count, wave by wave: decided by the privacy
/// stage from counts alone (`CoverageRule`) before any figure is computed, so that every figure
/// of a dimension — a group's score, its questions, the practices comparisons — counts the same
/// people.
public struct Coverage: Sendable {
    public struct Dimension: Sendable, Equatable {
        /// Communities whose score and questions are shown.
        public var shown: Set<String>
        /// Whether `All`'s score and questions are shown.
        public var allShown: Bool
        /// Communities whose partial answerers (some but not all of the dimension's questions
        /// answered) are left out of every figure of the dimension (nil: those without a community).
        public var partialsLeftOut: Set<String?>

        public init(shown: Set<String> = [], allShown: Bool = true, partialsLeftOut: Set<String?> = []) {
            self.shown = shown
            self.allShown = allShown
            self.partialsLeftOut = partialsLeftOut
        }

        /// Whether the partial answerers of a community (nil: none) are left out.
        public func leavesOutPartials(of community: String?) -> Bool {
            partialsLeftOut.contains(community)
        }
    }

    /// By wave, then dimension index.
    public var waves: [String: [Dimension]]

    public init(waves: [String: [Dimension]] = [:]) {
        self.waves = waves
    }

    public func dimensions(in wave: String) -> [Dimension] { waves[wave] ?? [] }

    /// The dimensions (target indices) whose partial answerers a community leaves out in a wave.
    public func leftOut(wave: String, community: String?) -> [Int] {
        dimensions(in: wave).indices.filter { dimensions(in: wave)[$0].leavesOutPartials(of: community) }
    }
}
