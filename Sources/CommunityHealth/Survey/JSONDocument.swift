/// A JSON value that remembers where it stood in its file, so a survey definition's mistakes
/// can be reported at their line and column. Objects keep their keys in file order.
struct JSONNode: Sendable {
    indirect enum Value: Sendable {
        case object([(key: String, node: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    var value: Value
    var line: Int
    var column: Int

    var kindName: String {
        switch value {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// A key given twice in one object. JSON readers disagree on which value wins (this parser's
/// readers take the first, Python and jq the last), so a survey definition may not have one.
struct JSONDuplicateKey: Sendable, Equatable {
    var key: String
    /// The object's JSON path (`scales.agree5`), empty for the top level.
    var path: String
    var first: (line: Int, column: Int)
    var second: (line: Int, column: Int)

    static func == (a: JSONDuplicateKey, b: JSONDuplicateKey) -> Bool {
        a.key == b.key && a.path == b.path && a.first == b.first && a.second == b.second
    }
}

struct JSONSyntaxError: Error, Sendable, Equatable {
    var line: Int
    var column: Int
    var message: String
}

/// A small RFC 8259 parser over UTF-8 bytes. It notes every key given twice in an object.
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    /// The JSON path of the value being parsed, one piece per level (`scales`, `.agree5`, `[2]`).
    private var path: [String] = []
    private var duplicateKeys: [JSONDuplicateKey] = []

    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (root: JSONNode, duplicateKeys: [JSONDuplicateKey]) {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let node = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error("unexpected text after the end of the JSON value")
        }
        return (node, parser.duplicateKeys)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, message: message)
    }

    private mutating func advance() {
        guard let byte = current else { return }
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            advance()
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard current == byte else { throw error("expected \(what)") }
        advance()
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        let startLine = line
        let startColumn = column
        func node(_ value: JSONNode.Value) -> JSONNode {
            JSONNode(value: value, line: startLine, column: startColumn)
        }
        guard let byte = current else { throw error("unexpected end of file, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return node(try parseObject())
        case UInt8(ascii: "["): return node(try parseArray())
        case UInt8(ascii: "\""): return node(.string(try parseString()))
        case UInt8(ascii: "t"): try parseLiteral("true"); return node(.bool(true))
        case UInt8(ascii: "f"): try parseLiteral("false"); return node(.bool(false))
        case UInt8(ascii: "n"): try parseLiteral("null"); return node(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return node(.number(try parseNumber()))
        default: throw error("unexpected character, expected a value")
        }
    }

    private mutating func nested() throws(JSONSyntaxError) {
        depth += 1
        if depth > 200 { throw error("nesting is too deep") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONNode.Value {
        try nested()
        defer { depth -= 1 }
        advance()
        var members: [(key: String, node: JSONNode)] = []
        var keyPlaces: [String: (line: Int, column: Int)] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let place = (line: line, column: column)
            let key = try parseString()
            if let first = keyPlaces[key] {
                duplicateKeys.append(JSONDuplicateKey(key: key, path: path.joined(), first: first, second: place))
            } else {
                keyPlaces[key] = place
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            path.append(path.isEmpty ? key : "." + key)
            members.append((key, try parseValue()))
            path.removeLast()
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return .object(members)
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONNode.Value {
        try nested()
        defer { depth -= 1 }
        advance()
        var elements: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            return .array(elements)
        }
        while true {
            skipWhitespace()
            path.append("[\(elements.count)]")
            elements.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return .array(elements)
        }
    }

    private mutating func parseLiteral(_ word: String) throws(JSONSyntaxError) {
        for byte in word.utf8 {
            guard current == byte else { throw error("unexpected character, expected a value") }
            advance()
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if current == UInt8(ascii: "-") { advance() }
        guard isDigit(current) else { throw error("expected a digit") }
        while isDigit(current) { advance() }
        if current == UInt8(ascii: ".") {
            advance()
            guard isDigit(current) else { throw error("expected a digit after '.'") }
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard isDigit(current) else { throw error("expected a digit in the exponent") }
            while isDigit(current) { advance() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text) else { throw error("number out of range") }
        return value
    }

    /// A string's text, gathered as UTF-8 bytes (escapes encoded in place) and decoded once: linear
    /// in its length, however many escapes it holds.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        advance()
        var bytes: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                advance()
                bytes.append(contentsOf: UTF8.encode(try parseEscape())!)
            case 0x00..<0x20:
                throw error("control character in a string (write it as an escape such as \\n)")
            default:
                bytes.append(byte)
                advance()
            }
        }
    }

    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated string") }
        advance()
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\") else { throw error("lone surrogate in \\u escape") }
                advance()
                guard current == UInt8(ascii: "u") else { throw error("lone surrogate in \\u escape") }
                advance()
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                else { throw error("invalid surrogate pair in \\u escape") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("invalid \\u escape") }
            return scalar
        default:
            throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw error("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            advance()
        }
        return value
    }
}
