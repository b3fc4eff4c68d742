import Foundation

/// Which practices comparisons a wave may show, so that together with every group's figures they
/// single out nobody (docs/privacy.md).
///
/// A practices row publishes the score sums of those who report an option and of those who
/// answered the question but do not. With the communities' figures, any combination of them is,
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

    /// Respondents of one community (nil: none) with one pattern.
    struct Cell {
        var community: String?
        var pattern: PracticePattern
        var count: Int
    }

    /// How a target's group figures split a wave: the shown communities, each a class of its own
    /// (everyone else is one more), and whom they count (a community's full or partial answerers).
    struct Classes {
        var shown: Set<String>
        var counts: (_ community: String?, _ partial: Bool) -> Bool

        func of(_ community: String?) -> String? {
            community.flatMap { shown.contains($0) ? $0 : nil }
        }
    }

    let layout: TallyLayout
    let minimum: Int
    let cells: [Cell]
    /// By target index (dimensions and the outcome; the overall score has no group figures).
    let classes: [Int: Classes]

    /// The rows of `candidates` (with their smaller side's size) that may be shown.
    func allowed(_ candidates: [Row: Int]) -> Set<Row> {
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
            while let problem = firstProblem(Set(rows.keys), run: run) {
                guard let culprit = culprit(problem, among: rows, run: run) else { break }
                if ProcessInfo.processInfo.environment["DEBUG_PRACTICES"] != nil {
                    var text = "\(problem)"
                    if case .smallSet(let set) = problem { text = set.map { "\(cells[$0].community ?? "-") \(String(cells[$0].pattern.practices, radix: 2)) \(String(cells[$0].pattern.targets, radix: 4)) n=\(cells[$0].count)" }.joined(separator: "; ") }
                    print("run \(run): withhold \(culprit) for \(text)")
                }
                rows[culprit] = nil
            }
            allowed.formUnion(rows.keys)
        }
        return allowed
    }

    // MARK: - Forms

    /// Coordinates of a run's forms: class offsets first (so a class's forms reduce cheaply),
    /// then per shown row "reports".
    struct Coordinates {
        var index: [String: Int] = [:]

        mutating func id(_ key: String) -> Int {
            if let existing = index[key] { return existing }
            index[key] = index.count
            return index.count - 1
        }
    }

    enum Problem {
        /// These cells (indices into `cells`) hold fewer than the minimum and are determined.
        case smallSet([Int])
        /// A cell of partial answerers whose weights are free of the full answerers'.
        case partial(Int, target: Int)
        case undecided
    }

    /// The forms of every cell for a run's shown rows: per target the cell answered in full, one
    /// form; per target answered in part (and counted), one form that must follow from the others.
    private func forms(_ rows: Set<Row>, run: [Int]) -> (dimension: Int, complete: [[[UInt32]]], partial: [(cell: Int, target: Int, form: [UInt32])]) {
        var coordinates = Coordinates()
        let overall = run.first { layout.targets[$0].kind == .overall }
        let allDimensionItems = layout.targets.filter { if case .dimension = $0.kind { true } else { false } }.reduce(0) { $0 + $1.items.count }
        // Fix the coordinates first, classes before practices.
        for target in run where target != overall {
            for community in cells.map(\.community) { _ = coordinates.id("class \(target) \(classes[target]?.of(community) ?? "\u{0}")") }
        }
        for row in rows.sorted() { _ = coordinates.id("reports \(row.target) \(row.practice) \(row.option)") }
        // A target without group figures has no class offsets to take up a weight common to all
        // its respondents (those with and without a practice together): it gets one of its own.
        if let overall, rows.contains(where: { $0.target == overall }) { _ = coordinates.id("everyone \(overall)") }
        let dimension = coordinates.index.count

        /// The practice weights a pattern gets on a target, scaled by `factor`, added to `vector`.
        func addPractices(_ pattern: PracticePattern, target: Int, factor: UInt32, to vector: inout [UInt32]) {
            if let c = coordinates.index["everyone \(target)"] { vector[c] = PrimeField.add(vector[c], factor) }
            for row in rows where row.target == target && pattern.reports(row.practice, option: row.option, in: layout) {
                let c = coordinates.index["reports \(target) \(row.practice) \(row.option)"]!
                vector[c] = PrimeField.add(vector[c], factor)
            }
        }

        var complete: [[[UInt32]]] = []
        var partial: [(Int, Int, [UInt32])] = []
        for (index, cell) in cells.enumerated() {
            var cellForms: [[UInt32]] = []
            // The overall score counts those who answered everything, where every dimension counts them.
            let fullOnOverall =
                overall.map { cell.pattern.coverage(ofTarget: $0) == .all } ?? false
                && run.allSatisfy { $0 == overall || classes[$0]?.counts(cell.community, false) != false }
            for target in run where target != overall {
                let coverage = cell.pattern.coverage(ofTarget: target)
                guard coverage != .none, let classes = classes[target], classes.counts(cell.community, coverage == .some) else { continue }
                var form = [UInt32](repeating: 0, count: dimension)
                form[coordinates.index["class \(target) \(classes.of(cell.community) ?? "\u{0}")"]!] = PrimeField.element(-1)
                addPractices(cell.pattern, target: target, factor: 1, to: &form)
                if coverage == .all {
                    if fullOnOverall, let overall {
                        // The overall score weighs each of the dimension's questions 1 / (all dimension questions).
                        let share = PrimeField.element(layout.targets[target].items.count, over: allDimensionItems)
                        addPractices(cell.pattern, target: overall, factor: share, to: &form)
                    }
                    cellForms.append(form)
                } else {
                    partial.append((index, target, form))
                }
            }
            complete.append(cellForms)
        }
        return (dimension, complete, partial)
    }

    private func firstProblem(_ rows: Set<Row>, run: [Int]) -> Problem? {
        guard !rows.isEmpty else { return nil }
        let (dimension, complete, partial) = forms(rows, run: run)
        let elements = zip(cells, complete).map { SmallSetSearch.Element(weight: $0.count, vectors: $1) }
        switch SmallSetSearch(dimension: dimension, elements: elements, effortLimit: 500).criticalSet(below: minimum) {
        case .found(let set): return .smallSet(set)
        case .undecided: return .undecided
        case .none: break
        }
        var span = EchelonBasis(dimension: dimension)
        for forms in complete { for form in forms { span.insert(form) } }
        if let outside = partial.first(where: { !span.contains($0.form) }) { return .partial(outside.cell, target: outside.target) }
        return nil
    }

    /// The row to withhold: the first (smallest side first) whose removal clears the problem.
    private func culprit(_ problem: Problem, among rows: [Row: Int], run: [Int]) -> Row? {
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
        let (dimension, complete, _) = forms(rows, run: run)
        var all = EchelonBasis(dimension: dimension), rest = EchelonBasis(dimension: dimension)
        let removed = Set(set)
        for (index, forms) in complete.enumerated() {
            for form in forms {
                all.insert(form)
                if !removed.contains(index) { rest.insert(form) }
            }
        }
        return rest.rank < all.rank
    }
}
