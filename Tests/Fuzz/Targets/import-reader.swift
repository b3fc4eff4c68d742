// Fuzz target: the bytes of a platform export (any platform, encoding and delimiter, detected as
// `cophealth import` detects them) imported for the import fixture survey
// (Tests/CommunityHealthTests/Fixtures/imports/survey/survey.json, or COPHEALTH_FUZZ_IMPORT_SURVEY).
//
// Each input is imported three times: with the survey's own community column and with the
// community column given as the fixtures give it (a heading, a LimeSurvey code). What an import
// writes must read back: a canonical header, every row as wide as it, and every row used by the
// response reader (no rejection, no error).
import Foundation

private let survey = Fuzz.survey("Tests/CommunityHealthTests/Fixtures/imports/survey/survey.json", override: "COPHEALTH_FUZZ_IMPORT_SURVEY")
private let communityColumns: [String?] = [nil, "Which community are you part of?", "G01Q05"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = Fuzz.write(bytes, to: "export.csv")
    let responses = Fuzz.folder + "/responses"
    let header = Importer.header(for: survey)
    for communityColumn in communityColumns {
        var options = ImportOptions(files: [path], surveyFolder: Fuzz.folder)
        options.communityColumn = communityColumn
        let output = ImportOutput(folder: responses, header: header)
        let outcome: Importer.Outcome
        do {
            outcome = try Importer.run(survey: survey, files: [(name: "export.csv", path: path)], options: options, output: output)
        } catch {
            Fuzz.check(!error.diagnostics.isEmpty, "an import failed without a diagnostic")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: responses)) ?? []
            Fuzz.check(left.isEmpty, "a failed import left files behind: \(left)")
            continue
        }
        var rows = 0
        for file in outcome.files {
            defer { unlink(file.temporaryPath) }
            rows += file.rows
            guard let written = FileManager.default.contents(atPath: file.temporaryPath) else {
                Fuzz.check(false, "cannot read back \(file.temporaryPath)")
                continue
            }
            let text = [UInt8](written)
            Fuzz.check(text.starts(with: Array(header.utf8)), "an imported file does not start with the canonical header")
            guard let events = try? CSVScanner.records(in: text) else {
                Fuzz.check(false, "an imported file is not UTF-8 CSV: \(String(decoding: text, as: UTF8.self).debugDescription)")
                continue
            }
            let width = events.first.flatMap { if case .record(let record) = $0 { record.fields.count } else { nil } } ?? -1
            for event in events {
                guard case .record(let record) = event else {
                    Fuzz.check(false, "an imported file holds an unterminated quote: \(String(decoding: text, as: UTF8.self).debugDescription)")
                    continue
                }
                Fuzz.check(record.fields.count == width, "imported line \(record.line) has \(record.fields.count) fields, the header \(width)")
            }
            Fuzz.check(events.count == file.rows + 1, "\(file.rows) rows imported, \(events.count - 1) records written")
            var reader = ResponseReader(survey: survey, workers: 1)
            reader.read(path: file.temporaryPath, name: "responses/\(file.wave).csv")
            Fuzz.check(
                reader.errors.isEmpty && reader.rejections.isEmpty && reader.used == file.rows,
                "an imported file does not read back: \(file.rows) rows written, \(reader.used) used, rejections \(reader.rejections), errors \(reader.errors)\n\(String(decoding: text, as: UTF8.self).debugDescription)")
        }
        Fuzz.check(rows == outcome.imported, "\(outcome.imported) imported, \(rows) rows written")
        Fuzz.check(outcome.imported + outcome.leftOutIncomplete + outcome.leftOutPreviews == outcome.read, "read \(outcome.read) ≠ imported \(outcome.imported) + left out \(outcome.leftOutIncomplete) + \(outcome.leftOutPreviews)")
    }
    return 0
}
