import Foundation

/// A response file read with `pread`, so workers can read their chunks side by side.
final class ChunkFile: @unchecked Sendable {
    let descriptor: Int32
    let size: Int

    /// Why a file cannot be read, in words for the message after its name.
    struct Unreadable: Error {
        var reason: String
    }

    /// Opens regular files only: a folder, FIFO or device named like a CSV would hang the reader
    /// or block for ever, so it is refused (opened without blocking, checked on the descriptor).
    init(path: String) throws(Unreadable) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Unreadable(reason: Self.describe(errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            Foundation.close(descriptor)
            throw Unreadable(reason: Self.describe(code))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            Foundation.close(descriptor)
            throw Unreadable(reason: "is \(Self.kind(status.st_mode)), not a file: move it away or rename it so that its name does not end in .csv")
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "cannot be read: permission denied (make it readable, for example with chmod a+r)"
        case ELOOP: "is a symbolic link that leads round in a loop: point it at a real file"
        case ENOENT: "is not there (a symbolic link to a file that is gone?)"
        default: "cannot be opened: \(String(cString: strerror(code)))"
        }
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a file"
        case S_IFDIR: "a folder"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    func close() {
        Foundation.close(descriptor)
    }

    /// Reads up to `count` bytes at `offset` onto the end of `buffer`; returns how many.
    func append(at offset: Int, count: Int, to buffer: ByteBuffer) -> Int {
        guard count > 0 else { return 0 }
        var filled = 0
        buffer.appendUpTo(count) { end in
            while filled < count {
                let got = pread(descriptor, end + filled, count - filled, off_t(offset + filled))
                if got <= 0 { break }
                filled += got
            }
            return filled
        }
        return filled
    }

    func read(at offset: Int, count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        buffer.withUnsafeMutableBytes { raw in
            while filled < count {
                let got = pread(descriptor, raw.baseAddress?.advanced(by: filled), count - filled, off_t(offset + filled))
                if got <= 0 { break }
                filled += got
            }
        }
        if filled < count { buffer.removeLast(count - filled) }
        return buffer
    }

    func countQuotes(in range: Range<Int>) -> Int {
        var count = 0
        var offset = range.lowerBound
        let block = ByteBuffer(capacity: ResponseReader.blockSize)
        while offset < range.upperBound {
            block.removeAll()
            let got = append(at: offset, count: min(ResponseReader.blockSize, range.upperBound - offset), to: block)
            if got == 0 { break }
            let bytes = block.bytes
            guard var cursor = bytes.baseAddress else { break }
            let end = cursor + bytes.count
            // memchr jumps from quote to quote.
            while cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "\"")), end - cursor) {
                count += 1
                cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            offset += got
        }
        return count
    }

    /// The offset just after the first line break at or after `offset` that is outside quotes.
    func lineBreakOutsideQuotes(from offset: Int, insideQuotes: Bool) -> Int {
        var quoted = insideQuotes
        var position = offset
        while position < size {
            let block = read(at: position, count: min(1 << 16, size - position))
            if block.isEmpty { break }
            for (index, byte) in block.enumerated() {
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    var end = position + index + 1
                    if byte == UInt8(ascii: "\r"), end < size, read(at: end, count: 1).first == UInt8(ascii: "\n") { end += 1 }
                    return end
                }
            }
            position += block.count
        }
        return size
    }
}
