// Fuzz target: the bytes of a survey.json → SurveyLoader.load. A definition that loads must also
// give a tally layout, and its canonical header (what `cophealth import` writes) must be accepted
// by the response decoder.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSurveyLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let survey: Survey
    do {
        survey = try SurveyLoader.load(bytes, file: "survey.json").survey
    } catch {
        Fuzz.check(!error.diagnostics.isEmpty, "load failed without a diagnostic")
        _ = error.diagnostics.map(\.description)
        return 0
    }
    var tally = Tally(layout: TallyLayout(survey: survey))
    let header = Importer.header(for: survey)
    do {
        guard case .record(let record)? = try CSVScanner.records(in: Array(header.utf8)).first else {
            Fuzz.check(false, "the canonical header \(header.debugDescription) is not a CSV record")
            return 0
        }
        let decoder = try ResponseDecoder(survey: survey, header: record, file: "responses/w.csv", fileWave: "w")
        // An empty row of that header: every answer left out.
        let empty = String(repeating: ",", count: record.fields.count - 1) + "\n"
        if case .record(let row)? = try CSVScanner.records(in: Array(empty.utf8)).first, case .success(let response) = decoder.decode(row) {
            tally.add(response)
        }
    } catch {
        Fuzz.check(false, "a loaded survey rejects its own canonical header \(header.debugDescription): \(error)")
    }
    return 0
}
