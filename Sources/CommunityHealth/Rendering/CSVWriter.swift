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

    private static func append(_ value: String, guardingFormulas: Bool, to bytes: inout [UInt8]) {
        let utf8 = value.utf8
        let guarded = guardingFormulas && utf8.first.map { "=+-@\t\r".utf8.contains($0) } == true
        guard utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            if guarded { bytes.append(UInt8(ascii: "'")) }
            return bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\""))
        if guarded { bytes.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
