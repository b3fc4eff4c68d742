/// One record of a CSV file: its fields, the line it starts on, and the column of each field.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    /// The column (in characters, from 1) where each field starts.
    public var columns: [Int]

    public init(line: Int, fields: [String], columns: [Int]) {
        self.line = line
        self.fields = fields
        self.columns = columns
    }
}

/// A byte-level RFC 4180 reader, fed in blocks of any size, that knows nothing of surveys.
///
/// Fields may be quoted, with `""` for a quote inside and line breaks inside quotes; records end
/// at LF, CRLF or CR. Lines that hold nothing at all are skipped. A quote inside an unquoted
/// field, or text after a closing quote, is kept as it stands (as spreadsheets do). Feed the
/// bytes after any byte-order mark.
public struct CSVScanner: Sendable {
    public enum Event: Sendable, Equatable {
        case record(CSVRecord)
        /// A quote opened at this place was still open at the end of the input: the record that
        /// began on `line` could not be read.
        case unterminatedQuote(line: Int, column: Int)
    }

    public struct InvalidText: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCarriageReturn
    }

    public let delimiter: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fieldIsASCII = true
    private var fields: [String] = []
    private var columns: [Int] = []
    private var line = 1
    private var column = 1
    private var previousWasCarriageReturn = false
    private var recordLine = 1
    private var fieldColumn = 1
    private var quoteLine = 1
    private var quoteColumn = 1
    private var recordHasContent = false

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// Scans the next block, calling `emit` for every record it completes.
    public mutating func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, emit: (Event) throws(InvalidText) -> Void
    ) throws(InvalidText) {
        let quote = UInt8(ascii: "\"")
        let lineFeed = UInt8(ascii: "\n")
        for byte in bytes {
            if state == .afterCarriageReturn {
                state = .fieldStart
                if byte == lineFeed {
                    previousWasCarriageReturn = false
                    continue
                }
            }
            switch state {
            case .fieldStart:
                fieldColumn = column
                if !recordHasContent { recordLine = line }
                if byte == quote {
                    state = .quoted
                    quoteLine = line
                    quoteColumn = column
                    recordHasContent = true
                } else {
                    if byte == delimiter { recordHasContent = true }
                    if try !endsFieldOrRecord(at: byte, emit) {
                        append(byte)
                        state = .unquoted
                    }
                }
            case .unquoted:
                if try !endsFieldOrRecord(at: byte, emit) { append(byte) }
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    append(byte)
                }
            case .quoteInQuoted:
                if byte == quote {
                    append(quote)
                    state = .quoted
                } else if try !endsFieldOrRecord(at: byte, emit) {
                    append(byte)
                    state = .unquoted
                }
            case .afterCarriageReturn:
                break
            }
            advancePosition(over: byte)
        }
    }

    /// Ends the input: completes a last record without a line break, or reports an open quote.
    public mutating func finish(emit: (Event) throws(InvalidText) -> Void) throws(InvalidText) {
        switch state {
        case .quoted:
            try emit(.unterminatedQuote(line: quoteLine, column: quoteColumn))
        case .fieldStart, .afterCarriageReturn:
            if recordHasContent { try endRecord(emit) }
        case .unquoted, .quoteInQuoted:
            try endRecord(emit)
        }
        state = .fieldStart
        field.removeAll()
        fields.removeAll()
        columns.removeAll()
        recordHasContent = false
    }

    /// Outside quotes: a delimiter ends the field, a line break the record. False for other bytes.
    private mutating func endsFieldOrRecord(
        at byte: UInt8, _ emit: (Event) throws(InvalidText) -> Void
    ) throws(InvalidText) -> Bool {
        if byte == delimiter {
            try endField()
            state = .fieldStart
            return true
        }
        guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else { return false }
        try endRecord(emit)
        state = byte == UInt8(ascii: "\r") ? .afterCarriageReturn : .fieldStart
        return true
    }

    private mutating func append(_ byte: UInt8) {
        field.append(byte)
        if byte >= 0x80 { fieldIsASCII = false }
        recordHasContent = true
    }

    private mutating func advancePosition(over byte: UInt8) {
        if byte == UInt8(ascii: "\n") {
            if !previousWasCarriageReturn { line += 1 }
            column = 1
            previousWasCarriageReturn = false
        } else if byte == UInt8(ascii: "\r") {
            line += 1
            column = 1
            previousWasCarriageReturn = true
        } else {
            if byte & 0xC0 != 0x80 { column += 1 }
            previousWasCarriageReturn = false
        }
    }

    private mutating func endField() throws(InvalidText) {
        let text: String
        if fieldIsASCII {
            text = String(decoding: field, as: UTF8.self)
        } else if let decoded = String(validating: field, as: UTF8.self) {
            text = decoded
        } else {
            throw InvalidText(line: recordLine, column: fieldColumn)
        }
        fields.append(text)
        columns.append(fieldColumn)
        field.removeAll(keepingCapacity: true)
        fieldIsASCII = true
    }

    private mutating func endRecord(_ emit: (Event) throws(InvalidText) -> Void) throws(InvalidText) {
        guard recordHasContent else { return }
        try endField()
        let record = CSVRecord(line: recordLine, fields: fields, columns: columns)
        fields.removeAll(keepingCapacity: true)
        columns.removeAll(keepingCapacity: true)
        recordHasContent = false
        try emit(.record(record))
    }
}

extension CSVScanner {
    /// Scans a whole input held in memory: for tests and small files.
    public static func records(in bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws(InvalidText) -> [Event] {
        var scanner = CSVScanner(delimiter: delimiter)
        var events: [Event] = []
        let body = bytes.starts(with: utf8ByteOrderMark) ? Array(bytes.dropFirst(3)) : bytes
        try body.withUnsafeBufferPointer { (buffer) throws(InvalidText) in
            try scanner.scan(buffer) { events.append($0) }
        }
        try scanner.finish { events.append($0) }
        return events
    }
}

extension CSVScanner {
    /// All records of a small file held in memory, or an error at the first place it cannot be
    /// read: text that is not UTF-8, or a quote never closed (often a file cut short).
    public static func table(in bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), file: String) throws(InputErrors) -> [CSVRecord] {
        let events: [Event]
        do {
            events = try records(in: bytes, delimiter: delimiter)
        } catch {
            throw InputErrors([.error(at: Location(file: file, line: error.line, column: error.column), "is not UTF-8 text")])
        }
        return try events.map { (event) throws(InputErrors) -> CSVRecord in
            switch event {
            case .record(let record): return record
            case .unterminatedQuote(let line, let column):
                throw InputErrors([.error(at: Location(file: file, line: line, column: column), "a quote opened here is never closed: is the file cut short?")])
            }
        }
    }
}

/// EF BB BF, which some programs put before UTF-8 text.
public let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
