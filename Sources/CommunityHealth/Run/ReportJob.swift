/// The whole job for one survey folder: read every response file, analyse, disclose, render.
public struct ReportJob: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, csv, json
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
    /// The first wave to analyse; earlier waves are left out.
    public var since: String?

    public init(folder: SurveyFolder, formats: Set<Format> = Set(Format.allCases), focusWave: String? = nil, since: String? = nil) {
        self.folder = folder
        self.formats = formats
        self.focusWave = focusWave
        self.since = since
    }

    /// Reads the responses. Throws when a file cannot be read, or `focusWave` names no wave.
    public func run() throws(InputErrors) -> Outcome {
        var reader = ResponseReader(survey: folder.survey)
        for file in folder.responseFiles {
            reader.read(path: file.path, name: file.name)
        }
        guard reader.errors.isEmpty else { throw InputErrors(reader.errors) }
        let allWaves = folder.survey.ordered(waves: reader.tally.groups.map(\.wave))
        let known = allWaves.isEmpty ? "there are no responses" : "the waves are " + allWaves.joined(separator: ", ")
        if let since, !allWaves.contains(since) {
            throw InputErrors([.error(at: Location(file: "--since"), "no responses in wave '\(since)' (\(known))")])
        }
        let results = Results(survey: folder.survey, tally: reader.tally, since: since)
        let waves = results.waves.map(\.name)
        if let focusWave, !waves.contains(focusWave) {
            let reason = allWaves.contains(focusWave) ? "it comes before --since \(since ?? "")" : known
            throw InputErrors([.error(at: Location(file: "--wave"), "no responses in wave '\(focusWave)' (\(reason))")])
        }
        let report = Disclosure.report(
            results, counts: reader.counts, rejections: reader.rejections, members: folder.members, focusWave: focusWave)
        var files: [(String, String)] = []
        if formats.contains(.text) { files.append(("scorecard.txt", TextScorecard.render(report))) }
        if formats.contains(.csv) { files += CSVTables.all(report) }
        if formats.contains(.json) { files.append(("report.json", JSONReport.render(report))) }
        files.append(("rejected.csv", CSVTables.rejected(report)))
        return Outcome(report: report, files: files, warnings: folder.warnings + reader.warnings)
    }
}
