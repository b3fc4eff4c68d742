/// `report.json`: everything the CSV files hold, with the survey's definition and the run's row
/// counts, in the shape described by `docs/report.schema.json`. Keys follow the CSV columns.
/// Withheld rows keep their keys, `"suppressed": true`, and `null` for every number.
public enum JSONReport {
    /// Raised on any change a reader could notice; documented in docs/report.md.
    public static let schemaVersion = 1

    /// The whole document as one string.
    public static func render(_ report: Report) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// The document, row by row, handed to `sink` in pieces of about 256 KB, so that neither a
    /// tree of the whole report nor the whole text need be in memory at once.
    public static func write(_ report: Report, to sink: (String) -> Void) {
        let head: [(String, JSONValue)] = [
            ("schemaVersion", .integer(schemaVersion)),
            ("generator", .string("cophealth \(HelpText.version)")),
            ("survey", survey(report.survey)),
            ("waves", .array(report.waves.map { .string($0) })),
            ("focusWave", .string(report.focusWave)),
            ("rows", .object([("read", .integer(report.counts.read)), ("used", .integer(report.counts.used)), ("rejected", .integer(report.counts.rejected))])),
            ("recommendations", .array(report.recommendations.map { .object([("text", .string($0.text)), ("evidence", .string($0.evidence))]) })),
        ]
        let tables: [(String, Int, (Int) -> [(String, JSONValue)])] = [
            ("scores", report.scores.count, { score(report.scores[$0]) }),
            ("items", report.items.count, { item(report.items[$0]) }),
            ("practices", report.practices.count, { practice(report.practices[$0]) }),
            ("practiceShares", report.practiceShares.count, { share(report.practiceShares[$0]) }),
            ("drivers", report.drivers.count, { driver(report.drivers[$0]) }),
            ("participation", report.participation.count, { participation(report.participation[$0]) }),
            ("rejected", report.rejections.count, { rejection(report.rejections[$0]) }),
        ]
        let pieceSize = 256 << 10
        var output = "{\n"
        output.reserveCapacity(pieceSize + (16 << 10))
        func flushIfFull() {
            if output.utf8.count >= pieceSize {
                sink(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        for (key, value) in head {
            output += "  "
            JSONValue.quote(key, to: &output)
            output += ": "
            value.write(to: &output, indent: "  ")
            output += ",\n"
        }
        for (index, (key, count, row)) in tables.enumerated() {
            output += "  "
            JSONValue.quote(key, to: &output)
            if count == 0 {
                output += ": []"
            } else {
                output += ": [\n"
                for position in 0..<count {
                    output += "    "
                    var object = JSONValue.ObjectWriter(depth: 2)
                    for (key, value) in row(position) { object.add(key, value, to: &output) }
                    object.close(to: &output, depth: 2)
                    output += position == count - 1 ? "\n" : ",\n"
                    flushIfFull()
                }
                output += "  ]"
            }
            output += index == tables.count - 1 ? "\n" : ",\n"
        }
        sink(output + "}\n")
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

    static func key(_ wave: String, _ community: CommunityName) -> [(String, JSONValue)] {
        [("wave", .string(wave)), ("community", .string(community.description))]
    }

    static func score(_ row: ScoreRow) -> [(String, JSONValue)] {
        let f = row.figures.value
        let d = f?.dimension
        return (
            key(row.wave, row.community) + [
                ("dimension", .string(row.dimension.id)), ("suppressed", .bool(f == nil)), ("respondents", .integer(d?.respondents)),
                ("mean", .number(d?.mean)), ("sd", .number(d?.standardDeviation)), ("score", .number(d?.score)),
                ("favorable", .number(d?.favorable)), ("ci_low", .number(d?.confidenceInterval?.lowerBound)),
                ("ci_high", .number(d?.confidenceInterval?.upperBound)), ("alpha", .number(d?.alpha)),
                ("change", .number(f?.change?.points)), ("change_p", .number(f?.change?.p)), ("change_since", .string(f?.change?.since)),
                ("change_from_first", .number(f?.changeFromFirst?.points)), ("change_from_first_p", .number(f?.changeFromFirst?.p)),
                ("first_wave", .string(f?.changeFromFirst?.since)), ("difference_all", .number(f?.versusAll?.difference)),
                ("p_all", .number(f?.versusAll?.p)), ("difference_rest", .number(f?.versusRest?.difference)), ("p_rest", .number(f?.versusRest?.p)),
            ])
    }

    static func item(_ row: ItemRow) -> [(String, JSONValue)] {
        let f = row.figures.value
        return (
            key(row.wave, row.community) + [
                ("question", .string(row.question.id)), ("dimension", .string(row.question.dimension)), ("suppressed", .bool(f == nil)),
                ("answers", .integer(f?.answers)), ("mean", .number(f?.mean)), ("favorable", .number(f?.favorable)),
                ("neutral", .number(f?.neutral)), ("unfavorable", .number(f?.unfavorable)), ("nps", .number(f?.netPromoterScore)),
            ])
    }

    static func practice(_ row: PracticeRow) -> [(String, JSONValue)] {
        let f = row.figures.value
        return ([
            ("wave", .string(row.wave)), ("question", .string(row.question.id)), ("practice", .string(row.option)),
            ("dimension", .string(row.target.id)), ("suppressed", .bool(f == nil)), ("with_n", .integer(f?.with.count)),
            ("without_n", .integer(f?.without.count)), ("with_mean", .number(f?.with.mean)), ("without_mean", .number(f?.without.mean)),
            ("difference", .number(f?.difference)), ("cohens_d", .number(f?.effect?.d)), ("d_ci_low", .number(f?.effect?.interval.lowerBound)),
            ("d_ci_high", .number(f?.effect?.interval.upperBound)), ("p", .number(f?.p)),
        ])
    }

    static func share(_ row: PracticeShareRow) -> [(String, JSONValue)] {
        let f = row.figures.value
        return (
            key(row.wave, row.community) + [
                ("question", .string(row.question.id)), ("practice", .string(row.option)), ("suppressed", .bool(f == nil)),
                ("answered", .integer(f?.answered)), ("share", .number(f?.share)),
            ])
    }

    static func driver(_ row: DriverRow) -> [(String, JSONValue)] {
        let f = row.figures.value
        return (
            key(row.wave, row.community) + [
                ("question", .string(row.question.id)), ("dimension", .string(row.question.dimension)), ("suppressed", .bool(f == nil)),
                ("r", .number(f?.correlation.r)), ("r_ci_low", .number(f?.correlation.interval?.lowerBound)),
                ("r_ci_high", .number(f?.correlation.interval?.upperBound)), ("n", .integer(f?.correlation.count)),
                ("favorable", .number(f?.favorable)), ("class", .string(f?.driverClass.rawValue)),
            ])
    }

    static func participation(_ row: ParticipationRow) -> [(String, JSONValue)] {
        (
            key(row.wave, row.community) + [
                ("suppressed", .bool(row.respondents.value == nil)), ("respondents", .integer(row.respondents.value)),
                ("members", .integer(row.members)), ("rate", .number(row.rate)), ("nps", .number(row.netPromoterScore)),
            ])
    }

    static func rejection(_ rejection: Rejection) -> [(String, JSONValue)] {
        ([
            ("file", .string(rejection.location.file)), ("line", .integer(rejection.location.line)),
            ("column", .integer(rejection.location.column)), ("reason", .string(rejection.reason)),
        ])
    }
}
