/// What `cophealth import` was asked to do.
public struct ImportOptions: Sendable, Equatable {
    public var files: [String]
    public var surveyFolder: String
    /// Nil: detect each file's platform.
    public var platform: Platform?
    public var wave: String?
    /// The export column naming the community, when it is not the survey's `groupBy`.
    public var communityColumn: String?
    public var dateOrder: ExportDate.Order?
    public var delimiter: UInt8?
    public var dryRun = false
    public var replace = false
    /// Keep incomplete responses (Qualtrics `Finished` false, LimeSurvey without `submitdate`).
    public var keepIncomplete = false
    /// Keep Qualtrics preview and test responses.
    public var keepPreviews = false

    public init(files: [String], surveyFolder: String) {
        self.files = files
        self.surveyFolder = surveyFolder
    }
}

/// Turns platform exports into canonical response files (FORMATS.md §3), one per wave.
public struct Importer {
    /// The canonical files to write, and what happened.
    public struct Outcome: Sendable {
        public var files: [(wave: String, contents: String, rows: Int)] = []
        /// What was read and mapped, for people.
        public var notes: [String] = []
        public var warnings: [Diagnostic] = []
        public var read = 0
        public var imported = 0
        public var leftOutIncomplete = 0
        public var leftOutPreviews = 0
    }

    public let survey: Survey
    public let options: ImportOptions
    /// Questions written to the canonical files, in survey order.
    private let written: [Int]
    private var rowsByWave: [String: [[String]]] = [:]
    private var waveOrder: [String] = []
    private var outcome = Outcome()
    private var errors: [Diagnostic] = []

    public init(survey: Survey, options: ImportOptions) {
        self.survey = survey
        self.options = options
        written = Array(survey.questions.indices)
    }

    /// Imports every file; throws every problem found (nothing is written then).
    public static func run(survey: Survey, files: [(name: String, bytes: [UInt8])], options: ImportOptions) throws(InputErrors) -> Outcome {
        var importer = Importer(survey: survey, options: options)
        switch survey.period {
        case .timestamp(let column, _):
            if options.wave != nil {
                throw InputErrors([.error(at: Location(file: "--wave"), "this survey takes its waves from the dates in '\(column)': leave out --wave")])
            }
        case .column, .fileName:
            if options.wave == nil {
                let source = survey.period.column.map { "the column '\($0)'" } ?? "the response file's name"
                throw InputErrors([.error(at: Location(file: "--wave"), "name the wave these responses belong to with --wave (the survey's waves come from \(source))")])
            }
        }
        for file in files { importer.read(file.name, file.bytes) }
        guard importer.errors.isEmpty else { throw InputErrors(importer.errors) }
        return importer.finish()
    }

    private func header() -> [String] {
        var names = [survey.groupBy]
        if let column = survey.period.column { names.append(column) }
        return names + written.map { survey.questions[$0].id }
    }

    private mutating func finish() -> Outcome {
        var result = outcome
        for wave in waveOrder {
            var csv = CSVWriter(header: header(), guardsFormulas: false)
            let rows = rowsByWave[wave] ?? []
            for row in rows { csv.row(row.map { .text($0) }) }
            result.files.append((wave, csv.text, rows.count))
        }
        return result
    }

    private mutating func read(_ file: String, _ raw: [UInt8]) {
        let (bytes, encoding) = decodeExport(raw)
        let delimiter = options.delimiter ?? sniffDelimiter(bytes)
        let records: [CSVRecord]
        do {
            records = try CSVScanner.table(in: bytes, delimiter: delimiter, file: file)
        } catch {
            errors += error.diagnostics
            return
        }
        let layout: ExportLayout
        do {
            layout = try ExportLayout.detect(records, file: file, forced: options.platform)
        } catch {
            errors += error.diagnostics
            return
        }
        let headerLine = records.first?.line ?? 1
        let mapping = ColumnMapping(layout: layout, survey: survey, communityColumn: options.communityColumn)
        let delimiterName = delimiter == UInt8(ascii: "\t") ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
        outcome.notes.append(
            "\(file): \(layout.platform.title)\(layout.legacy ? " (legacy)" : ""), \(layout.headerRows) header row\(layout.headerRows == 1 ? "" : "s"), \(encoding.rawValue), delimiter \(delimiterName)")
        guard checkColumns(mapping, layout: layout, file: file, line: headerLine) else { return }

        // Trailing empty header columns (a stray comma at the end of each line) are not columns.
        let width = layout.columns.lastIndex { !$0.heading.trimmingSpaces.isEmpty || !$0.tag.trimmingSpaces.isEmpty }.map { $0 + 1 } ?? 0
        let data = records.dropFirst(layout.headerRows)
        let timestampColumn = mapping.roles.firstIndex(of: .timestamp)
        var order = options.dateOrder
        if order == nil, let timestampColumn {
            let decision = ExportDate.order(of: data.map { $0.fields.count > timestampColumn ? $0.fields[timestampColumn] : "" })
            if decision.conflict {
                errors.append(
                    .error(at: Location(file: file, line: headerLine, column: timestampColumn + 1), "its dates mix day-first and month-first forms: give --date-format dmy or mdy"))
                return
            }
            order = decision.order
            if decision.ambiguous, case .timestamp = survey.period {
                outcome.notes.append("\(file): no date decides between month/day and day/month: read as month first (give --date-format dmy if not)")
            }
        }
        for record in data { readRow(record, file: file, width: width, mapping: mapping, order: order ?? .monthFirst, platform: layout.platform) }
    }

    /// Every question needs a column; the community needs one; dates need one when waves come from them.
    private mutating func checkColumns(_ mapping: ColumnMapping, layout: ExportLayout, file: String, line: Int) -> Bool {
        var ok = true
        let location = Location(file: file, line: line, column: 1)
        if !mapping.roles.contains(.community) {
            let name = options.communityColumn ?? survey.groupBy
            errors.append(.error(at: location, "no column '\(name)' names the community\(options.communityColumn == nil ? " (give the export's column with --community-column)" : "")"))
            ok = false
        }
        for (index, question) in survey.questions.enumerated() {
            let mapped = mapping.roles.contains { role in
                switch role {
                case .answer(let q), .option(let q, _): q == index
                default: false
                }
            }
            if !mapped, question.kind != .text {
                errors.append(.error(at: location, "no column holds question \(question.id) \"\(question.text)\""))
                ok = false
            }
            let answerColumns = mapping.roles.indices.filter { mapping.roles[$0] == .answer(question: index) }
            if answerColumns.count > 1 {
                errors.append(
                    .error(at: Location(file: file, line: line, column: answerColumns[1] + 1), "question \(question.id) is in two columns (\(answerColumns.map { String($0 + 1) }.joined(separator: " and ")))"))
                ok = false
            }
        }
        if case .timestamp = survey.period, !mapping.roles.contains(.timestamp) {
            errors.append(.error(at: location, "no submit-date column to take the waves from"))
            ok = false
        }
        let found = survey.questions.indices.compactMap { index -> String? in
            let optionColumns = mapping.roles.filter { if case .option(index, _) = $0 { true } else { false } }.count
            if optionColumns > 0 { return "\(survey.questions[index].id) (\(optionColumns) option columns)" }
            return mapping.roles.contains(.answer(question: index)) ? survey.questions[index].id : nil
        }
        let communityHeading = mapping.roles.firstIndex(of: .community).map { ColumnMapping.describe(layout.columns[$0]) } ?? ""
        outcome.notes.append("\(file): mapped \(found.joined(separator: ", ")); community from '\(communityHeading)'")
        if !mapping.dropped.isEmpty {
            outcome.notes.append("\(file): dropped personal columns, never written: \(mapping.dropped.joined(separator: ", "))")
        }
        if !mapping.unmapped.isEmpty {
            outcome.warnings.append(.warning(at: location, "columns no question matches, left out: " + mapping.unmapped.map { "'\($0)'" }.joined(separator: ", ")))
        }
        return ok
    }

    private mutating func readRow(_ record: CSVRecord, file: String, width: Int, mapping: ColumnMapping, order: ExportDate.Order, platform: Platform) {
        func fail(_ column: Int?, _ message: String) {
            let place = column.flatMap { $0 < record.columns.count ? record.columns[$0] : nil }
            errors.append(.error(at: Location(file: file, line: record.line, column: place), message))
        }
        outcome.read += 1
        if record.fields.count < width || record.fields.dropFirst(width).contains(where: { !$0.trimmingSpaces.isEmpty }) {
            fail(record.fields.count > width ? width : nil, "has \(record.fields.count) fields, but the header has \(width)")
            return
        }
        var community = ""
        var date: ExportDate?
        var answers = [String](repeating: "", count: survey.questions.count)
        var ticked = [Set<Int>](repeating: [], count: survey.questions.count)
        var preview = false
        var incomplete = false
        for (column, role) in mapping.roles.enumerated() where column < width {
            let cell = record.fields[column]
            let text = cell.trimmingSpaces
            switch role {
            case .community:
                community = text
            case .timestamp:
                if platform == .limeSurvey, text.isEmpty { incomplete = true }
                if !text.isEmpty {
                    guard let parsed = ExportDate(text, order: order) else {
                        fail(column, "'\(text)' is not a date")
                        return
                    }
                    date = parsed
                }
            case .status:
                preview = ["survey preview", "survey test", "spam", "1", "2", "8"].contains(comparable(text))
            case .finished:
                incomplete = ["false", "0"].contains(comparable(text))
            case .answer(let index):
                let question = survey.questions[index]
                do throws(AnswerReader.Failure) {
                    switch question.kind {
                    case .scale(let scale):
                        answers[index] = try AnswerReader.scale(cell, scale: scale).map(String.init) ?? ""
                    case .choice:
                        answers[index] = try AnswerReader.choice(cell, question: question).map { question.options[$0] } ?? ""
                    case .choices:
                        ticked[index].formUnion(try AnswerReader.choices(cell, question: question))
                    case .text:
                        answers[index] = cell
                    }
                } catch {
                    switch error {
                    case .notOnScale(let bad):
                        fail(column, "'\(bad)' is not an answer on the scale of \(question.id) \"\(question.text)\"\(hint(question))")
                    case .notAnOption(let bad):
                        fail(column, "'\(bad)' is not an option of \(question.id) \"\(question.text)\"")
                    }
                    return
                }
            case .option(let index, let option):
                if AnswerReader.ticked(cell) { ticked[index].insert(option) }
            case .personal, .ignored:
                break
            }
        }
        if preview && !options.keepPreviews {
            outcome.leftOutPreviews += 1
            return
        }
        if incomplete && !options.keepIncomplete {
            outcome.leftOutIncomplete += 1
            return
        }
        for (index, options) in ticked.enumerated() where !options.isEmpty {
            answers[index] = survey.questions[index].options.indices.filter(options.contains).map { survey.questions[index].options[$0] }.joined(separator: ";")
        }
        var wave = options.wave ?? ""
        var periodCell = wave
        if case .timestamp(_, let every) = survey.period {
            guard let date else {
                fail(mapping.roles.firstIndex(of: .timestamp), "has no submit date, so no wave")
                return
            }
            wave = date.wave(every: every)
            periodCell = date.description
        }
        var row = [community]
        if survey.period.column != nil { row.append(periodCell) }
        row += written.map { answers[$0] }
        if rowsByWave[wave] == nil { waveOrder.append(wave) }
        rowsByWave[wave, default: []].append(row)
        outcome.imported += 1
    }

    private func hint(_ question: Question) -> String {
        guard let scale = question.scale, !scale.labels.isEmpty else { return "" }
        return " (add it to the scale's \"synonyms\" in survey.json if it means one of \(scale.labels.map { "'\($0)'" }.joined(separator: ", ")))"
    }
}
