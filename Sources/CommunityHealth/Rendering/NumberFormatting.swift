import Foundation

/// `value` with exactly `places` decimals, `.` as the decimal point, no grouping, no `-0`.
public func decimal(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "" }
    let factor = pow(10, Double(places))
    let scaled = (abs(value) * factor).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(format: "%.\(places)f", value) }
    let units = Int64(scaled)
    let divisor = Int64(factor)
    var text = places > 0 ? "\(units / divisor)." + pad(String(units % divisor), places) : "\(units)"
    if value < 0, units != 0 { text = "-" + text }
    return text
}

private func pad(_ digits: String, _ width: Int) -> String {
    String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// A whole number with thin grouping for people: `12 345` stays `12345` below 10 000.
func count(_ value: Int) -> String {
    guard abs(value) >= 10_000 else { return "\(value)" }
    var digits = Array(String(abs(value)))
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(String(digits), at: 0)
    return (value < 0 ? "-" : "") + groups.joined(separator: ",")
}

/// A signed change for people: `+5`, `-3`, `0`.
func signed(_ value: Double, places: Int = 0) -> String {
    let text = decimal(value, places: places)
    return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
}
