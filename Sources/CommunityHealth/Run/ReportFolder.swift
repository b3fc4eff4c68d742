import Foundation

/// A survey's report folder (`Reports/<id>`), replaced whole or not at all.
///
/// A run writes every file into a fresh folder beside the destination (`.<id>.new-<pid>`, made
/// exclusively), flushes it to disk and swaps it into place in one rename, so a reader, a crash
/// or a full disk leaves either the whole previous set or the whole new one. An advisory lock
/// (`.<id>.lock` beside the folder) makes a second run on the same destination wait, for a
/// bounded time, instead of mixing its files with the first's. A file whose bytes did not change
/// since the set it replaces is that set's file, linked into the new one (`UnchangedFile`). What an interrupted run left
/// (its new folder, the old set mid-swap, per-file temporaries) is recovered or removed by the
/// next run, under the lock.
final class ReportFolder {
    /// The destination, as the file system is given it and as messages show it.
    let path: String
    let shownPath: String
    /// Where this run's files go until `commit`.
    let staged: StagedFiles
    var staging: String { staged.folder }
    private let lock: FileLock
    private var committed = false

    /// Locks the destination (waiting up to `wait` seconds for another run), tidies what an
    /// interrupted run left and makes the staging folder.
    init(path: String, shownPath: String, wait: Double) throws(InputErrors) {
        self.path = path
        self.shownPath = shownPath
        let parent = (path as NSString).deletingLastPathComponent
        let shownParent = (shownPath as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        try Folder.make(parent, shownAs: shownParent, for: "reports")
        lock = try FileLock(path: SurveyFolder.join(parent, ".\(name).lock"), shownAs: SurveyFolder.join(shownParent, ".\(name).lock"), wait: wait) {
            "another cophealth run is writing \(shownPath)/ and did not finish within \(wait == wait.rounded() ? String(Int(wait)) : String(wait)) s: try again when it has finished"
        }
        try Self.refuseLink(path, shownAs: shownPath)
        Self.tidy(parent: parent, name: name, destination: path)
        let staging = SurveyFolder.join(parent, ".\(name)\(Self.newMarker)\(getpid())")
        let earlierSet = ReportJob.fileNames.contains { FileManager.default.fileExists(atPath: SurveyFolder.join(path, $0)) }
        staged = StagedFiles(
            folder: staging, shownPath: shownPath, replacesEarlierSet: earlierSet, earlier: Folder.entryType(path) == S_IFDIR ? path : nil)
        guard mkdir(staging, 0o755) == 0 else {
            throw InputErrors([.error(at: Location(file: shownParent), "cannot write here: \(String(cString: strerror(errno)))")])
        }
    }

    deinit {
        if !committed { Self.remove(staging) }
    }

    /// Whether the destination held a report set from an earlier run when the lock was taken.
    var holdsReports: Bool { staged.replacesEarlierSet }

    /// Puts the new set in place of the old one. Files of the old set that cophealth does not
    /// write (a reader's own notes) are carried over; report files this run did not produce
    /// (a text-only run's tables) go with the old set.
    func commit() throws(InputErrors) {
        let exists = Folder.entryType(path) != nil
        if exists { try carryOver() }
        guard FileSync.flushFileSystem(holding: staging) else { throw unchanged("cannot flush the reports to disk: \(String(cString: strerror(errno)))") }
        if exists {
            guard FileSwap.exchange(staging, path) else { throw unchanged("cannot replace the reports: \(String(cString: strerror(errno)))") }
        } else {
            guard rename(staging, path) == 0 else { throw unchanged("cannot write the reports: \(String(cString: strerror(errno)))") }
        }
        committed = true
        syncFolder((path as NSString).deletingLastPathComponent)
        // After an exchange the staging name holds the previous set.
        if exists { Self.remove(staging) }
    }

    private func unchanged(_ message: String) -> InputErrors { staged.failure(message) }

    private func carryOver() throws(InputErrors) {
        let own = Set(ReportJob.fileNames + [ReportJob.pagesFolder])
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names.sorted() where !own.contains(name) && !AtomicFile.isLeftover(name) {
            let source = SurveyFolder.join(path, name)
            let target = staged.path(name)
            guard Folder.entryType(target) == nil else { continue }
            // A hard link keeps the file in the old set too, until the swap.
            if link(source, target) != 0 {
                do {
                    try FileManager.default.copyItem(atPath: source, toPath: target)
                } catch {
                    throw unchanged("cannot carry \(name) over into the new reports: \(error.localizedDescription)")
                }
            }
        }
    }

    private func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    // MARK: Checks and leftovers

    static let newMarker = ".new-"
    static let oldMarker = ".old-"

    private static func refuseLink(_ path: String, shownAs shown: String) throws(InputErrors) {
        guard let type = Folder.entryType(path) else { return }
        if type == S_IFLNK {
            throw InputErrors([.error(at: Location(file: shown),
                "is a symbolic link: cophealth replaces a report folder whole and does not write through links; remove the link, or give --out the folder it points to")])
        }
        guard type == S_IFDIR else {
            throw InputErrors([.error(at: Location(file: shown), "is \(ChunkFile.kind(type)), not a folder: move it away, or give --out another folder")])
        }
    }

    /// Puts back a previous set an interrupted swap left aside, and removes staging folders and
    /// per-file temporaries. Only called under the lock, so none of them belongs to a live run.
    private static func tidy(parent: String, name: String, destination: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        let leftovers = names.filter { $0.hasPrefix(".\(name)\(newMarker)") || $0.hasPrefix(".\(name)\(oldMarker)") }.sorted()
        if Folder.entryType(destination) == nil, let old = leftovers.first(where: { $0.hasPrefix(".\(name)\(oldMarker)") }) {
            rename(SurveyFolder.join(parent, old), destination)
        }
        for leftover in leftovers { remove(SurveyFolder.join(parent, leftover)) }
        guard Folder.entryType(destination) == S_IFDIR else { return }
        for file in (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? [] where AtomicFile.isLeftover(file) {
            unlink(SurveyFolder.join(destination, file))
        }
    }


    /// Removes a folder and what it holds. Its files, and those of its community pages' folder,
    /// are unlinked side by side on up to 32 threads: freeing a file that is already on disk waits
    /// for the file system's journal, and together they share its commits (on ext4, 12 report
    /// files: 30 ms one by one, 6 ms so; 113 files with the pages: 13 ms in one thread per file
    /// of the top folder, 4 ms so).
    private static func remove(_ path: String) {
        guard Folder.entryType(path) != nil else { return }
        let pages = SurveyFolder.join(path, ReportJob.pagesFolder)
        let files = [path, pages].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { SurveyFolder.join(folder, $0) }
        }
        let threads = min(32, files.count)
        let unlinked = DispatchGroup()
        for thread in 0..<threads {
            unlinked.enter()
            Thread.detachNewThread {
                for file in stride(from: thread, to: files.count, by: threads) { unlink(files[file]) }
                unlinked.leave()
            }
        }
        unlinked.wait()
        // What is left (the emptied pages' folder, a folder a reader kept beside the reports) goes
        // the usual way.
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The files of a run until its commit: safe to hand to the threads that render them.
struct StagedFiles: Sendable {
    /// The staging folder.
    let folder: String
    /// The destination, as messages show it.
    let shownPath: String
    let replacesEarlierSet: Bool
    /// The folder of the set this one replaces, if there is one.
    let earlier: String?

    func path(_ name: String) -> String { SurveyFolder.join(folder, name) }

    func write(_ name: String, _ produce: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) throws(InputErrors) {
        try makeFolder(for: name)
        do {
            // Flushed to disk together, at the commit.
            try NewFile.write(to: path(name), flushes: false, produce)
        } catch {
            throw failure("cannot write \(name): \(error.reason)")
        }
    }

    /// Writes a file; one whose bytes equal the earlier set's file of that name is linked from
    /// there instead (`UnchangedFile`).
    func write(_ contents: String, as name: String) throws(InputErrors) {
        var contents = contents
        try makeFolder(for: name)
        if let earlier, contents.withUTF8({ UnchangedFile.link(SurveyFolder.join(earlier, name), as: path(name), ifHolding: $0) }) { return }
        try write(name) { sink in contents.withUTF8 { sink($0) } }
    }

    /// A community page's folder is made on first use.
    private func makeFolder(for name: String) throws(InputErrors) {
        guard name.hasPrefix(ReportJob.pagesFolder + "/") else { return }
        guard mkdir(path(ReportJob.pagesFolder), 0o755) == 0 || errno == EEXIST else { throw failure("cannot write \(name): \(String(cString: strerror(errno)))") }
    }

    /// A failure, which leaves any earlier set as it was.
    func failure(_ message: String) -> InputErrors {
        let kept = replacesEarlierSet ? "; the reports there from an earlier run are unchanged" : ""
        return InputErrors([.error(at: Location(file: shownPath), message + kept)])
    }
}

/// An advisory lock on a file that is opened without following links and never removed (removing
/// a lock file lets two runs hold "the" lock at once). Released when the value goes away or the
/// process ends, however it ends.
final class FileLock {
    private let descriptor: Int32

    init(path: String, shownAs shown: String, wait: Double, busy: () -> String) throws(InputErrors) {
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputErrors([.error(at: Location(file: shown), "cannot open the lock file: \(String(cString: strerror(errno)))")])
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw InputErrors([.error(at: Location(file: shown), busy())])
            }
            usleep(50_000)
        }
    }

    deinit { close(descriptor) }
}

enum FileSync {
    /// Flushes the file system that holds `folder` to disk: one journal commit for every file
    /// written into it (Linux `syncfs`), instead of one per file; elsewhere each file, then the
    /// folder.
    static func flushFileSystem(holding folder: String) -> Bool {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        #if os(Linux)
        if let syncfs { return syncfs(descriptor) == 0 }
        #endif
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let file = open(SurveyFolder.join(folder, name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard file >= 0 else { continue }
            defer { close(file) }
            guard fsync(file) == 0 else { return false }
        }
        return fsync(descriptor) == 0
    }

    #if os(Linux)
    /// Swift's Glibc module does not import `syncfs` (a GNU extension, in glibc since 2.14).
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()
    #endif
}

/// Swaps two paths in one step where the system can (Linux `renameat2` with `RENAME_EXCHANGE`);
/// elsewhere moves the second aside, renames the first into its place and moves the old one to
/// the first's name, a window a later run recovers from (see `ReportFolder.tidy`).
enum FileSwap {
    static func exchange(_ new: String, _ existing: String) -> Bool {
        #if os(Linux)
        if let renameat2, renameat2(atCurrentDirectory, new, atCurrentDirectory, existing, exchangeFlag) == 0 { return true }
        #endif
        let aside = SurveyFolder.join((existing as NSString).deletingLastPathComponent,
            "." + (existing as NSString).lastPathComponent + ReportFolder.oldMarker + String(getpid()))
        guard rename(existing, aside) == 0 else { return false }
        guard rename(new, existing) == 0 else {
            let code = errno
            rename(aside, existing)
            errno = code
            return false
        }
        // The old set takes the new one's name, to be removed; if even that fails, the next
        // run removes it under its ".old-" name.
        rename(aside, new)
        return true
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let atCurrentDirectory: Int32 = -100
    private static let exchangeFlag: UInt32 = 2
    /// glibc has `renameat2` since 2.28, but Swift's Glibc module does not import it.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif
}
