import Foundation

private let powersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

/// `value` with exactly `places` decimals, `.` as the decimal point, no grouping, no `-0`.
public func decimal(_ value: Double, places: Int) -> String {
    guard value.isFinite, (0...15).contains(places) else { return value.isFinite ? String(format: "%.\(places)f", value) : "" }
    let scaled = (abs(value) * powersOfTen[places]).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(format: "%.\(places)f", value) }
    return withFixedPoint(UInt64(scaled), places: places, negative: value < 0 && scaled != 0) { String(decoding: $0, as: UTF8.self) }
}

/// `value` rounded to at most `maximumPlaces` decimals, without trailing zeros (`62.5`, `3`, `-0.25`).
func compactDecimal(_ value: Double, maximumPlaces: Int) -> String {
    guard let (units, places, negative) = compactParts(value, maximumPlaces: maximumPlaces) else { return decimal(value, places: maximumPlaces) }
    return withFixedPoint(units, places: places, negative: negative) { String(decoding: $0, as: UTF8.self) }
}

/// `compactDecimal` written onto the end of UTF-8 bytes, for writers that build bytes.
func appendCompactDecimal(_ value: Double, maximumPlaces: Int, to bytes: ByteBuffer) {
    guard let (units, places, negative) = compactParts(value, maximumPlaces: maximumPlaces) else {
        return bytes.append(decimal(value, places: maximumPlaces))
    }
    withFixedPoint(units, places: places, negative: negative) { bytes.append($0) }
}

/// `decimal` written onto the end of UTF-8 bytes.
func appendDecimal(_ value: Double, places: Int, to bytes: ByteBuffer) {
    guard value.isFinite, (0...15).contains(places) else { return bytes.append(decimal(value, places: places)) }
    let scaled = (abs(value) * powersOfTen[places]).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return bytes.append(decimal(value, places: places)) }
    withFixedPoint(UInt64(scaled), places: places, negative: value < 0 && scaled != 0) { bytes.append($0) }
}

/// A whole number written onto the end of UTF-8 bytes.
func appendInteger(_ value: Int, to bytes: ByteBuffer) {
    withFixedPoint(UInt64(value.magnitude), places: 0, negative: value < 0) { bytes.append($0) }
}

/// The digits of a compact decimal: units / 10^places with no trailing zero; nil for what the
/// digit writer cannot hold (not finite, or too large).
private func compactParts(_ value: Double, maximumPlaces: Int) -> (units: UInt64, places: Int, negative: Bool)? {
    guard value.isFinite, (0...15).contains(maximumPlaces) else { return nil }
    let scaled = (abs(value) * powersOfTen[maximumPlaces]).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return nil }
    var units = UInt64(scaled)
    var places = maximumPlaces
    while places > 0, units % 10 == 0, units > 0 {
        units /= 10
        places -= 1
    }
    return units == 0 ? (0, 0, false) : (units, places, value < 0)
}

/// `units` / 10^places written out, digits backwards into a small buffer on the stack, handed
/// to `body`: no intermediate strings or arrays.
private func withFixedPoint<Result>(_ units: UInt64, places: Int, negative: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
        var units = units
        var end = 24
        var written = 0
        repeat {
            end -= 1
            buffer[end] = UInt8(48 + units % 10)
            units /= 10
            written += 1
            if written == places {
                end -= 1
                buffer[end] = UInt8(ascii: ".")
            }
        } while units > 0 || written <= places
        if negative {
            end -= 1
            buffer[end] = UInt8(ascii: "-")
        }
        return body(UnsafeBufferPointer(rebasing: buffer[end..<24]))
    }
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
