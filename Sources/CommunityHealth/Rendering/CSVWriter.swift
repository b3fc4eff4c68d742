/// Builds RFC 4180 text a spreadsheet opens safely: fields with commas, quotes or line breaks
/// are quoted, and text a spreadsheet would run as a formula gets a leading `'`. Written as
/// UTF-8 bytes, cell by cell, with no intermediate strings per row.
struct CSVWriter {
    private let buffer = ByteBuffer(capacity: 64 << 10)
    /// Whether the next cell starts a row (no delimiter before it).
    private var atRowStart = true
    /// Whether text cells get the leading `'` that stops a spreadsheet running them (reports: yes; data: no).
    let guardsFormulas: Bool

    init(header: [String], guardsFormulas: Bool = true) {
        self.init(guardsFormulas: guardsFormulas)
        row(header.map { .text($0) })
    }

    private init(guardsFormulas: Bool) {
        self.guardsFormulas = guardsFormulas
    }

    var text: String { String(decoding: buffer.bytes, as: UTF8.self) }

    /// How many bytes are written and not yet drained.
    var byteCount: Int { buffer.count }

    /// Hands what is written so far to `sink` and forgets it (for writing a large table in pieces).
    mutating func drain(to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        sink(buffer.bytes)
        buffer.removeAll()
    }

    enum Cell {
        /// Written as it stands: numbers from our own formatting.
        case number(String)
        /// Text from the survey or the data: formula-guarded and quoted when needed.
        case text(String)
    }

    mutating func row(_ cells: [Cell]) {
        for cell in cells {
            switch cell {
            case .number(let value): raw(value)
            case .text(let value): text(value)
            }
        }
        endRow()
    }

    // Cell by cell, for tables of many rows: no arrays or strings per row.

    /// Text from the survey or the data: formula-guarded and quoted when needed.
    mutating func text(_ value: String) {
        startCell()
        Self.append(value, guardingFormulas: guardsFormulas, to: buffer)
    }

    /// A number with `places` decimals; empty when absent.
    mutating func number(_ value: Double?, places: Int = 2) {
        startCell()
        if let value { appendDecimal(value, places: places, to: buffer) }
    }

    /// A whole number; empty when absent.
    mutating func count(_ value: Int?) {
        startCell()
        if let value { appendInteger(value, to: buffer) }
    }

    /// Our own text, written as it stands.
    mutating func raw(_ value: String) {
        startCell()
        buffer.append(value)
    }

    /// Cells with nothing in them.
    mutating func empty(_ count: Int) {
        for _ in 0..<count { startCell() }
    }

    mutating func endRow() {
        buffer.append(UInt8(ascii: "\n"))
        atRowStart = true
    }

    private mutating func startCell() {
        if !atRowStart { buffer.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    /// One record, with its line break.
    static func line(_ values: [String], guardingFormulas: Bool) -> String {
        var writer = CSVWriter(guardsFormulas: guardingFormulas)
        writer.row(values.map { .text($0) })
        return writer.text
    }

    static func escape(_ value: String, guardingFormulas: Bool = true) -> String {
        let bytes = ByteBuffer(capacity: value.utf8.count + 8)
        append(value, guardingFormulas: guardingFormulas, to: bytes)
        return String(decoding: bytes.bytes, as: UTF8.self)
    }

    /// A first character that makes a spreadsheet run a cell as a formula.
    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): true
        default: false
        }
    }

    private static func append(_ value: String, guardingFormulas: Bool, to bytes: ByteBuffer) {
        var value = value
        value.withUTF8 { utf8 in
            let guarded = guardingFormulas && utf8.first.map(Self.startsFormula) == true
            var needsQuotes = false
            for byte in utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
            if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
            if guarded { bytes.append(UInt8(ascii: "'")) }
            if needsQuotes {
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                    bytes.append(byte)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(utf8)
            }
        }
    }
}
