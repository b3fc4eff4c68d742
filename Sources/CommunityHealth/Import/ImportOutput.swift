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
        var file: NewFile
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

    static let temporaryMarker = ".csv.import-"

    /// Removes the temporary files of imports that were interrupted (their process has ended),
    /// and says how many there were.
    public func removeLeftovers() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed = 0
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: Self.temporaryMarker, options: .backwards),
                let pid = Int32(name[range.upperBound...]), pid > 0, kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            if unlink(SurveyFolder.join(folder, name)) == 0 { removed += 1 }
        }
        return removed
    }

    /// Adds a row (a CSV line with its line break) to a wave's file.
    func append(wave: String, line: String) throws(InputErrors) {
        if open[wave] == nil {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = SurveyFolder.join(folder, ".\(wave)\(Self.temporaryMarker)\(getpid())")
            do {
                open[wave] = Open(file: try NewFile(path: path), buffer: header, rows: 0)
            } catch {
                throw InputErrors([.error(at: Location(file: SurveyFolder.join(folder, wave + ".csv")), "cannot write: \(error.reason)")])
            }
            order.append(wave)
            paths.append(path)
        }
        open[wave]?.buffer += line
        open[wave]?.rows += 1
        if (open[wave]?.buffer.utf8.count ?? 0) >= 256 << 10 { flush(wave) }
    }

    private func flush(_ wave: String) {
        guard let pending = open[wave], !pending.buffer.isEmpty else { return }
        pending.file.append(pending.buffer)
        open[wave]?.buffer = ""
    }

    /// Writes what is buffered and closes the files, in the order their waves first came.
    public func finish() throws(InputErrors) -> [File] {
        var files: [File] = []
        for wave in order {
            guard let pending = open[wave] else { continue }
            flush(wave)
            do {
                try pending.file.finish()
            } catch {
                throw InputErrors([.error(at: Location(file: SurveyFolder.join(folder, wave + ".csv")), "cannot write: \(error.reason)")])
            }
            files.append(File(wave: wave, temporaryPath: pending.file.path, rows: pending.rows))
        }
        open = [:]
        return files
    }

    /// Removes every temporary file, finished or not.
    public func discard() {
        for pending in open.values { pending.file.abandon() }
        open = [:]
        for path in paths { unlink(path) }
    }
}
