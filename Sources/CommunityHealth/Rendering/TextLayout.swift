/// Fixed-width text helpers for terminal output (characters count as one column each).
enum TextLayout {
    static func left(_ text: String, _ width: Int) -> String {
        let fitted = truncate(text, width)
        return fitted + String(repeating: " ", count: max(0, width - columns(fitted)))
    }

    static func right(_ text: String, _ width: Int) -> String {
        let fitted = truncate(text, width)
        return String(repeating: " ", count: max(0, width - columns(fitted))) + fitted
    }

    static func truncate(_ text: String, _ width: Int) -> String {
        columns(text) <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    /// Columns `text` takes: one per character (plain ASCII counted by its bytes, which is quicker).
    static func columns(_ text: some StringProtocol) -> Int {
        let utf8 = text.utf8
        return utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) ? utf8.count : text.count
    }

    /// Words of `text` in lines of at most `width` characters, each after `indent`. Words are
    /// split at ASCII white space, by bytes (no grapheme breaking: the pages wrap thousands of
    /// lines); a no-break space stays inside its word, as it should.
    static func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> [String] {
        var lines: [String] = []
        var line = firstIndent ?? indent
        var lineColumns = columns(line)
        var lineHasWord = false
        for bytes in text.utf8.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) }) {
            let word = Substring(bytes)
            let wordColumns = columns(word)
            if lineHasWord, lineColumns + 1 + wordColumns > width {
                lines.append(line)
                (line, lineColumns, lineHasWord) = (indent, columns(indent), false)
            }
            if lineHasWord {
                line += " "
                lineColumns += 1
            }
            line += word
            lineColumns += wordColumns
            lineHasWord = true
        }
        if lineHasWord { lines.append(line) }
        return lines
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        // By bytes: a space is one byte in UTF-8 and never part of another character.
        guard let last = utf8.lastIndex(where: { $0 != UInt8(ascii: " ") }) else { return "" }
        return String(self[..<utf8.index(after: last)])
    }
}
