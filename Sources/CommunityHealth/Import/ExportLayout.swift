/// The survey platforms `cophealth import` reads, by the name `--from` takes.
public enum Platform: String, Sendable, CaseIterable {
    case googleForms = "google-forms"
    case microsoftForms = "microsoft-forms"
    case qualtrics
    case surveyMonkey = "surveymonkey"
    case limeSurvey = "limesurvey"
    /// A plain table with one header row, such as cophealth's own canonical responses.
    case plain

    public var title: String {
        switch self {
        case .googleForms: "Google Forms"
        case .microsoftForms: "Microsoft Forms"
        case .qualtrics: "Qualtrics"
        case .surveyMonkey: "SurveyMonkey"
        case .limeSurvey: "LimeSurvey"
        case .plain: "a plain CSV table"
        }
    }
}

/// One column of an export, with every name the platform gives it.
public struct ExportColumn: Sendable, Equatable {
    public var index: Int
    /// The header text people see: the question (and row) text, or a metadata name.
    public var heading: String
    /// Qualtrics export tag (row 1), or the LimeSurvey / plain heading again.
    public var tag: String
    /// Qualtrics ImportId and choiceId (row 3).
    public var importID: String?
    public var choiceID: String?
    /// SurveyMonkey's second header row: the row, option, `Response` or `Open-Ended Response`.
    public var subheading: String?
}

/// How an export is laid out: its platform, how many header rows, and its columns.
public struct ExportLayout: Sendable {
    public var platform: Platform
    /// Header rows before the first response (1–3).
    public var headerRows: Int
    public var columns: [ExportColumn]
    /// Qualtrics' legacy two-row layout.
    public var legacy = false

    /// The layout of `records` (the export's first rows), detected from its signature or forced
    /// with `--from`; a forced platform whose signature is missing is an error at its place.
    public static func detect(_ records: [CSVRecord], file: String, forced: Platform?) throws(InputErrors) -> ExportLayout {
        guard let header = records.first else { throw InputErrors([.error(at: Location(file: file), "is empty")]) }
        let names = header.fields.map(\.matchKey)
        let second = records.count > 1 ? records[1] : nil
        let third = records.count > 2 ? records[2] : nil
        let row3Start = (third?.fields.first ?? "").replacing(" ", with: "").lowercased()
        let qualtricsRow3 = row3Start.hasPrefix("{\"importid\"") || row3Start.hasPrefix("{'importid'")
        let qualtricsLegacy = names.starts(with: ["v1", "v2"])
        let surveyMonkey = names.contains("respondent id") && (second?.fields.contains { ["response", "open-ended response"].contains($0.matchKey) } ?? false)
        let limeSurvey = (names.contains("submitdate") && names.contains("lastpage")) || (names.contains("date submitted") && names.contains("last page"))
        let microsoft = names.contains("start time") && names.contains("completion time")
        let google = names.first == "timestamp"

        let detected: Platform =
            qualtricsRow3 || qualtricsLegacy ? .qualtrics
            : surveyMonkey ? .surveyMonkey : limeSurvey ? .limeSurvey : microsoft ? .microsoftForms : google ? .googleForms : .plain
        let platform = forced ?? detected
        if let forced, forced != detected, forced != .plain {
            let signature: String
            switch forced {
            case .qualtrics: signature = "a third header row of {\"ImportId\": …} cells (or a first row starting V1,V2)"
            case .surveyMonkey: signature = "a 'Respondent ID' column and a second header row of 'Response' / 'Open-Ended Response'"
            case .limeSurvey: signature = "'submitdate' and 'lastpage' columns (or 'Date submitted' and 'Last page')"
            case .microsoftForms: signature = "'Start time' and 'Completion time' columns"
            case .googleForms: signature = "a first column named 'Timestamp'"
            case .plain: signature = ""
            }
            let looksLike = detected == .plain ? "" : " (it looks like \(detected.title))"
            throw InputErrors([
                .error(at: Location(file: file, line: header.line, column: 1), "is not a \(forced.title) export\(looksLike): expected \(signature)")
            ])
        }

        switch platform {
        case .qualtrics where qualtricsLegacy:
            guard let second else { throw InputErrors([.error(at: Location(file: file, line: header.line), "a Qualtrics legacy export needs two header rows")]) }
            let columns = header.fields.indices.map { index in
                ExportColumn(index: index, heading: field(second, index), tag: header.fields[index])
            }
            return ExportLayout(platform: .qualtrics, headerRows: 2, columns: columns, legacy: true)
        case .qualtrics:
            guard let second, let third else {
                throw InputErrors([.error(at: Location(file: file, line: header.line), "a Qualtrics export needs three header rows")])
            }
            let columns = header.fields.indices.map { index in
                let ids = importIDs(field(third, index))
                return ExportColumn(index: index, heading: field(second, index), tag: header.fields[index], importID: ids.importID, choiceID: ids.choiceID)
            }
            return ExportLayout(platform: .qualtrics, headerRows: 3, columns: columns)
        case .surveyMonkey:
            var block = ""
            let columns = header.fields.indices.map { index -> ExportColumn in
                let top = header.fields[index].trimmingSpaces
                if !top.isEmpty { block = top }
                let sub = second.map { field($0, index) } ?? ""
                return ExportColumn(index: index, heading: block, tag: top, subheading: sub.isEmpty ? nil : sub)
            }
            return ExportLayout(platform: .surveyMonkey, headerRows: 2, columns: columns)
        default:
            let columns = header.fields.enumerated().map { ExportColumn(index: $0.offset, heading: $0.element, tag: $0.element) }
            return ExportLayout(platform: platform, headerRows: 1, columns: columns)
        }
    }

    private static func field(_ record: CSVRecord, _ index: Int) -> String {
        index < record.fields.count ? record.fields[index] : ""
    }

    /// `{"ImportId":"QID36","choiceId":"7"}` (or the 2016 `{'ImportId': 'QID2-1'}`) → ("QID36", "7").
    static func importIDs(_ text: String) -> (importID: String?, choiceID: String?) {
        func value(of key: String) -> String? {
            guard let keyRange = text.firstRange(of: key) else { return nil }
            var rest = text[keyRange.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == ":" || $0 == " " }
            if rest.hasPrefix("\"") || rest.hasPrefix("'") { rest = rest.dropFirst() }
            let value = rest.prefix { $0 != "\"" && $0 != "'" && $0 != "," && $0 != "}" }
            return value.isEmpty ? nil : String(value).replacing("-", with: "_")
        }
        return (value(of: "ImportId"), value(of: "choiceId"))
    }
}
