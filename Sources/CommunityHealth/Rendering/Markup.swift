/// Escaping for HTML and SVG written as well-formed XML: element text and attribute values.
enum Markup {
    /// Text between tags: `&`, `<`, `>` escaped.
    static func text(_ value: String) -> String {
        escape(value, quotes: false)
    }

    /// An attribute value in double quotes: also `"` and `'`.
    static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    private static func escape(_ value: String, quotes: Bool) -> String {
        func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && (byte == 0x22 || byte == 0x27)) || byte < 0x20 }
        // Most text needs nothing: checked over its bytes in place (the pages escape every cell).
        guard value.utf8.withContiguousStorageIfAvailable({ $0.contains(where: special) }) ?? value.utf8.contains(where: special) else {
            return value
        }
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            case "\n", "\t": result += " "
            case _ where scalar.value < 0x20: break  // not allowed in XML
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
