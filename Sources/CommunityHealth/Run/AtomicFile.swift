import Foundation

/// Writes files whole or not at all: into a temporary file beside the target, then renamed over it.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws {
        var text = text
        try write(to: path) { sink in text.withUTF8 { sink($0) } }
    }

    /// Writes the UTF-8 bytes `produce` hands its sink, piece by piece.
    public static func write(to path: String, _ produce: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var written = true
        produce { piece in
            guard written else { return }
            var offset = 0
            while offset < piece.count {
                let count = Foundation.write(descriptor, piece.baseAddress?.advanced(by: offset), piece.count - offset)
                if count <= 0 {
                    written = false
                    return
                }
                offset += count
            }
        }
        let closed = close(descriptor) == 0
        guard written, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }
}
