/// Reads an export's records block by block, whatever its encoding, so memory does not grow
/// with the file: the encoding from a byte-order mark (else UTF-8 if the whole file is valid
/// UTF-8, else Windows-1252), the delimiter from the first line unless given.
struct ExportReader {
    let file: ChunkFile
    let name: String
    let encoding: SourceEncoding
    let delimiter: UInt8
    private let bomLength: Int
    static let blockSize = 1 << 20

    init(path: String, name: String, delimiter: UInt8?) throws(InputErrors) {
        let file: ChunkFile
        do { file = try ChunkFile(path: path) } catch { throw InputErrors([.error(at: Location(file: name), error.reason)]) }
        self.file = file
        self.name = name
        let head = file.read(at: 0, count: min(file.size, 4))
        if head.starts(with: utf8ByteOrderMark) {
            (encoding, bomLength) = (.utf8WithBOM, 3)
        } else if head.starts(with: [0xFF, 0xFE]) {
            (encoding, bomLength) = (.utf16LittleEndian, 2)
        } else if head.starts(with: [0xFE, 0xFF]) {
            (encoding, bomLength) = (.utf16BigEndian, 2)
        } else {
            (encoding, bomLength) = (Self.isUTF8(file) ? .utf8 : .windows1252, 0)
        }
        var firstBlock = TextDecoder(encoding)
        let start = firstBlock.decode(file.read(at: bomLength, count: min(Self.blockSize, file.size - bomLength)), isLast: true)
        self.delimiter = delimiter ?? sniffDelimiter(start)
    }

    func close() {
        file.close()
    }

    /// Whether the whole file is valid UTF-8, checked block by block.
    private static func isUTF8(_ file: ChunkFile) -> Bool {
        var offset = 0
        var carried: [UInt8] = []
        while offset < file.size {
            var block = carried
            block += file.read(at: offset, count: min(blockSize, file.size - offset))
            offset += blockSize
            // Hold back a sequence cut by the end of the block.
            var end = block.count
            if offset < file.size {
                var back = 0
                while back < 3, end - back - 1 >= 0, block[end - back - 1] & 0xC0 == 0x80 { back += 1 }
                if end - back - 1 >= 0, block[end - back - 1] >= 0xC0 { end = end - back - 1 }
            }
            let valid = block.withUnsafeBufferPointer { isValidUTF8($0, 0..<end) }
            guard valid else { return false }
            carried = Array(block[end...])
        }
        return carried.isEmpty
    }

    /// Calls `body` with each record in order, until it returns false. Throws at text that
    /// cannot be read or a quote still open at the end (often a file cut short).
    func forEachRecord(_ body: (CSVRecord) -> Bool) throws(InputErrors) {
        var scanner = CSVScanner(delimiter: delimiter)
        var decoder = TextDecoder(encoding)
        var offset = bomLength
        var stopped = false
        var problem: Diagnostic?
        func accept(_ event: CSVScanner.Event) {
            guard !stopped else { return }
            switch event {
            case .record(let record): stopped = !body(record)
            case .unterminatedQuote(let line, let column):
                problem = .error(at: Location(file: name, line: line, column: column), "a quote opened here is never closed: is the file cut short?")
                stopped = true
            }
        }
        do throws(CSVScanner.InvalidText) {
            while offset < file.size, !stopped {
                let count = min(Self.blockSize, file.size - offset)
                let text = decoder.decode(file.read(at: offset, count: count), isLast: offset + count >= file.size)
                offset += count
                try text.withUnsafeBufferPointer { (buffer) throws(CSVScanner.InvalidText) in try scanner.scan(buffer, emit: accept) }
            }
            if !stopped { try scanner.finish(emit: accept) }
        } catch {
            throw InputErrors([.error(at: Location(file: name, line: error.line, column: error.column), "cannot be read as text")])
        }
        if let problem { throw InputErrors([problem]) }
    }
}

/// Turns blocks of an export's bytes into UTF-8, carrying what a block boundary cuts.
struct TextDecoder {
    let encoding: SourceEncoding
    private var pending: [UInt8] = []

    init(_ encoding: SourceEncoding) {
        self.encoding = encoding
    }

    mutating func decode(_ block: [UInt8], isLast: Bool) -> [UInt8] {
        switch encoding {
        case .utf8, .utf8WithBOM:
            return block
        case .windows1252:
            return windows1252ToUTF8(block)
        case .utf16LittleEndian, .utf16BigEndian:
            var bytes = pending + block
            pending = []
            if !isLast {
                // Keep an odd byte, and a high surrogate whose pair is in the next block.
                if bytes.count % 2 == 1 { pending = [bytes.removeLast()] }
                if bytes.count >= 2 {
                    let (a, b) = (UInt16(bytes[bytes.count - 2]), UInt16(bytes[bytes.count - 1]))
                    let unit = encoding == .utf16BigEndian ? a << 8 | b : b << 8 | a
                    if (0xD800..<0xDC00).contains(unit) { pending = Array(bytes.suffix(2)) + pending; bytes.removeLast(2) }
                }
            }
            let mark: [UInt8] = encoding == .utf16BigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            return decodeExport(mark + bytes).utf8
        }
    }
}
