/// Which groups of a family (the communities of one wave, for one count) must be withheld so that
/// no group under `minimum` is shown and no difference reveals one (FORMATS.md §5).
///
/// Groups under `minimum` are withheld. Then, while `total` minus the shown groups' counts (the
/// remainder, which includes people in no group) is neither zero nor at least `minimum`, the
/// smallest shown group is withheld too (ties: the later one in `counts`). When `total` itself is
/// under `minimum`, everything is withheld, `All` included. `showingFrom` may ask more of a
/// group than `minimum` before it is shown (key drivers need 30); the remainder rule still uses `minimum`.
public func groupsToWithhold(total: Int, counts: [Int], minimum: Int, showingFrom: Int? = nil) -> (total: Bool, groups: Set<Int>) {
    guard total >= minimum else { return (true, Set(counts.indices)) }
    let threshold = max(minimum, showingFrom ?? minimum)
    var withheld = Set(counts.indices.filter { counts[$0] < threshold })
    var shown = counts.indices.filter { !withheld.contains($0) }.sorted {
        counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 > $1
    }
    var remainder = total - shown.reduce(0) { $0 + counts[$1] }
    while remainder > 0, remainder < minimum, !shown.isEmpty {
        let smallest = shown.removeFirst()
        withheld.insert(smallest)
        remainder += counts[smallest]
    }
    return (false, withheld)
}
