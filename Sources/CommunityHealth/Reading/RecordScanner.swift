/// Finds where the records of a CSV block start and end, copying nothing, by the rules of
/// `CSVScanner` (quotes, `""`, line breaks in quotes, LF / CRLF / CR, blank lines skipped): the
/// reader's way past a record `RowParser` declined, and the chunk planner's check. Its field
/// loops are the ones `RowParser` reads with.
struct RecordScanner {
    struct Record {
        var start: Int
        /// Just after the record's line break (or the end of the input).
        var end: Int
        /// The line the record starts on.
        var line: Int
    }

    enum Step {
        case record(Record)
        /// No whole record left in this block: feed more bytes, from `position` on.
        case needMore
        /// The input ended inside quotes; the unfinished record starts at `start`, on `line`.
        case unterminated(start: Int, line: Int)
        case end
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    /// Whether the input ends with this block.
    let isFinal: Bool
    private(set) var position: Int
    private(set) var line: Int

    /// Bytes above this are never a delimiter or line break: one comparison for most bytes.
    private let highestSpecial: UInt8

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, isFinal: Bool, line: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.isFinal = isFinal
        position = 0
        self.line = line
        highestSpecial = max(delimiter, UInt8(ascii: "\r"))
    }

    /// Reads a quoted field from just after its opening quote: where its content ends (at the
    /// closing quote) and whether it held `""`, counting its line breaks and OR-ing its bytes
    /// into `high`. Nil when the bytes end first, or end right after a quote that the next block
    /// might double.
    @inline(__always)
    static func quotedContent(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool, high: inout UInt8, lines: inout Int
    ) -> (end: Int, escaped: Bool)? {
        let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let n = bytes.count
        var p = start
        var escaped = false
        var previousWasCR = false
        while true {
            while p < n {
                // Eight bytes at a time up to the next quote or line break.
                let plain = WordScan.plainBytes(bytes, from: p, stoppingAt: quote, lineFeed, carriageReturn, high: &high)
                if plain > 0 {
                    p += plain
                    previousWasCR = false
                    continue
                }
                let byte = bytes[p]
                if byte == quote { break }
                high |= byte
                if byte == lineFeed {
                    if !previousWasCR { lines += 1 }
                    previousWasCR = false
                } else if byte == carriageReturn {
                    lines += 1
                    previousWasCR = true
                } else {
                    previousWasCR = false
                }
                p += 1
            }
            if p >= n || (p + 1 == n && !isFinal) { return nil }
            guard p + 1 < n, bytes[p + 1] == quote else { return (p, escaped) }
            escaped = true
            previousWasCR = false
            p += 2
        }
    }

    /// Where an unquoted field ends: at the delimiter or line break after it, or the end of the bytes.
    @inline(__always)
    static func unquotedEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8, highestSpecial: UInt8, high: inout UInt8) -> Int {
        var p = start + WordScan.plainBytes(bytes, from: start, stoppingAt: delimiter, UInt8(ascii: "\n"), UInt8(ascii: "\r"), high: &high)
        while p < bytes.count {
            let byte = bytes[p]
            if byte <= highestSpecial, byte == delimiter || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            high |= byte
            p += 1
        }
        return p
    }

    /// Moves past a record read by someone else (a `RowParser`), which held `lines` line breaks.
    mutating func skip(to end: Int, lines: Int) {
        position = end
        line += lines
    }

    /// The next record.
    mutating func next() -> Step {
        let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let n = bytes.count
        var p = position
        var ln = line
        // Blank lines are no records.
        while p < n, bytes[p] == lineFeed || bytes[p] == carriageReturn {
            if bytes[p] == carriageReturn {
                if p + 1 == n, !isFinal { break }
                if p + 1 < n, bytes[p + 1] == lineFeed { p += 1 }
            }
            p += 1
            ln += 1
        }
        position = p
        line = ln
        if p >= n { return isFinal ? .end : .needMore }
        if p + 1 == n, bytes[p] == carriageReturn { return .needMore }

        let record = Record(start: p, end: p, line: ln)
        var high: UInt8 = 0
        while true {
            if p < n, bytes[p] == quote {
                guard let (contentEnd, _) = Self.quotedContent(bytes, from: p + 1, isFinal: isFinal, high: &high, lines: &ln) else {
                    return isFinal ? .unterminated(start: record.start, line: record.line) : .needMore
                }
                // Text after the closing quote belongs to the field (CSVScanner reports it).
                p = contentEnd + 1
                while p < n, bytes[p] != delimiter, bytes[p] != lineFeed, bytes[p] != carriageReturn { p += 1 }
            } else {
                p = Self.unquotedEnd(bytes, from: p, delimiter: delimiter, highestSpecial: highestSpecial, high: &high)
            }
            if p >= n {
                guard isFinal else { return .needMore }
                break
            }
            let byte = bytes[p]
            if byte == delimiter {
                p += 1
                if p >= n {
                    guard isFinal else { return .needMore }
                    break
                }
                continue
            }
            if byte == carriageReturn {
                if p + 1 < n {
                    p += bytes[p + 1] == lineFeed ? 2 : 1
                } else if isFinal {
                    p += 1
                } else {
                    return .needMore
                }
            } else {
                p += 1
            }
            ln += 1
            break
        }
        position = p
        line = ln
        return .record(Record(start: record.start, end: p, line: record.line))
    }
}

/// Whether bytes are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    var i = range.lowerBound
    let end = range.upperBound
    while i < end {
        let byte = bytes[i]
        if byte < 0x80 {
            i += 1
            continue
        }
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch byte {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return false
        }
        guard i + length <= end, bytes[i + 1] >= lower, bytes[i + 1] <= upper else { return false }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
        i += length
    }
    return true
}

/// Finds the first of three bytes eight bytes at a time (SWAR: a word's bytes compared at once).
enum WordScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// How many bytes from `start` come before the first `a`, `b` or `c`, counted in whole words
    /// while none is in them, then up to the one found (so possibly fewer than there are, never
    /// more); their bytes are OR-ed into `high` as far as 0x80 goes.
    @inline(__always)
    static func plainBytes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, stoppingAt a: UInt8, _ b: UInt8, _ c: UInt8, high: inout UInt8) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let (wa, wb, wc) = (ones &* UInt64(a), ones &* UInt64(b), ones &* UInt64(c))
        var p = start
        var seen: UInt64 = 0
        while p + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            let hits = zeroBytes(word ^ wa) | zeroBytes(word ^ wb) | zeroBytes(word ^ wc)
            if hits != 0 {
                // The lowest hit is exact (false hits only ever sit above a true one).
                let before = hits.trailingZeroBitCount / 8
                seen |= before == 0 ? 0 : word & (UInt64.max >> (64 - 8 * before))
                p += before
                break
            }
            seen |= word
            p += 8
        }
        if seen & highBits != 0 { high |= 0x80 }
        return p - start
    }

    /// The high bit of each byte of `v` that is zero (and maybe of bytes above the first such).
    @inline(__always)
    private static func zeroBytes(_ v: UInt64) -> UInt64 {
        (v &- ones) & ~v & highBits
    }
}
