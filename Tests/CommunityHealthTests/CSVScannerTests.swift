import Testing

@testable import CommunityHealth

@Suite struct CSVScannerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var records: [[String]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain", input: "a,b\n1,2\n", records: [["a", "b"], ["1", "2"]]),
        Case(name: "no final line break", input: "a,b\n1,2", records: [["a", "b"], ["1", "2"]]),
        Case(name: "quoted comma", input: "a,\"b,c\"\n", records: [["a", "b,c"]]),
        Case(name: "doubled quote", input: "\"say \"\"hi\"\"\",x\n", records: [["say \"hi\"", "x"]]),
        Case(name: "line break inside quotes", input: "\"one\ntwo\",x\n", records: [["one\ntwo", "x"]]),
        Case(name: "CRLF", input: "a,b\r\n1,2\r\n", records: [["a", "b"], ["1", "2"]]),
        Case(name: "CR only", input: "a,b\r1,2\r", records: [["a", "b"], ["1", "2"]]),
        Case(name: "CRLF inside quotes", input: "\"x\r\ny\",z\r\n", records: [["x\r\ny", "z"]]),
        Case(name: "empty fields", input: ",,\n", records: [["", "", ""]]),
        Case(name: "trailing empty field", input: "a,b,\n", records: [["a", "b", ""]]),
        Case(name: "empty quoted field", input: "\"\",a\n", records: [["", "a"]]),
        Case(name: "blank lines skipped", input: "a\n\n\nb\n\n", records: [["a"], ["b"]]),
        Case(name: "quote inside unquoted field kept", input: "5\" screen,x\n", records: [["5\" screen", "x"]]),
        Case(name: "text after closing quote kept", input: "\"a\"b,c\n", records: [["ab", "c"]]),
        Case(name: "non-ASCII", input: "Zoë,Łódź\n", records: [["Zoë", "Łódź"]]),
        Case(name: "ragged rows kept as they are", input: "a,b\n1\n1,2,3\n", records: [["a", "b"], ["1"], ["1", "2", "3"]]),
    ]

    static func fields(_ events: [CSVScanner.Event]) -> [[String]] {
        events.compactMap { if case .record(let record) = $0 { record.fields } else { nil } }
    }

    @Test(arguments: cases) func scans(_ example: Case) throws {
        #expect(Self.fields(try CSVScanner.records(in: Array(example.input.utf8))) == example.records)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let events = try CSVScanner.records(in: utf8ByteOrderMark + Array("id,x\n".utf8))
        #expect(Self.fields(events) == [["id", "x"]])
    }

    @Test func linesAndColumnsCountCharacters() throws {
        let events = try CSVScanner.records(in: Array("a,b\n\"multi\nline\",Zoë,c\r\nx,y\n".utf8))
        let records = events.compactMap { if case .record(let record) = $0 { record } else { nil } }
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].columns == [1, 7, 11])
    }

    @Test func unterminatedQuoteIsReportedAtItsPlace() throws {
        let events = try CSVScanner.records(in: Array("a,b\n1,\"open\n2,3\n".utf8))
        #expect(events.last == .unterminatedQuote(line: 2, column: 3))
        #expect(Self.fields(events) == [["a", "b"]])
    }

    @Test func invalidUTF8IsAnErrorWithItsPlace() {
        #expect(throws: CSVScanner.InvalidText(line: 2, column: 3)) {
            try CSVScanner.records(in: Array("a,b\n1,".utf8) + [0xE9, 0x0A])
        }
    }

    @Test func blocksOfAnySizeGiveTheSameRecords() throws {
        let text = Array("h1,h2\r\n\"a,\"\"b\"\"\r\nc\",d\r\ne,f".utf8)
        let whole = try CSVScanner.records(in: text)
        for size in 1...7 {
            var scanner = CSVScanner()
            var events: [CSVScanner.Event] = []
            for start in stride(from: 0, to: text.count, by: size) {
                let block = Array(text[start..<min(start + size, text.count)])
                try block.withUnsafeBufferPointer { (buffer) throws(CSVScanner.InvalidText) in
                    try scanner.scan(buffer) { events.append($0) }
                }
            }
            try scanner.finish { events.append($0) }
            #expect(events == whole, "block size \(size)")
        }
    }
}

@Suite struct WordScanTests {
    /// Plain bytes before the first stop byte, as a byte-at-a-time loop counts them.
    static func reference(_ bytes: [UInt8], from start: Int, stops: Set<UInt8>) -> (count: Int, high: Bool) {
        var p = start
        var high = false
        while p < bytes.count, !stops.contains(bytes[p]) {
            high = high || bytes[p] >= 0x80
            p += 1
        }
        return (p - start, high)
    }

    @Test func findsTheFirstStopByteAtEveryPlace() {
        let stops: [UInt8] = [UInt8(ascii: ","), 0x0A, 0x0D]
        for length in 0..<20 {
            for stopAt in 0...length {
                for stop in stops + [0] {
                    for highAt in [-1, 0, stopAt - 1, stopAt + 1] {
                        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                        if stopAt < length, stop != 0 { bytes[stopAt] = stop }
                        if highAt >= 0, highAt < length, highAt != stopAt { bytes[highAt] = 0xC3 }
                        for start in [0, 1, 3] where start <= length {
                            var high: UInt8 = 0
                            let count = bytes.withUnsafeBufferPointer {
                                WordScan.plainBytes($0, from: start, stoppingAt: stops[0], stops[1], stops[2], high: &high)
                            }
                            let expected = Self.reference(bytes, from: start, stops: Set(stops))
                            // Whole words, or up to the stop byte found in one: never past the stop.
                            #expect(count <= expected.count)
                            #expect(count == expected.count || expected.count - count < 8 && start + count + 8 > length)
                            let seenHigh = bytes[start..<(start + count)].contains { $0 >= 0x80 }
                            #expect((high >= 0x80) == seenHigh)
                        }
                    }
                }
            }
        }
    }
}
