import Foundation
import Testing

@testable import CommunityHealth

/// Issue 13, points 1 and 3: a report set is replaced whole or not at all, one run at a time,
/// and writes stay inside the folders they belong to.
@Suite struct ReportSetTests {
    func scratch() -> ScratchFolder { smallSurveyScratch() }

    func run(_ scratch: ScratchFolder, _ command: Command, lockWait: Double = 30) -> CommandRunner.Execution {
        var runner = CommandRunner(workingDirectory: scratch.path)
        runner.lockWait = lockWait
        return runner.run(command)
    }

    func report(_ configure: (inout ReportOptions) -> Void = { _ in }) -> Command {
        var options = ReportOptions()
        configure(&options)
        return .report(options)
    }

    func errors(_ execution: CommandRunner.Execution) -> [String] { printedErrors(execution) }

    func entries(_ scratch: ScratchFolder, _ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/" + folder)) ?? []).sorted()
    }

    @Test func aRunReplacesTheWholeSetAndCarriesOverOnlyFilesItDoesNotWrite() throws {
        let scratch = scratch()
        #expect(run(scratch, report()).exitCode == 0)
        #expect(entries(scratch, "Reports/small") == (ReportJob.fileNames + [ReportJob.pagesFolder]).sorted())
        scratch.write("the lead's own notes\n", to: "Reports/small/notes.md")
        // A text-only run's set has no tables: the earlier run's tables go with the earlier set.
        let execution = run(scratch, report { $0.formats = [.text] })
        #expect(execution.exitCode == 0)
        #expect(entries(scratch, "Reports/small") == ["communities", "notes.md", "rejected.csv", "scorecard.txt"])
        #expect(entries(scratch, "Reports/small/communities") == ["a.txt"])
        #expect(scratch.read("Reports/small/notes.md") == "the lead's own notes\n")
        // Beside the folder: the lock file, and nothing else of the run.
        #expect(entries(scratch, "Reports") == [".small.lock", "small"])
    }

    func inode(_ scratch: ScratchFolder, _ file: String) -> UInt64? {
        var status = stat()
        return lstat(scratch.path + "/" + file, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    @Test func aRerunKeepsTheFilesWhoseBytesDidNotChange() throws {
        let scratch = scratch()
        #expect(run(scratch, report()).exitCode == 0)
        let page = try #require(entries(scratch, "Reports/small/communities").first.map { "Reports/small/communities/" + $0 })
        let kept = ["Reports/small/scorecard.txt", "Reports/small/items.csv", page].map { inode(scratch, $0) }
        let scores = try #require(scratch.read("Reports/small/scores.csv"))
        // A file changed since (in place, same size) and one replaced by a link are written anew.
        let edited = String(scores.reversed())
        try edited.write(toFile: scratch.path + "/Reports/small/scores.csv", atomically: false, encoding: .utf8)
        let jsonBefore = try #require(scratch.read("Reports/small/report.json"))
        try FileManager.default.removeItem(atPath: scratch.path + "/Reports/small/trends.csv")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/Reports/small/trends.csv", withDestinationPath: "scores.csv")
        #expect(run(scratch, report()).exitCode == 0)
        #expect(["Reports/small/scorecard.txt", "Reports/small/items.csv", page].map { inode(scratch, $0) } == kept)
        #expect(scratch.read("Reports/small/scores.csv") == scores)
        #expect(scratch.read("Reports/small/trends.csv") != edited)
        var status = stat()
        #expect(lstat(scratch.path + "/Reports/small/trends.csv", &status) == 0 && status.st_mode & S_IFMT == S_IFREG)
        #expect(scratch.read("Reports/small/report.json") == jsonBefore)
    }

    @Test func leftoversOfInterruptedRunsAreRemovedAndAnAsideSetIsPutBack() throws {
        let scratch = scratch()
        #expect(run(scratch, report()).exitCode == 0)
        let scores = try #require(scratch.read("Reports/small/scores.csv"))
        // A run killed while writing, one killed mid-swap (its old set aside, the folder gone),
        // and a per-file temporary of an earlier version.
        scratch.write("half", to: "Reports/.small.new-4242/scores.csv")
        try FileManager.default.moveItem(atPath: scratch.path + "/Reports/small", toPath: scratch.path + "/Reports/.small.old-4243")
        scratch.write("half", to: "Reports/.small.old-4243/items.csv.partial-4243")
        #expect(run(scratch, report { $0.formats = [.text] }).exitCode == 0)
        #expect(entries(scratch, "Reports") == [".small.lock", "small"])
        #expect(entries(scratch, "Reports/small") == ["communities", "rejected.csv", "scorecard.txt"])
        // Recovery alone (no run after it) puts the aside set back whole.
        try FileManager.default.moveItem(atPath: scratch.path + "/Reports/small", toPath: scratch.path + "/Reports/.small.old-99")
        scratch.write(scores, to: "Reports/.small.old-99/scores.csv")
        let folder = try ReportFolder(path: scratch.path + "/Reports/small", shownPath: "Reports/small", wait: 1)
        #expect(scratch.read("Reports/small/scores.csv") == scores)
        #expect(FileManager.default.fileExists(atPath: folder.staging))
        withExtendedLifetime(folder) {}
    }

    @Test func aFailedWriteLeavesThePreviousSetAndSaysSoOnce() throws {
        let scratch = scratch()
        #expect(run(scratch, report()).exitCode == 0)
        let before = entries(scratch, "Reports/small")
        let scores = scratch.read("Reports/small/scores.csv")
        let folder = try ReportFolder(path: scratch.path + "/Reports/small", shownPath: "Reports/small", wait: 1)
        #expect(throws: InputErrors.self) { try folder.staged.write("x", as: "missing/scores.csv") }
        do {
            try folder.staged.write("x", as: "missing/scores.csv")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "Reports/small: error: cannot write missing/scores.csv: No such file or directory; the reports there from an earlier run are unchanged"
            ])
        }
        let staging = folder.staging
        _ = consume folder
        #expect(!FileManager.default.fileExists(atPath: staging))
        #expect(entries(scratch, "Reports/small") == before)
        #expect(scratch.read("Reports/small/scores.csv") == scores)
    }

    @Test func aSecondRunWaitsForTheLockThenGivesUpWithAClearMessage() throws {
        let scratch = scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/Reports", withIntermediateDirectories: true)
        let held = try FileLock(path: scratch.path + "/Reports/.small.lock", shownAs: "lock", wait: 0) { "busy" }
        let execution = run(scratch, report(), lockWait: 0.2)
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == [
            "Reports/.small.lock: error: another cophealth run is writing Reports/small/ and did not finish within 0.2 s: try again when it has finished"
        ])
        #expect(scratch.read("Reports/small/scores.csv") == nil)
        withExtendedLifetime(held) {}
        // Released, the next run goes ahead.
        _ = consume held
        #expect(run(scratch, report(), lockWait: 0.2).exitCode == 0)
    }

    @Test func concurrentRunsNeverMix() throws {
        let scratch = scratch()
        let folder = scratch.path
        // Two kinds of set: every format, and text only.
        let commands = [report(), report { $0.formats = [.text] }]
        let codes = concurrentMap(8) { index in CommandRunner(workingDirectory: folder).run(commands[index % 2]).exitCode }
        #expect(codes == Array(repeating: 0, count: 8))
        let set = entries(scratch, "Reports/small")
        #expect(set == (ReportJob.fileNames + [ReportJob.pagesFolder]).sorted() || set == ["communities", "rejected.csv", "scorecard.txt"])
        #expect(entries(scratch, "Reports") == [".small.lock", "small"])
    }

    @Test func aLinkedReportFolderOrAFileForOutIsRefused() throws {
        let scratch = scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.path + "/Reports", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/Reports/small", withDestinationPath: scratch.path + "/elsewhere")
        var execution = run(scratch, report())
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == [
            "Reports/small: error: is a symbolic link: cophealth replaces a report folder whole and does not write through links; remove the link, or give --out the folder it points to"
        ])
        #expect(entries(scratch, "elsewhere").isEmpty)
        scratch.write("a file\n", to: "out")
        execution = run(scratch, report { $0.outputFolder = "out" })
        #expect(errors(execution) == ["out: error: is a file, not a folder: give --out a folder for the reports"])
        execution = run(scratch, report { $0.outputFolder = "out/reports" })
        #expect(errors(execution) == ["out/reports: error: cannot make the reports folder: a part of the path is a file, not a folder"])
        #expect(scratch.read("out") == "a file\n")
    }

    @Test func aPlantedLinkAtATemporaryNameIsNotWrittenThrough() throws {
        let scratch = scratch()
        scratch.write("precious\n", to: "precious.txt")
        let target = scratch.path + "/Surveys/small/responses/g.csv"
        try FileManager.default.createSymbolicLink(atPath: AtomicFile.temporaryPath(for: target), withDestinationPath: scratch.path + "/precious.txt")
        try AtomicFile.write("community\n", to: target)
        #expect(scratch.read("precious.txt") == "precious\n")
        #expect(scratch.read("Surveys/small/responses/g.csv") == "community\n")
    }

    @Test func wavesThatWouldNameFilesElsewhereAreRefused() throws {
        let scratch = scratch()
        var options = GenerateOptions(surveyFolder: "Surveys/small")
        options.waves = ["2026-H1", "../../escaped"]
        var execution = run(scratch, .generate(options))
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == ["--waves: error: the wave '../../escaped' holds '/', so its file would be in another folder: give waves names such as 2026-H1"])
        options.waves = [".hidden"]
        execution = run(scratch, .generate(options))
        #expect(errors(execution) == ["--waves: error: the wave '.hidden' starts with '.', so its file would be hidden or in another folder: give waves names such as 2026-H1"])
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/escaped.csv"))
        // Waves from survey.json are checked the same way, and the message says where they came from.
        scratch.write(smallSurveyJSON.replacingOccurrences(of: "\"minimumGroupSize\"", with: "\"waves\": [\"../up\"], \"minimumGroupSize\""), to: "Surveys/small/survey.json")
        execution = run(scratch, .generate(GenerateOptions(surveyFolder: "Surveys/small")))
        #expect(errors(execution) == [
            "Surveys/small/survey.json: error: the wave '../up' holds '/', so its file would be in another folder: give waves names such as 2026-H1"
        ])
    }

    @Test func anImportWaveOutsideTheFolderIsOneErrorAndLeftoversOfKilledImportsGo() throws {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey/survey.json")
        scratch.write("community,wave,Q1,Q2,Q3,O1,R1,P1\nA,x,4,,,,,\nB,x,3,,,,,\nC,x,5,,,,,\n", to: "plain.csv")
        var options = ImportOptions(files: ["plain.csv"], surveyFolder: "survey")
        options.wave = "../x"
        var execution = run(scratch, .importExports(options))
        #expect(execution.exitCode == 1)
        #expect(errors(execution) == ["--wave: error: '../x' holds '/', so its file would be in another folder: give the wave's name, such as 2026-H1"])
        // A process that has ended cannot own a temporary file; a live one (this process) can.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        scratch.write("killed\n", to: "survey/responses/.w1.csv.import-\(ended.processIdentifier)")
        scratch.write("running\n", to: "survey/responses/.w2.csv.import-\(getpid())")
        options.wave = "w9"
        execution = run(scratch, .importExports(options))
        #expect(execution.exitCode == 0)
        #expect(execution.messages.map(\.description).contains("removed 1 temporary file left in survey/responses/ by interrupted imports"))
        #expect(entries(scratch, "survey/responses") == [".w2.csv.import-\(getpid())", "w9.csv"])
    }
}
