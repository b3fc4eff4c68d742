/// Text with its control characters and terminal escape sequences taken out, remembering where
/// they were, so the finders see `alice@example.com` even when an escape sequence was put in the
/// middle of it to hide it.
///
/// Taken out: C0 controls (tab and line breaks included), DEL, C1 controls; escape sequences
/// whole: CSI (`ESC [` or U+009B, parameters, final byte), OSC, DCS, SOS, PM and APC strings (to
/// BEL or ST, or the end of the text when unterminated), two-character escapes (`ESC c`) and a
/// lone ESC; bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C); the zero-width space, word joiner and byte-order mark
/// (U+200B, U+2060, U+FEFF); line and paragraph separators (U+2028, U+2029).
///
/// - Complexity: O(n) in the text's scalars.
struct ControlSequences {
    /// The text's scalars, without what was taken out.
    private(set) var scalars: [Unicode.Scalar] = []
    /// For each place in `scalars` and one past the end: whether something was taken out just before it.
    private(set) var removedBefore: [Bool] = []

    var removedAny: Bool { removedBefore.contains(true) }

    init(_ text: String) {
        let input = Array(text.unicodeScalars)
        scalars.reserveCapacity(input.count)
        removedBefore.reserveCapacity(input.count + 1)
        var pending = false
        var index = 0
        while index < input.count {
            let end = Self.endOfControl(input, at: index)
            if end > index {
                pending = true
                index = end
                continue
            }
            scalars.append(input[index])
            removedBefore.append(pending)
            pending = false
            index += 1
        }
        removedBefore.append(pending)
    }

    /// Whether the scalar is one `ControlSequences` takes out on its own (an escape takes its sequence too).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        case 0x200B, 0x2060, 0xFEFF, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Where the control at `index` ends: `index` itself when there is none.
    private static func endOfControl(_ input: [Unicode.Scalar], at index: Int) -> Int {
        let scalar = input[index].value
        switch scalar {
        case 0x1B: return endOfEscape(input, after: index + 1)
        case 0x9B: return endOfCSI(input, from: index + 1)
        case 0x90, 0x98, 0x9D, 0x9E, 0x9F: return endOfString(input, from: index + 1)
        default: return isControl(input[index]) ? index + 1 : index
        }
    }

    /// After `ESC`: `[` starts a CSI; `]`, `P`, `X`, `^`, `_` a string; intermediates then a
    /// final byte make a short escape; anything else leaves a lone ESC.
    private static func endOfEscape(_ input: [Unicode.Scalar], after start: Int) -> Int {
        guard start < input.count else { return start }
        switch input[start].value {
        case 0x5B: return endOfCSI(input, from: start + 1)
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F: return endOfString(input, from: start + 1)
        case 0x20...0x2F:
            var index = start
            while index < input.count, (0x20...0x2F).contains(input[index].value) { index += 1 }
            if index < input.count, (0x30...0x7E).contains(input[index].value) { index += 1 }
            return index
        case 0x30...0x7E: return start + 1
        default: return start
        }
    }

    /// Parameter bytes, intermediate bytes, then the final byte (when there is one).
    private static func endOfCSI(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < input.count, (0x30...0x3F).contains(input[index].value) { index += 1 }
        while index < input.count, (0x20...0x2F).contains(input[index].value) { index += 1 }
        if index < input.count, (0x40...0x7E).contains(input[index].value) { index += 1 }
        return index
    }

    /// To BEL, ST (`ESC \` or U+009C) or the end of the text.
    private static func endOfString(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < input.count {
            switch input[index].value {
            case 0x07, 0x9C: return index + 1
            case 0x1B where index + 1 < input.count && input[index + 1] == "\\": return index + 2
            default: index += 1
            }
        }
        return index
    }
}
