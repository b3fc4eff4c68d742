/// "Turn up the good": at most five recommendations for the focus wave, in plain words, made
/// only from what the report shows (so they never name a withheld group).
public enum Recommendations {
    public static func make(for report: Report) -> [Recommendation] { [] }
}
