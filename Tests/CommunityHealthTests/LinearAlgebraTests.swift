import Testing

@testable import CommunityHealth

@Suite struct LinearAlgebraTests {
    @Test func primeFieldArithmetic() {
        let p = Int(PrimeField.p)
        #expect(PrimeField.element(-1) == UInt32(p - 1))
        #expect(PrimeField.multiply(PrimeField.element(1, over: 3), 3) == 1)
        #expect(PrimeField.multiply(UInt32(p - 1), UInt32(p - 1)) == 1)  // (−1)² = 1
        #expect(PrimeField.add(UInt32(p - 1), 5) == 4)
        #expect(PrimeField.subtract(2, 5) == UInt32(p - 3))
        #expect(PrimeField.element(7, over: -14) == PrimeField.element(-1, over: 2))
    }

    @Test func echelonBasisRanksAndMembership() {
        func v(_ values: [Int]) -> [UInt32] { values.map { PrimeField.element($0) } }
        var basis = EchelonBasis(dimension: 3)
        let added = [basis.insert(v([1, 2, 3])), basis.insert(v([2, 4, 7])), basis.insert(v([0, 0, 5]))]
        #expect(added == [true, true, false])  // the third is in the span of the first two
        #expect(basis.contains(v([3, 6, 11])))
        #expect(!basis.contains(v([0, 1, 0])))
        #expect(basis.rank == 2)
    }

    /// Three people, sums published over {1,2,3} and {1,2}: person 3 is determined.
    @Test func aDifferenceOfTwoSumsSinglesOutOnePerson() {
        // Columns: one unknown per person; rows: the two published sums.
        let columns: [[Int]] = [[1, 1], [1, 1], [1, 0]]
        let search = SmallSetSearch(
            dimension: 2, elements: columns.map { SmallSetSearch.Element(weight: 1, vectors: [$0.map { PrimeField.element($0) }]) })
        #expect(search.criticalSet(below: 2) == .found([2]))
        // Over {1,2,3} and {1,2,3,4}: person 4 is; with {4,5} in place of 4, nobody alone but the pair.
        let pair = SmallSetSearch(
            dimension: 2,
            elements: [[1, 1], [1, 1], [1, 1], [0, 1], [0, 1]].map { SmallSetSearch.Element(weight: 1, vectors: [$0.map { PrimeField.element($0) }]) })
        #expect(pair.criticalSet(below: 2) == .none)
        #expect(pair.criticalSet(below: 3) == .found([3, 4]))
    }

    @Test func heavyElementsAreNeverRemoved() {
        // A cell of 6 and a cell of 1 person, published separately: the single person is revealed.
        let elements = [
            SmallSetSearch.Element(weight: 6, vectors: [[1, 0]]), SmallSetSearch.Element(weight: 1, vectors: [[0, 1]]),
        ]
        #expect(SmallSetSearch(dimension: 2, elements: elements).criticalSet(below: 5) == .found([1]))
        let both = [SmallSetSearch.Element(weight: 6, vectors: [[1, 1]]), SmallSetSearch.Element(weight: 1, vectors: [[1, 1]])]
        #expect(SmallSetSearch(dimension: 2, elements: both).criticalSet(below: 5) == .none)
    }

    /// Against every subset, on random small instances.
    @Test func agreesWithBruteForce() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let dimension = Int(random.next() % 4) + 1
            let count = Int(random.next() % 7) + 1
            let elements = (0..<count).map { _ in
                SmallSetSearch.Element(
                    weight: Int(random.next() % 3),
                    vectors: (0..<Int(random.next() % 2 + 1)).map { _ in (0..<dimension).map { _ in UInt32(random.next() % 3) } })
            }
            let limit = Int(random.next() % 4) + 1
            func rank(without removed: Set<Int>) -> Int {
                var basis = EchelonBasis(dimension: dimension)
                for (index, element) in elements.enumerated() where !removed.contains(index) {
                    for vector in element.vectors { basis.insert(vector) }
                }
                return basis.rank
            }
            let full = rank(without: [])
            var lightest: Int?
            for mask in 0..<(1 << count) {
                let set = Set((0..<count).filter { mask & (1 << $0) != 0 })
                let weight = set.reduce(0) { $0 + elements[$1].weight }
                if weight < limit, rank(without: set) < full { lightest = min(lightest ?? weight, weight) }
            }
            let search = SmallSetSearch(dimension: dimension, elements: elements)
            #expect(search.lightestCriticalSet(below: limit).map { $0.reduce(0) { $0 + elements[$1].weight } } == lightest)
            let outcome = search.criticalSet(below: limit)
            switch outcome {
            case .none:
                #expect(lightest == nil)
            case .found(let set):
                #expect(lightest != nil)
                #expect(set.reduce(0) { $0 + elements[$1].weight } < limit)
                #expect(rank(without: Set(set)) < full)
            case .undecided:
                Issue.record("no effort limit was set")
            }
        }
    }

    /// A search that runs out of its budget says so (the check then treats it as a problem), and
    /// with room enough gives the same answer as without a limit.
    @Test func searchWithAWorkLimit() {
        func v(_ values: [Int]) -> [UInt32] { values.map { PrimeField.element($0) } }
        // Six people, each alone: only the third has the last coordinate.
        let vectors = [v([1, 0, 0]), v([0, 1, 0]), v([0, 0, 1]), v([1, 1, 0]), v([1, 0, 0]), v([0, 1, 0])]
        let elements = vectors.map { SmallSetSearch.Element(weight: 1, vectors: [$0]) }
        let unlimited = SmallSetSearch(dimension: 3, elements: elements).criticalSet(below: 5)
        #expect(unlimited != .undecided)
        #expect(SmallSetSearch(dimension: 3, elements: elements, workLimit: 1).criticalSet(below: 5) == .undecided)
        #expect(SmallSetSearch(dimension: 3, elements: elements, workLimit: 1_000).criticalSet(below: 5) == unlimited)
    }
}
