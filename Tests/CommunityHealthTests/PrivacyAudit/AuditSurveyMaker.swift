import Foundation

@testable import CommunityHealth

/// Seeded random small surveys for the privacy audit: a few small communities, random skips,
/// practices, two waves; every question type the reports publish numbers for.
struct AuditSurveyMaker {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func chance(_ p: Double) -> Bool { random.uniform() < p }

    /// survey.json and one response file (`community,wave,…`).
    mutating func make() -> (survey: String, responses: String) {
        let minimum = int(3...5)
        let dimensionCount = int(1...2)
        var questions: [String] = []
        var scaleIds: [String: String] = [:]
        var itemIds: [String] = []
        for d in 0..<dimensionCount {
            let items = int(2...4)
            let mixed = chance(0.25)
            for i in 0..<items {
                let id = "D\(d)Q\(i)"
                let scale = mixed && i == items - 1 ? "seven" : "agree5"
                let reverse = chance(0.25) ? ", \"reverse\": true" : ""
                questions.append("{ \"id\": \"\(id)\", \"text\": \"\(id)\", \"scale\": \"\(scale)\", \"dimension\": \"d\(d)\"\(reverse) }")
                scaleIds[id] = scale
                itemIds.append(id)
            }
        }
        let hasOutcome = chance(0.75)
        if hasOutcome {
            questions.append("{ \"id\": \"O1\", \"text\": \"Outcome\", \"scale\": \"agree5\" }")
            scaleIds["O1"] = "agree5"
            itemIds.append("O1")
        }
        let hasNPS = chance(0.5)
        if hasNPS {
            questions.append("{ \"id\": \"R1\", \"text\": \"Recommend\", \"scale\": \"nps\" }")
            scaleIds["R1"] = "nps"
            itemIds.append("R1")
        }
        let options = chance(0.85) ? (0..<int(2...3)).map { "Practice \($0)" } : []
        if !options.isEmpty {
            let list = options.map { "\"\($0)\"" }.joined(separator: ", ")
            questions.append("{ \"id\": \"P1\", \"text\": \"Practices\", \"type\": \"choices\", \"options\": [\(list)], \"practices\": true }")
        }
        questions.append("{ \"id\": \"C1\", \"text\": \"Comment\", \"type\": \"text\" }")
        let dimensions = (0..<dimensionCount).map { "{ \"id\": \"d\($0)\", \"title\": \"Dimension \($0)\" }" }.joined(separator: ", ")
        let survey = """
            {
              "id": "audit", "title": "Audit", "groupBy": "community", "period": { "column": "wave" },
              "minimumGroupSize": \(minimum)\(hasOutcome ? ", \"outcome\": \"O1\"" : ""),
              "scales": {
                "agree5": { "min": 1, "max": 5, "favorableFrom": 4 },
                "seven": { "min": 1, "max": 7 },
                "nps": { "min": 0, "max": 10, "kind": "nps", "favorableFrom": 9 }
              },
              "dimensions": [\(dimensions)],
              "questions": [\(questions.joined(separator: ",\n    "))]
            }
            """

        let header = ["community", "wave"] + itemIds + (options.isEmpty ? [] : ["P1"]) + ["C1"]
        var lines = [header.joined(separator: ",")]
        let skip = Double(int(0...25)) / 100
        let communities = (0..<int(2...5)).map { "Community \($0)" }
        for wave in ["w1", "w2"] {
            for community in communities + [""] {
                let size = community.isEmpty ? int(0...3) : int(3...12)
                let shift = int(-1...1)
                let uptake = options.map { _ in [0.1, 0.5, 0.9][int(0...2)] }
                for _ in 0..<size {
                    var cells = [community, wave]
                    for id in itemIds {
                        let (low, high) = scaleIds[id] == "nps" ? (0, 10) : scaleIds[id] == "seven" ? (1, 7) : (1, 5)
                        cells.append(chance(skip) ? "" : String(min(high, max(low, int(low...high) + shift))))
                    }
                    if !options.isEmpty {
                        cells.append(chance(0.12) ? "" : options.indices.filter { chance(uptake[$0]) }.map { options[$0] }.joined(separator: ";"))
                    }
                    cells.append(chance(0.2) ? "note" : "")
                    lines.append(cells.joined(separator: ","))
                }
            }
        }
        return (survey, lines.joined(separator: "\n") + "\n")
    }
}
