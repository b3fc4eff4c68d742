import Foundation

/// `report.json`: everything the CSV files hold, with the survey's definition and the run's row
/// counts, in the shape described by `docs/report.schema.json`. Keys follow the CSV columns.
/// Withheld rows keep their keys, `"suppressed": true`, and `null` for every number.
public enum JSONReport {
    /// Raised on any change a reader could notice; documented in docs/report.md.
    public static let schemaVersion = 2

    /// The whole document as one string.
    public static func render(_ report: Report) -> String {
        var bytes: [UInt8] = []
        write(report) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The document as UTF-8, row by row, handed to `sink` in pieces of about 256 KB, so that
    /// neither a tree of the whole report nor the whole text need be in memory at once. With
    /// `ahead`, the drivers table's rows come from there (rendered meanwhile on another core).
    public static func write(_ report: Report, to sink: (UnsafeBufferPointer<UInt8>) -> Void, ahead: DriversAhead? = nil) {
        let head: [(String, JSONValue)] = [
            ("schemaVersion", .integer(schemaVersion)),
            ("generator", .string("cophealth \(HelpText.version)")),
            ("survey", survey(report.survey)),
            ("waves", .array(report.waves.map { .string($0) })),
            ("focusWave", .string(report.focusWave)),
            ("rows", .object([("read", .integer(report.counts.read)), ("used", .integer(report.counts.used)), ("rejected", .integer(report.counts.rejected))])),
            ("recommendations", .array(report.recommendations.map { .object([("text", .string($0.text)), ("evidence", .string($0.evidence))]) })),
        ]
        func table<Row>(_ description: TableDescription<Row>, _ rows: [Row]) -> (String, Int, (Int, inout JSONOutput) -> Void) {
            (description.json, rows.count, { description.json(rows[$0], &$1) })
        }
        let tables: [(String, Int, (Int, inout JSONOutput) -> Void)] = [
            table(ReportTables.scores, report.scores), table(ReportTables.items, report.items),
            table(ReportTables.practices, report.practices), table(ReportTables.practiceShares, report.practiceShares),
            table(ReportTables.drivers, report.drivers), table(ReportTables.participation, report.participation),
            table(ReportTables.adoption, report.adoptions),
            ("tests", report.waves.count, { tests(report, wave: report.waves[$0], &$1) }),
            table(ReportTables.rejected, report.rejections),
        ]
        let pieceSize = 256 << 10
        var output = JSONOutput(capacity: pieceSize + (16 << 10))
        output.raw("{\n")
        for (key, value) in head {
            output.indent(1)
            output.string(key)
            output.raw(": ")
            output.write(value, depth: 1)
            output.raw(",\n")
        }
        for (index, (key, count, row)) in tables.enumerated() {
            output.indent(1)
            output.string(key)
            if count == 0 {
                output.raw(": []")
            } else {
                output.raw(": [\n")
                if key == "drivers", let ahead {
                    sink(output.bytes.bytes)
                    output.bytes.removeAll()
                    sink(ahead.rows().bytes)
                } else {
                    writeRows(count, row, into: &output, flushingTo: sink)
                }
                output.raw("  ]")
            }
            output.raw(index == tables.count - 1 ? "\n" : ",\n")
        }
        output.raw("}\n")
        sink(output.bytes.bytes)
    }

    /// A table's rows, one object each; what is written goes to `sink` whenever it passes
    /// `pieceSize` bytes.
    private static func writeRows(
        _ count: Int, _ row: (Int, inout JSONOutput) -> Void, into output: inout JSONOutput, pieceSize: Int = 256 << 10,
        flushingTo sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        for position in 0..<count {
            output.indent(2)
            output.beginObject(depth: 2)
            row(position, &output)
            output.endObject()
            output.raw(position == count - 1 ? "\n" : ",\n")
            if output.bytes.count >= pieceSize {
                sink(output.bytes.bytes)
                output.bytes.removeAll()
            }
        }
    }

    /// The rows of the drivers table (about a third of the document), rendered by whoever comes
    /// to them first: a second core while the writer is busy with the tables before them, or the
    /// writer itself. Only a rendering already under way is ever waited for, so this cannot
    /// deadlock, however few cores there are.
    public final class DriversAhead: @unchecked Sendable {
        private let report: Report
        private let condition = NSCondition()
        private var started = false
        private var rendered: ByteBuffer?

        public init(_ report: Report) {
            self.report = report
        }

        /// Renders the rows, unless someone already is (or did).
        public func render() {
            condition.lock()
            let mine = !started
            started = true
            condition.unlock()
            guard mine else { return }
            // Room for all of it at once (a row takes about 300 bytes): no copies as it grows.
            var output = JSONOutput(capacity: 320 * report.drivers.count + 4096)
            // All of it kept: the writer hands it on in one piece.
            JSONReport.writeRows(report.drivers.count, { ReportTables.drivers.json(report.drivers[$0], &$1) }, into: &output, pieceSize: .max) { _ in }
            condition.lock()
            rendered = output.bytes
            condition.broadcast()
            condition.unlock()
        }

        /// The rendered rows, rendered here if nobody has started on them.
        func rows() -> ByteBuffer {
            render()
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let rendered { return rendered }
                condition.wait()
            }
        }
    }

    static func survey(_ survey: Survey) -> JSONValue {
        .object([
            ("id", .string(survey.id)), ("title", .string(survey.title)), ("groupBy", .string(survey.groupBy)),
            ("minimumGroupSize", .integer(survey.minimumGroupSize)), ("outcome", .string(survey.outcome)),
            ("dimensions", .array(survey.dimensions.map { .object([("id", .string($0.id)), ("title", .string($0.title)), ("about", .string($0.about))]) })),
            ("questions", .array(survey.questions.map(question))),
        ])
    }

    static func question(_ question: Question) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(question.id)), ("text", .string(question.text))]
        switch question.kind {
        case .scale(let scale):
            members += [
                ("type", .string("scale")), ("scale", .string(scale.id)), ("min", .integer(scale.min)), ("max", .integer(scale.max)),
                ("favorableFrom", .integer(scale.favorableFrom)), ("nps", .bool(scale.isNPS)), ("dimension", .string(question.dimension)),
                ("reverse", .bool(question.reverse)),
            ]
        case .choice(let options), .choices(let options):
            members += [
                ("type", .string(question.kind == .choice(options: options) ? "choice" : "choices")),
                ("options", .array(options.map { .string($0) })), ("practices", .bool(question.practices)),
            ]
        case .text:
            members.append(("type", .string("text")))
        }
        return .object(members)
    }

    /// How many tests each table ran in a wave: the families the q-values adjust over.
    static func tests(_ report: Report, wave: String, _ out: inout JSONOutput) {
        let counts = report.testCounts[wave] ?? Report.TestCounts()
        out.member("wave", .string(wave))
        out.member("change", .integer(counts.changes))
        out.member("change_from_first", .integer(counts.changesFromFirst))
        out.member("comparisons", .integer(counts.comparisons))
        out.member("practices", .integer(counts.practices))
        out.member("within_practices", .integer(counts.withinPractices))
        out.member("adoption", .integer(counts.adoptions))
        out.member("item_change", .integer(counts.itemChanges))
    }
}
