/// One community's page (`communities/<slug>.txt`) in 80 columns of plain text: what its lead
/// reads first. Every number is a row of the CSV files, rounded for reading.
public enum TextCommunityPage {
    static let width = TextScorecard.width

    public static func render(_ page: CommunityPage, style: TextStyle = TextStyle()) -> String {
        var lines = heading(page)
        if let reason = page.withheld {
            lines.append("")
            lines += TextLayout.wrap(
                "No figures for \(page.name) in \(page.wave): \(reason.text). "
                    + "Every figure of the community is withheld to protect its members.", width: width)
        } else {
            lines += recommendations(page)
            lines += participation(page)
            lines += dimensions(page, style: style)
            lines += trends(page)
            lines += questions(page, style: style)
            lines += relative(page)
            lines += practices(page)
            lines += drivers(page)
        }
        lines.append("")
        lines += legend(page)
        let text = lines.map { $0.trimmingTrailingSpaces }.joined(separator: "\n") + "\n"
        return style.unicode ? text : TextScorecard.asciiOnly(text)
    }

    static func heading(_ page: CommunityPage) -> [String] {
        let title = "\(page.name): \(page.survey.title)"
        var lines = TextLayout.wrap(title, width: width)
        lines.append(String(repeating: "=", count: min(width, title.count)))
        lines += TextLayout.wrap("Community page · survey \(page.survey.id) · wave \(page.wave)", width: width)
        return lines
    }

    static func recommendations(_ page: CommunityPage) -> [String] {
        guard !page.recommendations.isEmpty else { return [] }
        var lines = TextScorecard.section("Suggestions for \(page.name)")
        for (index, text) in page.recommendations.enumerated() {
            lines += TextLayout.wrap(text, width: width, indent: "     ", firstIndent: "  \(index + 1). ")
        }
        return lines
    }

    static func participation(_ page: CommunityPage) -> [String] {
        var lines = TextScorecard.section("Participation and NPS")
        lines.append("  " + TextLayout.left("Wave", 12) + TextLayout.right("Respondents", 12) + TextLayout.right("Rate", 8) + TextLayout.right("NPS", 8))
        for line in page.participation {
            lines.append(
                "  " + TextLayout.left(line.wave, 12) + TextLayout.right(cell(line.respondents, count), 12)
                    + TextLayout.right(line.rate.map { decimal($0, places: 0) + "%" } ?? "", 8)
                    + TextLayout.right(line.netPromoterScore.map { signed($0) } ?? "", 8))
        }
        return lines
    }

    static func dimensions(_ page: CommunityPage, style: TextStyle) -> [String] {
        guard !page.dimensions.isEmpty else { return [] }
        var lines = TextScorecard.section("Dimensions in \(page.wave)")
        lines += TextLayout.wrap(
            "Score 0–100; the mean and its 95% interval on the answer scale; % favorable; change since the previous wave; "
                + "against the rest of the organisation, with q. ▲ ▼ + − mark a meaningful difference (at least 5 points, q < 0.05).",
            width: width)
        lines.append("")
        lines.append(
            "  " + TextLayout.left("Dimension", 16) + TextLayout.right("Score", 6) + TextLayout.right("Mean (95% CI)", 19)
                + TextLayout.right("Fav", 6) + TextLayout.right("Chg", 7) + TextLayout.right("vs rest", 10) + TextLayout.right("q", 8))
        for line in page.dimensions {
            var text = "  " + TextLayout.left(line.dimension.title, 16)
            guard let figures = line.figures.value else {
                lines.append(text + TextLayout.right(cell(line.figures, { _ in "" }), 6))
                continue
            }
            let d = figures.dimension
            let interval = d.confidenceInterval.map { " (" + decimal($0.lowerBound, places: 2) + "–" + decimal($0.upperBound, places: 2) + ")" } ?? ""
            text += TextLayout.right(decimal(d.score, places: 0), 6) + TextLayout.right(decimal(d.mean, places: 2) + interval, 19)
            text += TextLayout.right(d.favorable.map { decimal($0, places: 0) + "%" } ?? "", 6)
            text += TextLayout.right(change(figures.change, style: style), 7)
            if let rest = figures.versusRest {
                let mark = rest.isMeaningful ? (rest.difference > 0 ? " +" : " −") : "  "
                text += TextLayout.right(signed(rest.difference, places: 1) + mark, 10) + TextLayout.right(CommunityRecommendations.qText(rest.q), 8)
            }
            lines.append(text)
        }
        return lines
    }

    static func trends(_ page: CommunityPage) -> [String] {
        guard page.waves.count > 1, !page.dimensions.isEmpty else { return [] }
        var lines = TextScorecard.section("Scores over time")
        // As many recent waves as fit beside the dimension's name.
        let shown = Array(page.waves.suffix((width - 18) / 9))
        lines.append("  " + TextLayout.left("Dimension", 16) + shown.map { TextLayout.right($0, 9) }.joined())
        for line in page.dimensions {
            let scores = line.history.filter { shown.contains($0.wave) }
            lines.append(
                "  " + TextLayout.left(line.dimension.title, 16)
                    + scores.map { TextLayout.right($0.score.map { decimal($0, places: 0) } ?? TextScorecard.withheld, 9) }.joined())
        }
        return lines
    }

    static func questions(_ page: CommunityPage, style: TextStyle) -> [String] {
        guard !page.questions.isEmpty else { return [] }
        var lines = TextScorecard.section("Every question in \(page.wave)")
        lines += TextLayout.wrap(
            "% favorable, neutral and unfavorable; the organisation's % favorable; the change of the question's score (0–100) since "
                + (page.previousWave.map { "the previous wave (\($0))" } ?? "the previous wave") + " (items.csv).",
            width: width)
        lines.append("")
        lines.append(
            "  " + TextLayout.left("Question", 40) + TextLayout.right("Fav", 5) + TextLayout.right("Neu", 5) + TextLayout.right("Unf", 5)
                + TextLayout.right("All", 6) + TextLayout.right("Chg", 7))
        for line in page.questions {
            var text = "  " + TextLayout.left(line.question.id + " " + line.question.text, 40)
            guard let figures = line.figures.value else {
                lines.append(text + "  " + cell(line.figures, { _ in "" }))
                continue
            }
            text += TextLayout.right(decimal(figures.favorable, places: 0) + "%", 5) + TextLayout.right(decimal(figures.neutral, places: 0) + "%", 5)
            text += TextLayout.right(decimal(figures.unfavorable, places: 0) + "%", 5)
            text += TextLayout.right(line.allFavorable.map { decimal($0, places: 0) + "%" } ?? "", 6)
            text += TextLayout.right(change(figures.change, style: style), 7)
            lines.append(text)
        }
        return lines
    }

    static func relative(_ page: CommunityPage) -> [String] {
        let strongest = page.strongest, weakest = page.weakest
        guard !strongest.isEmpty || !weakest.isEmpty else { return [] }
        var lines = TextScorecard.section("Against the organisation")
        lines += TextLayout.wrap("The questions whose score (0–100) is furthest above and below the organisation's.", width: width)
        for (title, group) in [("Strongest", strongest), ("Weakest", weakest)] where !group.isEmpty {
            lines.append("")
            lines.append("  \(title):")
            for line in group {
                lines.append(
                    "    " + TextLayout.left(line.question.id + " " + line.question.text, 64) + TextLayout.right(signed(line.relative ?? 0), 8))
            }
        }
        return lines
    }

    static func practices(_ page: CommunityPage) -> [String] {
        guard !page.practices.isEmpty else { return [] }
        var lines = TextScorecard.section("Practices")
        let target = page.practices.lazy.compactMap(\.evidence?.target).first
        lines += TextLayout.wrap(
            "Share of members who report each practice, against the organisation's; and the organisation-wide difference within "
                + "communities" + (target.map { " on \($0.id)" } ?? "") + " between members who report it and those who do not "
                + "(* meaningful: at least 5 points, q < 0.05; practices.csv).",
            width: width)
        lines.append("")
        lines.append("  " + TextLayout.left("Practice", 36) + TextLayout.right("Yours", 7) + TextLayout.right("All", 7) + TextLayout.right("Within", 12))
        for line in page.practices {
            var text = "  " + TextLayout.left(line.option, 36)
            text += TextLayout.right(line.share.map { cell($0) { decimal($0.share, places: 0) + "%" } } ?? "", 7)
            text += TextLayout.right(line.allShare.map { decimal($0, places: 0) + "%" } ?? "", 7)
            if let evidence = line.evidence, let within = evidence.within {
                text += TextLayout.right(signed(within.difference, places: 1) + (evidence.isMeaningfulWithin ? "*" : " "), 12)
            }
            lines.append(text)
        }
        return lines
    }

    static func drivers(_ page: CommunityPage) -> [String] {
        guard !page.drivers.isEmpty, let outcome = page.survey.outcome else { return [] }
        var lines = TextScorecard.section("Key drivers of \(outcome)")
        lines += TextLayout.wrap(
            page.driversAreOwn
                ? "This community's own: how closely each question goes with \(outcome) (r) and its % favorable (drivers.csv)."
                : "The organisation's, not this community's own (key drivers need \(Disclosure.driverMinimum) respondents): "
                    + "how closely each question goes with \(outcome) (r) and its % favorable (drivers.csv).",
            width: width)
        lines.append("")
        lines.append("  " + TextLayout.left("Question", 46) + TextLayout.right("r", 7) + TextLayout.right("Fav", 6) + TextLayout.right("Class", 14))
        for line in page.drivers.prefix(8) {
            lines.append(
                "  " + TextLayout.left(line.question.id + " " + line.question.text, 46) + TextLayout.right(decimal(line.figures.correlation.r, places: 2), 7)
                    + TextLayout.right(decimal(line.figures.favorable, places: 0) + "%", 6) + TextLayout.right(line.figures.driverClass.rawValue, 14))
        }
        if page.drivers.count > 8 { lines.append("  … and \(page.drivers.count - 8) more in drivers.csv") }
        return lines
    }

    static func legend(_ page: CommunityPage) -> [String] {
        TextLayout.wrap(
            "\(TextScorecard.withheld): fewer than the responses a figure needs (\(page.survey.minimumGroupSize); key drivers "
                + "\(Disclosure.driverMinimum)). \(TextScorecard.protecting): enough responses, withheld so that a smaller group cannot "
                + "be worked out. Every number here is in the CSV files beside the organisation's scorecard.",
            width: width)
    }

    /// A change as a cell: its points, marked ▲ ▼ (in colour on a terminal that shows it) when meaningful.
    static func change(_ change: Change?, style: TextStyle) -> String {
        guard let change else { return "" }
        guard change.isMeaningful else { return signed(change.points) }
        return TextScorecard.paint((change.points > 0 ? "▲" : "▼") + signed(change.points), up: change.points > 0, style: style)
    }

    /// A disclosed value as a cell: its text, or the mark of why it is withheld.
    static func cell<Value>(_ value: Disclosed<Value>, _ text: (Value) -> String) -> String {
        switch value {
        case .shown(let shown): text(shown)
        case .withheld(let reason): TextScorecard.mark(reason)
        }
    }
}
