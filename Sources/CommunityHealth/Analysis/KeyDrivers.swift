/// Classes key drivers by their correlation with the outcome and their % favorable, each against
/// the median of the questions classed together: at or above the median r and the median
/// favorable is a *strength*, at or above the median r but below the median favorable an
/// *opportunity*, below the median r *lower priority*.
public func classifyDrivers(_ drivers: [(r: Double, favorable: Double)]) -> [DriverClass] {
    guard !drivers.isEmpty else { return [] }
    let medianR = median(drivers.map(\.r))
    let medianFavorable = median(drivers.map(\.favorable))
    return drivers.map { driver in
        guard driver.r >= medianR else { return .lowerPriority }
        return driver.favorable >= medianFavorable ? .strength : .opportunity
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}
