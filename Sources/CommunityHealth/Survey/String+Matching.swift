extension String {
    /// The text without leading and trailing spaces, tabs or line breaks.
    var trimmingSpaces: String {
        // Most text starts and ends with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// The form in which labels, options and headers are compared: trimmed, inner runs of
    /// spaces collapsed to one, and lowercased.
    var matchKey: String {
        trimmingSpaces.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
