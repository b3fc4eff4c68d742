/// Two or three suggestions for one community, written from its page's disclosed figures only:
/// a meaningful fall first, then its weakest question against the organisation, a practice the
/// organisation-wide evidence supports that few of its members report, and what it does well.
enum CommunityRecommendations {
    static let most = 3

    static func make(for page: CommunityPage) -> [String] {
        var texts: [String] = []
        for line in page.dimensions {
            guard let change = line.figures.value?.change, change.isMeaningful, change.points < 0 else { continue }
            texts.append(
                "Look into \(line.dimension.title.lowercased()): down \(decimal(-change.points, places: 0)) points since \(change.since) "
                    + "(q \(qText(change.q, equals: "= "))). Ask members what changed.")
        }
        if let weakest = page.weakest.first, let relative = weakest.relative, relative <= -5 {
            texts.append(
                "Work on \(weakest.question.id) “\(weakest.question.text)”: \(decimal(-relative, places: 0)) points below the organisation.")
        }
        if let practice = page.practices.first(where: { line in
            guard let evidence = line.evidence, evidence.isMeaningfulWithin, (evidence.within?.difference ?? 0) > 0 else { return false }
            return (line.share?.value?.share ?? 100) < 50
        }), let evidence = practice.evidence, let within = evidence.within, let share = practice.share?.value?.share {
            texts.append(
                "Try \(practice.option.lowercased()): across the organisation, members who report it score \(decimal(within.difference, places: 0)) "
                    + "points higher on \(evidence.target.title.lowercased()) than others in their own community; \(decimal(share, places: 0))% of yours report it.")
        }
        if let strongest = page.strongest.first, let relative = strongest.relative, relative >= 5 {
            texts.append(
                "Share what works: \(strongest.question.id) “\(strongest.question.text)” is \(decimal(relative, places: 0)) points above the organisation.")
        }
        for line in page.dimensions {
            guard let change = line.figures.value?.change, change.isMeaningful, change.points > 0 else { continue }
            texts.append("Keep going: \(line.dimension.title.lowercased()) is up \(decimal(change.points, places: 0)) points since \(change.since).")
        }
        return Array(texts.prefix(most))
    }

    /// A q-value as the pages write it: 3 decimals, or "< 0.001".
    static func qText(_ value: Double?, equals: String = "") -> String {
        guard let value else { return "" }
        return value < 0.001 ? "< 0.001" : equals + decimal(value, places: 3)
    }
}
