import Foundation

/// Writes files whole or not at all: into a temporary file beside the target, created
/// exclusively and without following links, flushed to disk, then renamed over the target.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        var text = text
        try write(to: path) { sink in text.withUTF8 { sink($0) } }
    }

    /// Writes the UTF-8 bytes `produce` hands its sink, piece by piece. The folders above `path`
    /// are made when missing (if they cannot be, creating the file says why).
    public static func write(to path: String, _ produce: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = temporaryPath(for: path)
        do {
            try NewFile.write(to: temporary, produce)
        } catch {
            throw Failure(path: path, reason: error.reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }

    static let temporaryMarker = ".partial-"

    static func temporaryPath(for path: String) -> String { path + temporaryMarker + String(getpid()) }

    /// Whether `name` is a temporary file of this writer, left by a run that was interrupted.
    static func isLeftover(_ name: String) -> Bool {
        guard let range = name.range(of: temporaryMarker, options: .backwards) else { return false }
        let pid = name[range.upperBound...]
        return !pid.isEmpty && pid.allSatisfy(\.isASCII) && pid.allSatisfy(\.isNumber)
    }
}

/// A file that must not exist yet: created with `O_EXCL | O_NOFOLLOW` (so a planted link or an
/// earlier file is never written through), written in pieces, and flushed to disk before it is
/// closed (unless its folder is flushed whole later: `flushes`). A file that fails is removed.
final class NewFile {
    struct Failure: Error {
        var reason: String
    }

    let path: String
    private let flushes: Bool
    private var descriptor: Int32
    /// The first error met (errno), 0 while all is well.
    private var failure: Int32 = 0

    /// Creates `path`; a file already there (a leftover of a run whose process id was this one's)
    /// is removed first, without following it if it is a link.
    init(path: String, flushes: Bool = true) throws(Failure) {
        self.path = path
        self.flushes = flushes
        descriptor = Self.create(path)
        if descriptor < 0, errno == EEXIST {
            unlink(path)
            descriptor = Self.create(path)
        }
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
    }

    deinit {
        if descriptor >= 0 { abandon() }
    }

    func append(_ piece: UnsafeBufferPointer<UInt8>) {
        guard failure == 0 else { return }
        var offset = 0
        while offset < piece.count {
            let count = Foundation.write(descriptor, piece.baseAddress?.advanced(by: offset), piece.count - offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                failure = count < 0 ? errno : ENOSPC
                return
            }
            offset += count
        }
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Flushes and closes the file; throws the first failure of any step (the file is then removed).
    func finish() throws(Failure) {
        if failure == 0, flushes, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        descriptor = -1
        guard failure == 0 else {
            unlink(path)
            throw Failure(reason: String(cString: strerror(failure)))
        }
    }

    /// Closes and removes the file.
    func abandon() {
        close(descriptor)
        descriptor = -1
        unlink(path)
    }

    static func write(to path: String, flushes: Bool = true, _ produce: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) throws(Failure) {
        let file = try NewFile(path: path, flushes: flushes)
        produce(file.append)
        try file.finish()
    }

    private static func create(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    }
}

/// A file of an earlier report set that holds exactly what a new file would: linked into the new
/// set instead of written again. An unchanged report keeps its file and modification time (a sync
/// tool or a browser's cache sees only what changed), and a rerun neither frees nor allocates a
/// file on disk for it.
enum UnchangedFile {
    /// Links `earlier` as `target` when it is a regular file holding exactly `bytes`; otherwise
    /// makes nothing and returns false.
    static func link(_ earlier: String, as target: String, ifHolding bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let descriptor = open(earlier, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var read = stat()
        guard fstat(descriptor, &read) == 0, read.st_mode & S_IFMT == S_IFREG, read.st_size == bytes.count, holds(descriptor, bytes),
            Foundation.link(earlier, target) == 0
        else { return false }
        // Keep the link only if it is the file just compared (the name may have been replaced since).
        var linked = stat()
        if lstat(target, &linked) == 0, linked.st_ino == read.st_ino, linked.st_dev == read.st_dev { return true }
        unlink(target)
        return false
    }

    /// Whether the rest of the file equals `bytes` (its size already does).
    private static func holds(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var buffer = [UInt8](repeating: 0, count: min(bytes.count, 1 << 16))
        var offset = 0
        while offset < bytes.count {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, min($0.count, bytes.count - offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0, memcmp(buffer, bytes.baseAddress! + offset, count) == 0 else { return false }
            offset += count
        }
        return true
    }
}
