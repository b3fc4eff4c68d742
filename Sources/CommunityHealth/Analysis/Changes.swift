/// A dimension's change since the same group's latest earlier shown wave.
public struct Change: Sendable, Equatable {
    public var since: String
    /// Score points on 0–100.
    public var points: Double
    /// Two-sided Welch t-test p-value on respondent scores; nil when it cannot be computed.
    public var p: Double?
    /// Its Benjamini–Hochberg q over the wave's changes (`Report.controlFalseDiscoveries`).
    public var q: Double?

    public init(since: String, points: Double, p: Double?, q: Double? = nil) {
        self.since = since
        self.points = points
        self.p = p
        self.q = q
    }

    /// At least 5 points and q < 0.05: the only changes the scorecard marks or calls meaningful.
    public var isMeaningful: Bool { isMeaningfulDifference(points, q: q) }
}

/// The rule for "meaningful": at least 5 points on the 0–100 scale, and q < 0.05 (the p-value
/// adjusted for the other tests of its table and wave).
public func isMeaningfulDifference(_ points: Double, q: Double?) -> Bool {
    abs(points) >= 5 && (q ?? 1) < 0.05
}

/// The change of a group's score since its latest earlier wave in `history` (oldest first, nil
/// where the row is withheld or absent), with the Welch p-value on respondent scores.
public func change(of current: DimensionFigures, history: [(wave: String, figures: DimensionFigures?)]) -> Change? {
    guard let previous = history.last(where: { $0.figures != nil }), let figures = previous.figures else { return nil }
    let test = WelchTest(current.scores, figures.scores)
    return Change(since: previous.wave, points: current.score - figures.score, p: test?.p)
}
