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
        let tables: [(String, Int, (Int, inout JSONOutput) -> Void)] = [
            ("scores", report.scores.count, { score(report.scores[$0], &$1) }),
            ("items", report.items.count, { item(report.items[$0], &$1) }),
            ("practices", report.practices.count, { practice(report.practices[$0], &$1) }),
            ("practiceShares", report.practiceShares.count, { share(report.practiceShares[$0], &$1) }),
            ("drivers", report.drivers.count, { driver(report.drivers[$0], &$1) }),
            ("participation", report.participation.count, { participation(report.participation[$0], &$1) }),
            ("adoption", report.adoptions.count, { adoption(report.adoptions[$0], &$1) }),
            ("tests", report.waves.count, { tests(report, wave: report.waves[$0], &$1) }),
            ("rejected", report.rejections.count, { rejection(report.rejections[$0], &$1) }),
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
            JSONReport.writeRows(report.drivers.count, { JSONReport.driver(report.drivers[$0], &$1) }, into: &output, pieceSize: .max) { _ in }
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

    static func key(_ wave: String, _ community: CommunityName, _ out: inout JSONOutput) {
        out.member("wave", .string(wave))
        out.member("community", .string(community.description))
    }

    static func score(_ row: ScoreRow, _ out: inout JSONOutput) {
        let f = row.figures.value
        let d = f?.dimension
        key(row.wave, row.community, &out)
        out.member("dimension", .string(row.dimension.id))
        out.member("suppressed", .bool(f == nil))
        out.member("respondents", .integer(d?.respondents))
        out.member("mean", .number(d?.mean))
        out.member("sd", .number(d?.standardDeviation))
        out.member("score", .number(d?.score))
        out.member("favorable", .number(d?.favorable))
        out.member("ci_low", .number(d?.confidenceInterval?.lowerBound))
        out.member("ci_high", .number(d?.confidenceInterval?.upperBound))
        out.member("alpha", .number(d?.alpha))
        out.member("change", .number(f?.change?.points))
        out.member("change_p", .number(f?.change?.p))
        out.member("change_since", .string(f?.change?.since))
        out.member("change_from_first", .number(f?.changeFromFirst?.points))
        out.member("change_from_first_p", .number(f?.changeFromFirst?.p))
        out.member("first_wave", .string(f?.changeFromFirst?.since))
        out.member("difference_all", .number(f?.versusAll?.difference))
        out.member("p_all", .number(f?.versusAll?.p))
        out.member("difference_rest", .number(f?.versusRest?.difference))
        out.member("p_rest", .number(f?.versusRest?.p))
        out.member("change_q", .number(f?.change?.q))
        out.member("change_from_first_q", .number(f?.changeFromFirst?.q))
        out.member("q_rest", .number(f?.versusRest?.q))
    }

    static func item(_ row: ItemRow, _ out: inout JSONOutput) {
        let f = row.figures.value
        key(row.wave, row.community, &out)
        out.member("question", .string(row.question.id))
        out.member("dimension", .string(row.question.dimension))
        out.member("suppressed", .bool(f == nil))
        out.member("answers", .integer(f?.answers))
        out.member("mean", .number(f?.mean))
        out.member("favorable", .number(f?.favorable))
        out.member("neutral", .number(f?.neutral))
        out.member("unfavorable", .number(f?.unfavorable))
        out.member("nps", .number(f?.netPromoterScore))
        out.member("score", .number(f?.score))
        out.member("change", .number(f?.change?.points))
        out.member("change_p", .number(f?.change?.p))
        out.member("change_q", .number(f?.change?.q))
    }

    static func practice(_ row: PracticeRow, _ out: inout JSONOutput) {
        let f = row.figures.value
        out.member("wave", .string(row.wave))
        out.member("question", .string(row.question.id))
        out.member("practice", .string(row.option))
        out.member("dimension", .string(row.target.id))
        out.member("suppressed", .bool(f == nil))
        out.member("with_n", .integer(f?.with.count))
        out.member("without_n", .integer(f?.without.count))
        out.member("with_mean", .number(f?.with.mean))
        out.member("without_mean", .number(f?.without.mean))
        out.member("difference", .number(f?.difference))
        out.member("cohens_d", .number(f?.effect?.d))
        out.member("d_ci_low", .number(f?.effect?.interval.lowerBound))
        out.member("d_ci_high", .number(f?.effect?.interval.upperBound))
        out.member("p", .number(f?.p))
        out.member("q", .number(row.q))
        out.member("within_difference", .number(row.within?.difference))
        out.member("within_ci_low", .number(row.within?.interval.lowerBound))
        out.member("within_ci_high", .number(row.within?.interval.upperBound))
        out.member("within_d", .number(row.within?.d))
        out.member("within_p", .number(row.within?.p))
        out.member("within_q", .number(row.withinQ))
        out.member("communities", .integer(row.within?.communities))
    }

    static func share(_ row: PracticeShareRow, _ out: inout JSONOutput) {
        let f = row.figures.value
        key(row.wave, row.community, &out)
        out.member("question", .string(row.question.id))
        out.member("practice", .string(row.option))
        out.member("suppressed", .bool(f == nil))
        out.member("answered", .integer(f?.answered))
        out.member("share", .number(f?.share))
    }

    static func driver(_ row: DriverRow, _ out: inout JSONOutput) {
        let f = row.figures.value
        key(row.wave, row.community, &out)
        out.member("question", .string(row.question.id))
        out.member("dimension", .string(row.question.dimension))
        out.member("suppressed", .bool(f == nil))
        out.member("r", .number(f?.correlation.r))
        out.member("r_ci_low", .number(f?.correlation.interval?.lowerBound))
        out.member("r_ci_high", .number(f?.correlation.interval?.upperBound))
        out.member("n", .integer(f?.correlation.count))
        out.member("favorable", .number(f?.favorable))
        out.member("class", .string(f?.driverClass.rawValue))
    }

    static func participation(_ row: ParticipationRow, _ out: inout JSONOutput) {
        key(row.wave, row.community, &out)
        out.member("suppressed", .bool(row.respondents.value == nil))
        out.member("respondents", .integer(row.respondents.value))
        out.member("members", .integer(row.members))
        out.member("rate", .number(row.rate))
        out.member("nps", .number(row.netPromoterScore))
    }

    static func adoption(_ row: AdoptionRow, _ out: inout JSONOutput) {
        out.member("wave_before", .string(row.waveBefore))
        out.member("wave", .string(row.wave))
        out.member("community", .string(row.community))
        out.member("question", .string(row.question.id))
        out.member("practice", .string(row.option))
        out.member("share_before", .number(row.shareBefore))
        out.member("share", .number(row.share))
        out.member("dimension", .string(row.target.id))
        out.member("difference", .number(row.estimate.difference))
        out.member("se", .number(row.estimate.standardError))
        out.member("ci_low", .number(row.estimate.interval.lowerBound))
        out.member("ci_high", .number(row.estimate.interval.upperBound))
        out.member("p", .number(row.estimate.p))
        out.member("q", .number(row.q))
        out.member("pre_difference", .number(row.preTrend?.difference))
        out.member("pre_se", .number(row.preTrend?.standardError))
        out.member("pre_p", .number(row.preTrend?.p))
        out.member("comparison_communities", .integer(row.comparisonCommunities))
        out.member("verdict", .string(row.verdict.rawValue))
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

    static func rejection(_ rejection: Rejection, _ out: inout JSONOutput) {
        out.member("file", .string(rejection.location.file))
        out.member("line", .integer(rejection.location.line))
        out.member("column", .integer(rejection.location.column))
        out.member("reason", .string(rejection.reason))
    }
}
