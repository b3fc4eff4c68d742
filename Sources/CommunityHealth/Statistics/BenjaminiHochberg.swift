/// Benjamini–Hochberg adjusted p-values ("q-values"), as R's `p.adjust(p, "BH")` computes them,
/// over the p-values present (nil stays nil and is not counted): with the m p-values sorted,
/// q₍ᵢ₎ = min over j ≥ i of m·p₍ⱼ₎/j, at most 1. Flagging the results with q below a level keeps
/// the expected share of false alarms among them under that level.
public func benjaminiHochberg(_ p: [Double?]) -> [Double?] {
    let present = p.indices.filter { p[$0] != nil }.sorted { p[$0]! < p[$1]! }
    var q = [Double?](repeating: nil, count: p.count)
    var smallest = 1.0
    for (rank, index) in present.enumerated().reversed() {
        smallest = min(smallest, p[index]! * Double(present.count) / Double(rank + 1))
        q[index] = smallest
    }
    return q
}
