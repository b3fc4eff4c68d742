/// A JSON value with its keys in the order given, written deterministically.
indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null

    static func == (a: JSONValue, b: JSONValue) -> Bool { a.text() == b.text() }


    /// Optional numbers: `null` when absent.
    static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    static func integer(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }
    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// Pretty-printed with two spaces; numbers with up to 6 decimals, trailing zeros dropped.
    func text() -> String {
        var output = ""
        write(to: &output, indent: "")
        return output
    }

    /// Appends to one growing string, so writing takes time in proportion to the output.
    func write(to output: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return output += "{}" }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += inner
                Self.quote(key, to: &output)
                output += ": "
                value.write(to: &output, indent: inner)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        case .array(let elements):
            guard !elements.isEmpty else { return output += "[]" }
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                element.write(to: &output, indent: inner)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .string(let text): Self.quote(text, to: &output)
        case .number(let value):
            guard value.isFinite else { return output += "null" }
            var text = decimal(value, places: 6)
            if text.contains(".") {
                while text.last == "0" { text.removeLast() }
                if text.last == "." { text.removeLast() }
            }
            output += text == "-0" ? "0" : text
        case .integer(let value): output += String(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }

    static func quote(_ text: String) -> String {
        var output = ""
        quote(text, to: &output)
        return output
    }

    static func quote(_ text: String, to output: inout String) {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) else {
            output += "\""
            output += text
            output += "\""
            return
        }
        output += quoted(text)
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
