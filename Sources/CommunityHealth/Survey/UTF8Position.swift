/// Where the first byte that is not part of valid UTF-8 stands: its 1-based line and byte column
/// (as the JSON parser counts them) and the byte itself; nil when every byte is.
func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8)? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    var line = 1
    var lineStart = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded):
            if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset + 1
            }
            offset += encoded.count
        case .error:
            return (line, offset - lineStart + 1, bytes[offset])
        case .emptyInput:
            return nil
        }
    }
}
