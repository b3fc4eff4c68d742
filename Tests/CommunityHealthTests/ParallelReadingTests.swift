import Foundation
import Testing

@testable import CommunityHealth

/// Reading a file split across workers must give exactly what reading it in one piece gives:
/// every field of every output file.
@Suite struct ParallelReadingTests {
    /// Rows whose free-text cells are long, quoted, and full of line breaks, commas and `""`, so
    /// that most byte offsets of the file — and so most nominal chunk boundaries — fall inside a
    /// quoted field.
    static func responses(rows: Int, strayQuotes: Bool = false) -> String {
        var random = SplitMix64(seed: 99)
        var lines = ["respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1"]
        let communities = ["Alpha", "\"Quoted\" Team", "Zoë, and friends", "Beta"]
        for index in 0..<rows {
            func answer() -> String { random.uniform() < 0.05 ? "" : String(1 + Int(random.uniform() * 5)) }
            let community = communities[Int(random.uniform() * Double(communities.count))]
            let quotedCommunity = community.contains(",") || community.contains("\"") ? "\"" + community.replacing("\"", with: "\"\"") + "\"" : community
            let text = (0..<Int(2 + random.uniform() * 6)).map { "line \($0), with \"\"quotes\"\"\r\nand more" }.joined(separator: "\n")
            let practice = ["Mentoring", "Story sharing", "Mentoring;Story sharing", ""][index % 4]
            let stray = strayQuotes && index % 7 == 0 ? "5\" screen" : "plain"
            lines.append(
                "r\(index),\(quotedCommunity),w\(index % 3),\(answer()),\(answer()),\(answer()),\(answer()),\(Int(random.uniform() * 11)),\(practice),\"\(text) \(stray)\"")
        }
        if strayQuotes { lines.insert("bad,Alpha,w1,9,,,,,,x", at: 5) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func outputs(_ text: String, workers: Int) throws -> [String] {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey.json")
        scratch.write(text, to: "responses/all.csv")
        var job = try ReportJob(folder: SurveyFolder(path: scratch.path, displayPath: "s"))
        job.workers = workers
        job.minimumChunk = 1
        let outcome = try job.run()
        return outcome.files.map { $0.name + "\n" + $0.contents } + ["report.json\n" + outcome.file("report.json")]
    }

    @Test(arguments: [2, 3, 4, 5, 7, 8])
    func manyWorkersEqualOne(workers: Int) throws {
        let text = Self.responses(rows: 300)
        #expect(try Self.outputs(text, workers: workers) == Self.outputs(text, workers: 1))
    }

    @Test func strayQuotesStillGiveTheSameResult() throws {
        // Quotes inside unquoted fields make quote parity lie; the boundary check notices and
        // the file is read in one piece.
        let text = Self.responses(rows: 200, strayQuotes: true)
        let one = try Self.outputs(text, workers: 1)
        #expect(try Self.outputs(text, workers: 4) == one)
        #expect(one.contains { $0.hasPrefix("rejected.csv") && $0.contains("answer 9 to 'Q1' is outside the scale") })
    }

    @Test func aSingleRow() throws {
        let text = "community,wave,Q1,C1\nAlpha,w1,4,\"a\nb\"\n"
        #expect(try Self.outputs(text, workers: 4) == Self.outputs(text, workers: 1))
    }

    @Test func boundariesAreRecordBoundaries() throws {
        let text = Self.responses(rows: 120)
        let scratch = ScratchFolder()
        scratch.write(text, to: "all.csv")
        let file = try ChunkFile(path: scratch.path + "/all.csv")
        defer { file.close() }
        // Where records really end, by reading the file in one piece.
        let bytes = Array(text.utf8)
        var ends: Set<Int> = [bytes.count]
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = RecordScanner(bytes: buffer, delimiter: UInt8(ascii: ","), isFinal: true, line: 1)
            while case .record(let record) = scanner.next() { ends.insert(record.end) }
        }
        var insideQuotes = 0
        for workers in 2...16 {
            let plan = ChunkPlan(file: file, start: 0, workers: workers)
            for range in plan.ranges { #expect(ends.contains(range.upperBound), "\(workers) workers: \(range.upperBound)") }
            // How many nominal boundaries fell inside a quoted field (so parity had to find the way out).
            let share = bytes.count / workers
            for index in 1..<workers {
                let quotes = bytes[..<(index * share)].filter { $0 == UInt8(ascii: "\"") }.count
                if quotes % 2 == 1 { insideQuotes += 1 }
            }
        }
        #expect(insideQuotes > 20)
    }

    /// Found by fuzzing (Tests/Fuzz/Crashes/response-reader): an error that stops the reading
    /// reported the rows and refused names before it only when they fell in an earlier chunk,
    /// so what `validate` said depended on the number of cores.
    @Test func whatCameBeforeAStoppingErrorIsTheSameForAnyWorkers() throws {
        func read(_ bytes: [UInt8], workers: Int) throws -> [String] {
            let scratch = ScratchFolder()
            scratch.write(smallSurveyJSON, to: "survey.json")
            scratch.writeBytes(bytes, to: "responses/all.csv")
            let folder = try SurveyFolder(path: scratch.path, displayPath: "s")
            var reader = ResponseReader(survey: folder.survey, workers: workers, minimumChunk: 1)
            reader.blockSize = 3
            for file in folder.responseFiles { reader.read(path: file.path, name: "all.csv") }
            return ["read \(reader.counts.read) used \(reader.counts.used)"] + reader.rejections.map(\.reason) + reader.errors.map(\.description)
        }
        let counts = Array("community,wave,Q1\nA,w,9\nB,w,".utf8) + [0xFF] + Array("\n".utf8)
        let one = try read(counts, workers: 1)
        #expect(one.first == "read 1 used 0")
        for workers in [2, 3, 4] { #expect(try read(counts, workers: workers) == one) }
        let refusals = Array("community,wave,Q1\nA\u{1B},w,1\nB,w,1\nC,w,".utf8) + [0xFF] + Array("\n".utf8)
        let alone = try read(refusals, workers: 1)
        #expect(alone.contains { $0.contains("community cell holds a control character") })
        for workers in [2, 3, 4] { #expect(try read(refusals, workers: workers) == alone) }
    }
}
