import Foundation

/// Reads response files into a `Tally`, block by block, so memory does not grow with rows.
/// Row problems become rejections; file problems (cannot read, not UTF-8, no header, missing
/// columns) are collected as errors naming the file, and so are community and wave names that
/// hold personal data (`NameRefusal`: one error per kind of problem and file, with a count).
///
/// A large file is split at record boundaries into one chunk per core; each chunk is read by its
/// own worker into its own tally, and the tallies are added up. Because the sums are integers,
/// the result is the same, to the last bit, as reading the file in one piece.
public struct ResponseReader {
    public let survey: Survey
    public private(set) var tally: Tally
    public private(set) var rejections: [Rejection] = []
    public private(set) var errors: [Diagnostic] = []
    public private(set) var warnings: [Diagnostic] = []
    public private(set) var read = 0
    public private(set) var used = 0
    /// How many workers a large file is split across (default: the active cores).
    public var workers: Int
    /// Files smaller than this are read in one piece.
    public var minimumChunk: Int
    /// Called from any thread with the bytes and rows just read.
    public var progress: (@Sendable (_ bytes: Int, _ rows: Int) -> Void)?

    static let blockSize = 2 << 20
    /// How many bytes a worker reads at a time (tests make it tiny, so records straddle blocks).
    public var blockSize = ResponseReader.blockSize

    public init(survey: Survey, workers: Int? = nil, minimumChunk: Int = 8 << 20) {
        self.survey = survey
        tally = Tally(layout: TallyLayout(survey: survey))
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.minimumChunk = max(1, minimumChunk)
    }

    public var counts: RowCounts { RowCounts(read: read, used: used) }

    /// Reads one response file; `name` is how messages refer to it.
    public mutating func read(path: String, name: String) {
        if Redactor.holdsControlCharacters(name) {
            errors.append(.error(at: Location(file: name), "the file's name holds a control character or terminal escape sequence: rename it"))
            return
        }
        let file: ChunkFile
        do {
            file = try ChunkFile(path: path)
        } catch {
            errors.append(.error(at: Location(file: name), error.reason))
            return
        }
        defer { file.close() }
        let fileWave = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        let head = file.read(at: 0, count: min(file.size, 1 << 20))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            errors.append(.error(at: Location(file: name), "is UTF-16 text: save it as UTF-8 CSV (or use 'cophealth import')"))
            return
        }
        let bom = head.starts(with: utf8ByteOrderMark) ? 3 : 0
        guard let header = Self.header(file: file, from: bom, name: name) else {
            errors.append(.error(at: Location(file: name), "is empty: a response file needs at least a header row"))
            return
        }
        let decoder: ResponseDecoder
        switch header.record {
        case .failure(let problem):
            errors.append(problem.diagnostic)
            return
        case .success(let record):
            do {
                decoder = try ResponseDecoder(survey: survey, header: record, file: name, fileWave: fileWave)
            } catch {
                errors += error.diagnostics
                return
            }
        }
        warnings += decoder.warnings
        progress?(header.end, 0)

        let plan = ChunkPlan(file: file, start: header.end, workers: file.size - header.end >= 2 * minimumChunk ? workers : 1)
        var outcomes = read(file, plan: plan, decoder: decoder, firstLine: header.nextLine, name: name)
        if outcomes.contains(where: { $0.endedInsideRecord }) {
            // A boundary was not a record boundary after all (stray quotes): read it in one piece.
            outcomes = read(file, plan: ChunkPlan(file: file, start: header.end, workers: 1), decoder: decoder, firstLine: header.nextLine, name: name)
        }
        var line = header.nextLine
        var refusals = NameRefusals()
        defer { errors += refusals.diagnostics }
        for index in outcomes.indices {
            // Each worker's tally is merged and let go, so at most one extra is alive at a time.
            let outcome = outcomes[index]
            outcomes[index].tally = Tally(layout: tally.layout)
            if tally.groups.isEmpty { tally = outcome.tally } else { tally.merge(outcome.tally) }
            rejections += outcome.rejections.map { rejection in
                var shifted = rejection
                shifted.location.line = rejection.location.line.map { $0 + line - 1 }
                return shifted
            }
            for refusal in outcome.refusals.all {
                var shifted = refusal
                shifted.location.line = refusal.location.line.map { $0 + line - 1 }
                refusals.add(shifted)
            }
            read += outcome.read
            used += outcome.used
            // An error stops the reading: what came before it is counted (however many workers
            // read the file, the same rows), and nothing after.
            if let error = outcome.error {
                var shifted = error
                shifted.location.line = error.location.line.map { $0 + line - 1 }
                errors.append(shifted)
                return
            }
            line += outcome.lines
        }
    }

    /// Reads each chunk of the plan on a worker of its own.
    private func read(_ file: ChunkFile, plan: ChunkPlan, decoder: ResponseDecoder, firstLine: Int, name: String) -> [ChunkOutcome] {
        let layout = tally.layout
        let progress = self.progress
        let blockSize = self.blockSize
        return concurrentMap(plan.ranges.count) { index in
            var worker = ChunkWorker(layout: layout, decoder: decoder, name: name, blockSize: blockSize, progress: progress)
            return worker.read(file, plan.ranges[index], isLast: index == plan.ranges.count - 1)
        }
    }

    /// The header record and where the data start, or nil for a file of nothing but blank lines.
    private static func header(file: ChunkFile, from start: Int, name: String) -> (record: Result<CSVRecord, RecordProblem>, end: Int, nextLine: Int)? {
        var offset = start
        var carried: [UInt8] = []
        while true {
            let block = file.read(at: offset, count: blockSize)
            let isFinal = offset + block.count >= file.size
            carried += block
            let step: (RecordScanner.Step, Int, Int) = carried.withUnsafeBufferPointer { buffer in
                var scanner = RecordScanner(bytes: buffer, delimiter: UInt8(ascii: ","), isFinal: isFinal, line: 1)
                let step = scanner.next()
                return (step, scanner.position, scanner.line)
            }
            switch step.0 {
            case .end: return nil
            case .needMore:
                if isFinal { return nil }
                offset += block.count
            case .unterminated(let recordStart, let line):
                let record = Self.slowRecord(Array(carried[recordStart...]), line: line, name: name)
                return (record, start + carried.count, line + 1)
            case .record(let record):
                let slow = Self.slowRecord(Array(carried[record.start..<record.end]), line: record.line, name: name)
                return (slow, start + step.1, step.2)
            }
        }
    }

    /// A record read the careful way, with `CSVScanner`, placed at `line`.
    static func slowRecord(_ bytes: [UInt8], line: Int, name: String) -> Result<CSVRecord, RecordProblem> {
        do {
            let events = try CSVScanner.records(in: bytes)
            guard case .record(var record)? = events.first else {
                if case .unterminatedQuote(let quoteLine, let column)? = events.first {
                    return .failure(.unterminatedQuote(
                        .error(at: Location(file: name, line: quoteLine + line - 1, column: column), "a quote opened here is never closed: the rest of the file could not be read")))
                }
                return .failure(.unreadable(.error(at: Location(file: name, line: line), "is empty: a response file needs at least a header row")))
            }
            record.line += line - 1
            return .success(record)
        } catch {
            return .failure(.unreadable(
                .error(
                    at: Location(file: name, line: error.line + line - 1, column: error.column),
                    "is not UTF-8 text: save it as UTF-8 CSV (or use 'cophealth import', which reads other encodings)")))
        }
    }
}

/// Why a record could not be read the careful way.
enum RecordProblem: Error {
    /// A quote opened where the diagnostic says is never closed: one bad row, or (when its field
    /// runs over later lines) lost rows.
    case unterminatedQuote(Diagnostic)
    /// Bytes that are not UTF-8, or no record at all: the file cannot be read on.
    case unreadable(Diagnostic)

    var diagnostic: Diagnostic {
        switch self {
        case .unterminatedQuote(let diagnostic), .unreadable(let diagnostic): diagnostic
        }
    }
}
