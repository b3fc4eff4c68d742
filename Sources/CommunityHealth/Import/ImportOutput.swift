import Foundation

/// Where an import's canonical rows go: one temporary file per wave beside its target, named
/// so that `report` does not read it (a leading dot), renamed into place only once the whole
/// import has succeeded, and removed otherwise.
public final class ImportOutput {
    public struct File: Sendable {
        public var wave: String
        public var temporaryPath: String
        public var rows: Int
    }

    private struct Open {
        var descriptor: Int32
        var path: String
        var buffer: String
        var rows: Int
    }

    let folder: String
    let header: String
    private var open: [String: Open] = [:]
    private var order: [String] = []
    private var paths: [String] = []

    /// `folder`: the survey's responses folder; `header`: the canonical header line.
    public init(folder: String, header: String) {
        self.folder = folder
        self.header = header
    }

    /// Adds a row (a CSV line with its line break) to a wave's file.
    func append(wave: String, line: String) throws(InputErrors) {
        if open[wave] == nil {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = SurveyFolder.join(folder, ".\(wave).csv.import-\(getpid())")
            let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else {
                throw InputErrors([.error(at: Location(file: path), "cannot write: \(String(cString: strerror(errno)))")])
            }
            open[wave] = Open(descriptor: descriptor, path: path, buffer: header, rows: 0)
            order.append(wave)
            paths.append(path)
        }
        open[wave]?.buffer += line
        open[wave]?.rows += 1
        if (open[wave]?.buffer.utf8.count ?? 0) >= 256 << 10 { try flush(wave) }
    }

    private func flush(_ wave: String) throws(InputErrors) {
        guard var file = open[wave] else { return }
        let ok = file.buffer.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(file.descriptor, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        file.buffer = ""
        open[wave] = file
        if !ok { throw InputErrors([.error(at: Location(file: file.path), "cannot write: \(String(cString: strerror(errno)))")]) }
    }

    /// Writes what is buffered and closes the files, in the order their waves first came.
    public func finish() throws(InputErrors) -> [File] {
        for wave in order { try flush(wave) }
        var files: [File] = []
        for wave in order {
            guard let file = open[wave] else { continue }
            close(file.descriptor)
            files.append(File(wave: wave, temporaryPath: file.path, rows: file.rows))
        }
        open = [:]
        return files
    }

    /// Removes every temporary file, finished or not.
    public func discard() {
        for file in open.values { close(file.descriptor) }
        open = [:]
        for path in paths { unlink(path) }
    }
}
