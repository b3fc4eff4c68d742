/// Whether a few elements hold part of a span that the others cannot make: the question behind
/// "can published figures single out fewer than k people".
///
/// Each element (a respondent, or a cell of alike respondents) owns some vectors and a weight (how
/// many people it stands for). A set S of elements is *critical* when the vectors of the elements
/// outside S span less than all vectors do. In the privacy checks the vectors are the columns of
/// the published figures' equations, one per unknown: S is critical exactly when some combination
/// of the figures is a nonzero quantity about S's unknowns alone. `criticalSet(below:)` finds a
/// critical set of total weight under a limit, or proves there is none.
///
/// The search is exact. Elements of weight at or above the limit are never in such a set, so the
/// span they make is taken as given; the rest is an implicit hitting-set search: keep a family of
/// spanning sets of elements; any critical S must meet every one of them (a spanning set outside S
/// would contradict it), so try a light set meeting them all; either it is critical, or a spanning
/// set avoiding it is found and joins the family.
public struct SmallSetSearch: Sendable {
    public struct Element: Sendable {
        public var weight: Int
        public var vectors: [[UInt32]]

        public init(weight: Int, vectors: [[UInt32]]) {
            self.weight = weight
            self.vectors = vectors
        }
    }

    public let dimension: Int
    public let elements: [Element]
    /// How many spanning sets the search may collect before it gives up (nil: no limit).
    public var effortLimit: Int?

    public init(dimension: Int, elements: [Element], effortLimit: Int? = nil) {
        self.dimension = dimension
        self.elements = elements
        self.effortLimit = effortLimit
    }

    public enum Outcome: Sendable, Equatable {
        /// No set of elements lighter than the limit is critical.
        case none
        /// A critical set (indices into `elements`), minimal: dropping any one of its elements
        /// leaves a set that is not critical.
        case found([Int])
        /// The effort limit was reached first: treat as found.
        case undecided
    }

    public func criticalSet(below limit: Int) -> Outcome {
        // Heavy elements are never removed: their span is the floor; what matters is the rest, reduced by it.
        var floor = EchelonBasis(dimension: dimension)
        for element in elements where element.weight >= limit {
            for vector in element.vectors {
                floor.insert(vector)
                if floor.rank == dimension { return .none }
            }
        }
        var all = floor
        for element in elements where element.weight < limit { for vector in element.vectors { all.insert(vector) } }
        let target = all.rank - floor.rank
        if target == 0 { return .none }
        var light: [Int] = []
        var residuals: [[[UInt32]]] = []
        for (index, element) in elements.enumerated() where element.weight < limit {
            let reduced = element.vectors.map { floor.reduce($0) }.filter { $0.contains { $0 != 0 } }
            if !reduced.isEmpty {
                light.append(index)
                residuals.append(reduced)
            }
        }
        let weights = light.map { elements[$0].weight }
        var family: [[Int]] = []
        var uses = [Int](repeating: 0, count: light.count)

        /// Whether the light elements outside `removed` (positions in `light`) span `target`
        /// dimensions; if so, the ones that did it. Least-used elements go first, so that the
        /// family's sets differ.
        func spanningSet(avoiding removed: Set<Int>) -> [Int]? {
            var basis = EchelonBasis(dimension: dimension)
            var used: [Int] = []
            let order = light.indices.filter { !removed.contains($0) }.sorted { (uses[$0], $0) < (uses[$1], $1) }
            for position in order {
                var added = false
                for vector in residuals[position] where basis.insert(vector) { added = true }
                if added { used.append(position) }
                if basis.rank == target { return used }
            }
            return nil
        }

        /// A set of weight under `limit` meeting every set of the family, if there is one.
        func hittingSet() -> Set<Int>? {
            var chosen = Set<Int>()
            func extend(weight: Int) -> Bool {
                guard let open = family.filter({ $0.allSatisfy { !chosen.contains($0) } }).min(by: { $0.count < $1.count }) else { return true }
                for position in open.sorted(by: { weights[$0] < weights[$1] }) where weight + weights[position] < limit {
                    chosen.insert(position)
                    if extend(weight: weight + weights[position]) { return true }
                    chosen.remove(position)
                }
                return false
            }
            // Weightless elements cost nothing to remove: they are always in.
            for position in light.indices where weights[position] == 0 { chosen.insert(position) }
            return extend(weight: 0) ? chosen : nil
        }

        while let candidate = hittingSet() {
            guard let spanning = spanningSet(avoiding: candidate) else {
                return .found(minimal(candidate, isCritical: { spanningSet(avoiding: $0) == nil }).map { light[$0] }.sorted())
            }
            family.append(spanning)
            for position in spanning { uses[position] += 1 }
            if let effortLimit, family.count > effortLimit { return .undecided }
        }
        return .none
    }

    /// A lightest critical set under the limit (searching again below each one found), or nil.
    public func lightestCriticalSet(below limit: Int) -> [Int]? {
        var best: [Int]?
        var bound = limit
        while case .found(let set) = criticalSet(below: bound) {
            best = set
            bound = set.reduce(0) { $0 + elements[$1].weight }
        }
        return best
    }

    private func minimal(_ set: Set<Int>, isCritical: (Set<Int>) -> Bool) -> Set<Int> {
        var result = set
        for position in set.sorted() {
            result.remove(position)
            if !isCritical(result) { result.insert(position) }
        }
        return result
    }
}
