/// False-discovery control, a claim made from shown rows only: every p-value gets a
/// Benjamini–Hochberg q over a family a reader can name — the rows of the same table and wave.
extension Report {
    /// How many tests each table ran in a wave (rows with a p-value).
    public struct TestCounts: Sendable, Equatable {
        public var changes = 0
        public var changesFromFirst = 0
        public var comparisons = 0
        public var practices = 0
        public var withinPractices = 0
        public var adoptions = 0
        /// Changes of a question's score since the previous wave (every group, `All` included).
        public var itemChanges = 0
    }

    /// Fills in q everywhere, and `p_all` with `p_rest`'s value: the difference from `All` is
    /// (1 − n/N) times the difference from the rest, so the two ask the same question, and only
    /// the test against the rest is of independent groups.
    mutating func controlFalseDiscoveries() {
        // The two indexed tables are changed as local arrays and put back once: changing a row
        // of the report's own would drop the table's index every time.
        var scores = self.scores, items = self.items
        (self.scores, self.items) = ([], [])
        defer { (self.scores, self.items) = (scores, items) }
        // Each table's rows by wave, in table order: one pass over each table, however many waves.
        func byWave(_ waveOf: [String]) -> [String: [Int]] {
            var indices: [String: [Int]] = [:]
            for (index, wave) in waveOf.enumerated() { indices[wave, default: []].append(index) }
            return indices
        }
        var shownScores: [String: [Int]] = [:]
        for (index, row) in scores.enumerated() where row.figures.value != nil { shownScores[row.wave, default: []].append(index) }
        let practicesByWave = byWave(practices.map(\.wave))
        let adoptionsByWave = byWave(adoptions.map(\.wave))
        var itemChangesByWave: [String: [Int]] = [:]
        for (index, row) in items.enumerated() where row.figures.value?.change?.p != nil { itemChangesByWave[row.wave, default: []].append(index) }
        for wave in waves {
            let rows = shownScores[wave] ?? []
            var counts = TestCounts()
            Self.adjust(&scores, rows, \.change, count: &counts.changes)
            Self.adjust(&scores, rows, \.changeFromFirst, count: &counts.changesFromFirst)
            let communities = rows.filter { scores[$0].community != .all }
            Self.adjust(&scores, communities, \.versusRest, count: &counts.comparisons)
            for index in communities {
                guard case .shown(var figures) = scores[index].figures, let rest = figures.versusRest else { continue }
                figures.versusAll?.p = rest.p
                scores[index].figures = .shown(figures)
            }
            let practiceRows = practicesByWave[wave] ?? []
            let practiceQ = benjaminiHochberg(practiceRows.map { practices[$0].figures.value?.p })
            for (index, q) in zip(practiceRows, practiceQ) { practices[index].q = q }
            counts.practices = practiceQ.compactMap { $0 }.count
            let withinQ = benjaminiHochberg(practiceRows.map { practices[$0].within?.p })
            for (index, q) in zip(practiceRows, withinQ) { practices[index].withinQ = q }
            counts.withinPractices = withinQ.compactMap { $0 }.count
            let adoptionRows = adoptionsByWave[wave] ?? []
            let adoptionQ = benjaminiHochberg(adoptionRows.map { adoptions[$0].estimate.p })
            for (index, q) in zip(adoptionRows, adoptionQ) { adoptions[index].q = q }
            counts.adoptions = adoptionRows.count
            let itemRows = itemChangesByWave[wave] ?? []
            for (index, q) in zip(itemRows, benjaminiHochberg(itemRows.map { items[$0].figures.value?.change?.p })) {
                guard case .shown(var figures) = items[index].figures else { continue }
                figures.change?.q = q
                items[index].figures = .shown(figures)
            }
            counts.itemChanges = itemRows.count
            testCounts[wave] = counts
        }
    }

    private static func adjust<Test: AdjustableTest>(
        _ scores: inout [ScoreRow], _ rows: [Int], _ path: WritableKeyPath<ScoreFigures, Test?>, count: inout Int
    ) {
        let q = benjaminiHochberg(rows.map { scores[$0].figures.value?[keyPath: path]?.p })
        count = q.compactMap { $0 }.count
        for (index, q) in zip(rows, q) {
            guard case .shown(var figures) = scores[index].figures, figures[keyPath: path] != nil else { continue }
            figures[keyPath: path]?.q = q
            scores[index].figures = .shown(figures)
        }
    }
}

/// A test with a p-value and room for its q.
protocol AdjustableTest {
    var p: Double? { get }
    var q: Double? { get set }
}

extension Change: AdjustableTest {}
extension Comparison: AdjustableTest {}
