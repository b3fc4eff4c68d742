import Foundation

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
    private var slots = GroupSlots()
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
        case .failure(let problem):
            outcome.read -= 1
            outcome.error = problem.diagnostic
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
        switch ResponseReader.slowRecord(bytes, line: line, name: name) {
        case .success:
            return
        case .failure(.unreadable(let problem)):
            outcome.read -= 1
            outcome.error = problem
        case .failure(.unterminatedQuote(let problem)):
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
        }
    }

    private mutating func slot(wave: Int, community: Int) -> Int {
        slots.slot(wave: wave, community: community) {
            outcome.tally.slot(wave: parser.waveNames[wave], community: parser.communityNames[community])
        }
    }
}
