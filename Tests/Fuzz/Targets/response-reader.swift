// Fuzz target: the bytes of a responses CSV for a fixed survey (Surveys/cop-health/survey.json,
// or the file named by COPHEALTH_FUZZ_SURVEY). Every way of reading the file must agree:
//
// - ResponseReader with one worker, with several workers on tiny chunks, and with tiny blocks
//   (records cut at every place): the same tally, counts, rejections, errors and warnings;
// - the careful path alone (CSVScanner + ResponseDecoder on the whole file, as FastPathTests
//   does it): the same tally, counts, rejections and warnings, and the same errors wherever
//   the careful path can tell (names that refuse the run, header problems).
//
// Any disagreement stops the run with fatalError (a crash for libFuzzer).
import Foundation

private let survey = Fuzz.survey("Surveys/cop-health/survey.json", override: "COPHEALTH_FUZZ_SURVEY")
private let name = "responses/w.csv"
/// Counts and rejections are compared across worker counts even when reading stopped at an error
/// (they differed then until the fix in Tests/Fuzz/Crashes/response-reader/README.md);
/// COPHEALTH_FUZZ_STRICT=0 compares only the errors in that case.
private let strict = ProcessInfo.processInfo.environment["COPHEALTH_FUZZ_STRICT"] != "0"

/// What a reading gives, in a form that compares whole.
private struct Reading: Equatable {
    var groups: [String] = []
    var read = 0
    var used = 0
    var rejections: [Rejection] = []
    var errors: [Diagnostic] = []
    var warnings: [Diagnostic] = []

    init() {}

    init(_ tally: Tally) {
        groups = Self.fingerprint(tally)
    }

    /// Every group's sums and practice patterns, groups and patterns sorted.
    static func fingerprint(_ tally: Tally) -> [String] {
        tally.groups.map { group -> String in
            let sums = tally.sums(of: group).map { $0.values.map(String.init).joined(separator: ",") } ?? "none"
            let patterns = tally.patterns(of: group).cells.map { "\($0.pattern.practices):\($0.pattern.targets)=\($0.count)" }.sorted()
            return "\(group.wave.debugDescription) \(group.community.debugDescription): \(sums) | \(patterns.joined(separator: " "))"
        }.sorted()
    }

    /// What must not depend on the workers. When reading stopped at an error, the rows counted
    /// and the names refused before it depend on where the chunks were cut (known, reported in
    /// Tests/Fuzz/Crashes/response-reader/README.md): then only the errors that are not refused
    /// names and the warnings, unless strict.
    var comparable: Reading {
        let stops = errors.filter { !Self.isRefusal($0) }
        guard !strict, !stops.isEmpty else { return self }
        var reading = Reading()
        reading.errors = stops
        reading.warnings = warnings
        return reading
    }

    /// A community or wave name refused (NameRefusal.diagnostic), not an error that stops reading.
    static func isRefusal(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.message.hasPrefix("community cell holds ") || diagnostic.message.hasPrefix("wave cell holds ")
    }

    var summary: String {
        "read \(read) used \(used), \(groups.count) groups, \(rejections.count) rejections \(rejections.prefix(3)), errors \(errors), warnings \(warnings.count)"
    }
}

private func fast(_ path: String, workers: Int, minimumChunk: Int = 8 << 20, blockSize: Int = ResponseReader.blockSize) -> Reading {
    var reader = ResponseReader(survey: survey, workers: workers, minimumChunk: minimumChunk)
    reader.blockSize = blockSize
    reader.read(path: path, name: name)
    var reading = Reading(reader.tally)
    reading.read = reader.read
    reading.used = reader.used
    reading.rejections = reader.rejections
    reading.errors = reader.errors
    reading.warnings = reader.warnings
    return reading
}

/// The careful path alone; nil when it cannot read the file at all (not UTF-8, no header, a
/// quote open from the header on): the fast path must then report an error.
private func careful(_ bytes: [UInt8]) -> (reading: Reading, refusals: NameRefusals)? {
    guard let events = try? CSVScanner.records(in: bytes) else { return nil }
    var tally = Tally(layout: TallyLayout(survey: survey))
    var reading = Reading()
    var refusals = NameRefusals()
    var decoder: ResponseDecoder?
    for event in events {
        switch event {
        case .record(let record):
            guard let current = decoder else {
                do {
                    decoder = try ResponseDecoder(survey: survey, header: record, file: name, fileWave: "w")
                    reading.warnings = decoder?.warnings ?? []
                } catch {
                    reading.errors = error.diagnostics
                    return (reading, refusals)
                }
                continue
            }
            reading.read += 1
            switch current.decode(record) {
            case .success(let row):
                reading.used += 1
                tally.add(row)
            case .failure(.rejected(let rejection)): reading.rejections.append(rejection)
            case .failure(.refused(let refusal)): refusals.add(refusal)
            }
        case .unterminatedQuote(let line, let column):
            guard decoder != nil else { return nil }
            reading.read += 1
            reading.rejections.append(
                Rejection(at: Location(file: name, line: line, column: column), "a quote opened here is never closed: the rest of the file could not be read"))
        }
    }
    guard decoder != nil else { return nil }
    reading.groups = Reading.fingerprint(tally)
    reading.errors = refusals.diagnostics
    return (reading, refusals)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = Fuzz.write(bytes, to: "w.csv")

    let one = fast(path, workers: 1)
    for (label, other) in [
        ("3 workers, chunks of 1 byte or more", fast(path, workers: 3, minimumChunk: 1)),
        ("4 workers, blocks of 3 bytes", fast(path, workers: 4, minimumChunk: 1, blockSize: 3)),
        ("1 worker, blocks of 1 byte", fast(path, workers: 1, blockSize: 1)),
        ("1 worker, blocks of 7 bytes", fast(path, workers: 1, blockSize: 7)),
    ] {
        Fuzz.check(other.comparable == one.comparable, "\(label) differs from 1 worker:\n  one:   \(one.summary)\n  other: \(other.summary)")
    }

    // A field whose quote is never closed swallows the lines after it: an error on the fast
    // path (issue 13), one rejected row on the careful one. They part ways there.
    if one.errors.contains(where: { $0.message.contains("so its field runs over") }) { return 0 }
    // UTF-16 is refused by name before anything is read.
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
        Fuzz.check(!one.errors.isEmpty, "UTF-16 read without an error")
        return 0
    }
    guard let (slow, _) = careful(bytes) else {
        Fuzz.check(!one.errors.isEmpty, "the careful path cannot read the file, the fast path reports no error: \(one.summary)")
        return 0
    }
    Fuzz.check(slow == one, "the careful path differs from the fast path:\n  careful: \(slow.summary)\n  fast:    \(one.summary)")
    return 0
}
