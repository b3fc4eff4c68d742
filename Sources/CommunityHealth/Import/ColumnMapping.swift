/// What an export column becomes.
public enum ColumnRole: Sendable, Equatable {
    /// The answer to a question (for a `choices` question: every option in one cell).
    case answer(question: Int)
    /// One option of a `choices` question, in a column of its own.
    case option(question: Int, option: Int)
    case community
    /// The platform's submit time.
    case timestamp
    /// Qualtrics `Status` (preview and test responses) and `Finished`.
    case status, finished
    /// Names, e-mails, IP addresses, locations, ids: dropped, never written.
    case personal
    /// Platform metadata we do not need, or a column no question matches.
    case ignored
}

/// Matches an export's columns to a survey's questions: by platform code, by question id, or by
/// question text (ignoring case, spaces and punctuation), where a matrix row may stand as
/// `Question [Row]`, `Question - Row`, SurveyMonkey's second header row, or the row text alone.
public struct ColumnMapping: Sendable {
    public var roles: [ColumnRole]
    /// Headings no question matched, to list once.
    public var unmapped: [String]
    public var dropped: [String]

    static let personalNames: Set<String> = [
        "email", "email address", "e mail", "e mail address", "name", "first name", "last name", "full name", "ip address", "ipaddress",
        "ipaddr", "ip", "location latitude", "location longitude", "locationlatitude", "locationlongitude", "location accuracy",
        "locationaccuracy", "recipient last name", "recipient first name", "recipient email", "recipientlastname", "recipientfirstname",
        "recipientemail", "external data reference", "externalreference", "externaldatareference", "token", "access code", "respondent id",
        "response id", "responseid", "id", "emailaddress", "referrer url", "refurl", "custom data 1", "collector id", "respondent", "record id", "recordid",
    ]
    static let metadataNames: Set<String> = [
        "start date", "startdate", "end date", "enddate", "start time", "last modified time", "progress", "duration in seconds",
        "duration", "response type", "responseset", "response set", "distribution channel", "distributionchannel", "user language",
        "userlanguage", "lastpage", "last page", "startlanguage", "start language", "seed", "date started", "datestamp",
        "date last action", "total points", "quiz feedback", "interviewtime", "recorded date", "recordeddate", "timestamp",
        "completion time", "submitdate", "date submitted", "status", "finished",
    ]

    public init(layout: ExportLayout, survey: Survey, communityColumn: String?) {
        var roles: [ColumnRole] = []
        var unmapped: [String] = []
        var dropped: [String] = []
        let timestampNames: [String] =
            switch layout.platform {
            case .googleForms: ["timestamp"]
            case .microsoftForms: ["completion time"]
            case .qualtrics: ["recordeddate", "recorded date", "enddate", "end date"]
            case .surveyMonkey: ["end date"]
            case .limeSurvey: ["submitdate", "date submitted"]
            case .plain:
                // A plain table's own date column, when the survey takes its waves from dates.
                if case .timestamp(let column, _) = survey.period { [comparable(column)] } else { [] }
            }
        let communityName = comparable(communityColumn ?? survey.groupBy)
        // The first timestamp name, in order of preference, that the file has.
        let timestampColumn = timestampNames.lazy.compactMap { name in
            layout.columns.firstIndex { [comparable($0.tag), comparable($0.heading)].contains(name) }
        }.first
        for column in layout.columns {
            let names = [comparable(column.tag), comparable(column.heading)]
            let role: ColumnRole
            if names.contains(communityName) || column.subheading.map(comparable) == communityName {
                role = .community
            } else if let matched = Self.question(for: column, in: survey, platform: layout.platform) {
                role = matched
            } else if column.index == timestampColumn {
                role = .timestamp
            } else if layout.platform == .qualtrics, names.contains("status") {
                role = .status
            } else if layout.platform == .qualtrics, names.contains("finished") {
                role = .finished
            } else if names.contains(where: Self.personalNames.contains) || column.importID.map({ $0.lowercased().hasPrefix("recipient") || $0 == "_recordId" }) == true {
                role = .personal
                dropped.append(column.heading.isEmpty ? column.tag : column.heading)
            } else {
                role = .ignored
                let known = names.contains(where: Self.metadataNames.contains) || (layout.legacy && column.tag.hasPrefix("V"))
                    || column.tag.uppercased().hasSuffix("_NPS_GROUP")
                let label = Self.describe(column)
                if !known, !label.isEmpty { unmapped.append(label) }
            }
            roles.append(role)
        }
        self.roles = roles
        self.unmapped = unmapped
        self.dropped = dropped
    }

    static func describe(_ column: ExportColumn) -> String {
        let main = column.heading.isEmpty ? column.tag : column.heading
        if let sub = column.subheading, !sub.isEmpty, !["response", "open ended response"].contains(comparable(sub)) { return main + " / " + sub }
        return main
    }

    /// The question (or option) a column holds, if any.
    static func question(for column: ExportColumn, in survey: Survey, platform: Platform) -> ColumnRole? {
        // 1. Platform codes.
        for (index, question) in survey.questions.enumerated() {
            let codes = question.codes
            if let code = codes.qualtrics?.lowercased(), column.importID?.lowercased() == code || (column.importID == nil && column.tag.lowercased() == code) {
                if let choice = column.choiceID, let option = codes.options(for: .qualtrics).firstIndex(of: choice) {
                    return .option(question: index, option: option)
                }
                return .answer(question: index)
            }
            if let code = codes.limesurvey?.lowercased() {
                let tag = column.tag.trimmingSpaces.lowercased()
                if tag == code { return .answer(question: index) }
                if let option = codes.options(for: .limeSurvey).firstIndex(where: { tag == code + "[" + $0.lowercased() + "]" }) {
                    return .option(question: index, option: option)
                }
            }
        }
        // 2. Question ids.
        if let index = survey.questions.firstIndex(where: { comparable($0.id) == comparable(column.tag) }) { return .answer(question: index) }
        // 3. Question text: the whole heading, its row part (`Question [Row]`, `Question - Row`,
        //    SurveyMonkey's second row), or a choices question's text followed by one option.
        let parts = textParts(of: column, platform: platform)
        for (index, question) in survey.questions.enumerated() {
            let text = comparable(question.text)
            if parts.whole == text || parts.row == text { return .answer(question: index) }
            if case .choices(let options) = question.kind {
                for (option, name) in options.enumerated() {
                    let name = comparable(name)
                    let joined = [text + " " + name, text + " selected choice " + name]
                    if joined.contains(parts.whole) || (parts.stem == text && parts.row == name) { return .option(question: index, option: option) }
                }
            }
        }
        // 4. A statement after some stem (Microsoft Forms, Qualtrics legacy `Question-Statement`), when only one question fits.
        let suffixes = survey.questions.indices.filter { parts.whole.hasSuffix(" " + comparable(survey.questions[$0].text)) }
        if suffixes.count == 1, let index = suffixes.first { return .answer(question: index) }
        return nil
    }

    /// A column's text as a whole, and split into stem and row where the platform marks a row.
    static func textParts(of column: ExportColumn, platform: Platform) -> (whole: String, stem: String?, row: String?) {
        if platform == .surveyMonkey, let sub = column.subheading, !["response", "open ended response"].contains(comparable(sub)) {
            return (comparable(column.heading + " " + sub), comparable(column.heading), comparable(sub))
        }
        let heading = column.heading.trimmingSpaces
        if heading.hasSuffix("]"), let open = heading.lastIndex(of: "[") {
            let stem = String(heading[..<open])
            let row = String(heading[heading.index(after: open)..<heading.index(before: heading.endIndex)])
            return (comparable(heading), comparable(stem), comparable(row))
        }
        let pieces = heading.split(separator: " - ", omittingEmptySubsequences: false).map(String.init)
        if pieces.count > 1, let first = pieces.first, let last = pieces.last {
            return (comparable(heading), comparable(first), comparable(last))
        }
        return (comparable(heading), nil, nil)
    }
}

/// Text as compared when importing: lowercase letters and digits, words separated by one space,
/// HTML tags and punctuation gone.
func comparable(_ text: String) -> String {
    var result = ""
    var inTag = false
    var pendingSpace = false
    for character in text.lowercased() {
        if character == "<" { inTag = true; continue }
        if inTag { if character == ">" { inTag = false }; continue }
        if character.isLetter || character.isNumber {
            if pendingSpace, !result.isEmpty { result.append(" ") }
            pendingSpace = false
            result.append(character)
        } else if character == "'" || character == "’" {
            continue
        } else {
            pendingSpace = true
        }
    }
    return result
}
