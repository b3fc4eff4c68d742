import Foundation

enum Folder {
    /// Makes `folder` and the folders above it that are missing. One that is a file, or cannot be
    /// made, is an error in words (not Foundation's dump) that says what to give `--out`.
    static func make(_ folder: String, shownAs shown: String, for purpose: String) throws(InputErrors) {
        if let type = entryType(folder, following: true) {
            guard type == S_IFDIR else {
                throw InputErrors([.error(at: Location(file: shown), "is \(ChunkFile.kind(type)), not a folder: give --out a folder for the \(purpose)")])
            }
            return
        }
        var made = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            made += "/" + component
            if mkdir(made, 0o755) != 0, errno != EEXIST {
                let reason = errno == ENOTDIR ? "a part of the path is a file, not a folder" : String(cString: strerror(errno))
                throw InputErrors([.error(at: Location(file: shown), "cannot make the \(purpose) folder: \(reason)")])
            }
        }
    }

    /// The type bits of what is at `path` (the link itself unless `following`), nil when nothing is.
    static func entryType(_ path: String, following: Bool = false) -> mode_t? {
        var status = stat()
        let result = following ? stat(path, &status) : lstat(path, &status)
        return result == 0 ? status.st_mode & S_IFMT : nil
    }
}
