import Foundation

/// A growable run of bytes, for the writers and the readers: an append is a capacity check and
/// a copy, with no uniqueness check, zero-filling or generic set-up per call (what made small
/// appends to `[UInt8]` costly).
final class ByteBuffer {
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far, valid until the next change.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    func append(_ byte: UInt8, repeating times: Int) {
        if count + times > capacity { grow(to: count + times) }
        (base + count).update(repeating: byte, count: times)
        count += times
    }

    func removeAll() {
        count = 0
    }

    /// Drops the first `n` bytes, moving the rest to the front.
    func removeFirst(_ n: Int) {
        let n = min(n, count)
        if n < count { base.update(from: base + n, count: count - n) }
        count -= n
    }

    /// Lets `write` put up to `limit` bytes after the end (into uninitialized room); keeps as
    /// many as it says it wrote.
    func appendUpTo(_ limit: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + limit > capacity { grow(to: count + limit) }
        count += max(0, min(limit, write(base + count)))
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }
}
