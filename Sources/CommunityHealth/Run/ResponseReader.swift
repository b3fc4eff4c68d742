import Foundation

/// Reads response files into a `Tally`, block by block, so memory does not grow with rows.
/// Row problems become rejections; file problems (cannot read, not UTF-8, no header, missing
/// columns) are collected as errors naming the file.
public struct ResponseReader {
    public let survey: Survey
    public private(set) var tally: Tally
    public private(set) var rejections: [Rejection] = []
    public private(set) var errors: [Diagnostic] = []
    public private(set) var warnings: [Diagnostic] = []
    public private(set) var read = 0
    public private(set) var used = 0

    static let blockSize = 1 << 20

    public init(survey: Survey) {
        self.survey = survey
        tally = Tally(layout: TallyLayout(survey: survey))
    }

    public var counts: RowCounts { RowCounts(read: read, used: used) }

    /// Reads one response file; `name` is how messages refer to it.
    public mutating func read(path: String, name: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            errors.append(.error(at: Location(file: name), "cannot open the file"))
            return
        }
        defer { try? handle.close() }
        let fileWave = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        var scanner = CSVScanner()
        var decoder: ResponseDecoder?
        var fileFailed = false
        var first = true
        var sawAnyByte = false
        func accept(_ event: CSVScanner.Event) {
            guard !fileFailed else { return }
            switch event {
            case .record(let record):
                guard let decoder else {
                    do {
                        let made = try ResponseDecoder(survey: survey, header: record, file: name, fileWave: fileWave)
                        warnings += made.warnings
                        decoder = made
                    } catch {
                        errors += error.diagnostics
                        fileFailed = true
                    }
                    return
                }
                read += 1
                switch decoder.decode(record) {
                case .success(let row):
                    used += 1
                    tally.add(row)
                case .failure(let rejection):
                    rejections.append(rejection)
                }
            case .unterminatedQuote(let line, let column):
                read += 1
                rejections.append(
                    Rejection(
                        at: Location(file: name, line: line, column: column),
                        "a quote opened here is never closed: the rest of the file could not be read"))
            }
        }
        do throws(CSVScanner.InvalidText) {
            while !fileFailed {
                let data: Data
                do {
                    data = try handle.read(upToCount: Self.blockSize) ?? Data()
                } catch {
                    errors.append(.error(at: Location(file: name), "cannot read the file: \(error)"))
                    return
                }
                if data.isEmpty { break }
                var bytes = [UInt8](data)
                if first {
                    first = false
                    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                        errors.append(
                            .error(at: Location(file: name), "is UTF-16 text: save it as UTF-8 CSV (or use 'cophealth import')"))
                        return
                    }
                    if bytes.starts(with: utf8ByteOrderMark) { bytes.removeFirst(3) }
                }
                if bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) { sawAnyByte = true }
                try bytes.withUnsafeBufferPointer { (buffer) throws(CSVScanner.InvalidText) in
                    try scanner.scan(buffer, emit: accept)
                }
            }
            if !fileFailed { try scanner.finish(emit: accept) }
        } catch {
            errors.append(
                .error(
                    at: Location(file: name, line: error.line, column: error.column),
                    "is not UTF-8 text: save it as UTF-8 CSV (or use 'cophealth import', which reads other encodings)"))
            return
        }
        if !sawAnyByte {
            errors.append(.error(at: Location(file: name), "is empty: a response file needs at least a header row"))
        }
    }
}
