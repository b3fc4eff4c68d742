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
    /// The canonical files written (as temporary files for the caller to put in place), and what happened.
    public struct Outcome: Sendable {
        public var files: [ImportOutput.File] = []
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
    /// Each choices question's option names, longest first.
    private let optionNames: [Int: [(Int, String)]]
    private let output: ImportOutput
    private var outcome = Outcome()
    private var errors: [Diagnostic] = []
    /// Community names that hold personal data: one error per file and kind, with a count.
    private var refusals = NameRefusals()
    /// Enough problems to act on; reading stops after this many.
    static let errorLimit = 100

    init(survey: Survey, options: ImportOptions, output: ImportOutput) {
        self.survey = survey
        self.options = options
        self.output = output
        written = Array(survey.questions.indices)
        optionNames = Dictionary(uniqueKeysWithValues: survey.questions.indices.map { ($0, AnswerReader.optionNames(survey.questions[$0])) })
    }

    /// The canonical header line of the files an import writes for `survey`.
    public static func header(for survey: Survey) -> String {
        var names = [survey.groupBy]
        if let column = survey.period.column { names.append(column) }
        return CSVWriter.line(names + survey.questions.map(\.id), guardingFormulas: false)
    }

    /// Imports every file (path, and how messages name it) into `output`; throws every problem
    /// found, after removing what was written.
    public static func run(survey: Survey, files: [(name: String, path: String)], options: ImportOptions, output: ImportOutput) throws(InputErrors) -> Outcome {
        var importer = Importer(survey: survey, options: options, output: output)
        switch survey.period {
        case .timestamp(let column, _):
            if options.wave != nil {
                throw InputErrors([.error(at: Location(file: "--wave"), "this survey takes its waves from the dates in '\(column)': leave out --wave")])
            }
        case .column, .fileName:
            guard let wave = options.wave else {
                let source = survey.period.column.map { "the column '\($0)'" } ?? "the response file's name"
                throw InputErrors([.error(at: Location(file: "--wave"), "name the wave these responses belong to with --wave (the survey's waves come from \(source))")])
            }
            if let refusal = NameRefusal(.wave, name: wave, source: .option("--wave"), at: Location(file: "--wave")) {
                throw InputErrors([refusal.diagnostic])
            }
            if let problem = waveFileNameProblem(wave) {
                throw InputErrors([.error(at: Location(file: "--wave"), "\(Redactor.quote(wave)) \(problem): give the wave's name, such as 2026-H1")])
            }
        }
        for file in files where importer.errors.count < errorLimit { importer.read(file.name, path: file.path) }
        guard importer.errors.isEmpty, importer.refusals.isEmpty else {
            output.discard()
            throw InputErrors(importer.errors + importer.refusals.diagnostics)
        }
        do {
            importer.outcome.files = try output.finish()
        } catch {
            output.discard()
            throw error
        }
        return importer.outcome
    }

    /// Reads one export in a streaming pass (two when the dates' day/month order must be read
    /// off the whole column first).
    private mutating func read(_ file: String, path: String) {
        let reader: ExportReader
        do {
            reader = try ExportReader(path: path, name: file, delimiter: options.delimiter)
        } catch {
            errors += error.diagnostics
            return
        }
        defer { reader.close() }
        let delimiter = reader.delimiter
        let encoding = reader.encoding
        var records: [CSVRecord] = []
        let layout: ExportLayout
        do {
            try reader.forEachRecord { record in
                records.append(record)
                return records.count < 3
            }
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
        let timestampColumn = mapping.roles.firstIndex(of: .timestamp)
        var order = options.dateOrder
        if order == nil, let timestampColumn {
            var detector = ExportDate.OrderDetector()
            var index = 0
            do {
                try reader.forEachRecord { record in
                    index += 1
                    if index > layout.headerRows, timestampColumn < record.fields.count { detector.add(record.fields[timestampColumn]) }
                    return true
                }
            } catch {
                errors += error.diagnostics
                return
            }
            let decision = detector.decision
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
        var index = 0
        let community = mapping.roles.firstIndex(of: .community).map { ColumnMapping.describe(layout.columns[$0]) } ?? ""
        do {
            try reader.forEachRecord { record in
                index += 1
                if index > layout.headerRows {
                    readRow(record, file: file, width: width, mapping: mapping, order: order ?? .monthFirst, platform: layout.platform, community: community)
                }
                return errors.count < Self.errorLimit
            }
        } catch {
            errors += error.diagnostics
        }
    }

    /// Every question needs a column; the community needs one; dates need one when waves come from them.
    private mutating func checkColumns(_ mapping: ColumnMapping, layout: ExportLayout, file: String, line: Int) -> Bool {
        var ok = true
        let location = Location(file: file, line: line, column: 1)
        if !mapping.roles.contains(.community) {
            let name = options.communityColumn ?? survey.groupBy
            errors.append(.error(at: location, "no column \(Redactor.quote(name)) names the community\(options.communityColumn == nil ? " (give the export's column with --community-column)" : "")"))
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
        outcome.notes.append("\(file): mapped \(found.joined(separator: ", ")); community from \(Redactor.quote(communityHeading))")
        if !mapping.dropped.isEmpty {
            outcome.notes.append("\(file): dropped personal columns, never written: \(mapping.dropped.map { Redactor.redact($0) }.joined(separator: ", "))")
        }
        if !mapping.unmapped.isEmpty {
            outcome.warnings.append(.warning(at: location, "columns no question matches, left out: " + mapping.unmapped.map { Redactor.quote($0) }.joined(separator: ", ")))
        }
        return ok
    }

    /// Reads one response; `community` is the heading of the export's community column.
    /// One export row's cells, as the survey reads them.
    private struct ExportRow {
        var community = ""
        var date: ExportDate?
        var answers: [String]
        /// Per `choices` question, the options ticked in columns of their own.
        var ticked: [Set<Int>]
        var preview = false
        var incomplete = false
    }

    private static func location(_ record: CSVRecord, file: String, column: Int?) -> Location {
        Location(file: file, line: record.line, column: column.flatMap { $0 < record.columns.count ? record.columns[$0] : nil })
    }

    private mutating func fail(_ record: CSVRecord, file: String, column: Int?, _ message: String) {
        errors.append(.error(at: Self.location(record, file: file, column: column), message))
    }

    private mutating func readRow(
        _ record: CSVRecord, file: String, width: Int, mapping: ColumnMapping, order: ExportDate.Order, platform: Platform, community communityHeading: String
    ) {
        outcome.read += 1
        if record.fields.count < width || record.fields.dropFirst(width).contains(where: { !$0.trimmingSpaces.isEmpty }) {
            fail(record, file: file, column: record.fields.count > width ? width : nil, "has \(record.fields.count) fields, but the header has \(width)")
            return
        }
        guard let row = cells(of: record, file: file, width: width, mapping: mapping, order: order, platform: platform, community: communityHeading) else { return }
        if row.preview && !options.keepPreviews {
            outcome.leftOutPreviews += 1
            return
        }
        if row.incomplete && !options.keepIncomplete {
            outcome.leftOutIncomplete += 1
            return
        }
        var wave = options.wave ?? ""
        var periodCell = wave
        if case .timestamp(_, let every) = survey.period {
            guard let date = row.date else {
                fail(record, file: file, column: mapping.roles.firstIndex(of: .timestamp), "has no submit date, so no wave")
                return
            }
            wave = date.wave(every: every)
            periodCell = date.description
        }
        write(row, wave: wave, periodCell: periodCell)
    }

    /// The row's cells by role; nil when one of them fails (the error or refusal is recorded).
    private mutating func cells(
        of record: CSVRecord, file: String, width: Int, mapping: ColumnMapping, order: ExportDate.Order, platform: Platform, community communityHeading: String
    ) -> ExportRow? {
        var row = ExportRow(answers: Array(repeating: "", count: survey.questions.count), ticked: Array(repeating: [], count: survey.questions.count))
        for (column, role) in mapping.roles.enumerated() where column < width {
            let cell = record.fields[column]
            let text = cell.trimmingSpaces
            switch role {
            case .community:
                let source = NameRefusal.Source.column(communityHeading, fix: "check --community-column (the export's column that names the community)")
                if let refusal = NameRefusal(.community, name: text, source: source, at: Self.location(record, file: file, column: column)) {
                    refusals.add(refusal)
                    return nil
                }
                row.community = text
            case .timestamp:
                if platform == .limeSurvey, text.isEmpty { row.incomplete = true }
                if !text.isEmpty {
                    guard let parsed = ExportDate(text, order: order) else {
                        fail(record, file: file, column: column, "\(Redactor.quote(text)) is not a date")
                        return nil
                    }
                    row.date = parsed
                }
            case .status:
                row.preview = ["survey preview", "survey test", "spam", "1", "2", "8"].contains(comparable(text))
            case .finished:
                row.incomplete = ["false", "0"].contains(comparable(text))
            case .answer(let index):
                do throws(AnswerReader.Failure) {
                    try read(cell, question: index, into: &row)
                } catch {
                    let question = survey.questions[index]
                    switch error {
                    case .notOnScale(let bad):
                        fail(record, file: file, column: column, "\(Redactor.quote(bad)) is not an answer on the scale of \(question.id) \"\(question.text)\"\(hint(question))")
                    case .notAnOption(let bad):
                        fail(record, file: file, column: column, "\(Redactor.quote(bad)) is not an option of \(question.id) \"\(question.text)\"")
                    }
                    return nil
                }
            case .option(let index, let option):
                if AnswerReader.ticked(cell) { row.ticked[index].insert(option) }
            case .personal, .ignored:
                break
            }
        }
        return row
    }

    private func read(_ cell: String, question index: Int, into row: inout ExportRow) throws(AnswerReader.Failure) {
        let question = survey.questions[index]
        switch question.kind {
        case .scale(let scale):
            row.answers[index] = try AnswerReader.scale(cell, scale: scale).map(String.init) ?? ""
        case .choice:
            row.answers[index] = try AnswerReader.choice(cell, question: question).map { question.options[$0] } ?? ""
        case .choices:
            row.ticked[index].formUnion(try AnswerReader.choices(cell, names: optionNames[index] ?? []))
        case .text:
            row.answers[index] = cell
        }
    }

    /// Writes the row in the canonical layout, to its wave's file.
    private mutating func write(_ row: ExportRow, wave: String, periodCell: String) {
        var answers = row.answers
        for (index, options) in row.ticked.enumerated() where !options.isEmpty {
            answers[index] = survey.questions[index].options.indices.filter(options.contains).map { survey.questions[index].options[$0] }.joined(separator: ";")
        }
        var cells = [row.community]
        if survey.period.column != nil { cells.append(periodCell) }
        cells += written.map { answers[$0] }
        do {
            try output.append(wave: wave, line: CSVWriter.line(cells, guardingFormulas: false))
        } catch {
            errors += error.diagnostics
            return
        }
        outcome.imported += 1
    }

    private func hint(_ question: Question) -> String {
        guard let scale = question.scale, !scale.labels.isEmpty else { return "" }
        return " (add it to the scale's \"synonyms\" in survey.json if it means one of \(scale.labels.map { "'\($0)'" }.joined(separator: ", ")))"
    }
}
