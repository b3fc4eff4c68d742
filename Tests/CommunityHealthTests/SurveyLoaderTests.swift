import Testing

@testable import CommunityHealth

@Suite struct SurveyLoaderTests {
    func errors(_ json: String) -> [String] {
        do {
            _ = try SurveyLoader.load(Array(json.utf8), file: "s/survey.json")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func loadsTheSmallSurvey() throws {
        let survey = try smallSurvey()
        #expect(survey.id == "small")
        #expect(survey.period == .column("wave"))
        #expect(survey.minimumGroupSize == 3)
        #expect(survey.questions.map(\.id) == ["Q1", "Q2", "Q3", "O1", "R1", "P1", "C1"])
        #expect(survey.questions[1].reverse)
        #expect(survey.questions[1].keyed(2) == 4)
        #expect(survey.questions[4].scale?.isNPS == true)
        #expect(survey.questions[4].scale?.favorableFrom == 6)  // above the midpoint 5
        #expect(survey.questions[5].practices)
    }

    @Test func loadsTheBundledSurvey() throws {
        let folder = try SurveyFolder(path: repositoryRoot.appendingPathComponent("Surveys/cop-health").path)
        #expect(folder.survey.dimensions.map(\.id) == ["engagement", "trust", "learning"])
        #expect(folder.warnings.isEmpty)
    }

    @Test func favorableDefaultsAboveTheMidpoint() {
        #expect(Scale(id: "a", min: 1, max: 5).favorableFrom == 4)
        #expect(Scale(id: "a", min: 1, max: 6).favorableFrom == 4)
        #expect(Scale(id: "a", min: 0, max: 10).favorableFrom == 6)
        #expect(Scale(id: "a", min: 1, max: 5).neutralValue == 3)
        #expect(Scale(id: "a", min: 1, max: 4).neutralValue == nil)
    }

    @Test func badJSONNamesLineAndColumn() {
        #expect(errors("{\n  \"id\": \"x\",\n  \"groupBy\" \"c\"\n}") == ["s/survey.json:3:13: error: invalid JSON: expected ':' after the key"])
        #expect(errors("") == ["s/survey.json:1:1: error: invalid JSON: unexpected end of file, expected a value"])
    }

    /// Python and jq read the last of two equal keys, this parser the first: neither may decide.
    @Test func aDuplicateKeyAnywhereNamesBothPlaces() {
        let json = smallSurveyJSON
            .replacing("\"minimumGroupSize\": 3,", with: "\"minimumGroupSize\": 1,\n  \"title\": \"Again\",\n  \"minimumGroupSize\": 10,")
            .replacing("\"max\": 5, \"labels\"", with: "\"max\": 5, \"min\": 0, \"labels\"")
            .replacing("{ \"id\": \"Q2\", \"text\": \"Two\",", with: "{ \"id\": \"Q2\", \"text\": \"Two\", \"id\": \"Q9\",")
        #expect(errors(json) == [
            "s/survey.json:7:3: error: duplicate key 'title' (first at 3:3); JSON readers disagree on which one wins",
            "s/survey.json:8:3: error: duplicate key 'minimumGroupSize' (first at 6:3); JSON readers disagree on which one wins",
            "s/survey.json:11:37: error: scales.agree5: duplicate key 'min' (first at 11:17); JSON readers disagree on which one wins",
            "s/survey.json:17:34: error: questions[1]: duplicate key 'id' (first at 17:7); JSON readers disagree on which one wins",
        ])
    }

    @Test func surveyTextsHoldNoControlCharacters() {
        let json = smallSurveyJSON
            .replacing("\"title\": \"Small survey\"", with: "\"title\": \"Small \\u001b[2Jsurvey\"")
            .replacing("\"text\": \"One\"", with: "\"text\": \"One \\u202e\"")
        #expect(errors(json) == [
            "s/survey.json:3:12: error: title: holds a control character, terminal escape sequence or direction override: survey texts are shown in terminals and web pages",
            "s/survey.json:14:27: error: questions[0].text: holds a control character, terminal escape sequence or direction override: survey texts are shown in terminals and web pages",
        ])
    }

    @Test func everyMistakeIsCollectedWithItsPath() {
        let json = """
            {
              "id": "bad id",
              "groupBy": "",
              "period": { "column": "when", "every": "week" },
              "scales": {
                "s": { "min": 5, "max": 1 },
                "l": { "min": 1, "max": 3, "labels": ["a", "b"] }
              },
              "dimensions": [ { "id": "d" }, { "id": "d" } ],
              "questions": [
                { "id": "Q1", "text": "One", "scale": "nope", "dimension": "d" },
                { "id": "Q1", "text": "Again", "scale": "l" },
                { "id": "Q2", "text": "Two", "scale": "l", "dimension": "missing" },
                { "id": "Q3", "text": "Three", "type": "choices", "options": ["a;b"] }
              ],
              "outcome": "Q9"
            }
            """
        #expect(
            errors(json) == [
                "s/survey.json:2:9: error: id: 'bad id' is not a valid id (use letters, digits, '-' and '_')",
                "s/survey.json:3:14: error: groupBy: names no column",
                "s/survey.json:4:42: error: period.every: 'week' is not one of 'month', 'quarter', 'half', 'year'",
                "s/survey.json:6:10: error: scales.s: min (5) must be less than max (1)",
                "s/survey.json:7:42: error: scales.l.labels: has 2 labels, but the scale 1–3 needs 3",
                "s/survey.json:9:34: error: dimensions[1].id: duplicate dimension id 'd'",
                "s/survey.json:11:43: error: questions[0].scale: unknown scale 'nope'",
                "s/survey.json:12:13: error: questions[1].id: duplicate question id 'Q1'",
                "s/survey.json:13:61: error: questions[2].dimension: unknown dimension 'missing'",
                "s/survey.json:14:5: error: questions[3].options: option 'a;b' contains ';', which separates the answers of a 'choices' question",
                "s/survey.json:16:14: error: outcome: no question has the id 'Q9'",
            ])
    }

    @Test func missingPiecesAreNamed() {
        #expect(
            errors("{ \"id\": \"x\", \"questions\": [ { \"id\": \"Q\", \"text\": \"t\" } ] }") == [
                "s/survey.json:1:1: error: groupBy: is missing",
                "s/survey.json:1:29: error: questions[0]: needs a 'scale' or a 'type'",
            ])
        #expect(errors("[]") == ["s/survey.json:1:1: error: must be an object, not an array"])
    }

    @Test func wrongTypesAreNamed() {
        let json = """
            { "id": "x", "groupBy": "c", "minimumGroupSize": 2.5,
              "scales": { "s": { "min": "1", "max": 5 } },
              "questions": [ { "id": "Q", "text": "t", "scale": "s", "reverse": "yes" } ] }
            """
        #expect(
            errors(json) == [
                "s/survey.json:1:50: error: minimumGroupSize: must be a whole number, not a fraction",
                "s/survey.json:2:29: error: scales.s.min: must be a whole number, not a string",
                "s/survey.json:3:69: error: questions[0].reverse: must be true or false, not a string",
            ])
    }

    @Test func theOverallScoreNeedsACommonGridToo() {
        // Each dimension's grid fits (97 · 89 and 83 · 79), but all four ranges together do not:
        // without an outcome, the overall score would need them on one grid.
        func survey(outcome: String) -> String {
            """
            { "id": "g", "title": "G", "groupBy": "community", \(outcome)
              "scales": { "s97": { "min": 0, "max": 97 }, "s89": { "min": 0, "max": 89 }, "s83": { "min": 0, "max": 83 }, "s79": { "min": 0, "max": 79 } },
              "dimensions": [ { "id": "a", "title": "A" }, { "id": "b", "title": "B" } ],
              "questions": [
                { "id": "A1", "text": "A1", "scale": "s97", "dimension": "a" }, { "id": "A2", "text": "A2", "scale": "s89", "dimension": "a" },
                { "id": "B1", "text": "B1", "scale": "s83", "dimension": "b" }, { "id": "B2", "text": "B2", "scale": "s79", "dimension": "b" }
              ] }
            """
        }
        #expect(errors(survey(outcome: "")) == [
            "s/survey.json:3:17: error: dimensions: without an outcome the overall score mixes every dimension's scales, and their ranges have no common grid (least common multiple over 100000); name an outcome question or use fewer kinds of scale"
        ])
        #expect(errors(survey(outcome: "\"outcome\": \"A1\",")).isEmpty)
    }

    @Test func timestampPeriod() throws {
        let json = """
            { "id": "x", "groupBy": "c", "period": { "column": "submitted", "every": "quarter" },
              "questions": [ { "id": "C", "text": "t", "type": "text" } ] }
            """
        let survey = try SurveyLoader.load(Array(json.utf8), file: "s").survey
        #expect(survey.period == .timestamp(column: "submitted", every: .quarter))
    }

    @Test func waveNamesFromTimestamps() {
        #expect(waveName(ofTimestamp: "2026-03-15", every: .month) == "2026-03")
        #expect(waveName(ofTimestamp: "2026-03-15T09:30:00Z", every: .quarter) == "2026-Q1")
        #expect(waveName(ofTimestamp: "2026/7/1 10:00", every: .half) == "2026-H2")
        #expect(waveName(ofTimestamp: " 2026-12-31 ", every: .year) == "2026")
        #expect(waveName(ofTimestamp: "2026-13-01", every: .month) == nil)
        #expect(waveName(ofTimestamp: "15/03/2026", every: .month) == nil)
        #expect(waveName(ofTimestamp: "", every: .month) == nil)
    }
}
