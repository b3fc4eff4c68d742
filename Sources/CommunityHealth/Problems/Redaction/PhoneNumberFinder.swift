/// Finds phone numbers: seven or more digits in groups, perhaps after `+` or `(`, the groups
/// joined by up to three of space, `-`, `.`, `/`, `(`, `)` (`+44 20 7946 0958`, `(555) 123-4567`,
/// `555.123.4567`, `030/1234567`). Long digit strings (card and account numbers) are found too: they are no
/// less personal.
///
/// Dates are not phone numbers: groups shaped `2026-03-15`, `15.03.2026` (the same `-`, `.` or
/// `/` twice), spans of years (`2025-2026`) and eight digits reading as a date (`20260315`) end
/// the search there.
///
/// - Complexity: O(n): a try that fails has fewer than seven digits, or is passed over whole.
enum PhoneNumberFinder {
    static let minimumDigits = 7

    static func spans(in text: [Unicode.Scalar]) -> [PersonalDataSpan] {
        var spans: [PersonalDataSpan] = []
        var index = 0
        while index < text.count {
            let scalar = text[index]
            let canStart = ScalarClass.isDigit(scalar) || scalar == "+" || scalar == "("
            if !canStart || (index > 0 && (ScalarClass.isWord(text[index - 1]) || text[index - 1] == "+")) {
                index += 1
                continue
            }
            switch number(text, from: index) {
            case .phone(let range):
                spans.append(PersonalDataSpan(range: range, kind: .phoneNumber))
                index = range.upperBound
            case .notPhone(let resume):
                index = max(index + 1, resume)
            }
        }
        return spans
    }

    enum Outcome: Equatable {
        case phone(Range<Int>)
        /// Not a phone number; the search goes on from here.
        case notPhone(resume: Int)
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isSpace(scalar) || scalar == "-" || scalar == "." || scalar == "(" || scalar == ")" || scalar == "/"
    }

    static func number(_ text: [Unicode.Scalar], from start: Int) -> Outcome {
        var index = start
        if text[index] == "+" { index += 1 }
        if index < text.count, text[index] == "(" { index += 1 }
        var groups: [(range: Range<Int>, joiner: [Unicode.Scalar])] = []
        var joiner: [Unicode.Scalar] = []
        var digits = 0
        while index < text.count {
            let groupStart = index
            while index < text.count, ScalarClass.isDigit(text[index]) { index += 1 }
            guard index > groupStart else { break }
            digits += index - groupStart
            groups.append((groupStart..<index, joiner))
            if let date = dateEnd(text, groups) { return .notPhone(resume: date) }
            // Up to three joining characters, then digits again.
            var next = index
            joiner = []
            while next < text.count, next - index < 3, isJoiner(text[next]) {
                joiner.append(text[next])
                next += 1
            }
            guard next > index, next < text.count, ScalarClass.isDigit(text[next]) else { break }
            index = next
        }
        guard let last = groups.last else { return .notPhone(resume: index) }
        let end = last.range.upperBound
        if end < text.count, ScalarClass.isLetter(text[end]) { return .notPhone(resume: end) }
        guard digits >= minimumDigits else { return .notPhone(resume: end) }
        if groups.count == 1, isCompactDate(text[last.range]) { return .notPhone(resume: end) }
        return .phone(start..<end)
    }

    /// When the first groups are a date (`2026-03-15`, `15.03.2026`, `3/15/2026`) or a span of
    /// years (`2025-2026`, an academic year): where it ends.
    private static func dateEnd(_ text: [Unicode.Scalar], _ groups: [(range: Range<Int>, joiner: [Unicode.Scalar])]) -> Int? {
        if groups.count == 2, ["-", "/"].contains(groups[1].joiner), groups.allSatisfy({ isYear(text[$0.range]) }) {
            return groups[1].range.upperBound
        }
        guard groups.count == 3 else { return nil }
        let lengths = groups.map(\.range.count)
        let first = groups[1].joiner, second = groups[2].joiner
        guard first.count == 1, first == second, ["-", ".", "/"].contains(first[0]) else { return nil }
        let yearFirst = lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2
        let yearLast = lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4
        return yearFirst || yearLast ? groups[2].range.upperBound : nil
    }

    /// Eight digits that read as a date between 1900 and 2099 (`20260315`).
    private static func isCompactDate(_ digits: ArraySlice<Unicode.Scalar>) -> Bool {
        guard digits.count == 8 else { return false }
        let start = digits.startIndex
        guard isYear(digits[start..<start + 4]), let month = number(digits[start + 4..<start + 6]), let day = number(digits[start + 6..<start + 8]) else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// Four digits from 1900 to 2099.
    private static func isYear(_ digits: ArraySlice<Unicode.Scalar>) -> Bool {
        digits.count == 4 && number(digits).map { (1900...2099).contains($0) } == true
    }

    private static func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int? {
        var value = 0
        for scalar in digits {
            guard let digit = ScalarClass.digitValue(scalar) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
