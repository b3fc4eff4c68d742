/// Cronbach's alpha from an item covariance matrix: `k / (k − 1) · (1 − tr C / ΣC)`, as R's
/// `psych::alpha` reports `raw_alpha` (there from the pairwise-complete covariances).
///
/// Not clamped: a negative value says the items do not measure one thing. Nil for fewer than
/// two items, a missing covariance, or a total variance of zero.
public func cronbachAlpha(covariances: [[Double?]]) -> Double? {
    let k = covariances.count
    guard k >= 2, covariances.allSatisfy({ $0.count == k }) else { return nil }
    var trace = 0.0
    var total = 0.0
    for i in 0..<k {
        for j in 0..<k {
            guard let value = covariances[i][j], value.isFinite else { return nil }
            total += value
            if i == j { trace += value }
        }
    }
    guard total != 0 else { return nil }
    return Double(k) / Double(k - 1) * (1 - trace / total)
}
