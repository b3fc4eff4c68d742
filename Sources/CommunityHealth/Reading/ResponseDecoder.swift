/// Turns the fields of one response file into `ResponseRow`s: matches the header to the survey's
/// questions once, then decodes each record or says why it cannot be used.
public struct ResponseDecoder: Sendable {
    enum Reading: Sendable {
        case scale(min: Int, max: Int, labels: [String: Int], scaleID: String)
        case choice(options: [String: Int])
        case choices(options: [String: Int])
    }

    struct Column: Sendable {
        var field: Int
        var question: Int
        var reading: Reading
    }

    enum WaveSource: Sendable {
        case column(Int)
        case timestamp(Int, Period.Interval)
        case fixed(String)
    }

    public let file: String
    let header: [String]
    let communityField: Int
    let waveSource: WaveSource
    let columns: [Column]
    let questionCount: Int
    /// Columns the survey does not know, and questions the file does not have.
    public private(set) var warnings: [Diagnostic] = []

    /// Matches `header` to `survey`. Throws when the file cannot be read at all (a missing
    /// community or period column, a header named twice).
    public init(survey: Survey, header: CSVRecord, file: String, fileWave: String) throws(InputErrors) {
        self.file = file
        self.header = header.fields
        questionCount = survey.questions.count
        var problems: [Diagnostic] = []
        var fieldOfName: [String: Int] = [:]
        for (field, name) in header.fields.enumerated() {
            let location = Location(file: file, line: header.line, column: header.columns[field])
            if name.trimmingSpaces.isEmpty {
                if field == header.fields.count - 1, field > 0 { continue }
                problems.append(.error(at: location, "column \(field + 1) has no name in the header"))
            } else if let first = fieldOfName[name.matchKey] {
                problems.append(
                    .error(at: location, "column \(Redactor.quote(name.trimmingSpaces)) appears twice in the header (columns \(first + 1) and \(field + 1))"))
            } else {
                fieldOfName[name.matchKey] = field
            }
        }
        let headerLocation = Location(file: file, line: header.line, column: 1)

        let community = fieldOfName[survey.groupBy.matchKey]
        if community == nil {
            problems.append(.error(at: headerLocation, "no '\(survey.groupBy)' column (the survey's groupBy) in the header"))
        }
        var waveSource = WaveSource.fixed(fileWave)
        var waveField: Int?
        switch survey.period {
        case .column(let name), .timestamp(let name, _):
            if let field = fieldOfName[name.matchKey] {
                waveField = field
                if case .timestamp(_, let every) = survey.period {
                    waveSource = .timestamp(field, every)
                } else {
                    waveSource = .column(field)
                }
            } else {
                problems.append(.error(at: headerLocation, "no '\(name)' column (the survey's period) in the header"))
            }
        case .fileName:
            if let field = fieldOfName["wave"] {
                waveField = field
                waveSource = .column(field)
            }
        }
        if case .fixed(let wave) = waveSource, let refusal = NameRefusal(.wave, name: wave, source: .fileName, at: Location(file: file)) {
            problems.append(refusal.diagnostic)
        }
        guard problems.isEmpty, let community else { throw InputErrors(problems) }
        communityField = community
        self.waveSource = waveSource

        var columns: [Column] = []
        var used: Set<Int> = [community]
        if let waveField { used.insert(waveField) }
        if let respondent = fieldOfName["respondent"] { used.insert(respondent) }
        for (index, question) in survey.questions.enumerated() {
            guard let field = fieldOfName[question.id.matchKey] else {
                warnings.append(.warning(at: headerLocation, "no column for question '\(question.id)': it has no answers in this file"))
                continue
            }
            used.insert(field)
            switch question.kind {
            case .scale(let scale):
                let labels = Dictionary(scale.labels.enumerated().map { ($1.matchKey, scale.min + $0) }) { first, _ in first }
                columns.append(Column(field: field, question: index, reading: .scale(min: scale.min, max: scale.max, labels: labels, scaleID: scale.id)))
            case .choice(let options):
                columns.append(Column(field: field, question: index, reading: .choice(options: Self.lookup(options))))
            case .choices(let options):
                columns.append(Column(field: field, question: index, reading: .choices(options: Self.lookup(options))))
            case .text:
                break
            }
        }
        let ignored = header.fields.indices.filter { !used.contains($0) && !header.fields[$0].trimmingSpaces.isEmpty }
        if !ignored.isEmpty {
            let names = ignored.map { Redactor.quote(header.fields[$0].trimmingSpaces) }.joined(separator: ", ")
            warnings.append(.warning(at: headerLocation, "ignored column\(ignored.count == 1 ? "" : "s") not in the survey: \(names)"))
        }
        self.columns = columns
    }

    private static func lookup(_ options: [String]) -> [String: Int] {
        Dictionary(options.enumerated().map { ($1.matchKey, $0) }) { first, _ in first }
    }

    /// The row's answers, or why it cannot be used. Every piece of a cell a reason quotes goes
    /// through `Redactor`.
    public func decode(_ record: CSVRecord) -> Result<ResponseRow, RowProblem> {
        func location(_ field: Int?) -> Location {
            let column = field.flatMap { $0 < record.columns.count ? record.columns[$0] : nil }
            return Location(file: file, line: record.line, column: column)
        }
        func reject(_ field: Int?, _ reason: String) -> Result<ResponseRow, RowProblem> {
            .failure(.rejected(Rejection(at: location(field), reason)))
        }
        func refusal(_ role: NameRefusal.Role, _ name: String, _ field: Int, fix: String) -> NameRefusal? {
            NameRefusal(role, name: name, source: .column(header[field].trimmingSpaces, fix: fix), at: location(field))
        }
        let expected = header.count
        if record.fields.count != expected {
            // A spreadsheet's trailing empty columns are harmless: tolerate empty extra fields.
            let extra = record.fields.count > expected ? record.fields[expected...] : []
            if record.fields.count < expected || extra.contains(where: { !$0.trimmingSpaces.isEmpty }) {
                let field = record.fields.count > expected ? expected : nil
                return reject(field, "has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), but the header has \(expected)")
            }
        }

        let wave: String
        switch waveSource {
        case .fixed(let name):
            wave = name
        case .column(let field):
            wave = record.fields[field].trimmingSpaces
            if wave.isEmpty { return reject(field, "no wave in column \(Redactor.quote(header[field].trimmingSpaces))") }
            if let refused = refusal(.wave, wave, field, fix: NameRefusal.waveColumnFix) { return .failure(.refused(refused)) }
        case .timestamp(let field, let every):
            let text = record.fields[field]
            guard let name = waveName(ofTimestamp: text, every: every) else {
                return reject(field, "\(Redactor.quote(text.trimmingSpaces)) in column \(Redactor.quote(header[field].trimmingSpaces)) is not a date such as 2026-03-15")
            }
            wave = name
        }
        let communityText = record.fields[communityField].trimmingSpaces
        if let refused = refusal(.community, communityText, communityField, fix: NameRefusal.communityColumnFix) { return .failure(.refused(refused)) }
        var answers = [Int](repeating: ResponseRow.noAnswer, count: questionCount)

        for column in columns {
            let cell = record.fields[column.field].trimmingSpaces
            if cell.isEmpty { continue }
            let name = Redactor.quote(header[column.field].trimmingSpaces)
            switch column.reading {
            case .scale(let min, let max, let labels, let scaleID):
                if let value = Int(cell) {
                    guard (min...max).contains(value) else {
                        return reject(column.field, "answer \(Redactor.redact(String(value))) to \(name) is outside the scale \(scaleID) (\(min)–\(max))")
                    }
                    answers[column.question] = value
                } else if let value = labels[cell.matchKey] {
                    answers[column.question] = value
                } else {
                    return reject(column.field, "answer \(Redactor.quote(cell)) to \(name) is neither a number nor a label of the scale \(scaleID)")
                }
            case .choice(let options):
                guard let option = options[cell.matchKey] else {
                    return reject(column.field, "answer \(Redactor.quote(cell)) to \(name) is not one of its options")
                }
                answers[column.question] = option
            case .choices(let options):
                var selected = 0
                for piece in cell.split(separator: ";") {
                    let key = String(piece).matchKey
                    if key.isEmpty { continue }
                    guard let option = options[key] else {
                        return reject(column.field, "answer \(Redactor.quote(String(piece).trimmingSpaces)) to \(name) is not one of its options")
                    }
                    selected |= 1 << option
                }
                answers[column.question] = selected
            }
        }
        return .success(ResponseRow(wave: wave, community: communityText.isEmpty ? nil : communityText, answers: answers))
    }
}
