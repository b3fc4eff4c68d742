/// The change of a group's score since its latest earlier wave in `history` (oldest first, nil
/// where the row is withheld or absent), with the Welch p-value on respondent scores.
public func change(of current: DimensionFigures, history: [(wave: String, figures: DimensionFigures?)]) -> Change? {
    guard let previous = history.last(where: { $0.figures != nil }), let figures = previous.figures else { return nil }
    let test = WelchTest(current.scores, figures.scores)
    return Change(since: previous.wave, points: current.score - figures.score, p: test?.p)
}
