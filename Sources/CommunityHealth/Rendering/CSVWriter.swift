/// Builds RFC 4180 text a spreadsheet opens safely: fields with commas, quotes or line breaks
/// are quoted, and text a spreadsheet would run as a formula gets a leading `'`.
struct CSVWriter {
    private(set) var text = ""
    /// Whether text cells get the leading `'` that stops a spreadsheet running them (reports: yes; data: no).
    let guardsFormulas: Bool

    init(header: [String], guardsFormulas: Bool = true) {
        self.guardsFormulas = guardsFormulas
        row(header.map { .text($0) })
    }

    enum Cell {
        /// Written as it stands: numbers from our own formatting.
        case number(String)
        /// Text from the survey or the data: formula-guarded and quoted when needed.
        case text(String)
    }

    mutating func row(_ cells: [Cell]) {
        text += cells.map { cell in
            switch cell {
            case .number(let value): value
            case .text(let value): Self.escape(value, guardingFormulas: guardsFormulas)
            }
        }.joined(separator: ",")
        text += "\n"
    }

    /// One record, with its line break.
    static func line(_ values: [String], guardingFormulas: Bool) -> String {
        values.map { escape($0, guardingFormulas: guardingFormulas) }.joined(separator: ",") + "\n"
    }

    static func escape(_ value: String, guardingFormulas: Bool = true) -> String {
        var value = value
        if guardingFormulas, let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        if value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + value.replacing("\"", with: "\"\"") + "\""
        }
        return value
    }
}
