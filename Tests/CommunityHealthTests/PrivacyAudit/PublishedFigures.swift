import Foundation

@testable import CommunityHealth

/// One number a report publishes, named by what it is about (not by where it stands): the audit
/// turns each into an equation in the respondents' answers.
struct PublishedFigure: Hashable {
    enum Kind: String {
        // A group's dimension: its mean or 0–100 score, and its % favorable.
        case dimensionScore, dimensionFavorable
        // A group's question: mean, % favorable, % neutral, % unfavorable, NPS.
        case itemMean, itemFavorable, itemNeutral, itemUnfavorable, itemNPS
        // A community against All and against the rest of the wave, in score points.
        case differenceAll, differenceRest
        // A practice side's mean score on a target, their difference, and the difference within
        // communities (one group per community shown on the target, one for everyone else).
        case practiceWith, practiceWithout, practiceDifference, withinDifference
    }

    var kind: Kind
    var wave: String
    /// "All" or a community (empty for practice rows).
    var group: String
    /// Dimension id, question id, or practice target id.
    var subject: String
    /// For practice rows: the practices question and option.
    var question: String = ""
    var option: String = ""
    /// Where it was read, for messages.
    var source: String = ""
    var value: Double = 0
    /// Half a unit of the last printed decimal.
    var tolerance: Double = 0

    /// The figure without where it was read, so CSV and JSON copies of one number are one figure.
    var identity: PublishedFigure {
        var copy = self
        copy.source = ""
        copy.value = 0
        copy.tolerance = 0
        return copy
    }
}

/// A row marked withheld, with the family it belongs to (dimension or question id).
struct WithheldRow: Hashable {
    var wave: String
    var group: String
    var subject: String
}

/// A published count, checked against the audit's own count of the respondents a figure covers.
struct PublishedCount: Hashable {
    var kind: String
    var wave: String
    var group: String
    var subject: String
    var question: String = ""
    var option: String = ""
    var value: Int
}

/// Every number of the CSV tables and report.json, read back from the files.
struct PublishedReport {
    var figures: [PublishedFigure] = []
    var counts: [PublishedCount] = []
    var withheldScores: Set<WithheldRow> = []
    var withheldItems: Set<WithheldRow> = []
    /// Cells that hold a number in a row marked withheld (a leak by itself).
    var numbersInWithheldRows: [String] = []
    var firstNPS: String?
    /// adoption.csv's rows, and the practice shares shown ("wave|community|practice" → %).
    var adoptions: [[String: String]] = []
    var shares: [String: Double] = [:]

    /// Scale questions by id: a question's 0–100 score is read back as its mean.
    private var scaleQuestions: [String: Question] = [:]

    init(files: [String: String], survey: Survey) throws {
        firstNPS = survey.questions.first { $0.scale?.isNPS == true }?.id
        for question in survey.questions where question.scale != nil { scaleQuestions[question.id] = question }
        try readCSV(files, survey: survey)
        if let json = files["report.json"], !json.isEmpty { try readJSON(json) }
    }

    private mutating func add(_ kind: PublishedFigure.Kind, _ row: [String: String], _ column: String, file: String, subject: String, group: String? = nil) {
        guard let text = row[column], !text.isEmpty, let value = Double(text) else { return }
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        figures.append(
            PublishedFigure(
                kind: kind, wave: row["wave"] ?? "", group: group ?? row["community"] ?? "", subject: subject, source: "\(file) \(column)", value: value,
                tolerance: 0.5 * pow(10, -Double(decimals)) + 1e-9))
    }

    /// A question's `score` (its keyed mean on 0–100), as the mean of its raw answers it states.
    private mutating func addItemScore(_ row: [String: String], file: String, subject: String) {
        guard let text = row["score"], !text.isEmpty, let score = Double(text), let question = scaleQuestions[subject], let scale = question.scale else { return }
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        let range = Double(scale.range)
        let mean = question.reverse ? Double(scale.max) - score * range / 100 : Double(scale.min) + score * range / 100
        figures.append(
            PublishedFigure(
                kind: .itemMean, wave: row["wave"] ?? "", group: row["community"] ?? "", subject: subject, source: "\(file) score", value: mean,
                tolerance: 0.5 * pow(10, -Double(decimals)) * range / 100 + 1e-9))
    }

    private mutating func readCSV(_ files: [String: String], survey: Survey) throws {
        func rows(_ name: String) throws -> [[String: String]] { try csvRows(files[name] ?? "") }
        for row in try rows("scores.csv") {
            let key = WithheldRow(wave: row["wave"]!, group: row["community"]!, subject: row["dimension"]!)
            if row["suppressed"] == "true" {
                withheldScores.insert(key)
                noteNumbers(row, keys: ["wave", "community", "dimension", "suppressed"], file: "scores.csv")
                continue
            }
            add(.dimensionScore, row, "mean", file: "scores.csv", subject: key.subject)
            add(.dimensionScore, row, "score", file: "scores.csv", subject: key.subject)
            add(.dimensionFavorable, row, "favorable", file: "scores.csv", subject: key.subject)
            counts.append(PublishedCount(kind: "respondents", wave: key.wave, group: key.group, subject: key.subject, value: Int(row["respondents"]!)!))
        }
        for row in try rows("items.csv") {
            let key = WithheldRow(wave: row["wave"]!, group: row["community"]!, subject: row["question"]!)
            if row["suppressed"] == "true" {
                withheldItems.insert(key)
                noteNumbers(row, keys: ["wave", "community", "question", "dimension", "suppressed"], file: "items.csv")
                continue
            }
            for (column, kind) in [("mean", PublishedFigure.Kind.itemMean), ("favorable", .itemFavorable), ("neutral", .itemNeutral), ("unfavorable", .itemUnfavorable), ("nps", .itemNPS)] {
                add(kind, row, column, file: "items.csv", subject: key.subject)
            }
            addItemScore(row, file: "items.csv", subject: key.subject)
            counts.append(PublishedCount(kind: "answers", wave: key.wave, group: key.group, subject: key.subject, value: Int(row["answers"]!)!))
        }
        for row in try rows("trends.csv") { add(.dimensionScore, row, "score", file: "trends.csv", subject: row["dimension"]!) }
        for row in try rows("comparisons.csv") {
            let subject = row["dimension"]!
            add(.dimensionScore, row, "score", file: "comparisons.csv", subject: subject)
            add(.differenceAll, row, "difference_all", file: "comparisons.csv", subject: subject)
            add(.differenceRest, row, "difference_rest", file: "comparisons.csv", subject: subject)
        }
        let practiceQuestions = survey.questions.filter(\.practices)
        for row in try rows("practices.csv") {
            // The CSV names the option only; the audit surveys have one practices question.
            guard let question = practiceQuestions.first(where: { $0.options.contains(row["practice"]!) }) else { continue }
            readPractice(row, question: question.id, file: "practices.csv")
        }
        adoptions = try rows("adoption.csv")
        for row in try rows("practice_shares.csv") {
            if let share = Double(row["share"] ?? "") { shares["\(row["wave"]!)|\(row["community"]!)|\(row["practice"]!)"] = share }
        }
        for row in try rows("drivers.csv") { add(.itemFavorable, row, "favorable", file: "drivers.csv", subject: row["question"]!) }
        if let firstNPS {
            for row in try rows("participation.csv") { add(.itemNPS, row, "nps", file: "participation.csv", subject: firstNPS) }
        }
    }

    private mutating func readPractice(_ row: [String: String], question: String, file: String) {
        let start = figures.count
        add(.practiceWith, row, "with_mean", file: file, subject: row["dimension"]!, group: "")
        add(.practiceWithout, row, "without_mean", file: file, subject: row["dimension"]!, group: "")
        add(.practiceDifference, row, "difference", file: file, subject: row["dimension"]!, group: "")
        add(.withinDifference, row, "within_difference", file: file, subject: row["dimension"]!, group: "")
        for index in start..<figures.count {
            figures[index].question = question
            figures[index].option = row["practice"]!
        }
        for (column, kind) in [("with_n", "with"), ("without_n", "without")] {
            if let text = row[column], let n = Int(text) {
                counts.append(PublishedCount(kind: kind, wave: row["wave"]!, group: "", subject: row["dimension"]!, question: question, option: row["practice"]!, value: n))
            }
        }
    }

    private mutating func noteNumbers(_ row: [String: String], keys: Set<String>, file: String) {
        for (column, value) in row where !keys.contains(column) && !value.isEmpty {
            numbersInWithheldRows.append("\(file) \(row["wave"] ?? "") \(row["community"] ?? "") \(column)=\(value)")
        }
    }

    /// report.json's tables, as rows of strings (numbers as printed), read like the CSV files.
    private mutating func readJSON(_ text: String) throws {
        let document = try JSONParser.parse(Array(text.utf8)).root
        guard case .object(let members) = document.value else { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func table(_ name: String) -> [[String: String]] {
            guard case .array(let rows)? = members.first(where: { $0.key == name })?.node.value else { return [] }
            return rows.compactMap { row in
                guard case .object(let cells) = row.value else { return nil }
                var result: [String: String] = [:]
                for (key, node) in cells {
                    switch node.value {
                    case .string(let s): result[key] = s
                    case .number(let n): result[key] = Self.printed(n, lines: lines, at: node)
                    case .bool(let b): result[key] = b ? "true" : "false"
                    default: result[key] = ""
                    }
                }
                return result
            }
        }
        for row in table("scores") {
            guard row["suppressed"] != "true" else {
                noteNumbers(row, keys: ["wave", "community", "dimension", "suppressed", "change_since", "first_wave"], file: "report.json scores")
                continue
            }
            let subject = row["dimension"]!
            add(.dimensionScore, row, "mean", file: "report.json", subject: subject)
            add(.dimensionScore, row, "score", file: "report.json", subject: subject)
            add(.dimensionFavorable, row, "favorable", file: "report.json", subject: subject)
            add(.differenceAll, row, "difference_all", file: "report.json", subject: subject)
            add(.differenceRest, row, "difference_rest", file: "report.json", subject: subject)
        }
        for row in table("items") {
            guard row["suppressed"] != "true" else {
                noteNumbers(row, keys: ["wave", "community", "question", "dimension", "suppressed"], file: "report.json items")
                continue
            }
            for (column, kind) in [("mean", PublishedFigure.Kind.itemMean), ("favorable", .itemFavorable), ("neutral", .itemNeutral), ("unfavorable", .itemUnfavorable), ("nps", .itemNPS)] {
                add(kind, row, column, file: "report.json", subject: row["question"]!)
            }
            addItemScore(row, file: "report.json", subject: row["question"]!)
        }
        for row in table("practices") where row["suppressed"] != "true" { readPractice(row, question: row["question"]!, file: "report.json") }
        for row in table("drivers") where row["suppressed"] != "true" { add(.itemFavorable, row, "favorable", file: "report.json", subject: row["question"]!) }
        if let firstNPS {
            for row in table("participation") { add(.itemNPS, row, "nps", file: "report.json", subject: firstNPS) }
        }
    }

    /// A number as the file prints it (so the audit knows its precision).
    private static func printed(_ value: Double, lines: [Substring], at node: JSONNode) -> String {
        let line = lines[node.line - 1].utf8.dropFirst(node.column - 1)
        let token = line.prefix { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") }
        return String(decoding: token, as: UTF8.self)
    }
}
