/// Which practices comparisons a wave may show, so that together with every group's figures they
/// single out nobody (docs/privacy.md).
///
/// A practices row publishes the score sums of those who report an option and of everyone else
/// counted on the target. With the communities' figures, any combination of them is,
/// for each respondent, a weight that depends only on their *cell*: their community's class (a
/// shown community, or everyone else), their practices pattern and which targets they answered
/// in full. So the question "could the figures determine a quantity about fewer than the
/// minimum" becomes one about cells, each weighing as many people as it holds: a respondent who
/// answered every question of a target is excluded from a combination exactly when the weights
/// on their cell cancel (for a target's group figures, a class offset; for each shown row, the
/// practice's coefficient when they report it). `SmallSetSearch` answers it exactly. Those who
/// answered only some of a dimension's questions (and are counted, since their class has enough
/// of them) cancel only if their cell's weights follow from the full answerers' cells, so their
/// cells must lie in the span of those; the class rule (`CoverageRule`) then puts all of them, at
/// least the minimum, in any combination that reaches them.
///
/// When the search finds a set, the row most likely at fault is withheld — the one whose removal
/// clears that set, or else the one with the smallest side — and the search runs again.
struct PracticeCheck {
    /// A candidate row: practices question, option, score target.
    struct Row: Hashable, Comparable {
        var practice: Int
        var option: Int
        var target: Int

        static func < (a: Row, b: Row) -> Bool { (a.target, a.practice, a.option) < (b.target, b.practice, b.option) }
    }

    /// Respondents of one community (a number: communities are numbered by the caller, those
    /// without one included) with one pattern.
    struct Cell {
        var community: Int
        var pattern: PracticePattern
        var count: Int
    }

    /// How a target's group figures split a wave, by community number: its class (a shown
    /// community is a class of its own; everyone else shares one), and whether the figures count
    /// its full and its partial answerers.
    struct Classes {
        var classOf: [Int]
        var countsFull: [Bool]
        var countsPartial: [Bool]

        func counts(_ community: Int, partial: Bool) -> Bool {
            partial ? countsPartial[community] : countsFull[community]
        }
    }

    let layout: TallyLayout
    let minimum: Int
    let cells: [Cell]
    /// By target index (dimensions and the outcome; the overall score has no group figures).
    let classes: [Int: Classes]
    /// Rows whose effect within communities adds to what the groups' figures say, and per target
    /// each community's group in that effect (by community number).
    var within: (rows: Set<Row>, groups: [Int: [Int]]) = ([], [:])

    /// The rows of `candidates` (with their smaller side's size) that may be shown, the cells
    /// coming from each community's pattern counts (by community number).
    /// The steps one search for a small critical set may take (about 0.4 s here; the bundled
    /// sample's searches take a few hundred, 10 communities of 6 with one person per practices
    /// pattern 14 million); and how many searches of a run may run out of it before every row of
    /// the run is withheld. So the check always ends, in seconds, on the safe side.
    static let searchWork = 20_000_000
    static let undecidedLimit = 2

    static func allowed(
        _ candidates: [Row: Int], layout: TallyLayout, minimum: Int, patterns: [PatternCounts], classes: [Int: Classes],
        within: (rows: Set<Row>, groups: [Int: [Int]]) = ([], [:])
    ) -> Set<Row> {
        var allowed = Set<Row>()
        let overall = layout.targets.firstIndex { $0.kind == .overall }
        // Targets whose figures share answers are checked together: with an overall score, every dimension.
        var runs: [[Int]] = []
        for target in layout.targets.indices where target != overall {
            if case .dimension = layout.targets[target].kind, let overall {
                if runs.first?.contains(overall) == true { runs[0].append(target) } else { runs.insert([overall, target], at: 0) }
            } else {
                runs.append([target])
            }
        }
        for run in runs {
            var rows = candidates.filter { run.contains($0.key.target) }
            guard !rows.isEmpty else { continue }
            var cells: [Cell] = []
            for (community, counts) in patterns.enumerated() {
                counts.forEachCell(targets: layout.checksTargetsApart ? run : nil) { cells.append(Cell(community: community, pattern: $0, count: Int($1))) }
            }
            let all = PracticeCheck(layout: layout, minimum: minimum, cells: cells, classes: classes, within: within)
            // Usually cells of at least the minimum alone weigh every coordinate: nothing to search.
            if all.heavyCellsSpanEverything(Forms(all, rows: Set(rows.keys), run: run)) {
                allowed.formUnion(rows.keys)
                continue
            }
            let check = PracticeCheck(layout: layout, minimum: minimum, cells: all.cells(projectedOnto: run), classes: classes, within: within)
            var undecided = 0
            while let problem = check.firstProblem(Set(rows.keys), run: run) {
                if case .undecided = problem {
                    // The exact search ran out of its budget, so these rows cannot be shown to be
                    // safe: they go one at a time at first, then, after a second time, all of them.
                    undecided += 1
                    if undecided >= Self.undecidedLimit {
                        rows = [:]
                        break
                    }
                }
                guard let culprit = check.culprit(problem, among: rows, run: run) else { break }
                rows[culprit] = nil
            }
            allowed.formUnion(rows.keys)
        }
        return allowed
    }

    /// The cells as a run sees them: patterns that differ only in targets outside the run merged.
    private func cells(projectedOnto run: [Int]) -> [Cell] {
        struct Key: Hashable {
            var community: Int
            var pattern: PracticePattern
        }
        let mask = run.reduce(UInt64(0)) { $0 | 3 << UInt64(2 * $1) }
        var position: [Key: Int] = [:]
        var merged: [Cell] = []
        for cell in cells {
            let pattern = PracticePattern(practices: cell.pattern.practices, targets: cell.pattern.targets & mask)
            let key = Key(community: cell.community, pattern: pattern)
            if let existing = position[key] {
                merged[existing].count += cell.count
            } else {
                position[key] = merged.count
                merged.append(Cell(community: cell.community, pattern: pattern, count: cell.count))
            }
        }
        // A fixed order (the tally's dictionaries have none): the same data always gives the same report.
        return merged.sorted { ($0.community, $0.pattern.practices, $0.pattern.targets) < ($1.community, $1.pattern.practices, $1.pattern.targets) }
    }

    // MARK: - Forms

    enum Problem {
        /// These cells (indices into `cells`) hold fewer than the minimum and are determined.
        case smallSet([Int])
        /// A cell of partial answerers whose weights are free of the full answerers'.
        case partial(Int, target: Int)
        case undecided
    }

    /// Cells that every figure of a run weighs alike (same classes, same shown practices, same
    /// targets answered in full or in part), with their forms: per target answered in full, one
    /// form; per target answered in part (and counted), one form that must follow from the others.
    struct Group {
        var cells: [Int]
        var weight: Int
        var complete: [[UInt32]]
        var partial: [(target: Int, form: [UInt32])]
    }

    /// What decides a cell's forms in a run.
    struct GroupKey: Hashable {
        /// The community matters where effects within communities weigh each one apart.
        var community: Int
        var classes: [Int]
        var coverage: [UInt8]
        var practices: UInt64
        var overall: Bool
    }

    /// How a run's shown rows weigh each cell. Coordinates: class offsets first (so that a class's
    /// forms reduce cheaply), then one per shown row ("reports"), then, for the overall score, one
    /// weight common to all it counts (a target without group figures has no class offsets to take
    /// it up).
    struct Forms {
        let check: PracticeCheck
        let targets: [Int]
        let overall: Int?
        var dimension = 0
        /// Per target, the coordinate of each community's class offset.
        var classCoordinate: [[Int]] = []
        /// Per target, its shown rows as (pattern bit, coordinate).
        var reports: [Int: [(bit: UInt64, coordinate: Int)]] = [:]
        var shownBits: UInt64 = 0
        var everyone: Int?
        /// Per dimension, the overall score's weight on each of its questions relative to the dimension's.
        var overallShare: [Int: UInt32] = [:]
        /// Per target, its effects within communities: the practice's bit, the coordinate, and per
        /// community the weight of a respondent who reports it and of one who does not — the
        /// effect is Σ_g w_g (ȳ₁g − ȳ₀g) / Σ w_g over its groups, w_g = n₁g n₀g / n_g, so up to
        /// the common factor 1 / Σ w_g a reporter weighs n₀g / n_g and anyone else −n₁g / n_g.
        var within: [Int: [(bit: UInt64, coordinate: Int, reporting: [UInt32], notReporting: [UInt32])]] = [:]

        init(_ check: PracticeCheck, rows: Set<Row>, run: [Int]) {
            self.check = check
            let layout = check.layout
            let overall = run.first { layout.targets[$0].kind == .overall }
            self.overall = overall
            targets = run.filter { $0 != overall }
            for target in targets {
                var byClass: [Int: Int] = [:]
                var coordinates: [Int] = []
                for number in check.classes[target]?.classOf ?? [] {
                    if byClass[number] == nil {
                        byClass[number] = dimension
                        dimension += 1
                    }
                    coordinates.append(byClass[number]!)
                }
                classCoordinate.append(coordinates)
            }
            for row in rows.sorted() {
                let bit: UInt64 = 1 << UInt64(layout.patternBit(row.practice) + 1 + row.option)
                reports[row.target, default: []].append((bit, dimension))
                shownBits |= bit
                dimension += 1
            }
            if let overall, reports[overall] != nil {
                everyone = dimension
                dimension += 1
            }
            let communityCount = (check.cells.map(\.community).max() ?? -1) + 1
            for row in rows.sorted() where check.within.rows.contains(row) {
                let bit: UInt64 = 1 << UInt64(layout.patternBit(row.practice) + 1 + row.option)
                let groupOf = check.within.groups[row.target] ?? Array(repeating: 0, count: communityCount)
                let groupCount = (groupOf.max() ?? 0) + 1
                var reporting = [Int](repeating: 0, count: groupCount), others = reporting
                for cell in check.cells where isCounted(cell, on: row.target) {
                    if cell.pattern.practices & bit != 0 { reporting[groupOf[cell.community]] += cell.count } else { others[groupOf[cell.community]] += cell.count }
                }
                let draws = { (g: Int) in reporting[g] > 0 && others[g] > 0 }
                within[row.target, default: []].append((
                    bit, dimension,
                    groupOf.map { draws($0) ? PrimeField.element(others[$0], over: reporting[$0] + others[$0]) : 0 },
                    groupOf.map { draws($0) ? PrimeField.element(-reporting[$0], over: reporting[$0] + others[$0]) : 0 }
                ))
                dimension += 1
            }
            let allDimensionItems = layout.targets.filter { if case .dimension = $0.kind { true } else { false } }.reduce(0) { $0 + $1.items.count }
            for target in targets where overall != nil {
                overallShare[target] = PrimeField.element(layout.targets[target].items.count, over: allDimensionItems)
            }
        }

        /// Whether a cell's respondents count on a target (its score is in the target's figures).
        func isCounted(_ cell: Cell, on target: Int) -> Bool {
            if target == overall {
                return cell.pattern.coverage(ofTarget: target) == .all && targets.allSatisfy { check.classes[$0]?.counts(cell.community, partial: false) != false }
            }
            let coverage = cell.pattern.coverage(ofTarget: target)
            return coverage != .none && check.classes[target]?.counts(cell.community, partial: coverage == .some) == true
        }

        func key(of cell: Cell) -> GroupKey {
            var key = GroupKey(
                community: within.isEmpty ? 0 : cell.community, classes: [], coverage: [], practices: cell.pattern.practices & shownBits, overall: false)
            for (position, target) in targets.enumerated() {
                var coverage = cell.pattern.coverage(ofTarget: target)
                if coverage != .none, check.classes[target]?.counts(cell.community, partial: coverage == .some) != true { coverage = .none }
                key.classes.append(coverage == .none ? -1 : classCoordinate[position][cell.community])
                key.coverage.append(UInt8(coverage.rawValue))
            }
            // The overall score counts those who answered everything, where every dimension counts them.
            key.overall =
                overall.map { cell.pattern.coverage(ofTarget: $0) == .all } ?? false
                && targets.allSatisfy { check.classes[$0]?.counts(cell.community, partial: false) != false }
            return key
        }

        /// The practice weights a cell gets on a target, scaled by `factor`, added to `vector`.
        private func addPractices(_ key: GroupKey, target: Int, factor: UInt32, to vector: inout [UInt32]) {
            if target == overall, let everyone { vector[everyone] = PrimeField.add(vector[everyone], factor) }
            for (bit, coordinate) in reports[target] ?? [] where key.practices & bit != 0 {
                vector[coordinate] = PrimeField.add(vector[coordinate], factor)
            }
            for effect in within[target] ?? [] {
                let weight = key.practices & effect.bit != 0 ? effect.reporting[key.community] : effect.notReporting[key.community]
                vector[effect.coordinate] = PrimeField.add(vector[effect.coordinate], PrimeField.multiply(weight, factor))
            }
        }

        func forms(_ key: GroupKey) -> (complete: [[UInt32]], partial: [(target: Int, form: [UInt32])]) {
            var complete: [[UInt32]] = []
            var partial: [(Int, [UInt32])] = []
            for (position, target) in targets.enumerated() where key.classes[position] >= 0 {
                var form = [UInt32](repeating: 0, count: dimension)
                form[key.classes[position]] = PrimeField.element(-1)
                addPractices(key, target: target, factor: 1, to: &form)
                if key.coverage[position] == UInt8(PracticePattern.Coverage.all.rawValue) {
                    // The overall score weighs each of the dimension's questions 1 / (all dimension questions).
                    if key.overall, let overall, let share = overallShare[target] { addPractices(key, target: overall, factor: share, to: &form) }
                    complete.append(form)
                } else {
                    partial.append((target, form))
                }
            }
            return (complete, partial)
        }
    }

    /// The run's cells in groups that weigh alike, with their forms.
    private func groups(_ forms: Forms) -> [Group] {
        var order: [GroupKey] = []
        var members: [GroupKey: (cells: [Int], weight: Int)] = [:]
        for (index, cell) in cells.enumerated() {
            let key = forms.key(of: cell)
            if members[key] == nil { order.append(key) }
            members[key, default: ([], 0)].cells.append(index)
            members[key]!.weight += cell.count
        }
        return order.map { key in
            let (complete, partial) = forms.forms(key)
            return Group(cells: members[key]!.cells, weight: members[key]!.weight, complete: complete, partial: partial)
        }
    }

    /// Whether cells of at least the minimum alone, never to be removed, weigh every coordinate:
    /// then nothing can single anyone out (the usual case, found without grouping every cell).
    private func heavyCellsSpanEverything(_ forms: Forms) -> Bool {
        if forms.targets.count == 1, forms.everyone == nil, forms.within.isEmpty { return heavyCellsSpanEverything(oneTarget: forms) }
        var span = EchelonBasis(dimension: forms.dimension)
        for cell in cells where cell.count >= minimum {
            for form in forms.forms(forms.key(of: cell)).complete {
                span.insert(form)
                if span.rank == forms.dimension { return true }
            }
        }
        return false
    }

    /// The same for a run of one target, where each counted cell has one form, −(its class
    /// offset) + (its shown practices): the forms span everything exactly when every class has a
    /// counted cell and the differences of practices within classes span the practices' coordinates.
    /// Checked on the practice bits alone, in a space of as many coordinates as shown rows.
    private func heavyCellsSpanEverything(oneTarget forms: Forms) -> Bool {
        let target = forms.targets[0]
        let rows = forms.reports[target] ?? []
        var differences = EchelonBasis(dimension: rows.count)
        // By class offset (class offsets are the first coordinates).
        var anchors = [UInt64?](repeating: nil, count: forms.dimension)
        var counted = [Bool](repeating: false, count: forms.dimension)
        guard let classes = self.classes[target] else { return false }
        // Arrays held in locals, so the loop over every cell neither retains nor releases.
        let countsFull = classes.countsFull, countsPartial = classes.countsPartial, offsets = forms.classCoordinate[0]
        let shownBits = forms.shownBits
        for cell in cells {
            let coverage = cell.pattern.coverage(ofTarget: target)
            guard coverage != .none, coverage == .some ? countsPartial[cell.community] : countsFull[cell.community] else { continue }
            let offset = offsets[cell.community]
            counted[offset] = true
            guard cell.count >= minimum, coverage == .all else { continue }
            let practices = cell.pattern.practices & shownBits
            guard let anchor = anchors[offset] else {
                anchors[offset] = practices
                continue
            }
            if differences.rank < rows.count, anchor != practices {
                differences.insert(rows.map { PrimeField.element((practices & $0.bit != 0 ? 1 : 0) - (anchor & $0.bit != 0 ? 1 : 0)) })
            }
        }
        return differences.rank == rows.count && zip(anchors, counted).allSatisfy { $0 != nil || !$1 }
    }

    func firstProblem(_ rows: Set<Row>, run: [Int]) -> Problem? {
        guard !rows.isEmpty else { return nil }
        let forms = Forms(self, rows: rows, run: run)
        if heavyCellsSpanEverything(forms) { return nil }
        let groups = groups(forms)
        let elements = groups.map { SmallSetSearch.Element(weight: $0.weight, vectors: $0.complete) }
        switch SmallSetSearch(dimension: forms.dimension, elements: elements, effortLimit: 500, workLimit: Self.searchWork).criticalSet(below: minimum) {
        case .found(let set): return .smallSet(set.flatMap { groups[$0].cells }.sorted())
        case .undecided: return .undecided
        case .none: break
        }
        var span = EchelonBasis(dimension: forms.dimension)
        for group in groups {
            for form in group.complete where span.rank < forms.dimension { span.insert(form) }
        }
        guard span.rank < forms.dimension else { return nil }
        for group in groups {
            if let outside = group.partial.first(where: { !span.contains($0.form) }) { return .partial(group.cells[0], target: outside.target) }
        }
        return nil
    }

    /// The row to withhold: the first (smallest side first) whose removal clears the problem.
    func culprit(_ problem: Problem, among rows: [Row: Int], run: [Int]) -> Row? {
        let order = rows.keys.sorted { (rows[$0]!, $0) < (rows[$1]!, $1) }
        for row in order {
            var rest = Set(rows.keys)
            rest.remove(row)
            let cleared: Bool
            switch problem {
            case .smallSet(let set): cleared = !isCritical(set, rows: rest, run: run)
            case .partial(let cell, let target):
                // A row of that target on an option the cell reports gives it its own weight.
                cleared = row.target == target && cells[cell].pattern.reports(row.practice, option: row.option, in: layout)
            case .undecided: cleared = true
            }
            if cleared { return row }
        }
        return order.first
    }

    private func isCritical(_ set: [Int], rows: Set<Row>, run: [Int]) -> Bool {
        let forms = Forms(self, rows: rows, run: run)
        var all = EchelonBasis(dimension: forms.dimension), rest = EchelonBasis(dimension: forms.dimension)
        let removed = Set(set)
        for group in groups(forms) {
            let gone = group.cells.allSatisfy(removed.contains)
            for form in group.complete {
                all.insert(form)
                if !gone { rest.insert(form) }
            }
        }
        return rest.rank < all.rank
    }
}
