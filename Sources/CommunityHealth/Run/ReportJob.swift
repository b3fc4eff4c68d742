import Dispatch
import Foundation
import Synchronization

/// The whole job for one survey folder: read every response file, analyse, disclose, render.
public struct ReportJob: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, csv, json, html
    }

    /// What a run produced: the report, the files left to write (name → contents) and any warnings.
    public struct Outcome: Sendable {
        public var report: Report
        /// The files not yet written. With a `destination` and rows read, none: each went there as
        /// it was rendered. Otherwise all of them, in the order people read them; `report.json`
        /// only when there is a `destination` (without one, the caller renders it:
        /// `JSONReport.write`).
        public var files: [(name: String, contents: String)]
        public var warnings: [Diagnostic]
        /// Whether the formats asked for `report.json`.
        public var includesJSON: Bool
        /// How many files went straight to `destination`.
        public var written = 0
        /// Wall time of each stage, in order: read, analyse, disclose, render (which, with a
        /// `destination`, includes writing the files).
        public var timings: [(stage: String, seconds: Double)] = []
    }

    public var folder: SurveyFolder
    public var formats: Set<Format>
    public var focusWave: String?
    /// The first wave to analyse; earlier waves are left out.
    public var since: String?
    /// How many workers read a large file (default: the active cores), and from what size a
    /// file is split; tests set them to compare one worker with many.
    public var workers: Int?
    public var minimumChunk = 8 << 20
    /// How many bytes a worker reads at a time.
    public var blockSize = ResponseReader.blockSize
    /// Called from any thread with the bytes and rows just read.
    public var progress: (@Sendable (_ bytes: Int, _ rows: Int) -> Void)?
    /// The communities whose pages to write (nil: every community of the focus wave).
    public var communities: [String]?
    /// Where each file goes as soon as it is rendered (`report.json` streams there), when rows
    /// were read: a run that reads none must be able to leave an earlier report set alone.
    var destination: StagedFiles?

    public init(folder: SurveyFolder, formats: Set<Format> = Set(Format.allCases), focusWave: String? = nil, since: String? = nil) {
        self.folder = folder
        self.formats = formats
        self.focusWave = focusWave
        self.since = since
    }

    /// Reads, analyses, discloses and renders. Throws when a file cannot be read, `since` or
    /// `focusWave` names no wave, or `communities` names no community of the focus wave (exit 2).
    public func run() throws(InputErrors) -> Outcome {
        var clock = StageClock()
        let report: Report
        let warnings: [Diagnostic]
        do {
            // The tally and the results are gone once the report is made: their memory is free
            // for rendering.
            let analysed = try readAndAnalyse(&clock)
            warnings = analysed.warnings
            var disclosed = Disclosure.report(
                analysed.results, counts: analysed.counts, rejections: analysed.rejections, members: folder.members, focusWave: focusWave)
            disclosed.everyCommunity = analysed.communities
            report = disclosed
        }
        clock.lap("disclose")
        let pages = CommunityPages(report)
        try checkCommunities(pages)
        // The renderers only read the report, so they run side by side.
        var renderers: [@Sendable () -> [(String, String)]] = []
        if formats.contains(.text) { renderers.append { [("scorecard.txt", TextScorecard.render(report))] } }
        if formats.contains(.html) {
            renderers.append { [("scorecard.html", HTMLScorecard.render(report))] }
            let written = communities.map(Set.init)
            renderers.append { [("index.html", HTMLIndex.render(pages, written: written))] }
        }
        renderers += pageRenderers(pages)
        if formats.contains(.csv) {
            // One job per table, so the large ones spread over the cores.
            for table in CSVTables.tables { renderers.append { [(table.name, table.render(report))] } }
        }
        renderers.append { [("rejected.csv", CSVTables.rejected(report))] }
        // With rows read, each file goes to the destination as soon as it is rendered (report.json
        // streams there), side by side; a run that reads none must leave an earlier set alone.
        let destination = report.counts.read > 0 ? destination : nil
        let failure = Mutex<InputErrors?>(nil)
        if formats.contains(.json), let destination {
            // The drivers' rows are rendered ahead on another core, in memory: only while they are
            // few enough (about 300 bytes a row) that holding them costs little.
            let drivers = report.drivers.count <= Self.driversAheadLimit ? JSONReport.DriversAhead(report) : nil
            renderers.insert({
                do throws(InputErrors) {
                    try destination.write("report.json") { sink in JSONReport.write(report, to: sink, ahead: drivers) }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
                return []
            }, at: 0)
            if let drivers {
                renderers.insert({
                    drivers.render()
                    return []
                }, at: 1)
            }
        } else if formats.contains(.json), self.destination != nil {
            renderers.append { [("report.json", JSONReport.render(report))] }
        }
        let jobs = renderers
        let done = concurrentMap(jobs.count) { index -> (kept: [(String, String)], written: Int) in
            let rendered = jobs[index]()
            guard let destination else { return (rendered, 0) }
            do throws(InputErrors) {
                for (name, contents) in rendered { try destination.write(contents, as: name) }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
            return ([], rendered.count)
        }
        clock.lap("render")
        if let error = failure.withLock({ $0 }) { throw error }
        // Left to the caller, in the order people read them: scorecard, tables, JSON, rejections.
        let files = done.flatMap(\.kept).sorted { Self.order($0.0) < Self.order($1.0) }
        var outcome = Outcome(
            report: report, files: files, warnings: folder.warnings + warnings, includesJSON: formats.contains(.json), timings: clock.laps)
        outcome.written = done.map(\.written).reduce(0, +) + (formats.contains(.json) && destination != nil ? 1 : 0)
        return outcome
    }

    /// Every file a run may write, in the order people read them: scorecard, tables, JSON, rejections.
    static let fileNames = ["index.html", "scorecard.txt", "scorecard.html"] + CSVTables.tables.map(\.name) + ["report.json", "rejected.csv"]
    /// What reading and analysis leave for the privacy stage.
    private struct Analysed {
        var results: Results
        var counts: RowCounts
        var rejections: [Rejection]
        var warnings: [Diagnostic]
        /// Every community of every wave (`--since` or not).
        var communities: [String]
    }

    /// Reads the responses and analyses the waves asked for. Throws when a file cannot be read,
    /// or `since` or `focusWave` names no wave.
    private func readAndAnalyse(_ clock: inout StageClock) throws(InputErrors) -> Analysed {
        var reader = ResponseReader(survey: folder.survey, workers: workers, minimumChunk: minimumChunk)
        reader.progress = progress
        reader.blockSize = blockSize
        for file in folder.responseFiles {
            reader.read(path: file.path, name: file.name)
        }
        guard reader.errors.isEmpty else { throw InputErrors(reader.errors) }
        clock.lap("read")
        let allWaves = folder.survey.ordered(waves: reader.tally.groups.map(\.wave))
        if let problem = folder.waveCountProblem(allWaves.count) { throw InputErrors([problem]) }
        let known = allWaves.isEmpty ? "there are no responses" : "the waves are " + allWaves.joined(separator: ", ")
        if let since, !allWaves.contains(since) {
            throw InputErrors([.error(at: Location(file: "--since"), "no responses in wave \(Redactor.quote(since)) (\(known))")])
        }
        // Privacy first decides, from counts, whom each dimension's figures count.
        let coverage = CoverageRule.coverage(of: reader.tally, minimum: folder.survey.minimumGroupSize)
        let results = Results(survey: folder.survey, tally: reader.tally, coverage: coverage, since: since)
        clock.lap("analyse")
        if let focusWave, !results.waves.contains(where: { $0.name == focusWave }) {
            let reason = allWaves.contains(focusWave) ? "it comes before --since \(since ?? "")" : known
            throw InputErrors([.error(at: Location(file: "--wave"), "no responses in wave \(Redactor.quote(focusWave)) (\(reason))")])
        }
        return Analysed(
            results: results, counts: reader.counts, rejections: reader.rejections, warnings: reader.warnings,
            communities: Array(Set(reader.tally.groups.compactMap(\.community))))
    }

    /// Up to how many key-driver rows report.json renders ahead, in memory (about 60 MB).
    static let driversAheadLimit = 200_000

    /// The folder of the community pages.
    static let pagesFolder = "communities"

    private static func order(_ name: String) -> Int {
        // The community pages come after the organisation's scorecards.
        name.hasPrefix(pagesFolder + "/") ? 3 : fileNames.firstIndex(of: name).map { $0 < 3 ? $0 : $0 + 1 } ?? fileNames.count + 1
    }

    /// A usage error (exit 2) for a `--community` that names no community of the focus wave.
    private func checkCommunities(_ pages: CommunityPages) throws(InputErrors) {
        guard let communities else { return }
        let known = Set(pages.communities)
        let unknown = communities.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        let wave = pages.report.focusWave.map { " in \($0)" } ?? ""
        let list = pages.communities.isEmpty ? "there are none" : "the communities\(wave) are " + pages.communities.map { Redactor.quote($0) }.joined(separator: ", ")
        throw InputErrors(
            unknown.map { .error(at: Location(file: "--community"), "no community \(Redactor.quote($0))\(wave) (\(list))") }, exitCode: 2)
    }

    /// The community pages the formats ask for, in batches spread over the cores; a withheld
    /// community gets none (index.html says why).
    private func pageRenderers(_ pages: CommunityPages) -> [@Sendable () -> [(String, String)]] {
        guard formats.contains(.text) || formats.contains(.html) else { return [] }
        let names = (communities ?? pages.communities).filter { pages.withheld($0) == nil }
        let (text, html) = (formats.contains(.text), formats.contains(.html))
        let batch = max(1, names.count / 16 + 1)
        return stride(from: 0, to: names.count, by: batch).map { start in
            let chunk = Array(names[start..<min(start + batch, names.count)])
            return {
                chunk.flatMap { name -> [(String, String)] in
                    guard let page = pages.page(name) else { return [] }
                    let base = "\(Self.pagesFolder)/\(page.slug)"
                    return (text ? [(base + ".txt", TextCommunityPage.render(page))] : [])
                        + (html ? [(base + ".html", HTMLCommunityPage.render(page))] : [])
                }
            }
        }
    }
}

/// Wall time per stage, from a monotonic clock.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [(stage: String, seconds: Double)] = []

    mutating func lap(_ stage: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((stage, Double(now - last) / 1e9))
        last = now
    }
}
