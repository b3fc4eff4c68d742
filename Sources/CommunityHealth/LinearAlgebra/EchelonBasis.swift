/// A basis of a subspace of F_p^n (`PrimeField`), grown one vector at a time: each stored vector
/// has a pivot (its first nonzero entry, scaled to 1) at which every vector stored after it is 0,
/// so reducing against the stored vectors in order leaves 0 exactly for vectors in the span.
///
/// - Complexity: inserting or reducing a vector costs O(rank · n).
public struct EchelonBasis: Sendable {
    public let dimension: Int
    private var rows: [UInt32] = []
    private var pivots: [Int] = []

    public init(dimension: Int) {
        self.dimension = dimension
    }

    public var rank: Int { pivots.count }

    /// `vector` less its component in the span: zero exactly when the span holds it.
    public func reduce(_ vector: [UInt32]) -> [UInt32] {
        precondition(vector.count == dimension)
        var v = vector
        v.withUnsafeMutableBufferPointer { v in
            rows.withUnsafeBufferPointer { rows in
                for (index, pivot) in pivots.enumerated() {
                    let factor = v[pivot]
                    if factor == 0 { continue }
                    let row = rows.baseAddress! + index * dimension
                    for column in pivot..<dimension where row[column] != 0 {
                        v[column] = PrimeField.subtract(v[column], PrimeField.multiply(factor, row[column]))
                    }
                }
            }
        }
        return v
    }

    public func contains(_ vector: [UInt32]) -> Bool {
        reduce(vector).allSatisfy { $0 == 0 }
    }

    /// Adds `vector` to the span; whether it was new (outside the span before).
    @discardableResult
    public mutating func insert(_ vector: [UInt32]) -> Bool {
        var v = reduce(vector)
        guard let pivot = v.firstIndex(where: { $0 != 0 }) else { return false }
        let scale = PrimeField.inverse(v[pivot])
        for column in pivot..<dimension where v[column] != 0 { v[column] = PrimeField.multiply(v[column], scale) }
        rows += v
        pivots.append(pivot)
        return true
    }
}
