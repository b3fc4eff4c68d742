import Testing

@testable import CommunityHealth

@Suite struct ReadingTests {
    static let header = "respondent,community,wave,Q1,Q2,Q3,O1,R1,P1,C1\n"

    func rejections(_ body: String) throws -> (counts: RowCounts, rejected: [String]) {
        let outcome = try runReport(responses: ["w.csv": Self.header + body])
        return (outcome.report.counts, outcome.report.rejections.map { "\($0.location): \($0.reason)" })
    }

    @Test func labelsMatchWithoutRegardToCaseOrSpaces() throws {
        let outcome = try runReport(responses: ["w.csv": Self.header + "r,A,w, strongly AGREE ,disagree,Neutral,,,,\n"])
        #expect(outcome.report.counts == RowCounts(read: 1, used: 1))
        let item = outcome.report.items.first { $0.community == .all && $0.question.id == "Q1" }
        #expect(item?.figures.isWithheld == true)  // one answer is under the minimum of 3
    }

    @Test func rowProblemsAreRejectedWithPlaceAndReason() throws {
        let body = """
            r1,A,w,6,,,,,,
            r2,A,w,agree-ish,,,,,,
            r3,A,w,1,2,3,4,5,Mentoring;Cooking,,
            r4,A,w,1,2
            r5,A,w,1,2,3,4,5,,,extra
            r6,A,,1,2,3,4,5,,
            r7,A,w,1,2,3,4,11,,
            r8,A,w,1,2,3,4,5,,,
            r9,A,w,1,2,3,4,5,,"never closed

            """
        let (counts, rejected) = try rejections(body)
        #expect(
            rejected == [
                "s/responses/w.csv:2:8: answer 6 to 'Q1' is outside the scale agree5 (1–5)",
                "s/responses/w.csv:3:8: answer 'agree-ish' to 'Q1' is neither a number nor a label of the scale agree5",
                "s/responses/w.csv:4:18: answer 'Cooking' to 'P1' is not one of its options",
                "s/responses/w.csv:5: has 5 fields, but the header has 10",
                "s/responses/w.csv:6:20: has 11 fields, but the header has 10",
                "s/responses/w.csv:7:6: no wave in column 'wave'",
                "s/responses/w.csv:8:16: answer 11 to 'R1' is outside the scale nps (0–10)",
                "s/responses/w.csv:10:19: a quote opened here is never closed: the rest of the file could not be read",
            ])
        // r8 has one empty field too many: a spreadsheet's trailing column, tolerated.
        #expect(counts == RowCounts(read: 9, used: 1))
        #expect(counts.read == counts.used + counts.rejected)
    }

    @Test func rejectedCSVListsEveryRejection() throws {
        let outcome = try runReport(responses: ["w.csv": Self.header + "r1,A,w,9,,,,,,\n"])
        #expect(
            outcome.file("rejected.csv")
                == "file,line,column,reason\ns/responses/w.csv,2,8,answer 9 to 'Q1' is outside the scale agree5 (1–5)\n")
    }

    func fileErrors(_ files: [String: [UInt8]]) -> [String] {
        let scratch = ScratchFolder()
        scratch.write(smallSurveyJSON, to: "survey.json")
        for (name, bytes) in files { scratch.writeBytes(bytes, to: "responses/\(name)") }
        do {
            _ = try ReportJob(folder: SurveyFolder(path: scratch.path, displayPath: "s")).run()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func fileProblemsAreErrorsNamingTheFile() {
        #expect(fileErrors(["a.csv": Array("respondent,wave,Q1\nr,w,1\n".utf8)]) == [
            "s/responses/a.csv:1:1: error: no 'community' column (the survey's groupBy) in the header"
        ])
        #expect(fileErrors(["a.csv": Array("community,Q1,wave\nA,1,w\n".utf8).map { $0 }]).isEmpty)
        #expect(fileErrors(["a.csv": Array("community,wave,Q1,q1\n".utf8)]) == [
            "s/responses/a.csv:1:19: error: column 'q1' appears twice in the header (columns 3 and 4)"
        ])
        #expect(fileErrors(["a.csv": []]) == ["s/responses/a.csv: error: is empty: a response file needs at least a header row"])
        #expect(fileErrors(["a.csv": Array("community,wave,Q1\nZo".utf8) + [0xEB, 0x2C] + Array("w,1\n".utf8)]) == [
            "s/responses/a.csv:2:1: error: is not UTF-8 text: save it as UTF-8 CSV (or use 'cophealth import', which reads other encodings)"
        ])
        // A bad byte inside a quoted, multi-line cell is found too, at the cell holding it.
        #expect(fileErrors(["a.csv": Array("community,wave,Q1,C1\nA,w,1,ok\nA,w,2,\"one\ntwo ".utf8) + [0xC3] + Array("\"\n".utf8)]) == [
            "s/responses/a.csv:3:7: error: is not UTF-8 text: save it as UTF-8 CSV (or use 'cophealth import', which reads other encodings)"
        ])
        #expect(fileErrors(["a.csv": [0xFF, 0xFE, 0x63, 0x00]]) == [
            "s/responses/a.csv: error: is UTF-16 text: save it as UTF-8 CSV (or use 'cophealth import')"
        ])
        #expect(fileErrors(["a.csv": Array("community,Q1\nA,1\n".utf8)]) == [
            "s/responses/a.csv:1:1: error: no 'wave' column (the survey's period) in the header"
        ])
    }

    @Test func byteOrderMarkAndCRLFAreRead() throws {
        let text = "\u{FEFF}community,wave,Q1\r\nA,w,5\r\nA,w,4\r\n"
        let outcome = try runReport(responses: ["w.csv": text])
        #expect(outcome.report.counts == RowCounts(read: 2, used: 2))
    }

    @Test func waveFromTheFileNameWithoutPeriod() throws {
        let json = smallSurveyJSON.replacingOccurrences(of: "\"period\": { \"column\": \"wave\" },", with: "")
        let outcome = try runReport(survey: json, responses: ["2026-H1.csv": "community,Q1\nA,5\n", "2026-H2.csv": "community,Q1\nA,4\n"])
        #expect(outcome.report.waves == ["2026-H1", "2026-H2"])
    }

    @Test func waveFromATimestamp() throws {
        let json = smallSurveyJSON.replacingOccurrences(
            of: "\"period\": { \"column\": \"wave\" }", with: "\"period\": { \"column\": \"submitted\", \"every\": \"quarter\" }")
        let outcome = try runReport(
            survey: json, responses: ["x.csv": "community,submitted,Q1\nA,2026-02-01,5\nA,2026-05-30T10:00:00Z,4\nA,yesterday,3\n"])
        #expect(outcome.report.waves == ["2026-Q1", "2026-Q2"])
        #expect(outcome.report.rejections.map(\.reason) == ["'yesterday' in column 'submitted' is not a date such as 2026-03-15"])
    }

    @Test func declaredWaveOrderIsKept() throws {
        let json = smallSurveyJSON.replacingOccurrences(of: "\"minimumGroupSize\": 3,", with: "\"minimumGroupSize\": 3, \"waves\": [\"spring\", \"autumn\"],")
        let outcome = try runReport(survey: json, responses: ["x.csv": "community,wave,Q1\nA,autumn,5\nA,spring,4\nA,extra,1\n"])
        #expect(outcome.report.waves == ["spring", "autumn", "extra"])
    }

    @Test func unknownColumnsAreWarnedAboutOnce() throws {
        let outcome = try runReport(responses: ["w.csv": "community,wave,Q1,email,Q1 copy\nA,w,5,a@b.c,\n"])
        #expect(outcome.warnings.map(\.message).contains("ignored columns not in the survey: 'email', 'Q1 copy'"))
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
