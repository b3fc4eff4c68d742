/// Reads the common record straight from its bytes, field by field, with no list of fields in
/// between: a scale answer of one digit costs a couple of comparisons; other digits, known
/// labels and options are matched as bytes; community and wave cells go through interned byte
/// strings. Anything else (a label with odd spacing, an escaped quote where it matters, a wrong
/// field count, text after a closing quote, an out-of-range answer, a blank line, a record cut
/// by the end of the block, a community or wave name that `NameRefusal` refuses) declines, and
/// the record goes the careful way: `RecordScanner` finds it and `ResponseDecoder` has the final
/// word and the messages. Records it accepts are decoded exactly as `ResponseDecoder` would (the
/// fast-path tests hold it to that).
struct RowParser {
    /// What a record came to.
    struct Parsed {
        /// Just after the record's line break.
        var end: Int
        /// Line breaks consumed, the record's own included.
        var lines: Int
        var wave: Int
        var community: Int
    }

    private let plan: RowPlan
    /// Per field, the cells `plan` decoded before (a value of each parser's own, so no two
    /// threads ever share one).
    private var decodedCells: [ByteInterner]
    private let delimiter: UInt8
    /// Bytes above this are never a delimiter or line break: one comparison for most bytes.
    private let highestSpecial: UInt8
    /// Set when the wave column holds timestamps, grouped into waves of this length.
    private let timestampInterval: Period.Interval?
    private var communities = ByteInterner()
    /// Cells that held `""`: the same bytes mean other text than in an unquoted cell.
    private var escapedCommunities = ByteInterner()
    /// By community number: the community, or nil for an empty cell.
    private(set) var communityNames: [String?] = []
    private var waves = ByteInterner()
    private var timestampWaves: [String: Int] = [:]
    /// By wave number.
    private(set) var waveNames: [String] = []

    init(_ decoder: ResponseDecoder, delimiter: UInt8 = UInt8(ascii: ",")) {
        plan = RowPlan(decoder)
        decodedCells = Array(repeating: ByteInterner(), count: plan.fieldCount)
        switch decoder.waveSource {
        case .fixed(let name):
            waveNames = [name]
            timestampInterval = nil
        case .column: timestampInterval = nil
        case .timestamp(_, let every): timestampInterval = every
        }
        self.delimiter = delimiter
        highestSpecial = max(delimiter, UInt8(ascii: "\r"))
    }

    /// Parses the record starting at `start`, filling `answers`; nil to leave it to the careful way.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, isFinal: Bool, into answers: UnsafeMutableBufferPointer<Int>) -> Parsed? {
        let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let n = bytes.count
        guard start < n, bytes[start] != lineFeed, bytes[start] != carriageReturn else { return nil }
        for index in answers.indices { answers[index] = ResponseRow.noAnswer }
        var p = start
        var lines = 0
        var waveCell: (range: Range<Int>, escaped: Bool)?
        var communityCell = 0..<0, communityEscaped = false
        var lineBreak = 1
        let plan = self.plan
        let kinds = plan.kind, questions = plan.question, digits = plan.digits
        let last = plan.fieldCount - 1
        for index in 0...last {
            let kind = kinds[index]
            // The common cells first, whole: one digit on a scale, or nothing, then a delimiter.
            if index < last, p + 1 < n {
                if kind == RowPlan.scale, bytes[p + 1] == delimiter {
                    let digit = bytes[p] &- 48
                    if digit <= 9 {
                        guard digits[index] & (1 &<< UInt16(digit)) != 0 else { return nil }
                        answers[questions[index]] = Int(digit)
                        p += 2
                        continue
                    }
                }
                if kind != RowPlan.community, kind != RowPlan.wave, bytes[p] == delimiter {
                    p += 1
                    continue
                }
            }
            guard let cell = cell(bytes, at: p, isFinal: isFinal, lines: &lines),
                let (next, ending) = end(of: bytes, at: cell.next, isLastCell: index == last, isFinal: isFinal)
            else { return nil }
            p = next
            lineBreak = ending
            let (cellStart, cellEnd, escaped) = (cell.start, cell.end, cell.escaped)
            if kind == RowPlan.ignored { continue }
            switch kind {
            case RowPlan.community:
                (communityCell, communityEscaped) = (cellStart..<cellEnd, escaped)
            case RowPlan.wave:
                waveCell = (cellStart..<cellEnd, escaped)
            default:
                if cellEnd == cellStart { continue }
                guard !escaped, plan.decode(index, bytes, cellStart, cellEnd, cache: &decodedCells[index], into: answers) else { return nil }
            }
        }
        guard let wave = wave(waveCell, bytes), let community = intern(bytes, communityCell, escaped: communityEscaped) else { return nil }
        return Parsed(end: p, lines: lines + lineBreak, wave: wave, community: community)
    }

    /// The cell at `p`: its text's bounds (inside the quotes of a quoted cell, whose `""` then
    /// stand for one quote each: `escaped`) and where it ends. Nil to leave the record to the
    /// careful way: a quote not closed in the block, or bytes that are not UTF-8.
    @inline(__always)
    private func cell(_ bytes: UnsafeBufferPointer<UInt8>, at p: Int, isFinal: Bool, lines: inout Int) -> (start: Int, end: Int, escaped: Bool, next: Int)? {
        // Bytes of 0x80 and up seen in the cell: then its UTF-8 needs checking (cells are
        // separated by ASCII, so checking each is checking the record).
        var high: UInt8 = 0
        let cell: (start: Int, end: Int, escaped: Bool, next: Int)
        if p < bytes.count, bytes[p] == UInt8(ascii: "\"") {
            guard let (end, hasEscapes) = RecordScanner.quotedContent(bytes, from: p + 1, isFinal: isFinal, high: &high, lines: &lines) else {
                return nil
            }
            cell = (p + 1, end, hasEscapes, end + 1)
        } else {
            let end = RecordScanner.unquotedEnd(bytes, from: p, delimiter: delimiter, highestSpecial: highestSpecial, high: &high)
            cell = (p, end, false, end)
        }
        if high >= 0x80, !isValidUTF8(bytes, cell.start..<cell.end) { return nil }
        return cell
    }

    /// What ends a cell at `p`: a delimiter, or after the last cell the record's line break (or
    /// the end of the data). Where the next cell or record starts, and the line breaks taken (0
    /// or 1); nil when the block ends too soon to tell, or something else follows.
    @inline(__always)
    private func end(of bytes: UnsafeBufferPointer<UInt8>, at p: Int, isLastCell: Bool, isFinal: Bool) -> (next: Int, lineBreak: Int)? {
        let n = bytes.count
        if !isLastCell {
            guard p < n, bytes[p] == delimiter else { return nil }
            return (p + 1, 1)
        }
        if p < n, bytes[p] == UInt8(ascii: "\n") { return (p + 1, 1) }
        if p < n, bytes[p] == UInt8(ascii: "\r") {
            if p + 1 < n { return (bytes[p + 1] == UInt8(ascii: "\n") ? p + 2 : p + 1, 1) }
            return isFinal ? (p + 1, 1) : nil
        }
        return p == n && isFinal ? (p, 0) : nil
    }

    /// The wave's number: the file's own, or from its cell (nil: the careful way).
    private mutating func wave(_ cell: (range: Range<Int>, escaped: Bool)?, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let cell else { return waveNames.isEmpty ? nil : 0 }
        guard !cell.escaped else { return nil }
        if let timestampInterval { return timestampWave(bytes, cell.range, timestampInterval) }
        return internWave(bytes, cell.range)
    }

    /// The community's number; nil for a name `NameRefusal` refuses (the careful way says so).
    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, escaped: Bool) -> Int? {
        if let number = escaped ? escapedCommunities.find(bytes, range) : communities.find(bytes, range) { return number }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        if escaped { text = text.replacing("\"\"", with: "\"") }
        text = text.trimmingSpaces
        if NameRefusal.finding(in: text) != nil { return nil }
        communityNames.append(text.isEmpty ? nil : text)
        if escaped {
            escapedCommunities.insert(bytes, range, value: communityNames.count - 1)
        } else {
            communities.insert(bytes, range, value: communityNames.count - 1)
        }
        return communityNames.count - 1
    }

    private mutating func internWave(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        if let number = waves.find(bytes, range) { return number }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).trimmingSpaces
        guard !text.isEmpty, NameRefusal.finding(in: text) == nil else { return nil }
        waveNames.append(text)
        waves.insert(bytes, range, value: waveNames.count - 1)
        return waveNames.count - 1
    }

    private mutating func timestampWave(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ every: Period.Interval) -> Int? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let name = waveName(ofTimestamp: text, every: every) else { return nil }
        if let number = timestampWaves[name] { return number }
        waveNames.append(name)
        timestampWaves[name] = waveNames.count - 1
        return waveNames.count - 1
    }
}
