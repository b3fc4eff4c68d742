/// Names the wave of a timestamp such as `2026-03-15`, `2026-03-15T09:30:00Z` or `2026/3/15 09:30`:
/// `2026-03`, `2026-Q1`, `2026-H1` or `2026`. Nil when the text does not start with a year and month.
public func waveName(ofTimestamp text: String, every interval: Period.Interval) -> String? {
    let scalars = Array(text.trimmingSpaces.unicodeScalars.prefix(8))
    func digits(_ range: Range<Int>) -> Int? {
        guard range.upperBound <= scalars.count else { return nil }
        var value = 0
        for scalar in scalars[range] {
            guard let digit = scalar.properties.numericType == .decimal ? Int(String(scalar)) : nil,
                scalar.isASCII
            else { return nil }
            value = value * 10 + digit
        }
        return value
    }
    guard let year = digits(0..<4), scalars.count > 5, scalars[4] == "-" || scalars[4] == "/" else { return nil }
    let month: Int?
    if let twoDigits = digits(5..<7) {
        month = twoDigits
    } else if let oneDigit = digits(5..<6), scalars.count == 6 || !(scalars[6].properties.numericType != nil) {
        month = oneDigit
    } else {
        month = nil
    }
    guard let month, (1...12).contains(month) else { return nil }
    let yearText = String(year)
    switch interval {
    case .month: return yearText + "-" + (month < 10 ? "0\(month)" : "\(month)")
    case .quarter: return "\(yearText)-Q\((month - 1) / 3 + 1)"
    case .half: return "\(yearText)-H\(month <= 6 ? 1 : 2)"
    case .year: return yearText
    }
}

/// Why `wave` cannot name its response file (`responses/<wave>.csv`), nil when it can: a name that
/// is empty, holds a `/` or starts with `.` would be no file, a file in another folder, or hidden.
public func waveFileNameProblem(_ wave: String) -> String? {
    if wave.isEmpty { return "is empty" }
    if wave.contains("/") || wave.contains("\0") { return "holds '/', so its file would be in another folder" }
    if wave.hasPrefix(".") { return "starts with '.', so its file would be hidden or in another folder" }
    if wave.utf8.count > waveNameLimit { return "is longer than \(waveNameLimit) bytes" }
    return nil
}

/// The longest wave name, in UTF-8 bytes: a wave names a period, and a file.
public let waveNameLimit = 100
