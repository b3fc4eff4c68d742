/// Finds e-mail addresses: `name@host.tld` with `@`, full-width `＠` or small `﹫` (and `．` or
/// `。` for dots), and the spelled-out forms `name at host dot tld`, `name [at] host [dot] tld`,
/// `name(at)host(dot)tld` (any case; `{}` and `<>` brackets too).
///
/// An at-sign with a word on one side only (`@frontend`, `alice@`) is found as an incomplete
/// address: redacted in quotes, but not a reason to refuse a name. A spelled-out `at` needs a
/// host with at least one dot and a last part with a letter, so `meet at 10.30` is no address.
///
/// - Complexity: O(n): each at-sign or spelled `at` looks at the words beside it only, up to
///   the next at-sign or `at`.
enum EmailAddressFinder {
    static func spans(in text: [Unicode.Scalar]) -> [PersonalDataSpan] {
        var spans: [PersonalDataSpan] = []
        // Nothing left of here belongs to a later address (so left scans never overlap).
        var floor = 0
        var index = 0
        while index < text.count {
            if ScalarClass.isAtSign(text[index]), let span = symbolAddress(text, at: index, floor: floor) {
                spans.append(span)
                floor = span.range.upperBound
                index = span.range.upperBound
            } else if let separator = spelledAt(text, at: index), let span = spelledAddress(text, separator: separator, floor: floor) {
                spans.append(span)
                floor = span.range.upperBound
                index = span.range.upperBound
            } else {
                if ScalarClass.isAtSign(text[index]) { floor = index + 1 }
                index += 1
            }
        }
        return spans
    }

    /// Letters, digits and `. _ % + - '` (and full-width dots) may make up the part before the at-sign.
    private static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isWord(scalar) || ScalarClass.isDot(scalar) || "_%+-'".unicodeScalars.contains(scalar)
    }

    /// Letters, digits, `-` and `_` make up one part of a host name.
    private static func isLabel(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isWord(scalar) || scalar == "-" || scalar == "_"
    }

    /// The start of the run of local characters that ends at `end`, no further left than `floor`.
    private static func localStart(_ text: [Unicode.Scalar], endingAt end: Int, floor: Int) -> Int {
        var start = end
        while start > floor, isLocal(text[start - 1]) { start -= 1 }
        return start
    }

    /// `name@host`, `name@host.tld`, `name @ host.tld`, or a fragment `@host` / `name@`.
    private static func symbolAddress(_ text: [Unicode.Scalar], at index: Int, floor: Int) -> PersonalDataSpan? {
        let start = localStart(text, endingAt: index, floor: floor)
        let host = host(text, from: index + 1)
        if start < index || host.end > index + 1 {
            return PersonalDataSpan(range: start..<max(index + 1, host.end), kind: .emailAddress, complete: start < index && host.end > index + 1)
        }
        // `name @ host.tld`: spaces around the at-sign, accepted when the host has a dotted name.
        var before = index
        while before > floor, ScalarClass.isSpace(text[before - 1]) { before -= 1 }
        var after = index + 1
        while after < text.count, ScalarClass.isSpace(text[after]) { after += 1 }
        guard before < index, after > index + 1 else { return nil }
        let spacedStart = localStart(text, endingAt: before, floor: floor)
        let spacedHost = self.host(text, from: after)
        guard spacedStart < before, spacedHost.dotted else { return nil }
        return PersonalDataSpan(range: spacedStart..<spacedHost.end, kind: .emailAddress)
    }

    /// A spelled `at` starting at `index` (a space or an opening bracket): the range of the
    /// separator with the spaces around it.
    private static func spelledAt(_ text: [Unicode.Scalar], at index: Int) -> Range<Int>? {
        // Only where a run of spaces starts (or at a bracket), so no run of spaces is walked twice.
        if ScalarClass.isSpace(text[index]), index > 0, ScalarClass.isSpace(text[index - 1]) { return nil }
        return spelledWord(text, at: index, word: "at")
    }

    /// ` word `, or `[word]`, `(word)`, `{word}`, `<word>` with optional spaces around, any case,
    /// starting at `index`; the range includes the spaces.
    private static func spelledWord(_ text: [Unicode.Scalar], at index: Int, word: String) -> Range<Int>? {
        let letters = Array(word.unicodeScalars)
        func matches(_ position: Int) -> Bool {
            guard position + letters.count <= text.count else { return false }
            for (offset, letter) in letters.enumerated() {
                let scalar = text[position + offset]
                guard scalar == letter || (scalar.isASCII && scalar.value == letter.value - 32) else { return false }
            }
            return true
        }
        var position = index
        while position < text.count, ScalarClass.isSpace(text[position]) { position += 1 }
        let spacesBefore = position > index
        guard position < text.count else { return nil }
        let closing: Unicode.Scalar?
        switch text[position] {
        case "[": closing = "]"
        case "(": closing = ")"
        case "{": closing = "}"
        case "<": closing = ">"
        default: closing = nil
        }
        if let closing {
            guard matches(position + 1), position + 1 + letters.count < text.count, text[position + 1 + letters.count] == closing else { return nil }
            var end = position + letters.count + 2
            while end < text.count, ScalarClass.isSpace(text[end]) { end += 1 }
            return index..<end
        }
        guard spacesBefore, matches(position) else { return nil }
        var end = position + letters.count
        guard end < text.count, ScalarClass.isSpace(text[end]) else { return nil }
        while end < text.count, ScalarClass.isSpace(text[end]) { end += 1 }
        return index..<end
    }

    /// `name at host dot tld` and its bracketed forms.
    private static func spelledAddress(_ text: [Unicode.Scalar], separator: Range<Int>, floor: Int) -> PersonalDataSpan? {
        let start = localStart(text, endingAt: separator.lowerBound, floor: floor)
        guard start < separator.lowerBound else { return nil }
        let host = host(text, from: separator.upperBound)
        guard host.dotted else { return nil }
        return PersonalDataSpan(range: start..<host.end, kind: .emailAddress)
    }

    /// The host after an at-sign: parts joined by dots (`.`, `．`, `。`) or spelled dots
    /// (` dot `, `[dot]`, `(dot)`). `end` is just after the last part that keeps it a host;
    /// `dotted` says whether that took a dot and ends in a part with a letter.
    private static func host(_ text: [Unicode.Scalar], from start: Int) -> (end: Int, dotted: Bool) {
        var index = start
        while index < text.count, isLabel(text[index]) { index += 1 }
        var end = index
        var dotted = false
        while index < text.count {
            var next: Int
            if ScalarClass.isDot(text[index]) {
                next = index + 1
            } else if let spelled = spelledWord(text, at: index, word: "dot") {
                next = spelled.upperBound
            } else {
                break
            }
            let partStart = next
            var hasLetter = false
            while next < text.count, isLabel(text[next]) {
                if ScalarClass.isLetter(text[next]) { hasLetter = true }
                next += 1
            }
            guard next > partStart else { break }
            index = next
            if hasLetter {
                end = next
                dotted = true
            }
        }
        return (end, dotted)
    }
}
