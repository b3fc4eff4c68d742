/// What each field of a record is, for `RowParser`, as flat arrays at fixed addresses: the hot
/// loop reads them without reference counting. Labels and options are kept as the lowercase
/// ASCII keys `matchKey` gives them, in one arena. Never changed after it is made (the cells a
/// reader has decoded are the reader's own: `decode`'s cache).
final class RowPlan: @unchecked Sendable {
    static let ignored: UInt8 = 0, community: UInt8 = 1, wave: UInt8 = 2, scale: UInt8 = 3, choice: UInt8 = 4, choices: UInt8 = 5

    let fieldCount: Int
    /// Per field: its kind, and for answers the question, the scale's range and its key set.
    let kind: UnsafeMutablePointer<UInt8>
    let question: UnsafeMutablePointer<Int>
    let minimum: UnsafeMutablePointer<Int>
    let maximum: UnsafeMutablePointer<Int>
    /// Per scale field, bit d set when the one-digit answer d is on its scale.
    let digits: UnsafeMutablePointer<UInt16>
    private let keySet: UnsafeMutablePointer<Int>
    /// Key set s is keys `keySetStart[s] ..< keySetStart[s + 1]`; key k is `keyLength[k]` bytes
    /// of `keyBytes` from `keyStart[k]`, and stands for `keyValue[k]` (a scale value or an option).
    private let keySetStart: UnsafeMutablePointer<Int>
    private let keyStart: UnsafeMutablePointer<Int>
    private let keyLength: UnsafeMutablePointer<Int>
    private let keyValue: UnsafeMutablePointer<Int>
    private let keyBytes: UnsafeMutablePointer<UInt8>

    init(_ decoder: ResponseDecoder) {
        fieldCount = decoder.header.count
        var kinds = [UInt8](repeating: Self.ignored, count: fieldCount)
        var questions = [Int](repeating: 0, count: fieldCount)
        var minimums = questions, maximums = questions, sets = questions
        var setStarts = [0]
        var starts: [Int] = [], lengths: [Int] = [], values: [Int] = [], arena: [UInt8] = []
        func addSet(_ keys: [String: Int]) -> Int {
            for (key, value) in keys.sorted(by: { $0.key < $1.key }) {
                starts.append(arena.count)
                lengths.append(key.utf8.count)
                values.append(value)
                arena += key.utf8
            }
            setStarts.append(starts.count)
            return setStarts.count - 2
        }
        for column in decoder.columns {
            let field = column.field
            questions[field] = column.question
            switch column.reading {
            case .scale(let min, let max, let labels, _):
                (kinds[field], minimums[field], maximums[field], sets[field]) = (Self.scale, min, max, addSet(labels))
            case .choice(let options): (kinds[field], sets[field]) = (Self.choice, addSet(options))
            case .choices(let options): (kinds[field], sets[field]) = (Self.choices, addSet(options))
            }
        }
        kinds[decoder.communityField] = Self.community
        switch decoder.waveSource {
        case .fixed: break
        case .column(let field), .timestamp(let field, _): kinds[field] = Self.wave
        }
        kind = fixedCopy(kinds)
        question = fixedCopy(questions)
        minimum = fixedCopy(minimums)
        maximum = fixedCopy(maximums)
        digits = fixedCopy(zip(minimums, maximums).map { range in
            (0...9).reduce(UInt16(0)) { mask, digit in range.0 <= digit && digit <= range.1 ? mask | 1 << digit : mask }
        })
        keySet = fixedCopy(sets)
        keySetStart = fixedCopy(setStarts)
        keyStart = fixedCopy(starts)
        keyLength = fixedCopy(lengths)
        keyValue = fixedCopy(values)
        keyBytes = fixedCopy(arena)
    }

    deinit {
        for pointer in [question, minimum, maximum, keySet, keySetStart, keyStart, keyLength, keyValue] { pointer.deallocate() }
        kind.deallocate()
        digits.deallocate()
        keyBytes.deallocate()
    }

    /// At most this many cells per field in a decode cache.
    private static let cacheLimit = 4096

    /// Decodes a scale or choice cell that is not a single digit: trimmed of spaces and tabs,
    /// then digits or a label, or options (`;` between them for `choices`). False: the careful way.
    /// `cache` holds the field's cells decoded before, by their bytes: answers repeat (the same
    /// labels, the same sets of practices), so most cells are decoded once.
    func decode(
        _ field: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ cellStart: Int, _ cellEnd: Int, cache: inout ByteInterner, into answers: UnsafeMutableBufferPointer<Int>
    ) -> Bool {
        let cell = cellStart..<cellEnd
        if let value = cache.find(bytes, cell) {
            answers[question[field]] = value
            return true
        }
        guard let value = answer(field, bytes, cellStart, cellEnd) else { return false }
        if cache.count < Self.cacheLimit { cache.insert(bytes, cell, value: value) }
        answers[question[field]] = value
        return true
    }

    /// The answer a cell holds (`ResponseRow.noAnswer` for spaces only), or nil for the careful way.
    private func answer(_ field: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ cellStart: Int, _ cellEnd: Int) -> Int? {
        var start = cellStart
        var end = cellEnd
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start == end { return ResponseRow.noAnswer }
        let set = keySet[field]
        switch kind[field] {
        case Self.scale:
            guard let value = Self.digits(bytes, start, end) ?? lookUp(set, bytes, start, end), value >= minimum[field], value <= maximum[field] else {
                return nil
            }
            return value
        case Self.choice:
            return lookUp(set, bytes, start, end)
        case Self.choices:
            var selected = 0
            var pieceStart = start
            while pieceStart <= end {
                var pieceEnd = pieceStart
                while pieceEnd < end, bytes[pieceEnd] != UInt8(ascii: ";") { pieceEnd += 1 }
                var a = pieceStart
                var b = pieceEnd
                while a < b, bytes[a] == 0x20 { a += 1 }
                while b > a, bytes[b - 1] == 0x20 { b -= 1 }
                if a < b {
                    guard let option = lookUp(set, bytes, a, b) else { return nil }
                    selected |= 1 << option
                }
                pieceStart = pieceEnd + 1
            }
            return selected
        default: return nil
        }
    }

    /// 1–9 ASCII digits, as `Int(_:)` reads them; nil for anything else.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard end - start <= 9 else { return nil }
        var value = 0
        for i in start..<end {
            let digit = Int(bytes[i]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// The value of the key in `set` that ASCII text (single spaces only) equals, ignoring case.
    private func lookUp(_ set: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        keys: for k in keySetStart[set]..<keySetStart[set + 1] where keyLength[k] == length {
            let key = keyBytes + keyStart[k]
            var previousSpace = false
            for i in 0..<length {
                var byte = bytes[start + i]
                if byte >= 0x80 || byte == 0x09 || (byte == 0x20 && previousSpace) { return nil }
                previousSpace = byte == 0x20
                if byte >= 65, byte <= 90 { byte += 32 }
                if byte != key[i] { continue keys }
            }
            return keyValue[k]
        }
        return nil
    }
}
