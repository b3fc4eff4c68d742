/// The CSV files of a report (FORMATS.md §4): `scores.csv`, `items.csv` and `rejected.csv`.
public enum CSVTables {
    public static let scoresHeader = [
        "wave", "community", "dimension", "respondents", "mean", "sd", "score", "favorable", "ci_low", "ci_high", "alpha",
        "change", "change_p", "suppressed",
    ]
    public static let itemsHeader = [
        "wave", "community", "question", "dimension", "answers", "mean", "favorable", "neutral", "unfavorable", "nps",
        "suppressed",
    ]
    public static let rejectedHeader = ["file", "line", "column", "reason"]
    public static let trendsHeader = [
        "wave", "community", "dimension", "score", "change", "change_p", "change_from_first", "change_from_first_p", "first_wave", "trend",
    ]
    public static let comparisonsHeader = [
        "wave", "community", "dimension", "score", "difference_all", "p_all", "difference_rest", "p_rest", "versus_rest",
    ]
    public static let practicesHeader = [
        "wave", "practice", "dimension", "with_n", "without_n", "with_mean", "without_mean", "difference", "cohens_d", "d_ci_low",
        "d_ci_high", "p",
    ]
    public static let practiceSharesHeader = ["wave", "community", "practice", "answered", "share"]
    public static let driversHeader = ["wave", "community", "question", "dimension", "r", "r_ci_low", "r_ci_high", "n", "favorable", "class"]
    public static let participationHeader = ["wave", "community", "respondents", "members", "rate", "nps"]

    /// Every table: its file name and how to render it, in the order they are written.
    public static let tables: [(name: String, render: @Sendable (Report) -> String)] = [
        ("scores.csv", scores), ("items.csv", items), ("trends.csv", trends), ("comparisons.csv", comparisons),
        ("practices.csv", practices), ("practice_shares.csv", practiceShares), ("drivers.csv", drivers),
        ("participation.csv", participation),
    ]

    /// Every table, by file name, in the order they are written.
    public static func all(_ report: Report) -> [(name: String, contents: String)] {
        tables.map { ($0.name, $0.render(report)) }
    }

    public static func scores(_ report: Report) -> String {
        var csv = CSVWriter(header: scoresHeader)
        for row in report.scores {
            let key: [CSVWriter.Cell] = [.text(row.wave), .text(row.community.description), .text(row.dimension.id)]
            guard let figures = row.figures.value else {
                csv.row(key + Array(repeating: .number(""), count: 10) + [.number("true")])
                continue
            }
            let d = figures.dimension
            csv.row(
                key + [
                    .number("\(d.respondents)"), number(d.mean), number(d.standardDeviation), number(d.score),
                    number(d.favorable), number(d.confidenceInterval?.lowerBound), number(d.confidenceInterval?.upperBound),
                    number(d.alpha, places: 4), number(figures.change?.points), number(figures.change?.p, places: 4),
                    .number("false"),
                ])
        }
        return csv.text
    }

    public static func items(_ report: Report) -> String {
        var csv = CSVWriter(header: itemsHeader)
        for row in report.items {
            let key: [CSVWriter.Cell] = [
                .text(row.wave), .text(row.community.description), .text(row.question.id), .text(row.question.dimension ?? ""),
            ]
            guard let item = row.figures.value else {
                csv.row(key + Array(repeating: .number(""), count: 6) + [.number("true")])
                continue
            }
            csv.row(
                key + [
                    .number("\(item.answers)"), number(item.mean), number(item.favorable), number(item.neutral),
                    number(item.unfavorable), number(item.netPromoterScore), .number("false"),
                ])
        }
        return csv.text
    }

    public static func rejected(_ report: Report) -> String {
        var csv = CSVWriter(header: rejectedHeader)
        for rejection in report.rejections {
            let location = rejection.location
            csv.row([
                .text(location.file), .number(location.line.map(String.init) ?? ""), .number(location.column.map(String.init) ?? ""),
                .text(rejection.reason),
            ])
        }
        return csv.text
    }

    /// Per wave, community and dimension: the score, its change since the previous and the first
    /// wave, and `up` / `down` where the change since the previous wave is meaningful.
    public static func trends(_ report: Report) -> String {
        var csv = CSVWriter(header: trendsHeader)
        for row in report.scores {
            var cells: [CSVWriter.Cell] = [.text(row.wave), .text(row.community.description), .text(row.dimension.id)]
            let figures = row.figures.value
            let change = figures?.change
            let first = figures?.changeFromFirst
            cells += [
                number(figures?.dimension.score), number(change?.points), number(change?.p, places: 4), number(first?.points),
                number(first?.p, places: 4), .text(first?.since ?? ""), .text(direction(change)),
            ]
            csv.row(cells)
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
            let mark = rest.map { $0.isMeaningful ? ($0.difference > 0 ? "above" : "below") : "" } ?? ""
            csv.row([
                .text(row.wave), .text(row.community.description), .text(row.dimension.id), number(figures?.dimension.score),
                number(figures?.versusAll?.difference), number(figures?.versusAll?.p, places: 4), number(rest?.difference),
                number(rest?.p, places: 4), .text(mark),
            ])
        }
        return csv.text
    }

    /// Per wave, practice and score target; withheld rows keep their keys and no number.
    public static func practices(_ report: Report) -> String {
        var csv = CSVWriter(header: practicesHeader)
        for row in report.practices {
            let f = row.figures.value
            csv.row([
                .text(row.wave), .text(row.option), .text(row.target.id), count(f?.with.count), count(f?.without.count), number(f?.with.mean),
                number(f?.without.mean), number(f?.difference), number(f?.effect?.d, places: 3), number(f?.effect?.interval.lowerBound, places: 3),
                number(f?.effect?.interval.upperBound, places: 3), number(f?.p, places: 4),
            ])
        }
        return csv.text
    }

    public static func practiceShares(_ report: Report) -> String {
        var csv = CSVWriter(header: practiceSharesHeader)
        for row in report.practiceShares {
            let f = row.figures.value
            csv.row([.text(row.wave), .text(row.community.description), .text(row.option), count(f?.answered), number(f?.share)])
        }
        return csv.text
    }

    public static func drivers(_ report: Report) -> String {
        var csv = CSVWriter(header: driversHeader)
        for row in report.drivers {
            let f = row.figures.value
            csv.row([
                .text(row.wave), .text(row.community.description), .text(row.question.id), .text(row.question.dimension ?? ""),
                number(f?.correlation.r, places: 3), number(f?.correlation.interval?.lowerBound, places: 3),
                number(f?.correlation.interval?.upperBound, places: 3), count(f?.correlation.count), number(f?.favorable),
                .text(f?.driverClass.rawValue ?? ""),
            ])
        }
        return csv.text
    }

    public static func participation(_ report: Report) -> String {
        var csv = CSVWriter(header: participationHeader)
        for row in report.participation {
            csv.row([
                .text(row.wave), .text(row.community.description), count(row.respondents.value), count(row.members), number(row.rate),
                number(row.netPromoterScore),
            ])
        }
        return csv.text
    }

    private static func direction(_ change: Change?) -> String {
        guard let change, change.isMeaningful else { return "" }
        return change.points > 0 ? "up" : "down"
    }

    private static func count(_ value: Int?) -> CSVWriter.Cell {
        .number(value.map(String.init) ?? "")
    }

    private static func number(_ value: Double?, places: Int = 2) -> CSVWriter.Cell {
        .number(value.map { decimal($0, places: places) } ?? "")
    }
}
