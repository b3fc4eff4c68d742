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
        // By bytes: every character escaped is ASCII, and no byte of a longer character is.
        var result: [UInt8] = []
        result.reserveCapacity(value.utf8.count + 32)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): result += "&amp;".utf8
            case UInt8(ascii: "<"): result += "&lt;".utf8
            case UInt8(ascii: ">"): result += "&gt;".utf8
            case UInt8(ascii: "\"") where quotes: result += "&quot;".utf8
            case UInt8(ascii: "'") where quotes: result += "&#39;".utf8
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"): result.append(UInt8(ascii: " "))
            case ..<0x20: break  // not allowed in XML
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
