/// Builds RFC 4180 text a spreadsheet opens safely: fields with commas, quotes or line breaks
/// are quoted, and text a spreadsheet would run as a formula gets a leading `'`. Written as
/// UTF-8 bytes, cell by cell, with no intermediate strings per row.
struct CSVWriter {
    private var bytes: [UInt8] = []
    /// Whether text cells get the leading `'` that stops a spreadsheet running them (reports: yes; data: no).
    let guardsFormulas: Bool

    init(header: [String], guardsFormulas: Bool = true) {
        self.guardsFormulas = guardsFormulas
        row(header.map { .text($0) })
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    enum Cell {
        /// Written as it stands: numbers from our own formatting.
        case number(String)
        /// Text from the survey or the data: formula-guarded and quoted when needed.
        case text(String)
    }

    mutating func row(_ cells: [Cell]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch cell {
            case .number(let value): bytes.append(contentsOf: value.utf8)
            case .text(let value): Self.append(value, guardingFormulas: guardsFormulas, to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// One record, with its line break.
    static func line(_ values: [String], guardingFormulas: Bool) -> String {
        var bytes: [UInt8] = []
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(value, guardingFormulas: guardingFormulas, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func escape(_ value: String, guardingFormulas: Bool = true) -> String {
        var bytes: [UInt8] = []
        append(value, guardingFormulas: guardingFormulas, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A first character that makes a spreadsheet run a cell as a formula.
    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): true
        default: false
        }
    }

    private static func append(_ value: String, guardingFormulas: Bool, to bytes: inout [UInt8]) {
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
                bytes.append(contentsOf: utf8)
            }
        }
    }
}
