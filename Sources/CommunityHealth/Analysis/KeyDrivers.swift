/// What a key driver is for the outcome, by its correlation and how favorable it already is.
public enum DriverClass: String, Sendable, Equatable {
    /// Strongly related to the outcome, and already favorable: keep doing it.
    case strength
    /// Strongly related to the outcome, but less favorable: where improving pays most.
    case opportunity
    case lowerPriority = "lower priority"
}

/// Classes key drivers by their correlation with the outcome and their % favorable, each against
/// the median of the questions classed together: at or above the median r and the median
/// favorable is a *strength*, at or above the median r but below the median favorable an
/// *opportunity*, below the median r *lower priority*.
public func classifyDrivers(_ drivers: [(r: Double, favorable: Double)]) -> [DriverClass] {
    guard let medians = DriverMedians(drivers) else { return [] }
    return drivers.map { driver in
        guard driver.r >= medians.r else { return .lowerPriority }
        return driver.favorable >= medians.favorable ? .strength : .opportunity
    }
}

/// The medians that split drivers into classes: of their correlations and of their % favorable.
public struct DriverMedians: Sendable, Equatable {
    public var r: Double
    public var favorable: Double

    public init?(_ drivers: [(r: Double, favorable: Double)]) {
        guard !drivers.isEmpty else { return nil }
        r = median(drivers.map(\.r))
        favorable = median(drivers.map(\.favorable))
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}
