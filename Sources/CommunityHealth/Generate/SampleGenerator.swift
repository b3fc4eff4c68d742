import Foundation

/// Writes realistic, reproducible responses for a survey: one CSV text per wave.
///
/// Each respondent has a general attitude and, per dimension, a latent level made of the
/// community's level and trend, the practices they report, and noise; each answer is that
/// level plus item noise, cut into the scale's points (reverse-worded items flipped).
public struct SampleGenerator {
    public let survey: Survey
    public let scenario: Scenario
    public let seed: UInt64
    private let sizes: [[Int]]

    static let comments = [
        "More story sharing, please.",
        "Pairing sessions helped me a lot, thanks!",
        "Meetings clash with sprint reviews; could we move them?",
        "I'd like a \"show and tell\" slot, with demos.",
        "Less status updates,\nmore real problems.",
        "Keep the book club going.",
    ]

    public init(folder: SurveyFolder, options: GenerateOptions) throws(InputErrors) {
        survey = folder.survey
        seed = options.seed
        let scenarioPath = SurveyFolder.join(folder.path, "generator.json")
        var scenario: Scenario
        if let data = FileManager.default.contents(atPath: scenarioPath) {
            do {
                scenario = try JSONDecoder().decode(Scenario.self, from: data)
            } catch {
                throw InputErrors([.error(at: Location(file: scenarioPath), "not a generator scenario: \(Self.describe(error))")])
            }
        } else {
            scenario = Self.defaultScenario(survey: survey, members: folder.members, seed: options.seed)
        }
        if let waves = options.waves { scenario.waves = waves }
        let wavesSource = options.waves != nil ? "--waves" : FileManager.default.fileExists(atPath: scenarioPath) ? scenarioPath : SurveyFolder.join(folder.path, "survey.json")
        let unnamable = scenario.waves.compactMap { wave in waveFileNameProblem(wave).map { (wave, $0) } }
        if let (wave, problem) = unnamable.first {
            throw InputErrors([.error(at: Location(file: wavesSource), "the wave \(Redactor.quote(wave)) \(problem): give waves names such as 2026-H1")])
        }
        if case .timestamp = survey.period {
            throw InputErrors([.error(at: Location(file: scenarioPath), "generate writes a wave column or one file per wave; this survey's period is a timestamp")])
        }
        self.scenario = scenario
        // Sizes per community and wave: the scenario's (repeated when waves are given), scaled to --respondents.
        var sizes = scenario.communities.map { community in
            scenario.waves.indices.map { community.respondents.isEmpty ? 50 : community.respondents[$0 % community.respondents.count] }
        }
        if let total = options.respondents {
            let planned = max(1, sizes.joined().reduce(0, +))
            var remaining = total
            sizes = sizes.map { row in row.map { Int((Double($0) * Double(total) / Double(planned)).rounded(.down)) } }
            remaining -= sizes.joined().reduce(0, +)
            var index = 0
            while remaining > 0, !sizes.isEmpty {
                let c = index % sizes.count
                let w = (index / sizes.count) % max(1, scenario.waves.count)
                sizes[c][w] += 1
                remaining -= 1
                index += 1
            }
        }
        self.sizes = sizes
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// Six communities with levels drawn from the seed, when the folder has no scenario.
    static func defaultScenario(survey: Survey, members: CommunityMembers, seed: UInt64) -> Scenario {
        var random = SplitMix64(seed: seed ^ 0x5EED)
        var seen: Set<String> = []
        var names = members.entries.map(\.community).filter { seen.insert($0).inserted }
        if names.isEmpty { names = (0..<6).map { "Community \(Character(Unicode.Scalar(UInt8(65 + $0))))" } }
        let waves = survey.waves.isEmpty ? ["2025-H1", "2025-H2", "2026-H1", "2026-H2"] : survey.waves
        let communities = names.map { name in
            Scenario.Community(
                name: name, respondents: [200 / names.count + 1],
                levels: Dictionary(uniqueKeysWithValues: survey.dimensions.map { ($0.id, random.normal() * 0.4) }),
                trends: nil, practices: nil)
        }
        return Scenario(waves: waves, communities: communities)
    }

    /// Per wave: the file's name (the wave), its CSV text, and how many respondents it holds.
    public func files() -> [(wave: String, contents: String, rows: Int)] {
        var writer = waveWriter()
        return scenario.waves.map { wave in
            var bytes: [UInt8] = []
            let rows = writer.writeNextWave { bytes += $0 }
            return (wave, String(decoding: bytes, as: UTF8.self), rows)
        }
    }

    /// Writes the waves one after another (`scenario.waves`, in order), each in pieces, so that
    /// memory does not grow with respondents.
    public func waveWriter() -> WaveWriter {
        WaveWriter(generator: self)
    }

    /// The generator's state carried from wave to wave: the random numbers and respondent ids
    /// continue, so the waves are the same however they are written.
    public struct WaveWriter {
        let generator: SampleGenerator
        private var random: SplitMix64
        private let header: [String]
        private let itemOffsets: [Double]
        private var respondentNumber = 0
        private var waveIndex = 0

        init(generator: SampleGenerator) {
            self.generator = generator
            var random = SplitMix64(seed: generator.seed)
            let survey = generator.survey
            var header = ["respondent", survey.groupBy]
            if let waveColumn = survey.period.column { header.append(waveColumn) }
            header += survey.questions.map(\.id)
            self.header = header
            itemOffsets = survey.questions.map { _ in random.normal() * 0.25 }
            self.random = random
        }

        /// Writes the next wave's CSV through `sink` in pieces of about 256 KB; returns how many
        /// respondents it holds (0 when every wave is written).
        public mutating func writeNextWave(to sink: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
            let survey = generator.survey, scenario = generator.scenario
            guard waveIndex < scenario.waves.count else { return 0 }
            let wave = scenario.waves[waveIndex]
            let waveColumn = survey.period.column
            let dimensionIDs = survey.dimensions.map(\.id)
            var csv = CSVWriter(header: header, guardsFormulas: false)
            var rows = 0
            for (communityIndex, community) in scenario.communities.enumerated() {
                let running = Set((community.practices ?? [:]).filter { SampleGenerator.order(of: $0.value, in: scenario.waves) <= waveIndex }.keys.map(\.matchKey))
                for _ in 0..<generator.sizes[communityIndex][waveIndex] {
                    respondentNumber += 1
                    rows += 1
                    let general = random.normal() * 0.55
                    var latent = dimensionIDs.map { id in
                        (community.levels?[id] ?? 0) + (community.trends?[id].flatMap { $0.indices.contains(waveIndex) ? $0[waveIndex] : nil } ?? 0)
                            + general + random.normal() * 0.45
                    }
                    var cells = ["r\(String(100_000 + respondentNumber).dropFirst())"]
                    let withoutCommunity = random.uniform() < (scenario.noCommunityRate ?? 0)
                    cells.append(withoutCommunity ? "" : community.name)
                    if waveColumn != nil { cells.append(wave) }
                    // Practices first: what a respondent reports moves their levels.
                    var answers = [String](repeating: "", count: survey.questions.count)
                    for (index, question) in survey.questions.enumerated() where !question.options.isEmpty {
                        var chosen: [String] = []
                        for option in question.options {
                            let runs = running.contains(option.matchKey)
                            let chance = question.practices ? (runs ? (scenario.practiceUptake ?? 0.8) : (scenario.practiceBaseline ?? 0.12)) : 0.3
                            if random.uniform() < chance {
                                chosen.append(option)
                                for (dimension, effect) in scenario.practiceEffects?[option] ?? [:] {
                                    if let d = dimensionIDs.firstIndex(of: dimension) { latent[d] += effect }
                                }
                            }
                        }
                        if case .choice = question.kind {
                            chosen = [question.options[Int(random.uniform() * Double(question.options.count))]]
                        }
                        answers[index] = chosen.joined(separator: ";")
                    }
                    let overall = latent.isEmpty ? general : latent.reduce(0, +) / Double(latent.count)
                    for (index, question) in survey.questions.enumerated() {
                        switch question.kind {
                        case .scale(let scale):
                            if random.uniform() < (scenario.blankRate ?? 0.02) { continue }
                            let level = question.dimension.flatMap { dimensionIDs.firstIndex(of: $0) }.map { latent[$0] } ?? overall
                            let z = level + itemOffsets[index] + random.normal() * 0.75
                            let step = Double(scale.range) / 4
                            let centre = Double(scale.min + scale.max) / 2 + 0.45 * step
                            let keyed = min(scale.max, max(scale.min, Int((centre + z * step).rounded())))
                            answers[index] = String(question.reverse ? scale.min + scale.max - keyed : keyed)
                        case .text:
                            if random.uniform() < 0.25 { answers[index] = SampleGenerator.comments[Int(random.uniform() * Double(SampleGenerator.comments.count))] }
                        case .choice, .choices:
                            break
                        }
                    }
                    csv.row((cells + answers).map { .text($0) })
                    if csv.byteCount >= 256 << 10 { csv.drain(to: sink) }
                }
            }
            csv.drain(to: sink)
            waveIndex += 1
            return rows
        }
    }

    private static func order(of wave: String, in waves: [String]) -> Int {
        waves.firstIndex(of: wave) ?? Int.max
    }
}
