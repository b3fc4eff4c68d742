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

    /// Appends to one growing string, so writing takes time in proportion to the output.
    func write(to output: inout String, indent: String) {
        write(to: &output, depth: indent.count / 2)
    }

    private static let indents: [String] = (0...16).map { String(repeating: "  ", count: $0) }

    fileprivate static func indent(_ depth: Int) -> String {
        depth < indents.count ? indents[depth] : String(repeating: "  ", count: depth)
    }

    fileprivate func write(to output: inout String, depth: Int) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return output += "{}" }
            output += "{\n"
            let inner = Self.indent(depth + 1)
            for index in members.indices {
                output += inner
                Self.quote(members[index].0, to: &output)
                output += ": "
                members[index].1.write(to: &output, depth: depth + 1)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += Self.indent(depth)
            output += "}"
        case .array(let elements):
            guard !elements.isEmpty else { return output += "[]" }
            output += "[\n"
            let inner = Self.indent(depth + 1)
            for index in elements.indices {
                output += inner
                elements[index].write(to: &output, depth: depth + 1)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += Self.indent(depth)
            output += "]"
        case .string(let text): Self.quote(text, to: &output)
        case .number(let value): output += value.isFinite ? compactDecimal(value, maximumPlaces: 6) : "null"
        case .integer(let value): output += String(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// Writes an object's members straight into the output, without building the object first.
    struct ObjectWriter {
        private var first = true
        private let inner: String

        init(depth: Int) {
            inner = JSONValue.indent(depth + 1)
        }

        mutating func add(_ key: String, _ value: JSONValue, to output: inout String) {
            output += first ? "{\n" : ",\n"
            first = false
            output += inner
            output += "\""
            output += key  // keys are our own, plain ASCII
            output += "\": "
            value.write(to: &output, depth: 0)
        }

        func close(to output: inout String, depth: Int) {
            output += first ? "{}" : "\n" + JSONValue.indent(depth) + "}"
        }
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
