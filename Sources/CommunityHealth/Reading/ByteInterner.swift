import Foundation

/// Gives each distinct byte string (a community or wave cell as it stands in the file) a small
/// number, so the hot loop compares bytes instead of building strings. Open addressing over an
/// arena of keys.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var keys: [(offset: Int, count: Int, hash: UInt64, value: Int)] = []
    private var table = [Int](repeating: -1, count: 64)
    /// How many byte strings have a number.
    var count: Int { keys.count }
    /// The key found last: rows of one group tend to come together, so it is tried first.
    private var lastFound = -1

    /// The number of a byte string, or nil when it has none yet.
    mutating func find(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        if lastFound >= 0, keys[lastFound].count == range.count, equal(keys[lastFound].offset, bytes, range) { return keys[lastFound].value }
        let hash = Self.hash(bytes, range)
        var index = Int(truncatingIfNeeded: hash) & (table.count - 1)
        while table[index] >= 0 {
            let key = keys[table[index]]
            if key.hash == hash, key.count == range.count, equal(key.offset, bytes, range) {
                lastFound = table[index]
                return key.value
            }
            index = (index + 1) & (table.count - 1)
        }
        return nil
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, value: Int) {
        if (keys.count + 1) * 2 > table.count { grow() }
        let hash = Self.hash(bytes, range)
        keys.append((arena.count, range.count, hash, value))
        arena.append(contentsOf: bytes[range])
        place(keys.count - 1)
    }

    private func equal(_ offset: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let base = bytes.baseAddress else { return range.isEmpty }
        return arena.withUnsafeBufferPointer { arena in
            guard let stored = arena.baseAddress else { return range.isEmpty }
            return memcmp(stored + offset, base + range.lowerBound, range.count) == 0
        }
    }

    private mutating func place(_ key: Int) {
        var index = Int(truncatingIfNeeded: keys[key].hash) & (table.count - 1)
        while table[index] >= 0 { index = (index + 1) & (table.count - 1) }
        table[index] = key
    }

    private mutating func grow() {
        table = [Int](repeating: -1, count: table.count * 2)
        for key in keys.indices { place(key) }
    }

    /// FNV-style mixing eight bytes at a time (then the tail), so that long cells hash quickly.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(range.count)
        guard let base = bytes.baseAddress else { return hash }
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            hash = (hash ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* prime
            hash ^= hash >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < range.upperBound {
            tail |= UInt64(bytes[i]) &<< shift
            shift += 8
            i += 1
        }
        hash = (hash ^ tail) &* prime
        return hash ^ (hash >> 32)
    }
}
