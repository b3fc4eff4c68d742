/// Tally slots by wave number and community number, for the reading loop: an open-addressing
/// table of packed keys, so its memory follows the groups that occur, not waves × communities
/// (a few rows of a late community in each of many waves would otherwise cost a row of slots
/// per wave).
struct GroupSlots {
    /// `wave + 1` in the high half, the community in the low half; 0: an empty place.
    private var keys = [UInt64](repeating: 0, count: 64)
    private var values = [Int](repeating: 0, count: 64)
    private var count = 0
    /// log2 of the table's size.
    private var bits = 6

    /// The slot of a group; `make` gives it the first time.
    @inline(__always)
    mutating func slot(wave: Int, community: Int, make: () -> Int) -> Int {
        let key = UInt64(wave + 1) << 32 | UInt64(UInt32(truncatingIfNeeded: community))
        var index = Self.place(key, bits)
        while keys[index] != 0 {
            if keys[index] == key { return values[index] }
            index = (index + 1) & (keys.count - 1)
        }
        let value = make()
        keys[index] = key
        values[index] = value
        count += 1
        if 2 * count > keys.count { grow() }
        return value
    }

    @inline(__always)
    private static func place(_ key: UInt64, _ bits: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        bits += 1
        keys = Array(repeating: 0, count: 1 << bits)
        values = Array(repeating: 0, count: 1 << bits)
        for (key, value) in zip(oldKeys, oldValues) where key != 0 {
            var index = Self.place(key, bits)
            while keys[index] != 0 { index = (index + 1) & (keys.count - 1) }
            keys[index] = key
            values[index] = value
        }
    }
}
