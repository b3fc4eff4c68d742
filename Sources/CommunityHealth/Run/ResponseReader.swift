import Dispatch
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
            errors.append(problem)
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
            if let error = outcome.error {
                var shifted = error
                shifted.location.line = error.location.line.map { $0 + line - 1 }
                errors.append(shifted)
                return
            }
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
            line += outcome.lines
        }
    }

    /// Reads each chunk of the plan on a worker of its own.
    private func read(_ file: ChunkFile, plan: ChunkPlan, decoder: ResponseDecoder, firstLine: Int, name: String) -> [ChunkOutcome] {
        let results = ChunkResults(count: plan.ranges.count)
        let layout = tally.layout
        let progress = self.progress
        let blockSize = self.blockSize
        DispatchQueue.concurrentPerform(iterations: plan.ranges.count) { index in
            var worker = ChunkWorker(layout: layout, decoder: decoder, name: name, blockSize: blockSize, progress: progress)
            results.set(index, worker.read(file, plan.ranges[index], isLast: index == plan.ranges.count - 1))
        }
        return results.all
    }

    /// The header record and where the data start, or nil for a file of nothing but blank lines.
    private static func header(file: ChunkFile, from start: Int, name: String) -> (record: Result<CSVRecord, Diagnostic>, end: Int, nextLine: Int)? {
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
    static func slowRecord(_ bytes: [UInt8], line: Int, name: String) -> Result<CSVRecord, Diagnostic> {
        do {
            let events = try CSVScanner.records(in: bytes)
            guard case .record(var record)? = events.first else {
                if case .unterminatedQuote(let quoteLine, let column)? = events.first {
                    return .failure(.error(at: Location(file: name, line: quoteLine + line - 1, column: column), "a quote opened here is never closed: the rest of the file could not be read"))
                }
                return .failure(.error(at: Location(file: name, line: line), "is empty: a response file needs at least a header row"))
            }
            record.line += line - 1
            return .success(record)
        } catch {
            return .failure(
                .error(
                    at: Location(file: name, line: error.line + line - 1, column: error.column),
                    "is not UTF-8 text: save it as UTF-8 CSV (or use 'cophealth import', which reads other encodings)"))
        }
    }
}

/// What one worker found in its chunk; lines are counted from the chunk's first line.
struct ChunkOutcome: Sendable {
    var tally: Tally
    var rejections: [Rejection] = []
    /// Names that refuse the run; their rows are read but not used.
    var refusals = NameRefusals()
    var error: Diagnostic?
    var read = 0
    var used = 0
    /// Line breaks in the chunk.
    var lines = 0
    /// The chunk's end fell inside a record: its boundary was wrong.
    var endedInsideRecord = false
}

/// Collects the workers' outcomes.
private final class ChunkResults: @unchecked Sendable {
    private var outcomes: [ChunkOutcome?]
    private let lock = NSLock()

    init(count: Int) {
        outcomes = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ outcome: ChunkOutcome) {
        lock.withLock { outcomes[index] = outcome }
    }

    var all: [ChunkOutcome] { lock.withLock { outcomes.compactMap { $0 } } }
}

/// Reads one chunk, block by block: `RowParser` first, `RecordScanner` and `ResponseDecoder` for
/// any record it declines.
struct ChunkWorker {
    var outcome: ChunkOutcome
    var decoder: ResponseDecoder
    var parser: RowParser
    let name: String
    let blockSize: Int
    let progress: (@Sendable (Int, Int) -> Void)?
    /// Tally slot by wave number and community number.
    private var slots: [[Int]] = []
    private var answers: [Int]

    init(layout: TallyLayout, decoder: ResponseDecoder, name: String, blockSize: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        outcome = ChunkOutcome(tally: Tally(layout: layout))
        self.decoder = decoder
        parser = RowParser(decoder)
        self.name = name
        self.blockSize = max(1, blockSize)
        self.progress = progress
        answers = Array(repeating: ResponseRow.noAnswer, count: decoder.questionCount)
    }

    mutating func read(_ file: ChunkFile, _ range: Range<Int>, isLast: Bool) -> ChunkOutcome {
        var offset = range.lowerBound
        var line = 1
        // One buffer for the whole chunk: what the last block left unfinished, then the next block.
        let buffer = ByteBuffer(capacity: blockSize + (64 << 10))
        while offset < range.upperBound || buffer.count > 0 {
            let rowsBefore = outcome.read
            let count = file.append(at: offset, count: min(blockSize, range.upperBound - offset), to: buffer)
            offset += count
            let isFinal = offset >= range.upperBound || count == 0
            var stop = false
            let bytes = buffer.bytes
            var scanner = RecordScanner(bytes: bytes, delimiter: UInt8(ascii: ","), isFinal: isFinal, line: line)
            scanning: while true {
                let parsed = answers.withUnsafeMutableBufferPointer { parser.parse(bytes, at: scanner.position, isFinal: isFinal, into: $0) }
                if let parsed {
                    outcome.read += 1
                    outcome.used += 1
                    let base = slot(wave: parsed.wave, community: parsed.community)
                    answers.withUnsafeBufferPointer { outcome.tally.add(answers: $0, at: base) }
                    scanner.skip(to: parsed.end, lines: parsed.lines)
                    continue
                }
                switch scanner.next() {
                case .record(let record):
                    handleCarefully(record, bytes)
                    if outcome.error != nil {
                        stop = true
                        break scanning
                    }
                case .needMore, .end:
                    break scanning
                case .unterminated(let start, let recordLine):
                    if !isLast {
                        outcome.endedInsideRecord = true
                    } else {
                        unterminated(Array(bytes[start...]), line: recordLine)
                    }
                    stop = true
                    break scanning
                }
            }
            line = scanner.line
            progress?(count, outcome.read - rowsBefore)
            if stop { break }
            buffer.removeFirst(scanner.position)
            if isFinal {
                if buffer.count > 0 { outcome.endedInsideRecord = !isLast }
                break
            }
        }
        outcome.lines = line - 1
        return outcome
    }

    /// A record the parser declined: read by `CSVScanner`, decoded by `ResponseDecoder`.
    private mutating func handleCarefully(_ record: RecordScanner.Record, _ bytes: UnsafeBufferPointer<UInt8>) {
        outcome.read += 1
        switch ResponseReader.slowRecord(Array(bytes[record.start..<record.end]), line: record.line, name: name) {
        case .failure(let error):
            outcome.read -= 1
            outcome.error = error
        case .success(let csvRecord):
            switch decoder.decode(csvRecord) {
            case .success(let row):
                outcome.used += 1
                outcome.tally.add(row)
            case .failure(.rejected(let rejection)):
                outcome.rejections.append(rejection)
            case .failure(.refused(let refusal)):
                outcome.refusals.add(refusal)
            }
        }
    }

    /// The file ends inside a quoted field. Opened in its last line, that is one bad row; opened
    /// earlier, the field swallowed every line after it, rows that are then lost: an error.
    private mutating func unterminated(_ bytes: [UInt8], line: Int) {
        outcome.read += 1
        if case .failure(let problem) = ResponseReader.slowRecord(bytes, line: line, name: name) {
            if problem.message.hasPrefix("a quote") {
                // Line breaks inside the record (not those ending the file), less those before the quote.
                let body = bytes[..<(bytes.lastIndex { $0 != 0x0A && $0 != 0x0D }.map { $0 + 1 } ?? 0)]
                let feeds = body.filter { $0 == 0x0A }.count
                let breaks = feeds > 0 ? feeds : body.filter { $0 == 0x0D }.count
                let swallowed = breaks - ((problem.location.line ?? line) - line)
                if swallowed > 0 {
                    outcome.read -= 1
                    outcome.error = .error(
                        at: problem.location,
                        "a quote opened here is never closed, so its field runs over the \(swallowed) line\(swallowed == 1 ? "" : "s") after it to the end of the file and their rows are lost: close the quote (or double a quote meant inside the field)")
                } else {
                    outcome.rejections.append(Rejection(at: problem.location, problem.message))
                }
            } else {
                outcome.read -= 1
                outcome.error = problem
            }
        }
    }

    private mutating func slot(wave: Int, community: Int) -> Int {
        while slots.count <= wave { slots.append([]) }
        while slots[wave].count <= community { slots[wave].append(-1) }
        if slots[wave][community] < 0 {
            slots[wave][community] = outcome.tally.slot(wave: parser.waveNames[wave], community: parser.communityNames[community])
        }
        return slots[wave][community]
    }
}

/// Where each worker's chunk starts and ends: nominal equal shares, each moved forward to just
/// after the first line break outside quotes (quote parity counted from the data's start).
struct ChunkPlan {
    var ranges: [Range<Int>]

    init(file: ChunkFile, start: Int, workers: Int) {
        let size = file.size
        guard workers > 1, size > start else {
            ranges = [start..<max(start, size)]
            return
        }
        let share = (size - start) / workers
        let nominal = (0...workers).map { $0 == workers ? size : start + $0 * share }
        // Quotes in each share, counted in parallel.
        let counts = QuoteCounts(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { index in
            counts.set(index, file.countQuotes(in: nominal[index]..<nominal[index + 1]))
        }
        var boundaries = [start]
        var quotesBefore = 0
        for index in 1..<workers {
            quotesBefore += counts.value(index - 1)
            let boundary = file.lineBreakOutsideQuotes(from: nominal[index], insideQuotes: quotesBefore % 2 == 1)
            boundaries.append(max(boundaries[boundaries.count - 1], boundary))
        }
        boundaries.append(size)
        ranges = zip(boundaries, boundaries.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
        if ranges.isEmpty { ranges = [start..<size] }
    }
}

private final class QuoteCounts: @unchecked Sendable {
    private var counts: [Int]
    private let lock = NSLock()

    init(count: Int) {
        counts = Array(repeating: 0, count: count)
    }

    func set(_ index: Int, _ value: Int) { lock.withLock { counts[index] = value } }
    func value(_ index: Int) -> Int { lock.withLock { counts[index] } }
}

/// A response file read with `pread`, so workers can read their chunks side by side.
final class ChunkFile: @unchecked Sendable {
    let descriptor: Int32
    let size: Int

    /// Why a file cannot be read, in words for the message after its name.
    struct Unreadable: Error {
        var reason: String
    }

    /// Opens regular files only: a folder, FIFO or device named like a CSV would hang the reader
    /// or block for ever, so it is refused (opened without blocking, checked on the descriptor).
    init(path: String) throws(Unreadable) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Unreadable(reason: Self.describe(errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            Foundation.close(descriptor)
            throw Unreadable(reason: Self.describe(code))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            Foundation.close(descriptor)
            throw Unreadable(reason: "is \(Self.kind(status.st_mode)), not a file: move it away or rename it so that its name does not end in .csv")
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "cannot be read: permission denied (make it readable, for example with chmod a+r)"
        case ELOOP: "is a symbolic link that leads round in a loop: point it at a real file"
        case ENOENT: "is not there (a symbolic link to a file that is gone?)"
        default: "cannot be opened: \(String(cString: strerror(code)))"
        }
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a file"
        case S_IFDIR: "a folder"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    func close() {
        Foundation.close(descriptor)
    }

    /// Reads up to `count` bytes at `offset` onto the end of `buffer`; returns how many.
    func append(at offset: Int, count: Int, to buffer: ByteBuffer) -> Int {
        guard count > 0 else { return 0 }
        var filled = 0
        buffer.appendUpTo(count) { end in
            while filled < count {
                let got = pread(descriptor, end + filled, count - filled, off_t(offset + filled))
                if got <= 0 { break }
                filled += got
            }
            return filled
        }
        return filled
    }

    func read(at offset: Int, count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        buffer.withUnsafeMutableBytes { raw in
            while filled < count {
                let got = pread(descriptor, raw.baseAddress?.advanced(by: filled), count - filled, off_t(offset + filled))
                if got <= 0 { break }
                filled += got
            }
        }
        if filled < count { buffer.removeLast(count - filled) }
        return buffer
    }

    func countQuotes(in range: Range<Int>) -> Int {
        var count = 0
        var offset = range.lowerBound
        let block = ByteBuffer(capacity: ResponseReader.blockSize)
        while offset < range.upperBound {
            block.removeAll()
            let got = append(at: offset, count: min(ResponseReader.blockSize, range.upperBound - offset), to: block)
            if got == 0 { break }
            let bytes = block.bytes
            guard var cursor = bytes.baseAddress else { break }
            let end = cursor + bytes.count
            // memchr jumps from quote to quote.
            while cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "\"")), end - cursor) {
                count += 1
                cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            offset += got
        }
        return count
    }

    /// The offset just after the first line break at or after `offset` that is outside quotes.
    func lineBreakOutsideQuotes(from offset: Int, insideQuotes: Bool) -> Int {
        var quoted = insideQuotes
        var position = offset
        while position < size {
            let block = read(at: position, count: min(1 << 16, size - position))
            if block.isEmpty { break }
            for (index, byte) in block.enumerated() {
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    var end = position + index + 1
                    if byte == UInt8(ascii: "\r"), end < size, read(at: end, count: 1).first == UInt8(ascii: "\n") { end += 1 }
                    return end
                }
            }
            position += block.count
        }
        return size
    }
}
