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
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || (quotes && ($0 == 0x22 || $0 == 0x27)) || $0 < 0x20 }) else {
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
