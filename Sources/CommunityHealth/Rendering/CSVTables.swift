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

    private static func number(_ value: Double?, places: Int = 2) -> CSVWriter.Cell {
        .number(value.map { decimal($0, places: places) } ?? "")
    }
}
