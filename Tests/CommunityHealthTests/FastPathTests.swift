import Foundation
import Testing

@testable import CommunityHealth

/// The fast reader (RowParser, then RecordScanner for what it declines) must give exactly what the careful one
/// (CSVScanner + ResponseDecoder) gives, on any input: every table and every rejection.
@Suite struct FastPathTests {
    /// Reads `text` the careful way only, into the same outputs a report writes.
    static func carefulOutputs(_ text: String, survey: Survey) throws -> [String] {
        var tally = Tally(layout: TallyLayout(survey: survey))
        var rejections: [Rejection] = []
        var read = 0
        var used = 0
        var decoder: ResponseDecoder?
        var refusals = NameRefusals()
        for event in try CSVScanner.records(in: Array(text.utf8)) {
            switch event {
            case .record(let record):
                guard let current = decoder else {
                    decoder = try ResponseDecoder(survey: survey, header: record, file: "s/responses/w.csv", fileWave: "w")
                    continue
                }
                read += 1
                switch current.decode(record) {
                case .success(let row):
                    used += 1
                    tally.add(row)
                case .failure(.rejected(let rejection)): rejections.append(rejection)
                case .failure(.refused(let refusal)): refusals.add(refusal)
                }
            case .unterminatedQuote(let line, let column):
                read += 1
                rejections.append(Rejection(at: Location(file: "s/responses/w.csv", line: line, column: column), "a quote opened here is never closed: the rest of the file could not be read"))
            }
        }
        if !refusals.isEmpty { throw InputErrors(refusals.diagnostics) }
        let coverage = CoverageRule.coverage(of: tally, minimum: survey.minimumGroupSize)
        let report = Disclosure.report(Results(survey: survey, tally: tally, coverage: coverage), counts: RowCounts(read: read, used: used), rejections: rejections)
        return ["scores.csv", "items.csv", "practices.csv", "drivers.csv", "rejected.csv"].map { CSVTables.table($0).render(report) } + [TextScorecard.render(report)]
    }

    static func fastOutputs(_ text: String, workers: Int, blockSize: Int = ResponseReader.blockSize) throws -> [String] {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey.json")
        scratch.write(text, to: "responses/w.csv")
        var job = try ReportJob(folder: SurveyFolder(path: scratch.path, displayPath: "s"), formats: [.text])
        job.workers = workers
        job.minimumChunk = 1
        job.blockSize = blockSize
        let outcome = try job.run()
        let report = outcome.report
        return ["scores.csv", "items.csv", "practices.csv", "drivers.csv", "rejected.csv"].map { CSVTables.table($0).render(report) } + [TextScorecard.render(report)]
    }

    /// Cells as people and spreadsheets write them, good and bad.
    static let scaleCells = [
        "1", "2", "3", "4", "5", "", " ", " 4", "4 ", "\t5", "03", "+3", "-1", "6", "0", "99999999999", "Agree", "agree", " strongly  agree ",
        "STRONGLY DISAGREE", "Neutral", "\u{00A0}4", "4\u{00A0}", "Agree\t", "\"4\"", "\"Agree\"", "\"4 \"", "Kinda", "4.0", "Dis agree",
    ]
    static let choiceCells = ["", "Mentoring", "mentoring", "Story sharing", "Mentoring;Story sharing", " Mentoring ; Story sharing ", ";Mentoring;", "Mentoring;;", "Cooking", "\"Mentoring;Story sharing\"", "Story  sharing", "MENTORING"]
    static let communities = ["A", " A", "A ", "\"A\"", "B", "\"Q \"\"B\"\"\"", "\"C, D\"", "", " ", "Zoë", "\u{00A0}A"]

    static func randomFile(seed: UInt64, rows: Int, communities: [String] = communities) -> String {
        var random = SplitMix64(seed: seed)
        func pick(_ list: [String]) -> String { list[Int(random.uniform() * Double(list.count))] }
        var lines = ["respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1"]
        for index in 0..<rows {
            var cells = ["r\(index)", pick(communities), random.uniform() < 0.02 ? "" : pick(["w1", "w2", " w1", "w2 "])]
            for _ in 0..<4 { cells.append(pick(scaleCells)) }
            cells.append(pick(["0", "10", "7", " 9", "11", "", "10 - Extremely likely"]))
            cells.append(pick(choiceCells))
            cells.append(pick(["", "fine", "\"a, b\"", "\"line\nbreak\"", "\"cr\r\nlf\"", "\"say \"\"hi\"\"\"", "\"a\"b", "a\"b"]))
            if random.uniform() < 0.03 { cells.append("extra") }
            if random.uniform() < 0.03 { cells.removeLast(2) }
            if random.uniform() < 0.02 { cells.append("") }
            lines.append(cells.joined(separator: ","))
            if random.uniform() < 0.02 { lines.append("") }
        }
        let lineBreak = pick(["\n", "\r\n", "\r"])
        return lines.joined(separator: lineBreak) + (random.uniform() < 0.5 ? lineBreak : "")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func fastAndCarefulAgree(seed: UInt64) throws {
        let text = Self.randomFile(seed: seed, rows: 400)
        let careful = try Self.carefulOutputs(text, survey: smallSurvey())
        let fast = try Self.fastOutputs(text, workers: 1)
        for (index, name) in ["scores", "items", "practices", "drivers", "rejected", "scorecard"].enumerated() {
            #expect(fast[index] == careful[index], "\(name) differs for seed \(seed)")
        }
        #expect(try Self.fastOutputs(text, workers: 3) == fast)
        // Records cut by the end of every block, at every place.
        for blockSize in [1, 2, 7, 50] {
            #expect(try Self.fastOutputs(text, workers: 1, blockSize: blockSize) == fast, "block size \(blockSize)")
        }
    }

    /// Communities and waves that hold personal data refuse the run the same way on both paths:
    /// the same messages, the first place of each and the same counts.
    @Test(arguments: [11, 12, 13])
    func fastAndCarefulRefuseTheSameNames(seed: UInt64) throws {
        let names = Self.communities + ["alice@example.com", "\"bob [at] example [dot] org\"", "10.0.0.7", "+44 20 7946 0958", "\"Red\u{1B}[31m\""]
        let text = Self.randomFile(seed: seed, rows: 300, communities: names)
        func errors(_ read: () throws -> [String]) -> String {
            do {
                _ = try read()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let careful = errors { try Self.carefulOutputs(text, survey: smallSurvey()) }
        #expect(careful.contains("community cell holds an e-mail address (so do "))
        #expect(careful.contains("community cell holds an IP address"))
        #expect(careful.contains("community cell holds a phone number"))
        #expect(careful.contains("community cell holds a control character"))
        #expect(errors { try Self.fastOutputs(text, workers: 1) } == careful)
        #expect(errors { try Self.fastOutputs(text, workers: 3) } == careful)
        #expect(errors { try Self.fastOutputs(text, workers: 1, blockSize: 7) } == careful)
    }
}
