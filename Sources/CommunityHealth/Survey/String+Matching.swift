extension String {
    /// The text without leading and trailing spaces, tabs or line breaks.
    var trimmingSpaces: String {
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
