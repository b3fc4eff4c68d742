// Shared by every fuzz target. Compiled together with the library's sources (not as a SwiftPM
// target), so the targets can use the library's internal API.
import Foundation

enum Fuzz {
    /// One scratch folder per process (under $TMPDIR), removed at a normal exit.
    static let folder: String = {
        var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        if base.hasSuffix("/") { base.removeLast() }
        let path = "\(base)/cophealth-fuzz-\(getpid())"
        mkdir(path, 0o700)
        atexit {
            if let names = try? FileManager.default.subpathsOfDirectory(atPath: Fuzz.folder) {
                for name in names.sorted().reversed() { _ = remove(Fuzz.folder + "/" + name) }
            }
            _ = rmdir(Fuzz.folder)
        }
        return path
    }()

    /// Writes `bytes` to `name` in the scratch folder (the same path every time) and returns the path.
    static func write(_ bytes: [UInt8], to name: String) -> String {
        let path = folder + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(descriptor >= 0, "cannot write \(path): \(String(cString: strerror(errno)))")
        defer { close(descriptor) }
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                precondition(count > 0, "cannot write \(path)")
                offset += count
            }
        }
        return path
    }

    /// A file of the repository, found from this source file's place (Tests/Fuzz/Targets), unless
    /// the environment variable `variable` names another.
    static func repositoryFile(_ relative: String, override variable: String) -> String {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return path }
        let targets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return targets.appendingPathComponent("../../../" + relative).standardizedFileURL.path
    }

    /// A survey definition that must load.
    static func survey(_ relative: String, override variable: String) -> Survey {
        let path = repositoryFile(relative, override: variable)
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("fuzz setup: cannot read \(path)") }
        do {
            return try SurveyLoader.load([UInt8](data), file: path).survey
        } catch {
            fatalError("fuzz setup: \(path) does not load: \(error)")
        }
    }

    /// Stops the run with a message when the library disagrees with itself.
    static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("FUZZ CHECK FAILED: " + message()) }
    }
}
