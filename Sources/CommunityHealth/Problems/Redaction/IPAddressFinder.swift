/// Finds IP addresses: IPv4 (`192.0.2.17`, each part 0–255) and IPv6 (`2001:db8::1`,
/// `::ffff:192.0.2.1`, `fe80::1%eth0`), standing apart from the words around them.
/// `09:30:00` is a time, not an address: IPv6 needs eight groups, or fewer with one `::`.
///
/// - Complexity: O(n): a try starts only where a run of address characters starts, and a run
///   that is no address is passed over whole.
enum IPAddressFinder {
    static func spans(in text: [Unicode.Scalar]) -> [PersonalDataSpan] {
        var spans: [PersonalDataSpan] = []
        var index = 0
        while index < text.count {
            let previous = index > 0 ? text[index - 1] : nil
            if let previous, ScalarClass.isWord(previous) || previous == ":" || ScalarClass.isDot(previous) {
                index += 1
                continue
            }
            if let end = ipv6(text, from: index) ?? ipv4(text, from: index) {
                spans.append(PersonalDataSpan(range: index..<end, kind: .ipAddress))
                index = end
            } else {
                index = max(index + 1, runEnd(text, from: index))
            }
        }
        return spans
    }

    private static func isRunCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isASCIIHex(scalar) || ScalarClass.isDigit(scalar) || scalar == ":" || ScalarClass.isDot(scalar)
    }

    private static func runEnd(_ text: [Unicode.Scalar], from start: Int) -> Int {
        var end = start
        while end < text.count, isRunCharacter(text[end]) { end += 1 }
        return end
    }

    /// Whether what follows `end` lets an address end there: not a letter or digit, nor a dot
    /// (or, for IPv6, a colon) going on to one. An IPv4 address may have a `:port`.
    private static func endsCleanly(_ text: [Unicode.Scalar], at end: Int, portAllowed: Bool) -> Bool {
        guard end < text.count else { return true }
        let next = text[end]
        if ScalarClass.isWord(next) { return false }
        if ScalarClass.isDot(next) || (next == ":" && !portAllowed) {
            return end + 1 >= text.count || !ScalarClass.isWord(text[end + 1])
        }
        return true
    }

    /// Four parts of 1–3 digits, each at most 255, joined by dots: the end, or nil.
    static func ipv4(_ text: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        for part in 0..<4 {
            if part > 0 {
                guard index < text.count, ScalarClass.isDot(text[index]) else { return nil }
                index += 1
            }
            var value = 0
            let partStart = index
            while index < text.count, index - partStart < 4, let digit = ScalarClass.digitValue(text[index]) {
                value = value * 10 + digit
                index += 1
            }
            guard index > partStart, index - partStart <= 3, value <= 255 else { return nil }
        }
        return endsCleanly(text, at: index, portAllowed: true) ? index : nil
    }

    /// Groups of 1–4 hex digits joined by `:`, at most one `::`, perhaps an IPv4 address as the
    /// last two groups and a `%zone`: the end, or nil.
    static func ipv6(_ text: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var groups = 0
        var colons = 0
        var compressed = false
        var end = start
        while index < text.count {
            // An embedded IPv4 address ends the address.
            if groups < 7, groups > 0 || compressed, let v4End = ipv4(text, from: index), colons > 0 {
                groups += 2
                index = v4End
                end = index
                break
            }
            var digits = 0
            while index < text.count, digits < 5, text[index].isASCII, ScalarClass.isASCIIHex(text[index]) {
                digits += 1
                index += 1
            }
            if digits > 4 { return nil }
            if digits > 0 {
                groups += 1
                end = index
            }
            guard index < text.count, text[index] == ":" else { break }
            if index + 1 < text.count, text[index + 1] == ":" {
                if compressed { return nil }
                compressed = true
                colons += 2
                index += 2
                end = index
            } else {
                // A single colon must have a group after it.
                guard index + 1 < text.count, ScalarClass.isASCIIHex(text[index + 1]) else { break }
                if digits == 0 { return nil }
                colons += 1
                index += 1
            }
        }
        guard colons >= 2, groups >= 1, compressed ? groups <= 7 : groups == 8 else { return nil }
        if end < text.count, text[end] == "%" {
            var zoneEnd = end + 1
            while zoneEnd < text.count, ScalarClass.isWord(text[zoneEnd]) { zoneEnd += 1 }
            if zoneEnd > end + 1 { end = zoneEnd }
        }
        return endsCleanly(text, at: end, portAllowed: false) ? end : nil
    }
}
