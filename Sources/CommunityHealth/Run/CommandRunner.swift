import Foundation

/// Carries out a `Command`: the library side of the executable. It reads and writes the files
/// the command names, and returns what to print and the exit status instead of printing.
public struct CommandRunner {
    public enum Message: Sendable, Equatable, CustomStringConvertible {
        case diagnostic(Diagnostic)
        case note(String)

        public var description: String {
            switch self {
            case .diagnostic(let diagnostic): diagnostic.description
            case .note(let text): Redactor.terminalSafe(text)
            }
        }
    }

    public struct Execution: Sendable {
        /// For standard output.
        public var output = ""
        /// For standard error, in order.
        public var messages: [Message] = []
        public var exitCode: Int32 = 0
    }

    /// Where relative paths such as the default `Surveys/` start.
    public var workingDirectory: String
    /// How the printed scorecard may draw on the user's terminal.
    public var terminal: TextStyle
    /// How long a report waits for another run writing the same report folder to finish.
    public var lockWait: Double = 30
    /// Told, from any thread, of the bytes and rows just read out of `totalBytes`; nil for no progress.
    public var progress: (@Sendable (_ bytes: Int, _ rows: Int, _ totalBytes: Int) -> Void)?

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath, terminal: TextStyle = TextStyle()) {
        self.workingDirectory = workingDirectory
        self.terminal = terminal
    }

    /// The progress callback for reading a folder's response files.
    private func progress(for folder: SurveyFolder) -> (@Sendable (Int, Int) -> Void)? {
        guard let progress else { return nil }
        let total = folder.responseFiles.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0)
        }
        return { bytes, rows in progress(bytes, rows, total) }
    }

    public func run(_ command: Command) -> Execution {
        switch command {
        case .help(let topic): Execution(output: HelpText.text(for: topic) + "\n")
        case .version: Execution(output: "cophealth \(HelpText.version)\n")
        case .report(let options): report(options)
        case .validate(let folder): validate(folder)
        case .generate(let options): generate(options)
        case .importExports(let options): importExports(options)
        }
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : SurveyFolder.join(workingDirectory, path)
    }

    /// Survey folders under `Surveys/`, by name.
    private func bundledFolders() -> [String] {
        let root = resolve("Surveys")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().map { "Surveys/" + $0 }
            .filter { FileManager.default.fileExists(atPath: SurveyFolder.join(resolve($0), "survey.json")) }
    }

    func report(_ options: ReportOptions) -> Execution {
        var execution = Execution()
        let folders = options.surveyFolders.isEmpty ? bundledFolders() : options.surveyFolders
        if folders.isEmpty {
            execution.messages.append(.diagnostic(.error(at: Location(file: "Surveys"), "no survey folders here (each needs a survey.json)")))
            execution.exitCode = 1
            return execution
        }
        for folderPath in folders {
            do {
                let folder = try SurveyFolder(path: resolve(folderPath), displayPath: folderPath)
                let target = SurveyFolder.join(options.outputFolder, folder.survey.id)
                let reports = try ReportFolder(path: resolve(target), shownPath: target, wait: lockWait)
                var job = ReportJob(folder: folder, formats: options.formats, focusWave: options.focusWave, since: options.since)
                job.communities = options.communities.isEmpty ? nil : options.communities
                job.progress = progress(for: folder)
                // Each file is written as soon as it is rendered; report.json streams.
                job.destination = reports.staged
                let outcome = try job.run()
                execution.messages += outcome.warnings.map { .diagnostic(relative($0)) }
                let counts = outcome.report.counts
                if counts.read == 0, reports.holdsReports {
                    execution.messages.append(
                        .diagnostic(.warning(at: Location(file: target), "no response rows were read, so the reports here from an earlier run are kept")))
                    continue
                }
                var clock = StageClock()
                for file in outcome.files {
                    try reports.staged.write(file.contents, as: file.name)
                }
                try reports.commit()
                clock.lap("write")
                var style = terminal
                if options.ascii { style.unicode = false }
                if !options.communities.isEmpty {
                    // The leads' own pages, in the order asked for.
                    let pages = CommunityPages(outcome.report)
                    for name in options.communities {
                        guard let page = pages.page(name) else { continue }
                        if !execution.output.isEmpty { execution.output += "\n" }
                        execution.output += TextCommunityPage.render(page, style: style)
                    }
                } else if options.formats.contains(.text) {
                    if !execution.output.isEmpty { execution.output += "\n" }
                    execution.output += TextScorecard.render(outcome.report, style: style)
                }
                var line = "\(folder.survey.id): read \(counts.read), used \(counts.used), rejected \(counts.rejected)"
                line += " → \(outcome.files.count + outcome.written) files in \(target)/"
                execution.messages.append(.note(line))
                if options.timings {
                    let stages = (outcome.timings + clock.laps).map { "\($0.stage) \(decimal($0.seconds, places: 3)) s" }
                    execution.messages.append(.note("\(folder.survey.id): " + stages.joined(separator: ", ")))
                }
                if counts.rejected > 0 {
                    execution.messages.append(.note("\(folder.survey.id): see \(target)/rejected.csv for why \(counts.rejected == 1 ? "a row was" : "rows were") not used"))
                }
            } catch {
                execution.messages += error.diagnostics.map { .diagnostic(relative($0)) }
                execution.exitCode = max(execution.exitCode, error.exitCode)
            }
        }
        return execution
    }

    func validate(_ folderPath: String) -> Execution {
        var execution = Execution()
        do {
            let folder = try SurveyFolder(path: resolve(folderPath), displayPath: folderPath)
            var reader = ResponseReader(survey: folder.survey)
            reader.progress = progress(for: folder)
            for file in folder.responseFiles { reader.read(path: file.path, name: file.name) }
            let waves = Set(reader.tally.groups.map(\.wave)).count
            let tooMany = folder.waveCountProblem(waves).map { [$0] } ?? []
            execution.messages += (folder.warnings + reader.warnings + reader.errors + tooMany).map { .diagnostic(relative($0)) }
            let shownLimit = 50
            for rejection in reader.rejections.prefix(shownLimit) {
                execution.messages.append(.diagnostic(relative(.error(at: rejection.location, rejection.reason))))
            }
            if reader.rejections.count > shownLimit {
                execution.messages.append(.note("… and \(reader.rejections.count - shownLimit) more rejected rows"))
            }
            let counts = reader.counts
            execution.messages.append(
                .note("\(folder.survey.id): \(folder.responseFiles.count) response file\(folder.responseFiles.count == 1 ? "" : "s"); read \(counts.read), used \(counts.used), rejected \(counts.rejected)"))
            if !reader.errors.isEmpty || !tooMany.isEmpty || counts.rejected > 0 { execution.exitCode = 1 }
        } catch {
            execution.messages += error.diagnostics.map { .diagnostic(relative($0)) }
            execution.exitCode = 1
        }
        return execution
    }

    func importExports(_ options: ImportOptions) -> Execution {
        var execution = Execution()
        var output: ImportOutput?
        do {
            let folder = try SurveyFolder(path: resolve(options.surveyFolder), displayPath: options.surveyFolder)
            let responses = SurveyFolder.join(options.surveyFolder, "responses")
            let written = ImportOutput(folder: resolve(responses), header: Importer.header(for: folder.survey))
            output = written
            let leftovers = written.removeLeftovers()
            if leftovers > 0 {
                execution.messages.append(.note("removed \(leftovers) temporary file\(leftovers == 1 ? "" : "s") left in \(responses)/ by interrupted imports"))
            }
            let outcome = try Importer.run(survey: folder.survey, files: options.files.map { ($0, resolve($0)) }, options: options, output: written)
            execution.messages += outcome.notes.map { .note($0) } + outcome.warnings.map { .diagnostic($0) }
            let targets = outcome.files.map { (SurveyFolder.join(responses, $0.wave + ".csv"), $0) }
            if !options.replace, !options.dryRun {
                let existing = targets.filter { FileManager.default.fileExists(atPath: resolve($0.0)) }
                guard existing.isEmpty else {
                    throw InputErrors(existing.map { .error(at: Location(file: $0.0), "already exists: give --replace to overwrite it") })
                }
            }
            for (path, file) in targets {
                if options.dryRun {
                    unlink(file.temporaryPath)
                } else if rename(file.temporaryPath, resolve(path)) != 0 {
                    throw InputErrors([.error(at: Location(file: path), "cannot write: \(String(cString: strerror(errno)))")])
                }
                execution.messages.append(.note("\(options.dryRun ? "would write" : "wrote") \(path) (\(file.rows) respondent\(file.rows == 1 ? "" : "s"))"))
            }
            var summary = "read \(outcome.read), imported \(outcome.imported)"
            if outcome.leftOutIncomplete > 0 { summary += ", left out \(outcome.leftOutIncomplete) incomplete (--keep-incomplete keeps them)" }
            if outcome.leftOutPreviews > 0 { summary += ", left out \(outcome.leftOutPreviews) preview or test (--keep-previews keeps them)" }
            execution.messages.append(.note(summary))
        } catch let errors as InputErrors {
            output?.discard()
            execution.messages += errors.diagnostics.map { .diagnostic(relative($0)) }
            execution.messages.append(.note("nothing was written"))
            execution.exitCode = 1
        } catch {
            output?.discard()
            execution.messages.append(.diagnostic(.error(at: Location(file: options.surveyFolder), "cannot write the responses: \(error)")))
            execution.exitCode = 1
        }
        return execution
    }

    func generate(_ options: GenerateOptions) -> Execution {
        var execution = Execution()
        do throws(InputErrors) {
            let folder = try SurveyFolder(path: resolve(options.surveyFolder), displayPath: options.surveyFolder)
            let generator = try SampleGenerator(folder: folder, options: options)
            let outputFolder = options.outputFolder ?? SurveyFolder.join(options.surveyFolder, "responses")
            try Folder.make(resolve(outputFolder), shownAs: outputFolder, for: "responses")
            var writer = generator.waveWriter()
            for wave in generator.scenario.waves {
                let path = SurveyFolder.join(outputFolder, wave + ".csv")
                var rows = 0
                do throws(AtomicFile.Failure) {
                    try AtomicFile.write(to: resolve(path)) { sink in rows = writer.writeNextWave(to: sink) }
                } catch {
                    throw InputErrors([.error(at: Location(file: path), "cannot write: \(error.reason)")])
                }
                execution.messages.append(.note("wrote \(path) (\(rows) respondents)"))
            }
        } catch {
            execution.messages += error.diagnostics.map { .diagnostic(relative($0)) }
            execution.exitCode = 1
        }
        return execution
    }

    /// Shows paths under the working directory as relative, as the user typed them.
    private func relative(_ diagnostic: Diagnostic) -> Diagnostic {
        var diagnostic = diagnostic
        let prefix = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        if diagnostic.location.file.hasPrefix(prefix) { diagnostic.location.file.removeFirst(prefix.count) }
        return diagnostic
    }
}
