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
    /// How many steps the hitting-set search may take in all (a step: one set of the family
    /// checked against the sets tried) before it gives up (nil: no limit). The search is
    /// exponential in the worst case (many light elements, each alone in its cell), so a caller
    /// that must finish sets one and treats `.undecided` as found.
    public var workLimit: Int?

    public init(dimension: Int, elements: [Element], effortLimit: Int? = nil, workLimit: Int? = nil) {
        self.dimension = dimension
        self.elements = elements
        self.effortLimit = effortLimit
        self.workLimit = workLimit
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

        var work = 0
        var gaveUp = false

        /// A set of weight under `limit` meeting every set of the family, if there is one; nil
        /// too when the work limit is reached (`gaveUp`).
        func hittingSet() -> Set<Int>? {
            var chosen = [Bool](repeating: false, count: light.count)
            // Elements already tried at a level and found wanting are not tried again deeper
            // (every set holding them was explored): each set is tried once.
            var excluded = [Bool](repeating: false, count: light.count)
            // Marks of the elements of the open sets picked as pairwise disjoint.
            var marked = [Bool](repeating: false, count: light.count)
            func extend(weight: Int) -> Bool {
                work += family.count
                if let workLimit, work > workLimit {
                    gaveUp = true
                    return false
                }
                // Every element left weighs at least 1, so sets not yet met that share no element
                // need one element each: more of them than the weight left room for is a dead end,
                // and so is a set none of whose elements may still be chosen.
                let room = limit - 1 - weight
                var open: [Int]?
                var disjoint: [[Int]] = []
                defer { for set in disjoint { for position in set { marked[position] = false } } }
                for set in family where !set.contains(where: { chosen[$0] }) {
                    guard set.contains(where: { !excluded[$0] && weights[$0] <= room }) else { return false }
                    if open == nil || set.count < open!.count { open = set }
                    if !set.contains(where: { marked[$0] }) {
                        guard disjoint.count < room else { return false }
                        for position in set { marked[position] = true }
                        disjoint.append(set)
                    }
                }
                guard let open else { return true }
                var tried: [Int] = []
                defer { for position in tried { excluded[position] = false } }
                for position in open.sorted(by: { weights[$0] < weights[$1] }) where !excluded[position] && weights[position] <= room {
                    chosen[position] = true
                    if extend(weight: weight + weights[position]) { return true }
                    chosen[position] = false
                    if gaveUp { return false }
                    excluded[position] = true
                    tried.append(position)
                }
                return false
            }
            // Weightless elements cost nothing to remove: they are always in.
            for position in light.indices where weights[position] == 0 { chosen[position] = true }
            guard extend(weight: 0) else { return nil }
            return Set(light.indices.filter { chosen[$0] })
        }

        while let candidate = hittingSet() {
            guard let spanning = spanningSet(avoiding: candidate) else {
                return .found(minimal(candidate, isCritical: { spanningSet(avoiding: $0) == nil }).map { light[$0] }.sorted())
            }
            family.append(spanning)
            for position in spanning { uses[position] += 1 }
            if let effortLimit, family.count > effortLimit { return .undecided }
        }
        return gaveUp ? .undecided : .none
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
