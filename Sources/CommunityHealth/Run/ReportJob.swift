/// The whole job for one survey folder: read every response file, analyse, disclose, render.
public struct ReportJob: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, csv
    }

    /// What a run produced: the report, the files to write (name → contents) and any warnings.
    public struct Outcome: Sendable {
        public var report: Report
        public var files: [(name: String, contents: String)]
        public var warnings: [Diagnostic]
    }

    public var folder: SurveyFolder
    public var formats: Set<Format>
    public var focusWave: String?

    public init(folder: SurveyFolder, formats: Set<Format> = Set(Format.allCases), focusWave: String? = nil) {
        self.folder = folder
        self.formats = formats
        self.focusWave = focusWave
    }

    /// Reads the responses. Throws when a file cannot be read, or `focusWave` names no wave.
    public func run() throws(InputErrors) -> Outcome {
        var reader = ResponseReader(survey: folder.survey)
        for file in folder.responseFiles {
            reader.read(path: file.path, name: file.name)
        }
        guard reader.errors.isEmpty else { throw InputErrors(reader.errors) }
        let results = Results(survey: folder.survey, tally: reader.tally)
        let waves = results.waves.map(\.name)
        if let focusWave, !waves.contains(focusWave) {
            let known = waves.isEmpty ? "there are no responses" : "the waves are " + waves.joined(separator: ", ")
            throw InputErrors([.error(at: Location(file: "--wave"), "no responses in wave '\(focusWave)' (\(known))")])
        }
        let report = Disclosure.report(
            results, counts: reader.counts, rejections: reader.rejections, members: folder.members, focusWave: focusWave)
        var files: [(String, String)] = []
        if formats.contains(.text) { files.append(("scorecard.txt", TextScorecard.render(report))) }
        if formats.contains(.csv) {
            files.append(("scores.csv", CSVTables.scores(report)))
            files.append(("items.csv", CSVTables.items(report)))
        }
        files.append(("rejected.csv", CSVTables.rejected(report)))
        return Outcome(report: report, files: files, warnings: folder.warnings + reader.warnings)
    }
}
