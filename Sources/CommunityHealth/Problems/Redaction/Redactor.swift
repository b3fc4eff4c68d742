/// The one way text quoted from a user's input reaches a message, a rejection reason, a warning
/// or an output file: e-mail addresses, IP addresses and phone numbers give way to `[e-mail]`,
/// `[ip]` and `[phone]`, and each run of control characters and terminal escape sequences to
/// one `�` (U+FFFD) — see `EmailAddressFinder`, `IPAddressFinder`, `PhoneNumberFinder` and
/// `ControlSequences` for what each finds.
///
/// Names are another matter: a community or wave that `personalData(in:)` finds anything in is
/// refused, not redacted (`NameRefusal`).
///
/// - Complexity: O(n) in the text's length, for every function here.
public enum Redactor {
    /// `text` with personal data and control characters replaced by their markers.
    public static func redact(_ text: String) -> String {
        guard mayHoldAnything(text) else { return text }
        let clean = ControlSequences(text)
        let spans = spans(in: clean.scalars)
        // A String, not a UnicodeScalarView: appending a string to the view costs its whole length.
        var output = ""
        var next = 0
        var index = 0
        while index < clean.scalars.count {
            if clean.removedBefore[index] { output.unicodeScalars.append(replacement) }
            if next < spans.count, spans[next].range.lowerBound == index {
                output += spans[next].kind.marker
                index = spans[next].range.upperBound
                next += 1
                continue
            }
            output.unicodeScalars.append(clean.scalars[index])
            index += 1
        }
        if clean.removedBefore[clean.scalars.count] { output.unicodeScalars.append(replacement) }
        return output
    }

    /// `text` as a message quotes it: redacted, cut to `limit` characters (then `…`), in single quotes.
    public static func quote(_ text: String, limit: Int = 40) -> String {
        let redacted = redact(text)
        return redacted.count > limit ? "'\(redacted.prefix(limit))…'" : "'\(redacted)'"
    }

    /// What makes `text` unfit to name a community or wave: a control character, then a whole
    /// e-mail address, an IP address, a phone number; nil when it holds none.
    public static func personalData(in text: String) -> PersonalData? {
        guard mayHoldAnything(text) else { return nil }
        let clean = ControlSequences(text)
        if clean.removedAny { return .controlCharacter }
        let kinds = Set(spans(in: clean.scalars).filter(\.complete).map(\.kind))
        return PersonalData.allCases.first(where: kinds.contains)
    }

    /// Whether `text` holds a control character, escape sequence or direction override.
    public static func holdsControlCharacters(_ text: String) -> Bool {
        text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) && ControlSequences(text).removedAny
    }

    /// `text` for a terminal: only control characters and escape sequences are replaced (by `�`);
    /// all else, numbers and at-signs included, stays as it is.
    public static func terminalSafe(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return text }
        let clean = ControlSequences(text)
        guard clean.removedAny else { return text }
        var output = ""
        for (index, scalar) in clean.scalars.enumerated() {
            if clean.removedBefore[index] { output.unicodeScalars.append(replacement) }
            output.unicodeScalars.append(scalar)
        }
        if clean.removedBefore[clean.scalars.count] { output.unicodeScalars.append(replacement) }
        return output
    }

    private static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// The finders' spans, sorted, overlapping ones merged (an e-mail address wins over an IP
    /// address, which wins over a phone number: `192.168.0.1` is an address, not a number).
    static func spans(in scalars: [Unicode.Scalar]) -> [PersonalDataSpan] {
        let found = EmailAddressFinder.spans(in: scalars) + IPAddressFinder.spans(in: scalars) + PhoneNumberFinder.spans(in: scalars)
        let rank = Dictionary(uniqueKeysWithValues: PersonalData.allCases.enumerated().map { ($1, $0) })
        var merged: [PersonalDataSpan] = []
        for span in found.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard var last = merged.last, span.range.lowerBound < last.range.upperBound else {
                merged.append(span)
                continue
            }
            last.range = last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound)
            if rank[span.kind, default: 0] < rank[last.kind, default: 0] { last.kind = span.kind }
            last.complete = last.complete || span.complete
            merged[merged.count - 1] = last
        }
        return merged
    }

    /// False when a look at the bytes shows nothing to find: printable ASCII with no at-sign,
    /// no digit and no `at` after a space or bracket. Most names and answers stop here.
    private static func mayHoldAnything(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        var afterBreak = true
        for byte in text.utf8 {
            if byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "@") || (byte >= 0x30 && byte <= 0x39) { return true }
            if (byte == UInt8(ascii: "t") || byte == UInt8(ascii: "T")) && (previous == UInt8(ascii: "a") || previous == UInt8(ascii: "A")) && afterBreak {
                return true
            }
            afterBreak = previous == 0x20 || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "(") || previous == UInt8(ascii: "{") || previous == UInt8(ascii: "<")
            previous = byte
        }
        return false
    }
}
