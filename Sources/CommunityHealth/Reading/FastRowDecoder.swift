/// Decodes the common row straight from its bytes: scale answers as digits or known labels,
/// options by their text, community and wave cells through interned byte strings. Anything else
/// (a label with odd spacing, an escaped quote, a wrong field count, an out-of-range answer)
/// returns nil, and the row goes through `ResponseDecoder`, which has the final word and the
/// messages. Rows it accepts are decoded exactly as `ResponseDecoder` would.
struct FastRowDecoder {
    private enum Action {
        case scale(question: Int, min: Int, max: Int, labels: [(key: [UInt8], value: Int)])
        case choice(question: Int, options: [[UInt8]])
        case choices(question: Int, options: [[UInt8]])
    }

    private let fieldCount: Int
    private let communityField: Int
    private let waveSource: ResponseDecoder.WaveSource
    private let actions: [(field: Int, action: Action)]
    private var communities = ByteInterner()
    /// Cells that held `""`: the same bytes mean other text than in an unquoted cell.
    private var escapedCommunities = ByteInterner()
    /// By community number: the community, or nil for an empty cell.
    private(set) var communityNames: [String?] = []
    private var waves = ByteInterner()
    private var timestampWaves: [String: Int] = [:]
    /// By wave number.
    private(set) var waveNames: [String] = []

    init(_ decoder: ResponseDecoder) {
        fieldCount = decoder.header.count
        communityField = decoder.communityField
        waveSource = decoder.waveSource
        actions = decoder.columns.map { column in
            switch column.reading {
            case .scale(let min, let max, let labels, _):
                return (column.field, .scale(question: column.question, min: min, max: max, labels: labels.map { (Array($0.key.utf8), $0.value) }))
            case .choice(let options):
                return (column.field, .choice(question: column.question, options: Self.keys(options)))
            case .choices(let options):
                return (column.field, .choices(question: column.question, options: Self.keys(options)))
            }
        }
        if case .fixed(let name) = waveSource { waveNames = [name] }
    }

    private static func keys(_ options: [String: Int]) -> [[UInt8]] {
        var keys = [[UInt8]](repeating: [], count: (options.values.max() ?? -1) + 1)
        for (key, index) in options where keys[index].isEmpty { keys[index] = Array(key.utf8) }
        return keys
    }

    /// Fills `answers` and returns the row's wave and community numbers, or nil for the slow way.
    mutating func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ fields: UnsafeBufferPointer<RecordScanner.Field>, into answers: UnsafeMutableBufferPointer<Int>
    ) -> (wave: Int, community: Int)? {
        guard fields.count == fieldCount else { return nil }
        let community = fields[communityField]
        let communityNumber = intern(bytes, community.start..<community.end, escaped: community.escaped)
        let wave: Int
        switch waveSource {
        case .fixed: wave = 0
        case .column(let field):
            guard !fields[field].escaped, let number = internWave(bytes, fields[field].start..<fields[field].end) else { return nil }
            wave = number
        case .timestamp(let field, let every):
            guard !fields[field].escaped, let number = timestampWave(bytes, fields[field].start..<fields[field].end, every) else { return nil }
            wave = number
        }
        for index in answers.indices { answers[index] = ResponseRow.noAnswer }
        for (field, action) in actions {
            let cell = fields[field]
            // The common cells first: empty, or one digit on a scale.
            if cell.end == cell.start { continue }
            if cell.end == cell.start + 1, case .scale(let question, let min, let max, _) = action {
                let digit = Int(bytes[cell.start]) &- 48
                if digit >= 0, digit <= 9 {
                    guard digit >= min, digit <= max else { return nil }
                    answers[question] = digit
                    continue
                }
            }
            guard !cell.escaped else { return nil }
            var start = cell.start
            var end = cell.end
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            if start == end { continue }
            switch action {
            case .scale(let question, let min, let max, let labels):
                if let value = Self.digits(bytes, start, end) {
                    guard value >= min, value <= max else { return nil }
                    answers[question] = value
                } else {
                    guard let value = labels.first(where: { Self.matches(bytes, start, end, $0.key) })?.value else { return nil }
                    answers[question] = value
                }
            case .choice(let question, let options):
                guard let option = Self.option(bytes, start, end, options) else { return nil }
                answers[question] = option
            case .choices(let question, let options):
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
                        guard let option = Self.option(bytes, a, b, options) else { return nil }
                        selected |= 1 << option
                    }
                    pieceStart = pieceEnd + 1
                }
                answers[question] = selected
            }
        }
        return (wave, communityNumber)
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

    private static func option(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ options: [[UInt8]]) -> Int? {
        options.firstIndex { matches(bytes, start, end, $0) }
    }

    /// Whether ASCII text (single spaces only) equals a `matchKey`, ignoring case.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ key: [UInt8]) -> Bool {
        guard end - start == key.count else { return false }
        var previousSpace = false
        for k in 0..<key.count {
            var byte = bytes[start + k]
            if byte >= 0x80 || byte == 0x09 || (byte == 0x20 && previousSpace) { return false }
            previousSpace = byte == 0x20
            if byte >= 65, byte <= 90 { byte += 32 }
            if byte != key[k] { return false }
        }
        return true
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, escaped: Bool) -> Int {
        if let number = escaped ? escapedCommunities.find(bytes, range) : communities.find(bytes, range) { return number }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        if escaped { text = text.replacing("\"\"", with: "\"") }
        text = text.trimmingSpaces
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
        guard !text.isEmpty else { return nil }
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
