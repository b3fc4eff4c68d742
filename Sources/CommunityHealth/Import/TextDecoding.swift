/// The encodings survey exports arrive in, and how each is recognised.
public enum SourceEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case utf16LittleEndian = "UTF-16 LE"
    case utf16BigEndian = "UTF-16 BE"
    case windows1252 = "Windows-1252"
}

/// Turns an export's bytes into UTF-8: a UTF-8 or UTF-16 byte-order mark decides; otherwise
/// valid UTF-8 is UTF-8, and anything else is read as Windows-1252 (Excel's plain "CSV" save).
public func decodeExport(_ bytes: [UInt8]) -> (utf8: [UInt8], encoding: SourceEncoding) {
    if bytes.starts(with: utf8ByteOrderMark) { return (Array(bytes.dropFirst(3)), .utf8WithBOM) }
    if bytes.starts(with: [0xFF, 0xFE]) { return (utf16(bytes.dropFirst(2), bigEndian: false), .utf16LittleEndian) }
    if bytes.starts(with: [0xFE, 0xFF]) { return (utf16(bytes.dropFirst(2), bigEndian: true), .utf16BigEndian) }
    if String(validating: bytes, as: UTF8.self) != nil { return (bytes, .utf8) }
    return (windows1252ToUTF8(bytes), .windows1252)
}

/// Windows-1252 bytes as UTF-8.
func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
    Array(String(String.UnicodeScalarView(bytes.map(windows1252Scalar))).utf8)
}

private func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = bytes.startIndex
    while index + 1 < bytes.endIndex {
        let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
        units.append(bigEndian ? a << 8 | b : b << 8 | a)
        index += 2
    }
    return Array(String(decoding: units, as: UTF16.self).utf8)
}

/// Windows-1252: Latin-1 but for 0x80–0x9F, where it has curly quotes, dashes, € and more.
private func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
    let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
    let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
    return Unicode.Scalar(value) ?? "\u{FFFD}"
}

/// The delimiter of the first record: whichever of `,` `;` and tab occurs most outside quotes
/// (a comma when none does).
public func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
    var quoted = false
    for byte in bytes {
        if byte == UInt8(ascii: "\"") {
            quoted.toggle()
        } else if !quoted {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            counts[byte]? += 1
        }
    }
    let best = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
    return (best?.value ?? 0) > 0 ? best?.key ?? UInt8(ascii: ",") : UInt8(ascii: ",")
}
