/// A JSON value with its keys in the order given, written deterministically.
indirect enum JSONValue: Sendable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null

    /// Optional numbers: `null` when absent.
    static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    static func integer(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }
    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}

/// JSON text as UTF-8 bytes: two spaces per level, keys in the order given, numbers with at
/// most six decimals. Bytes rather than a `String`, so that writing costs time in proportion
/// to the output and nothing per value beyond its digits.
struct JSONOutput {
    let bytes: ByteBuffer
    /// Within `beginObject` … `endObject`: whether no member has been written yet, and their depth.
    private var firstMember = true
    private var memberDepth = 0

    init(capacity: Int = 4096) {
        bytes = ByteBuffer(capacity: capacity)
    }

    func raw(_ text: StaticString) {
        bytes.append(text)
    }

    func indent(_ depth: Int) {
        bytes.append(UInt8(ascii: " "), repeating: 2 * depth)
    }

    func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .object(let members):
            guard !members.isEmpty else { return raw("{}") }
            raw("{\n")
            for index in members.indices {
                indent(depth + 1)
                string(members[index].0)
                raw(": ")
                write(members[index].1, depth: depth + 1)
                raw(index == members.count - 1 ? "\n" : ",\n")
            }
            indent(depth)
            raw("}")
        case .array(let elements):
            guard !elements.isEmpty else { return raw("[]") }
            raw("[\n")
            for index in elements.indices {
                indent(depth + 1)
                write(elements[index], depth: depth + 1)
                raw(index == elements.count - 1 ? "\n" : ",\n")
            }
            indent(depth)
            raw("]")
        case .string(let text): string(text)
        case .number(let value):
            if value.isFinite { appendCompactDecimal(value, maximumPlaces: 6, to: bytes) } else { raw("null") }
        case .integer(let value): appendInteger(value, to: bytes)
        case .bool(let value): raw(value ? "true" : "false")
        case .null: raw("null")
        }
    }

    /// Starts a one-level object whose members follow, one `member` call each.
    mutating func beginObject(depth: Int) {
        firstMember = true
        memberDepth = depth + 1
    }

    /// One member of the object begun last; `key` is our own plain ASCII.
    mutating func member(_ key: StaticString, _ value: JSONValue) {
        raw(firstMember ? "{\n" : ",\n")
        firstMember = false
        indent(memberDepth)
        bytes.append(UInt8(ascii: "\""))
        raw(key)
        raw("\": ")
        write(value, depth: memberDepth)
    }

    mutating func endObject() {
        if firstMember { return raw("{}") }
        bytes.append(UInt8(ascii: "\n"))
        indent(memberDepth - 1)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A string, quoted, with JSON's escapes (and U+2028, U+2029 escaped for JavaScript readers).
    func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 { return false }
            bytes.append(utf8)
            return true
        }
        if !plain { escape(text) }
        bytes.append(UInt8(ascii: "\""))
    }

    private func escape(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\n": raw("\\n")
            case "\r": raw("\\r")
            case "\t": raw("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                bytes.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }
}
