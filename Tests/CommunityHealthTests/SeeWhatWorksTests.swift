import Foundation
import Testing

@testable import CommunityHealth

/// The over-time and "what works" analyses on the bundled sample, where the generator planted
/// known effects (Surveys/README.md), and their privacy.
@Suite struct SeeWhatWorksTests {
    static let bundled: ReportJob.Outcome? = {
        guard let folder = try? SurveyFolder(path: repositoryRoot.appendingPathComponent("Surveys/cop-health").path, displayPath: "Surveys/cop-health")
        else { return nil }
        return try? ReportJob(folder: folder).run()
    }()

    /// Practices by their effect within communities on a dimension, largest within_d first.
    static func withinOrder(_ report: Report, wave: String, dimension: String) -> [String] {
        report.practices.filter { $0.wave == wave && $0.target.id == dimension }
            .compactMap { row in row.within?.d.map { (row.option, $0) } }
            .sorted { $0.1 > $1.1 }.map(\.0)
    }

    @Test func plantedPracticesComeOutOnTopWithinCommunities() throws {
        let report = try #require(Self.bundled?.report)
        #expect(Self.withinOrder(report, wave: "2026-H2", dimension: "learning").first == "Mentoring")
        #expect(Self.withinOrder(report, wave: "2026-H2", dimension: "trust").first == "Story sharing")
        #expect(Self.withinOrder(report, wave: "2026-H2", dimension: "engagement").first == "Regular meetings")
        // The planted order of the three largest effects: mentoring 0.6 > meetings 0.4 > story sharing 0.35.
        let spread = try #require(report.recommendations.first { $0.text.hasPrefix("Spread") }?.text)
        let order = ["mentoring with learning", "regular meetings with engagement", "story sharing with trust"].map { spread.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order[0]! < order[1]! && order[1]! < order[2]!)
    }

    @Test func aPracticeGoodCommunitiesDoIsNotCredited() throws {
        // Shared documentation: no planted effect, run by the two communities with the highest levels.
        let report = try #require(Self.bundled?.report)
        let rows = report.practices.filter { $0.option == "Shared documentation or templates" && $0.wave == "2026-H2" }
        let trust = try #require(rows.first { $0.target.id == "trust" })
        #expect(trust.isMeaningfulPooled)  // +9.85 points across the organisation, q < 0.001
        #expect(rows.allSatisfy { !$0.isMeaningfulWithin })
        let spread = try #require(report.recommendations.first { $0.text.hasPrefix("Spread") }?.text)
        let recommended = try #require(spread.components(separatedBy: "Explained by").first)
        #expect(!recommended.contains("shared documentation"))
        #expect(spread.contains("shared documentation or templates with trust"))
        let scorecard = try #require(Self.bundled?.file("scorecard.txt"))
        let line = try #require(scorecard.split(separator: "\n").first { $0.hasPrefix("  Shared documentat") })
        #expect(!line.contains("*"))
        // Nor discussion groups, which go with low trust only because Product Management runs them.
        let bookGroups = try #require(report.practices.first { $0.option == "Discussion or book groups" && $0.wave == "2026-H2" && $0.target.id == "trust" })
        #expect(bookGroups.isMeaningfulPooled && !bookGroups.isMeaningfulWithin)
    }

    @Test func plantedAdoptionsAreSupportedAndTheTrendIsNot() throws {
        let report = try #require(Self.bundled?.report)
        func verdict(_ community: String, _ practice: String, _ dimension: String) -> AdoptionRow.Verdict? {
            report.adoptions.first { $0.community == community && $0.option == practice && $0.target.id == dimension }?.verdict
        }
        #expect(verdict("Data Engineering", "Mentoring", "learning") == .supported)
        #expect(verdict("Quality & Testing", "Mentoring", "learning") == .supported)
        // Security Champions' engagement rises every wave whatever it does: not credited to regular meetings.
        #expect(verdict("Security Champions", "Regular meetings", "engagement") == .notSupported)
        let learn = try #require(report.recommendations.first { $0.text.hasPrefix("Learn from Security Champions") })
        #expect(!learn.text.contains("regular meetings") && !learn.evidence.contains("adoption.csv"))
    }

    @Test func plantedChangesAreMeaningful() throws {
        let report = try #require(Self.bundled?.report)
        func change(_ wave: String, _ community: String, _ dimension: String) -> Change? {
            report.score(wave: wave, community: .named(community), dimension: dimension)?.figures.value?.change
        }
        let decline = try #require(change("2026-H2", "Product Management", "trust"))
        #expect(decline.isMeaningful && decline.points < 0)
        #expect(change("2026-H1", "Product Management", "trust")?.isMeaningful == true)
        #expect(change("2025-H2", "Data Engineering", "learning")?.isMeaningful == true)
        // Quality & Testing's learning rose 9.75 points in 2026-H1 (p = 0.011), but among that wave's
        // 32 changes its q is 0.085: since the first wave (+13.34, q = 0.003) it is meaningful.
        let qualityAndTesting = report.score(wave: "2026-H1", community: .named("Quality & Testing"), dimension: "learning")?.figures.value
        #expect(qualityAndTesting?.change?.isMeaningful == false)
        #expect(qualityAndTesting?.changeFromFirst?.isMeaningful == true)
        // Nothing else moved meaningfully in the focus wave.
        let meaningful = report.scores.filter { $0.wave == "2026-H2" && $0.community != .all && ($0.figures.value?.change?.isMeaningful ?? false) }
        #expect(meaningful.map { "\($0.community) \($0.dimension.id)" } == ["Product Management trust"])
    }

    @Test func recommendationsNameThePlantedEffects() throws {
        let report = try #require(Self.bundled?.report)
        let text = report.recommendations.map(\.text).joined(separator: "\n")
        #expect(report.recommendations.count <= 5)
        #expect(text.contains("mentoring with learning"))
        #expect(text.contains("story sharing with trust"))
        #expect(text.contains("Talk with Product Management about trust"))
        #expect(text.contains("Learn from Security Champions"))
        #expect(report.recommendations.allSatisfy { !$0.evidence.isEmpty })
    }

    @Test func keyDriversAreClassed() throws {
        let report = try #require(Self.bundled?.report)
        let all = report.drivers.filter { $0.wave == "2026-H2" && $0.community == .all }.compactMap(\.figures.value)
        #expect(all.count == 16)  // every scale question but the outcome
        #expect(all.contains { $0.driverClass == .strength } && all.contains { $0.driverClass == .opportunity })
        // Communities under 30 respondents get no drivers: the Accessibility Guild has 25 in 2026-H2.
        #expect(report.drivers.filter { $0.wave == "2026-H2" && $0.community == .named("Accessibility Guild") }.allSatisfy { $0.figures.isWithheld })
    }

    // Minimum 3: "Tiny Team" has 2 respondents, so it is withheld, and its two are left out of
    // All's figures, which would otherwise let a reader subtract their way to Tiny Team from
    // "Small Team" (4), which is shown.
    static func privacyOutcome() throws -> ReportJob.Outcome {
        try runReport(responses: ["w.csv": privacyResponses()])
    }

    static func privacyResponses() -> String {
        var lines = ["community,wave,Q1,Q2,Q3,O1,R1,P1"]
        for index in 0..<12 { lines.append("Big Team,w1,\(index % 5 + 1),\(5 - index % 5),\(index % 4 + 1),\(index % 5 + 1),\(index % 11),Mentoring") }
        for index in 0..<12 { lines.append("Big Team,w2,\(index % 5 + 1),\(index % 3 + 2),\(index % 4 + 2),\(index % 5 + 1),\(index % 11),Story sharing") }
        for index in 0..<4 { lines.append("Small Team,w2,\(index + 1),\(index + 1),\(index + 2),\(index + 1),\(index + 5),Story sharing") }
        lines.append("Tiny Team,w2,5,1,5,5,10,Mentoring")
        lines.append("Tiny Team,w2,5,1,5,5,10,Mentoring")
        return lines.joined(separator: "\n")
    }

    @Test func smallGroupsAppearNowhere() throws {
        let outcome = try Self.privacyOutcome()
        let report = outcome.report
        let tiny = CommunityName.named("Tiny Team")
        #expect(report.scores.filter { $0.community == tiny }.allSatisfy { $0.figures.isWithheld })
        #expect(report.practiceShares.filter { $0.community == tiny }.allSatisfy { $0.figures.isWithheld })
        #expect(report.drivers.filter { $0.community == tiny }.allSatisfy { $0.figures.isWithheld })
        #expect(!report.recommendations.contains { $0.text.contains("Tiny Team") })
        for line in outcome.file("scorecard.txt").split(separator: "\n") where line.contains("Tiny Team") {
            let hasDigit = line.contains { $0.isNumber }
            #expect(!hasDigit, "\(line)")
        }
        // Small Team is shown; All counts Big Team and Small Team only.
        #expect(report.score(wave: "w2", community: .named("Small Team"), dimension: "d")?.figures.value?.dimension.respondents == 4)
        #expect(report.score(wave: "w2", community: .all, dimension: "d")?.figures.value?.dimension.respondents == 16)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.file("report.json").utf8)) as? [String: Any])
        for table in ["scores", "items", "practiceShares", "drivers", "participation"] {
            let rows = try #require(json[table] as? [[String: Any]])
            for row in rows where row["community"] as? String == "Tiny Team" {
                #expect(row["suppressed"] as? Bool == true, "\(table) \(row)")
                let numbers = row.filter { $0.key != "suppressed" && $0.value is NSNumber }
                #expect(numbers.isEmpty, "\(table) \(row)")
            }
        }
    }

    @Test func practicesNeedEnoughOnBothSides() throws {
        // In w1 every respondent reports mentoring: nobody is "without", so the row is withheld.
        let report = try Self.privacyOutcome().report
        let mentoring = report.practices.filter { $0.wave == "w1" && $0.option == "Mentoring" }
        #expect(!mentoring.isEmpty && mentoring.allSatisfy { $0.figures.isWithheld })
    }

    @Test func sinceLeavesOutEarlierWaves() throws {
        let folder = try SurveyFolder(path: repositoryRoot.appendingPathComponent("Surveys/cop-health").path)
        let report = try ReportJob(folder: folder, since: "2026-H1").run().report
        #expect(report.waves == ["2026-H1", "2026-H2"])
        let trust = report.score(wave: "2026-H2", community: .named("Product Management"), dimension: "trust")?.figures.value
        #expect(trust?.changeFromFirst?.since == "2026-H1")
        #expect(throws: InputErrors.self) { try ReportJob(folder: folder, since: "1999").run() }
        #expect(throws: InputErrors.self) { try ReportJob(folder: folder, focusWave: "2025-H1", since: "2026-H1").run() }
    }

    @Test func asciiScorecardIsPlainASCII() throws {
        let report = try #require(Self.bundled?.report)
        let text = TextScorecard.render(report, style: TextStyle(unicode: false))
        let outside = text.unicodeScalars.filter { !$0.isASCII }
        #expect(outside.isEmpty, "\(String(String.UnicodeScalarView(outside)))")
        #expect(text.contains("v-15"))
        let coloured = TextScorecard.render(report, style: TextStyle(unicode: true, colour: true))
        #expect(coloured.contains("\u{1B}[31m"))
        #expect(!(Self.bundled?.file("scorecard.txt").contains("\u{1B}") ?? true))
    }

    @Test func newTablesHaveTheirHeaders() throws {
        let outcome = try #require(Self.bundled)
        #expect(outcome.file("practices.csv").hasPrefix(
            "wave,practice,dimension,with_n,without_n,with_mean,without_mean,difference,cohens_d,d_ci_low,d_ci_high,p,question,q,"
                + "within_difference,within_ci_low,within_ci_high,within_d,within_p,within_q,communities\n"))
        #expect(outcome.file("drivers.csv").hasPrefix("wave,community,question,dimension,r,r_ci_low,r_ci_high,n,favorable,class\n"))
        #expect(outcome.file("trends.csv").contains("2026-H2,Product Management,trust,40.44,-15.09,0.0000,-26.84,0.0000,2025-H1,down,0.0000,0.0000\n"))
    }

    @Test func jsonMatchesItsSchema() throws {
        let outcome = try #require(Self.bundled)
        let schemaData = try Data(contentsOf: repositoryRoot.appendingPathComponent("docs/report.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let document = try JSONSerialization.jsonObject(with: Data(outcome.file("report.json").utf8))
        let problems = SchemaChecker(root: schema).problems(document, schema, path: "$")
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        let object = try #require(document as? [String: Any])
        #expect(object["schemaVersion"] as? Int == JSONReport.schemaVersion)
        #expect((object["scores"] as? [Any])?.count == 4 * 8 * 3)
    }
}

/// Enough of JSON Schema to check our own file: type, const, enum, required, properties,
/// additionalProperties: false, items, maxItems, minimum, maximum and local $ref.
struct SchemaChecker {
    let root: [String: Any]

    func problems(_ value: Any, _ schema: [String: Any], path: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard let definitions = root["$defs"] as? [String: Any], let target = definitions[name] as? [String: Any] else { return ["\(path): bad $ref"] }
            return problems(value, target, path: path)
        }
        var found: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }), !types.contains(where: { matches(value, $0) }) {
            return ["\(path): not \(types)"]
        }
        if let constant = schema["const"], "\(constant)" != "\(value)" { found.append("\(path): not \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) { found.append("\(path): \(value) not in enum") }
        if let number = value as? NSNumber, !isBoolean(number) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { found.append("\(path): above \(maximum)") }
        }
        if let object = value as? [String: Any] {
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil { found.append("\(path): missing \(key)") }
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            for (key, member) in object {
                if let memberSchema = properties[key] as? [String: Any] {
                    found += problems(member, memberSchema, path: path + "." + key)
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): unexpected \(key)")
                }
            }
        }
        if let array = value as? [Any] {
            if let maximum = schema["maxItems"] as? Int, array.count > maximum { found.append("\(path): more than \(maximum) items") }
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in array.enumerated() { found += problems(element, items, path: "\(path)[\(index)]") }
            }
        }
        return found
    }

    func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "null": return value is NSNull
        case "boolean": return (value as? NSNumber).map(isBoolean) ?? false
        case "integer": return (value as? NSNumber).map { !isBoolean($0) && $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": return (value as? NSNumber).map { !isBoolean($0) } ?? false
        default: return false
        }
    }

    /// JSONSerialization's booleans are NSNumbers of a class of their own.
    func isBoolean(_ number: NSNumber) -> Bool {
        String(describing: type(of: number)).contains("Boolean")
    }
}
