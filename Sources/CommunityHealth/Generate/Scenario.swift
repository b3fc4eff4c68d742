/// What `cophealth generate` plants in sample data, read from a survey folder's `generator.json`.
///
/// Levels, trends and effects are on a latent scale where 1 is about one answer step on a
/// five-point scale.
public struct Scenario: Codable, Sendable, Equatable {
    public struct Community: Codable, Sendable, Equatable {
        public var name: String
        /// Respondents in each wave, in `waves` order.
        public var respondents: [Int]
        /// Baseline per dimension id.
        public var levels: [String: Double]?
        /// Added per wave, per dimension id, in `waves` order.
        public var trends: [String: [Double]]?
        /// The wave from which the community runs each practice.
        public var practices: [String: String]?
    }

    public var waves: [String]
    public var communities: [Community]
    /// Added to each dimension for a respondent who reports the practice.
    public var practiceEffects: [String: [String: Double]]?
    /// Share of members who report a practice their community runs, and one it does not.
    public var practiceUptake: Double?
    public var practiceBaseline: Double?
    /// Share of scale answers left blank.
    public var blankRate: Double?
    /// Share of respondents with no community given.
    public var noCommunityRate: Double?
}
