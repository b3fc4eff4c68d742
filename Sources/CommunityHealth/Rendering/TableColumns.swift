/// The report's tables described once: every column a table's rows have, by name, with its kind
/// and how to read it off a row. The CSV files and `report.json` pick their columns from these
/// by name, and the schema test checks `docs/report.schema.json` against them, so a new column
/// is written in one place.
struct TableColumn<Row>: Sendable {
    enum Kind: Equatable, Sendable {
        /// Text, or null / empty when absent.
        case text
        case count
        /// A number; the CSV files write it with `places` decimals (report.json with up to 6).
        case number(places: Int)
        case flag
    }

    /// One cell's value.
    enum Value {
        case text(String?)
        case count(Int?)
        case number(Double?)
        case flag(Bool)
    }

    let name: StaticString
    let kind: Kind
    let value: @Sendable (Row) -> Value

    static func text(_ name: StaticString, _ value: @escaping @Sendable (Row) -> String?) -> Self {
        Self(name: name, kind: .text) { .text(value($0)) }
    }

    static func count(_ name: StaticString, _ value: @escaping @Sendable (Row) -> Int?) -> Self {
        Self(name: name, kind: .count) { .count(value($0)) }
    }

    static func number(_ name: StaticString, places: Int = 2, _ value: @escaping @Sendable (Row) -> Double?) -> Self {
        Self(name: name, kind: .number(places: places)) { .number(value($0)) }
    }

    static func flag(_ name: StaticString, _ value: @escaping @Sendable (Row) -> Bool) -> Self {
        Self(name: name, kind: .flag) { .flag(value($0)) }
    }

    var key: String { name.description }
}

/// A table's columns, and which of them (in order) each output writes.
struct TableDescription<Row>: Sendable {
    /// A CSV file of the table: its columns in order, and which rows it holds (nil: all).
    struct CSVFile: Sendable {
        let name: String
        let columns: [TableColumn<Row>]
        let holds: (@Sendable (Row) -> Bool)?
    }

    /// The table's key in `report.json`.
    let json: String
    /// Every column the table's rows have.
    let columns: [TableColumn<Row>]
    /// `report.json`'s columns, in order.
    let jsonColumns: [TableColumn<Row>]
    let csvFiles: [CSVFile]

    init(json: String, columns: [TableColumn<Row>], jsonColumns: [String], csv: [(String, [String], (@Sendable (Row) -> Bool)?)]) {
        self.json = json
        self.columns = columns
        func pick(_ names: [String]) -> [TableColumn<Row>] {
            names.map { name in
                guard let column = columns.first(where: { $0.key == name }) else { preconditionFailure("\(json) has no column \(name)") }
                return column
            }
        }
        self.jsonColumns = pick(jsonColumns)
        csvFiles = csv.map { CSVFile(name: $0.0, columns: pick($0.1), holds: $0.2) }
    }

    /// A CSV file of the table (FORMATS.md: spreadsheet-safe text, numbers to their places).
    func csv(_ file: CSVFile, rows: [Row]) -> String {
        var csv = CSVWriter(header: file.columns.map(\.key))
        for row in rows where file.holds?(row) ?? true {
            for column in file.columns {
                switch column.value(row) {
                case .text(let text): csv.text(text ?? "")
                case .count(let count): csv.count(count)
                case .number(let number):
                    guard case .number(let places) = column.kind else { preconditionFailure("\(column.key) is not a number") }
                    csv.number(number, places: places)
                case .flag(let flag): csv.raw(flag ? "true" : "false")
                }
            }
            csv.endRow()
        }
        return csv.text
    }

    /// One row's members in `report.json`.
    func json(_ row: Row, _ out: inout JSONOutput) {
        for column in jsonColumns {
            switch column.value(row) {
            case .text(let text): out.member(column.name, .string(text))
            case .count(let count): out.member(column.name, .integer(count))
            case .number(let number): out.member(column.name, .number(number))
            case .flag(let flag): out.member(column.name, .bool(flag))
            }
        }
    }
}

/// Every table of a report.
enum ReportTables {
    /// The two key columns most tables start with.
    static func key<Row: Sendable>(_ wave: @escaping @Sendable (Row) -> String, _ community: @escaping @Sendable (Row) -> CommunityName) -> [TableColumn<Row>] {
        [.text("wave") { wave($0) }, .text("community") { community($0).description }]
    }

    static let scores = TableDescription<ScoreRow>(
        json: "scores",
        columns: key({ $0.wave }, { $0.community }) + [
            .text("dimension") { $0.dimension.id },
            .flag("suppressed") { $0.figures.isWithheld },
            .count("respondents") { $0.figures.value?.dimension.respondents },
            .number("mean") { $0.figures.value?.dimension.mean },
            .number("sd") { $0.figures.value?.dimension.standardDeviation },
            .number("score") { $0.figures.value?.dimension.score },
            .number("favorable") { $0.figures.value?.dimension.favorable },
            .number("ci_low") { $0.figures.value?.dimension.confidenceInterval?.lowerBound },
            .number("ci_high") { $0.figures.value?.dimension.confidenceInterval?.upperBound },
            .number("alpha", places: 4) { $0.figures.value?.dimension.alpha },
            .number("change") { $0.figures.value?.change?.points },
            .number("change_p", places: 4) { $0.figures.value?.change?.p },
            .text("change_since") { $0.figures.value?.change?.since },
            .number("change_from_first") { $0.figures.value?.changeFromFirst?.points },
            .number("change_from_first_p", places: 4) { $0.figures.value?.changeFromFirst?.p },
            .text("first_wave") { $0.figures.value?.changeFromFirst?.since },
            .text("trend") { row in row.figures.value?.change.map { $0.isMeaningful ? ($0.points > 0 ? "up" : "down") : "" } ?? "" },
            .number("difference_all") { $0.figures.value?.versusAll?.difference },
            .number("p_all", places: 4) { $0.figures.value?.versusAll?.p },
            .number("difference_rest") { $0.figures.value?.versusRest?.difference },
            .number("p_rest", places: 4) { $0.figures.value?.versusRest?.p },
            .text("versus_rest") { row in row.figures.value?.versusRest.map { $0.isMeaningful ? ($0.difference > 0 ? "above" : "below") : "" } ?? "" },
            .number("change_q", places: 4) { $0.figures.value?.change?.q },
            .number("change_from_first_q", places: 4) { $0.figures.value?.changeFromFirst?.q },
            .number("q_rest", places: 4) { $0.figures.value?.versusRest?.q },
        ],
        jsonColumns: [
            "wave", "community", "dimension", "suppressed", "respondents", "mean", "sd", "score", "favorable", "ci_low", "ci_high", "alpha",
            "change", "change_p", "change_since", "change_from_first", "change_from_first_p", "first_wave", "difference_all", "p_all",
            "difference_rest", "p_rest", "change_q", "change_from_first_q", "q_rest",
        ],
        csv: [
            ("scores.csv", [
                "wave", "community", "dimension", "respondents", "mean", "sd", "score", "favorable", "ci_low", "ci_high", "alpha", "change",
                "change_p", "suppressed",
            ], nil),
            ("trends.csv", [
                "wave", "community", "dimension", "score", "change", "change_p", "change_from_first", "change_from_first_p", "first_wave",
                "trend", "change_q", "change_from_first_q",
            ], nil),
            ("comparisons.csv", [
                "wave", "community", "dimension", "score", "difference_all", "p_all", "difference_rest", "p_rest", "versus_rest", "q_rest",
            ], { $0.community != .all }),
        ])

    static let items = TableDescription<ItemRow>(
        json: "items",
        columns: key({ $0.wave }, { $0.community }) + [
            .text("question") { $0.question.id },
            .text("dimension") { $0.question.dimension },
            .flag("suppressed") { $0.figures.isWithheld },
            .count("answers") { $0.figures.value?.answers },
            .number("mean") { $0.figures.value?.mean },
            .number("favorable") { $0.figures.value?.favorable },
            .number("neutral") { $0.figures.value?.neutral },
            .number("unfavorable") { $0.figures.value?.unfavorable },
            .number("nps") { $0.figures.value?.netPromoterScore },
            .number("score") { $0.figures.value?.score },
            .number("change") { $0.figures.value?.change?.points },
            .number("change_p", places: 4) { $0.figures.value?.change?.p },
            .number("change_q", places: 4) { $0.figures.value?.change?.q },
        ],
        jsonColumns: [
            "wave", "community", "question", "dimension", "suppressed", "answers", "mean", "favorable", "neutral", "unfavorable", "nps",
            "score", "change", "change_p", "change_q",
        ],
        csv: [
            ("items.csv", [
                "wave", "community", "question", "dimension", "answers", "mean", "favorable", "neutral", "unfavorable", "nps", "suppressed",
                "score", "change", "change_p", "change_q",
            ], nil)
        ])

    static let practices = TableDescription<PracticeRow>(
        json: "practices",
        columns: [
            .text("wave") { $0.wave },
            .text("question") { $0.question.id },
            .text("practice") { $0.option },
            .text("dimension") { $0.target.id },
            .flag("suppressed") { $0.figures.isWithheld },
            .count("with_n") { $0.figures.value?.with.count },
            .count("without_n") { $0.figures.value?.without.count },
            .number("with_mean") { $0.figures.value?.with.mean },
            .number("without_mean") { $0.figures.value?.without.mean },
            .number("difference") { $0.figures.value?.difference },
            .number("cohens_d", places: 3) { $0.figures.value?.effect?.d },
            .number("d_ci_low", places: 3) { $0.figures.value?.effect?.interval.lowerBound },
            .number("d_ci_high", places: 3) { $0.figures.value?.effect?.interval.upperBound },
            .number("p", places: 4) { $0.figures.value?.p },
            .number("q", places: 4) { $0.q },
            .number("within_difference") { $0.within?.difference },
            .number("within_ci_low") { $0.within?.interval.lowerBound },
            .number("within_ci_high") { $0.within?.interval.upperBound },
            .number("within_d", places: 3) { $0.within?.d },
            .number("within_p", places: 4) { $0.within?.p },
            .number("within_q", places: 4) { $0.withinQ },
            .count("communities") { $0.within?.communities },
        ],
        jsonColumns: [
            "wave", "question", "practice", "dimension", "suppressed", "with_n", "without_n", "with_mean", "without_mean", "difference",
            "cohens_d", "d_ci_low", "d_ci_high", "p", "q", "within_difference", "within_ci_low", "within_ci_high", "within_d", "within_p",
            "within_q", "communities",
        ],
        csv: [
            ("practices.csv", [
                "wave", "practice", "dimension", "with_n", "without_n", "with_mean", "without_mean", "difference", "cohens_d", "d_ci_low",
                "d_ci_high", "p", "question", "q", "within_difference", "within_ci_low", "within_ci_high", "within_d", "within_p", "within_q",
                "communities",
            ], nil)
        ])

    static let practiceShares = TableDescription<PracticeShareRow>(
        json: "practiceShares",
        columns: key({ $0.wave }, { $0.community }) + [
            .text("question") { $0.question.id },
            .text("practice") { $0.option },
            .flag("suppressed") { $0.figures.isWithheld },
            .count("answered") { $0.figures.value?.answered },
            .number("share") { $0.figures.value?.share },
        ],
        jsonColumns: ["wave", "community", "question", "practice", "suppressed", "answered", "share"],
        csv: [("practice_shares.csv", ["wave", "community", "practice", "answered", "share", "question"], nil)])

    static let drivers = TableDescription<DriverRow>(
        json: "drivers",
        columns: key({ $0.wave }, { $0.community }) + [
            .text("question") { $0.question.id },
            .text("dimension") { $0.question.dimension },
            .flag("suppressed") { $0.figures.isWithheld },
            .number("r", places: 3) { $0.figures.value?.correlation.r },
            .number("r_ci_low", places: 3) { $0.figures.value?.correlation.interval?.lowerBound },
            .number("r_ci_high", places: 3) { $0.figures.value?.correlation.interval?.upperBound },
            .count("n") { $0.figures.value?.correlation.count },
            .number("favorable") { $0.figures.value?.favorable },
            .text("class") { $0.figures.value?.driverClass.rawValue },
        ],
        jsonColumns: ["wave", "community", "question", "dimension", "suppressed", "r", "r_ci_low", "r_ci_high", "n", "favorable", "class"],
        csv: [("drivers.csv", ["wave", "community", "question", "dimension", "r", "r_ci_low", "r_ci_high", "n", "favorable", "class"], nil)])

    static let participation = TableDescription<ParticipationRow>(
        json: "participation",
        columns: key({ $0.wave }, { $0.community }) + [
            .flag("suppressed") { $0.respondents.isWithheld },
            .count("respondents") { $0.respondents.value },
            .count("members") { $0.members },
            .number("rate") { $0.rate },
            .number("nps") { $0.netPromoterScore },
        ],
        jsonColumns: ["wave", "community", "suppressed", "respondents", "members", "rate", "nps"],
        csv: [("participation.csv", ["wave", "community", "respondents", "members", "rate", "nps"], nil)])

    static let adoption = TableDescription<AdoptionRow>(
        json: "adoption",
        columns: [
            .text("wave_before") { $0.waveBefore },
            .text("wave") { $0.wave },
            .text("community") { $0.community },
            .text("question") { $0.question.id },
            .text("practice") { $0.option },
            .number("share_before") { $0.shareBefore },
            .number("share") { $0.share },
            .text("dimension") { $0.target.id },
            .number("difference") { $0.estimate.difference },
            .number("se") { $0.estimate.standardError },
            .number("ci_low") { $0.estimate.interval.lowerBound },
            .number("ci_high") { $0.estimate.interval.upperBound },
            .number("p", places: 4) { $0.estimate.p },
            .number("q", places: 4) { $0.q },
            .number("pre_difference") { $0.preTrend?.difference },
            .number("pre_se") { $0.preTrend?.standardError },
            .number("pre_p", places: 4) { $0.preTrend?.p },
            .count("comparison_communities") { $0.comparisonCommunities },
            .text("verdict") { $0.verdict.rawValue },
        ],
        jsonColumns: [
            "wave_before", "wave", "community", "question", "practice", "share_before", "share", "dimension", "difference", "se", "ci_low",
            "ci_high", "p", "q", "pre_difference", "pre_se", "pre_p", "comparison_communities", "verdict",
        ],
        csv: [
            ("adoption.csv", [
                "wave_before", "wave", "community", "question", "practice", "share_before", "share", "dimension", "difference", "ci_low",
                "ci_high", "p", "q", "pre_difference", "pre_p", "comparison_communities", "verdict",
            ], nil)
        ])

    static let rejected = TableDescription<Rejection>(
        json: "rejected",
        columns: [
            .text("file") { $0.location.file },
            .count("line") { $0.location.line },
            .count("column") { $0.location.column },
            .text("reason") { $0.reason },
        ],
        jsonColumns: ["file", "line", "column", "reason"],
        csv: [("rejected.csv", ["file", "line", "column", "reason"], nil)])
}
