/// The CSV files of a report (FORMATS.md §4): `scores.csv`, `items.csv` and `rejected.csv`.
public enum CSVTables {
    public static let scoresHeader = [
        "wave", "community", "dimension", "respondents", "mean", "sd", "score", "favorable", "ci_low", "ci_high", "alpha",
        "change", "change_p", "suppressed",
    ]
    public static let itemsHeader = [
        "wave", "community", "question", "dimension", "answers", "mean", "favorable", "neutral", "unfavorable", "nps",
        "suppressed", "score", "change", "change_p", "change_q",
    ]
    public static let rejectedHeader = ["file", "line", "column", "reason"]
    public static let trendsHeader = [
        "wave", "community", "dimension", "score", "change", "change_p", "change_from_first", "change_from_first_p", "first_wave", "trend",
        "change_q", "change_from_first_q",
    ]
    public static let comparisonsHeader = [
        "wave", "community", "dimension", "score", "difference_all", "p_all", "difference_rest", "p_rest", "versus_rest", "q_rest",
    ]
    public static let practicesHeader = [
        "wave", "practice", "dimension", "with_n", "without_n", "with_mean", "without_mean", "difference", "cohens_d", "d_ci_low",
        "d_ci_high", "p", "question", "q", "within_difference", "within_ci_low", "within_ci_high", "within_d", "within_p", "within_q",
        "communities",
    ]
    public static let practiceSharesHeader = ["wave", "community", "practice", "answered", "share", "question"]
    public static let driversHeader = ["wave", "community", "question", "dimension", "r", "r_ci_low", "r_ci_high", "n", "favorable", "class"]
    public static let participationHeader = ["wave", "community", "respondents", "members", "rate", "nps"]
    public static let adoptionHeader = [
        "wave_before", "wave", "community", "question", "practice", "share_before", "share", "dimension", "difference", "ci_low", "ci_high",
        "p", "q", "pre_difference", "pre_p", "comparison_communities", "verdict",
    ]

    /// Every table: its file name and how to render it, in the order they are written.
    public static let tables: [(name: String, render: @Sendable (Report) -> String)] = [
        ("scores.csv", scores), ("items.csv", items), ("trends.csv", trends), ("comparisons.csv", comparisons),
        ("practices.csv", practices), ("practice_shares.csv", practiceShares), ("drivers.csv", drivers),
        ("participation.csv", participation), ("adoption.csv", adoption),
    ]

    /// Every table, by file name, in the order they are written.
    public static func all(_ report: Report) -> [(name: String, contents: String)] {
        tables.map { ($0.name, $0.render(report)) }
    }

    public static func scores(_ report: Report) -> String {
        var csv = CSVWriter(header: scoresHeader)
        for row in report.scores {
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.text(row.dimension.id)
            if let figures = row.figures.value {
                let d = figures.dimension
                csv.count(d.respondents)
                csv.number(d.mean)
                csv.number(d.standardDeviation)
                csv.number(d.score)
                csv.number(d.favorable)
                csv.number(d.confidenceInterval?.lowerBound)
                csv.number(d.confidenceInterval?.upperBound)
                csv.number(d.alpha, places: 4)
                csv.number(figures.change?.points)
                csv.number(figures.change?.p, places: 4)
                csv.raw("false")
            } else {
                csv.empty(10)
                csv.raw("true")
            }
            csv.endRow()
        }
        return csv.text
    }

    public static func items(_ report: Report) -> String {
        var csv = CSVWriter(header: itemsHeader)
        for row in report.items {
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.text(row.question.id)
            csv.text(row.question.dimension ?? "")
            if let item = row.figures.value {
                csv.count(item.answers)
                csv.number(item.mean)
                csv.number(item.favorable)
                csv.number(item.neutral)
                csv.number(item.unfavorable)
                csv.number(item.netPromoterScore)
                csv.raw("false")
                csv.number(item.score)
                csv.number(item.change?.points)
                csv.number(item.change?.p, places: 4)
                csv.number(item.change?.q, places: 4)
            } else {
                csv.empty(6)
                csv.raw("true")
                csv.empty(4)
            }
            csv.endRow()
        }
        return csv.text
    }

    public static func rejected(_ report: Report) -> String {
        var csv = CSVWriter(header: rejectedHeader)
        for rejection in report.rejections {
            csv.text(rejection.location.file)
            csv.count(rejection.location.line)
            csv.count(rejection.location.column)
            csv.text(rejection.reason)
            csv.endRow()
        }
        return csv.text
    }

    /// Per wave, community and dimension: the score, its change since the previous and the first
    /// wave, and `up` / `down` where the change since the previous wave is meaningful.
    public static func trends(_ report: Report) -> String {
        var csv = CSVWriter(header: trendsHeader)
        for row in report.scores {
            let figures = row.figures.value
            let change = figures?.change
            let first = figures?.changeFromFirst
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.text(row.dimension.id)
            csv.number(figures?.dimension.score)
            csv.number(change?.points)
            csv.number(change?.p, places: 4)
            csv.number(first?.points)
            csv.number(first?.p, places: 4)
            csv.text(first?.since ?? "")
            csv.text(direction(change))
            csv.number(change?.q, places: 4)
            csv.number(first?.q, places: 4)
            csv.endRow()
        }
        return csv.text
    }

    /// Per wave, community and dimension: differences from All and from everyone else, with
    /// `above` / `below` where the difference from the rest is meaningful.
    public static func comparisons(_ report: Report) -> String {
        var csv = CSVWriter(header: comparisonsHeader)
        for row in report.scores where row.community != .all {
            let figures = row.figures.value
            let rest = figures?.versusRest
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.text(row.dimension.id)
            csv.number(figures?.dimension.score)
            csv.number(figures?.versusAll?.difference)
            csv.number(figures?.versusAll?.p, places: 4)
            csv.number(rest?.difference)
            csv.number(rest?.p, places: 4)
            csv.text(rest.map { $0.isMeaningful ? ($0.difference > 0 ? "above" : "below") : "" } ?? "")
            csv.number(rest?.q, places: 4)
            csv.endRow()
        }
        return csv.text
    }

    /// Per wave, practice and score target; withheld rows keep their keys and no number.
    public static func practices(_ report: Report) -> String {
        var csv = CSVWriter(header: practicesHeader)
        for row in report.practices {
            let f = row.figures.value
            csv.text(row.wave)
            csv.text(row.option)
            csv.text(row.target.id)
            csv.count(f?.with.count)
            csv.count(f?.without.count)
            csv.number(f?.with.mean)
            csv.number(f?.without.mean)
            csv.number(f?.difference)
            csv.number(f?.effect?.d, places: 3)
            csv.number(f?.effect?.interval.lowerBound, places: 3)
            csv.number(f?.effect?.interval.upperBound, places: 3)
            csv.number(f?.p, places: 4)
            csv.text(row.question.id)
            csv.number(row.q, places: 4)
            csv.number(row.within?.difference)
            csv.number(row.within?.interval.lowerBound)
            csv.number(row.within?.interval.upperBound)
            csv.number(row.within?.d, places: 3)
            csv.number(row.within?.p, places: 4)
            csv.number(row.withinQ, places: 4)
            csv.count(row.within?.communities)
            csv.endRow()
        }
        return csv.text
    }

    public static func practiceShares(_ report: Report) -> String {
        var csv = CSVWriter(header: practiceSharesHeader)
        for row in report.practiceShares {
            let f = row.figures.value
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.text(row.option)
            csv.count(f?.answered)
            csv.number(f?.share)
            csv.text(row.question.id)
            csv.endRow()
        }
        return csv.text
    }

    public static func drivers(_ report: Report) -> String {
        var csv = CSVWriter(header: driversHeader)
        for row in report.drivers {
            let f = row.figures.value
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.text(row.question.id)
            csv.text(row.question.dimension ?? "")
            csv.number(f?.correlation.r, places: 3)
            csv.number(f?.correlation.interval?.lowerBound, places: 3)
            csv.number(f?.correlation.interval?.upperBound, places: 3)
            csv.count(f?.correlation.count)
            csv.number(f?.favorable)
            csv.text(f?.driverClass.rawValue ?? "")
            csv.endRow()
        }
        return csv.text
    }

    public static func participation(_ report: Report) -> String {
        var csv = CSVWriter(header: participationHeader)
        for row in report.participation {
            csv.text(row.wave)
            csv.text(row.community.description)
            csv.count(row.respondents.value)
            csv.count(row.members)
            csv.number(row.rate)
            csv.number(row.netPromoterScore)
            csv.endRow()
        }
        return csv.text
    }

    /// Per wave, community, practice taken up and score target (docs/adoption.md).
    public static func adoption(_ report: Report) -> String {
        var csv = CSVWriter(header: adoptionHeader)
        for row in report.adoptions {
            csv.text(row.waveBefore)
            csv.text(row.wave)
            csv.text(row.community)
            csv.text(row.question.id)
            csv.text(row.option)
            csv.number(row.shareBefore)
            csv.number(row.share)
            csv.text(row.target.id)
            csv.number(row.estimate.difference)
            csv.number(row.estimate.interval.lowerBound)
            csv.number(row.estimate.interval.upperBound)
            csv.number(row.estimate.p, places: 4)
            csv.number(row.q, places: 4)
            csv.number(row.preTrend?.difference)
            csv.number(row.preTrend?.p, places: 4)
            csv.count(row.comparisonCommunities)
            csv.text(row.verdict.rawValue)
            csv.endRow()
        }
        return csv.text
    }

    private static func direction(_ change: Change?) -> String {
        guard let change, change.isMeaningful else { return "" }
        return change.points > 0 ? "up" : "down"
    }
}
