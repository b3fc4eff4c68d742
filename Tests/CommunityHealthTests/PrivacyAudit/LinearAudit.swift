import Foundation

@testable import CommunityHealth

/// One respondent as the audit sees them: what the reader of the reports is assumed to know
/// (wave, community, which questions were skipped, which practices were reported) and the
/// answers the reader must not be able to work out.
struct AuditRespondent {
    var wave: String
    var community: String?
    /// Raw answers by scale question id; a skipped question is absent.
    var answers: [String: Int]
    /// Options reported, by practices question id; absent when the question was not answered.
    var practices: [String: Set<String>]
}

/// The project's own adversary: every published number, read back from the output files, as a
/// linear equation in the respondents' answers, and an exact search for any combination of them
/// that is a quantity about fewer than `minimumGroupSize` respondents, or a withheld group's sum.
///
/// Unknowns are, per respondent and answered question, the values of the answer functions the
/// reports use (the answer itself; whether it is favorable, neutral, a promoter, a detractor),
/// reduced to a basis where they depend on each other. The reader is assumed to know every
/// group's membership and everyone's skip pattern, so counts are known and only sums are
/// equations. Nonlinear figures (sd, alpha, r, p, d and intervals) are outside the audit.
struct LinearAudit {
    /// Whom figures count: as docs/privacy.md says today, or as cophealth counted before the
    /// privacy stage (commit 18513e0: everyone with a score or an answer; the practices' "without"
    /// side only those who answered the practices question).
    enum Rules { case current, before }

    let survey: Survey
    let respondents: [AuditRespondent]
    let rules: Rules
    var minimum: Int { survey.minimumGroupSize }

    init(survey: Survey, responses: String, rules: Rules = .current) throws {
        self.survey = survey
        self.rules = rules
        let rows = try csvRows(responses)
        respondents = rows.map { row in
            var answers: [String: Int] = [:]
            var practices: [String: Set<String>] = [:]
            for question in survey.questions {
                guard let cell = row[question.id], !cell.isEmpty else { continue }
                if question.scale != nil { answers[question.id] = Int(cell) }
                if question.practices { practices[question.id] = Set(cell.split(separator: ";").map(String.init)) }
            }
            let community = row[survey.groupBy] ?? ""
            return AuditRespondent(wave: row["wave"] ?? "", community: community.isEmpty ? nil : community, answers: answers, practices: practices)
        }
    }

    // MARK: - What each question's answers contribute

    struct ScaleItem {
        var id: String
        var scale: Scale
        var reverse: Bool
        var dimension: String?
        /// 100 / range: keyed answers on 0–100.
        var unit: Double { 100 / Double(scale.range) }
        func keyed(_ raw: Int) -> Int { reverse ? scale.min + scale.max - raw : raw }
        func isFavorable(_ raw: Int) -> Bool { keyed(raw) >= scale.favorableFrom }
        func isNeutral(_ raw: Int) -> Bool { keyed(raw) == scale.neutralValue }
    }

    /// The answer functions figures use, and how each is written in a basis of them (so that
    /// dependent functions, such as the answer and its favorable share on a 3-point scale, share
    /// unknowns).
    struct Coordinates {
        var count = 0
        var expressions: [String: [UInt32]] = [:]

        init(_ item: ScaleItem) {
            let levels = Array(item.scale.min...item.scale.max)
            var functions: [(String, (Int) -> Int)] = [("raw", { $0 }), ("favorable", { item.isFavorable($0) ? 1 : 0 })]
            if item.scale.neutralValue != nil { functions.append(("neutral", { item.isNeutral($0) ? 1 : 0 })) }
            if item.scale.isNPS { functions += [("promoter", { $0 >= 9 ? 1 : 0 }), ("detractor", { $0 <= 6 ? 1 : 0 })] }
            // Reduced rows (as functions of the levels above the minimum) and how each is made of basis functions.
            var rows: [(vector: [UInt32], pivot: Int, made: [UInt32])] = []
            for (name, function) in functions {
                var v = levels.dropFirst().map { PrimeField.element(function($0) - function(item.scale.min)) }
                var made = [UInt32](repeating: 0, count: functions.count)
                for row in rows where v[row.pivot] != 0 {
                    let factor = v[row.pivot]
                    for i in v.indices { v[i] = PrimeField.subtract(v[i], PrimeField.multiply(factor, row.vector[i])) }
                    for i in made.indices { made[i] = PrimeField.add(made[i], PrimeField.multiply(factor, row.made[i])) }
                }
                if let pivot = v.firstIndex(where: { $0 != 0 }) {
                    // A new basis function b: v = b − made, scaled so v[pivot] = 1.
                    let scale = PrimeField.inverse(v[pivot])
                    var row = made.map { PrimeField.multiply(PrimeField.subtract(0, $0), scale) }
                    row[count] = PrimeField.add(row[count], scale)
                    rows.append((v.map { PrimeField.multiply($0, scale) }, pivot, row))
                    made = [UInt32](repeating: 0, count: functions.count)
                    made[count] = 1
                    count += 1
                }
                expressions[name] = made
            }
        }
    }

    /// A linear combination of unknowns, with the value it takes on the true answers.
    struct Equation {
        var terms: [Int: UInt32] = [:]
        var value: Double = 0

        mutating func add(_ unknown: Int, _ coefficient: UInt32) {
            let sum = PrimeField.add(terms[unknown] ?? 0, coefficient)
            terms[unknown] = sum == 0 ? nil : sum
        }

        static func - (a: Equation, b: Equation) -> Equation { a + b.scaled(-1, by: 1) }

        static func + (a: Equation, b: Equation) -> Equation {
            var result = a
            for (unknown, coefficient) in b.terms { result.add(unknown, coefficient) }
            result.value += b.value
            return result
        }

        func scaled(_ numerator: Int, by denominator: Int) -> Equation {
            let factor = PrimeField.element(numerator, over: denominator)
            var result = Equation()
            for (unknown, coefficient) in terms { result.terms[unknown] = PrimeField.multiply(coefficient, factor) }
            result.value = value * Double(numerator) / Double(denominator)
            return result
        }
    }

    /// Unknown numbers: respondent × question × basis function.
    final class Unknowns {
        var index: [[Int]: Int] = [:]
        var owner: [Int] = []
        /// Which question and basis function, as one number (alike across respondents).
        var slot: [Int] = []

        func id(_ respondent: Int, _ question: Int, _ coordinate: Int) -> Int {
            let key = [respondent, question, coordinate]
            if let existing = index[key] { return existing }
            index[key] = owner.count
            owner.append(respondent)
            slot.append(question * 16 + coordinate)
            return owner.count - 1
        }
    }

    // MARK: - The audit

    /// What is wrong: numbers in withheld rows, figures the audit's model cannot reproduce, and
    /// any quantity about too few respondents (or a withheld group) that the figures determine.
    func run(_ published: PublishedReport) -> [String] {
        var problems = published.numbersInWithheldRows.map { "a withheld row shows a number: \($0)" }
        for wave in Set(respondents.map(\.wave)).sorted() {
            var waveAudit = WaveAudit(audit: self, wave: wave, published: published)
            problems += waveAudit.run()
        }
        return problems + adoptionProblems(published)
    }

    /// adoption.csv spans two waves, so it is not an equation of one wave: each row must be a
    /// function of figures already published — the adopter's and the comparison communities'
    /// target scores, every one of them shown, in both waves — and equal what the audit computes
    /// from those groups' answers. Then it adds nothing a reader could not already work out.
    func adoptionProblems(_ published: PublishedReport) -> [String] {
        var audits: [String: WaveAudit] = [:]
        var problems: [String] = []
        for row in published.adoptions {
            let waves = [row["wave_before"]!, row["wave"]!]
            let (adopter, option, subject) = (row["community"]!, row["practice"]!, row["dimension"]!)
            for wave in waves where audits[wave] == nil { audits[wave] = WaveAudit(audit: self, wave: wave, published: published) }
            let isDimension = survey.dimension(subject) != nil
            func shownInBoth(_ community: String) -> Bool {
                waves.allSatisfy { audits[$0]!.shownCommunities(subject, isDimension: isDimension).contains(community) }
            }
            func notRunning(_ community: String) -> Bool {
                waves.allSatisfy { published.shares["\($0)|\(community)|\(option)"].map { $0 < 50 } == true }
            }
            let what = "adoption.csv \(waves[1]) \(adopter) \(option) \(subject)"
            guard shownInBoth(adopter) else {
                problems.append("\(what): the adopter's score is withheld in one of the waves")
                continue
            }
            let communities = Set(respondents.compactMap(\.community)).sorted()
            let comparisons = communities.filter { $0 != adopter && notRunning($0) && shownInBoth($0) }
            if comparisons.count != Int(row["comparison_communities"] ?? "") {
                problems.append("\(what): \(comparisons.count) comparison communities are shown, the row says \(row["comparison_communities"] ?? "")")
                continue
            }
            func mean(_ community: String, _ wave: String) -> (mean: Double, count: Int) {
                let (sum, count) = audits[wave]!.targetSum(subject, over: audits[wave]!.people(community, subject: subject))
                return (sum.value / Double(count), count)
            }
            var weights = 0.0, weighted = 0.0
            for community in comparisons {
                let (before, after) = (mean(community, waves[0]), mean(community, waves[1]))
                let w = Double(before.count * after.count) / Double(before.count + after.count)
                weights += w
                weighted += w * (after.mean - before.mean)
            }
            let expected = mean(adopter, waves[1]).mean - mean(adopter, waves[0]).mean - weighted / weights
            let printed = row["difference"] ?? ""
            let decimals = printed.split(separator: ".").dropFirst().first?.count ?? 0
            if let value = Double(printed), abs(value - expected) > 0.5 * pow(10, -Double(decimals)) + 1e-9 {
                problems.append("\(what): published \(value), audit computes \(expected)")
            }
        }
        return problems
    }
}

/// The audit of one wave (waves are audited one by one: nothing links a respondent across waves).
struct WaveAudit {
    let audit: LinearAudit
    let wave: String
    let published: PublishedReport
    let members: [Int]
    let items: [String: LinearAudit.ScaleItem]
    let questionIndex: [String: Int]
    let coordinates: [String: LinearAudit.Coordinates]
    let unknowns = LinearAudit.Unknowns()
    var minimum: Int { audit.minimum }

    init(audit: LinearAudit, wave: String, published: PublishedReport) {
        self.audit = audit
        self.wave = wave
        self.published = published
        members = audit.respondents.indices.filter { audit.respondents[$0].wave == wave }
        var items: [String: LinearAudit.ScaleItem] = [:]
        var index: [String: Int] = [:]
        for (position, question) in audit.survey.questions.enumerated() {
            index[question.id] = position
            if let scale = question.scale {
                items[question.id] = LinearAudit.ScaleItem(id: question.id, scale: scale, reverse: question.reverse, dimension: question.dimension)
            }
        }
        self.items = items
        questionIndex = index
        coordinates = items.mapValues { LinearAudit.Coordinates($0) }
    }

    func respondent(_ i: Int) -> AuditRespondent { audit.respondents[i] }

    func dimensionItems(_ dimension: String) -> [String] {
        audit.survey.questions.filter { $0.scale != nil && $0.dimension == dimension }.map(\.id)
    }

    func inGroup(_ i: Int, _ group: String) -> Bool { group == "All" || respondent(i).community == group }

    // MARK: Who each figure covers (docs/privacy.md)

    /// Communities shown for a dimension (their scores row) or a question outside dimensions.
    func shownCommunities(_ subject: String, isDimension: Bool) -> Set<String> {
        Set(published.counts.filter { $0.wave == wave && $0.subject == subject && $0.group != "All" && $0.kind == (isDimension ? "respondents" : "answers") }.map(\.group))
    }

    /// Respondents whose answers a dimension's figures count: everyone with a score, except the
    /// partial answerers (some of its questions answered) of a community — or of those without
    /// one — with fewer than the minimum of them or of full answerers; and of everyone not shown
    /// on their own, the partial answerers if fewer than the minimum are left, and all of them if
    /// fewer than the minimum are left.
    func covered(dimension: String) -> Set<Int> {
        let questions = dimensionItems(dimension)
        if audit.rules == .before { return Set(members.filter { i in questions.contains { respondent(i).answers[$0] != nil } }) }
        let shown = shownCommunities(dimension, isDimension: true)
        var answered: [Int: Int] = [:]
        var partial: [String: Int] = [:], complete: [String: Int] = [:]
        let key = { (i: Int) in respondent(i).community ?? "\u{0}none" }
        for i in members {
            let k = questions.filter { respondent(i).answers[$0] != nil }.count
            answered[i] = k
            if k == questions.count { complete[key(i), default: 0] += 1 } else if k > 0 { partial[key(i), default: 0] += 1 }
        }
        var leftOut = Set(partial.keys.filter { partial[$0]! < minimum || complete[$0, default: 0] < minimum })
        let rest = Set(Array(partial.keys) + Array(complete.keys)).filter { !shown.contains($0) }
        let restPartial = rest.subtracting(leftOut).reduce(0) { $0 + partial[$1, default: 0] }
        if restPartial > 0, restPartial < minimum { leftOut.formUnion(rest) }
        let restPeople = rest.reduce(0) { $0 + complete[$1, default: 0] + (leftOut.contains($1) ? 0 : partial[$1, default: 0]) }
        let restLeftOut = restPeople > 0 && restPeople < minimum
        return Set(members.filter { i in
            let k = answered[i]!
            if k == 0 || (restLeftOut && rest.contains(key(i))) { return false }
            return k == questions.count || !leftOut.contains(key(i))
        })
    }

    /// Those whose answers to a question outside the dimensions its figures count: everyone who
    /// answered, except everyone not shown on their own when they are 1 to minimum − 1.
    func covered(question: String) -> Set<Int> {
        let shown = shownCommunities(question, isDimension: false)
        let answered = members.filter { respondent($0).answers[question] != nil }
        if audit.rules == .before { return Set(answered) }
        let rest = answered.filter { respondent($0).community.map { !shown.contains($0) } ?? true }
        let leftOut = rest.count < minimum ? Set(rest) : []
        return Set(answered).subtracting(leftOut)
    }

    // MARK: Equations

    func term(_ equation: inout LinearAudit.Equation, _ i: Int, _ question: String, _ function: String, _ coefficient: UInt32) {
        guard let expression = coordinates[question]?.expressions[function] else { return }
        for (r, c) in expression.enumerated() where c != 0 {
            equation.add(unknowns.id(i, questionIndex[question]!, r), PrimeField.multiply(coefficient, c))
        }
    }

    /// Σ over `people` of their score on a target (0–100), and how many they are.
    mutating func targetSum(_ target: String, over people: [Int]) -> (LinearAudit.Equation, Int) {
        let questions: [String]
        if audit.survey.dimension(target) != nil {
            questions = dimensionItems(target)
        } else if target == "overall" {
            questions = audit.survey.questions.filter { $0.scale != nil && $0.dimension != nil }.map(\.id)
        } else {
            questions = [target]
        }
        var equation = LinearAudit.Equation()
        var count = 0
        for i in people {
            let answered = questions.filter { respondent(i).answers[$0] != nil }
            guard !answered.isEmpty else { continue }
            count += 1
            for question in answered {
                let item = items[question]!
                let raw = respondent(i).answers[question]!
                // 100 / (range · k) per keyed step; keyed = ±raw + constant.
                term(&equation, i, question, "raw", PrimeField.element(item.reverse ? -100 : 100, over: item.scale.range * answered.count))
                equation.value += item.unit * Double(item.keyed(raw) - item.scale.min) / Double(answered.count)
            }
        }
        return (equation, count)
    }

    /// Σ over `people` who answered `question` of an answer function.
    mutating func itemSum(_ question: String, _ function: String, over people: [Int]) -> (LinearAudit.Equation, Int) {
        var equation = LinearAudit.Equation()
        var count = 0
        let item = items[question]!
        for i in people {
            guard let raw = respondent(i).answers[question] else { continue }
            count += 1
            term(&equation, i, question, function, 1)
            switch function {
            case "raw": equation.value += Double(raw)
            case "favorable": equation.value += item.isFavorable(raw) ? 1 : 0
            case "neutral": equation.value += item.isNeutral(raw) ? 1 : 0
            case "promoter": equation.value += raw >= 9 ? 1 : 0
            default: equation.value += raw <= 6 ? 1 : 0
            }
        }
        return (equation, count)
    }

    /// The people a figure about `subject` in `group` covers.
    func people(_ group: String, subject: String) -> [Int] {
        if subject == "overall" && audit.rules == .before {
            let questions = audit.survey.questions.filter { $0.scale != nil && $0.dimension != nil }.map(\.id)
            return members.filter { i in inGroup(i, group) && questions.contains { respondent(i).answers[$0] != nil } }
        }
        if subject == "overall" {
            // The overall score counts those who answered every dimension's questions, where every dimension counts them.
            let questions = audit.survey.questions.filter { $0.scale != nil && $0.dimension != nil }.map(\.id)
            let counted = audit.survey.dimensions.map { covered(dimension: $0.id) }
            return members.filter { i in
                inGroup(i, group) && questions.allSatisfy { respondent(i).answers[$0] != nil } && counted.allSatisfy { $0.contains(i) }
            }
        }
        let item = items[subject]
        let dimension = audit.survey.dimension(subject) != nil ? subject : item?.dimension
        let counted = dimension.map { self.covered(dimension: $0) } ?? covered(question: subject)
        return members.filter { inGroup($0, group) && counted.contains($0) }
    }

    /// The equation of a published figure (scaled to a sum), or a problem.
    mutating func equation(for figure: PublishedFigure) -> (LinearAudit.Equation, Double, String?) {
        switch figure.kind {
        case .dimensionScore, .differenceAll, .differenceRest:
            let (sum, n) = targetSum(figure.subject, over: people(figure.group, subject: figure.subject))
            if figure.kind == .dimensionScore {
                let score = sum.value / Double(n)
                var expected = score
                if figure.source.hasSuffix(" mean"), let scale = sharedScale(figure.subject) {
                    expected = Double(scale.min) + score * Double(scale.range) / 100
                }
                return (sum, expected, nil)
            }
            let all = people("All", subject: figure.subject)
            let (allSum, allCount) = targetSum(figure.subject, over: all)
            if figure.kind == .differenceAll {
                let equation = sum.scaled(1, by: n) - allSum.scaled(1, by: allCount)
                return (equation, equation.value, nil)
            }
            let equation = sum.scaled(1, by: n) - (allSum - sum).scaled(1, by: allCount - n)
            return (equation, equation.value, nil)
        case .dimensionFavorable:
            var equation = LinearAudit.Equation()
            var answers = 0
            for question in dimensionItems(figure.subject) {
                let (part, n) = itemSum(question, "favorable", over: people(figure.group, subject: figure.subject))
                equation = equation + part
                answers += n
            }
            return (equation, 100 * equation.value / Double(answers), nil)
        case .itemMean, .itemFavorable, .itemNeutral, .itemUnfavorable, .itemNPS:
            let group = people(figure.group, subject: figure.subject)
            switch figure.kind {
            case .itemMean:
                let (sum, n) = itemSum(figure.subject, "raw", over: group)
                return (sum, sum.value / Double(n), nil)
            case .itemFavorable, .itemNeutral:
                let (sum, n) = itemSum(figure.subject, figure.kind == .itemFavorable ? "favorable" : "neutral", over: group)
                return (sum, 100 * sum.value / Double(n), nil)
            case .itemUnfavorable:
                let (favorable, n) = itemSum(figure.subject, "favorable", over: group)
                let (neutral, _) = itemSum(figure.subject, "neutral", over: group)
                let equation = (favorable + neutral).scaled(-1, by: 1)
                return (equation, 100 * (Double(n) + equation.value) / Double(n), nil)
            default:
                let (promoters, n) = itemSum(figure.subject, "promoter", over: group)
                let (detractors, _) = itemSum(figure.subject, "detractor", over: group)
                let equation = promoters - detractors
                return (equation, 100 * equation.value / Double(n), nil)
            }
        case .withinDifference:
            // Σ_g w_g (ȳ₁g − ȳ₀g) / Σ w_g, w_g = n₁g n₀g / n_g, over one group per community shown
            // on the target and one of everyone else counted; as an equation scaled by Σ w_g:
            // Σ_g (n₀g / n_g) S₁g − (n₁g / n_g) S₀g.
            var equation = LinearAudit.Equation()
            var weights = 0.0, weighted = 0.0
            let shown: Set<String>
            if figure.subject == "overall" {
                shown = audit.survey.dimensions.map { shownCommunities($0.id, isDimension: true) }.reduce(Set(members.compactMap { respondent($0).community })) { $0.intersection($1) }
            } else {
                shown = shownCommunities(figure.subject, isDimension: audit.survey.dimension(figure.subject) != nil)
            }
            let counted = people("All", subject: figure.subject)
            let groups = shown.sorted().map { community in counted.filter { respondent($0).community == community } }
                + [counted.filter { respondent($0).community.map { !shown.contains($0) } ?? true }]
            for group in groups {
                let sides = [true, false].map { reporting in
                    group.filter { (respondent($0).practices[figure.question]?.contains(figure.option) ?? false) == reporting }
                }
                let (yes, n1) = targetSum(figure.subject, over: sides[0])
                let (no, n0) = targetSum(figure.subject, over: sides[1])
                guard n1 > 0, n0 > 0 else { continue }
                equation = equation + yes.scaled(n0, by: n1 + n0) - no.scaled(n1, by: n1 + n0)
                let w = Double(n1 * n0) / Double(n1 + n0)
                weights += w
                weighted += w * (yes.value / Double(n1) - no.value / Double(n0))
            }
            return (equation, weighted / weights, nil)
        case .practiceWith, .practiceWithout, .practiceDifference:
            let (with, withCount) = targetSum(figure.subject, over: practiceSide(figure, reporting: true))
            let (without, withoutCount) = targetSum(figure.subject, over: practiceSide(figure, reporting: false))
            switch figure.kind {
            case .practiceWith: return (with, with.value / Double(withCount), nil)
            case .practiceWithout: return (without, without.value / Double(withoutCount), nil)
            default:
                let equation = with.scaled(1, by: withCount) - without.scaled(1, by: withoutCount)
                return (equation, equation.value, nil)
            }
        }
    }

    /// Those who report the option (or do not: a blank practices answer reports none), among
    /// those the target's figures cover.
    func practiceSide(_ figure: PublishedFigure, reporting: Bool) -> [Int] {
        people("All", subject: figure.subject).filter { i in
            guard let options = respondent(i).practices[figure.question] else { return !reporting && audit.rules == .current }
            return options.contains(figure.option) == reporting
        }
    }

    func sharedScale(_ dimension: String) -> Scale? {
        let scales = dimensionItems(dimension).map { items[$0]!.scale }
        return scales.allSatisfy({ $0.min == scales[0].min && $0.max == scales[0].max }) ? scales.first : nil
    }

    /// The audit's own count of what a published count counts.
    mutating func count(_ published: PublishedCount) -> Int {
        switch published.kind {
        case "respondents": return targetSum(published.subject, over: people(published.group, subject: published.subject)).1
        case "answers": return itemSum(published.subject, "raw", over: people(published.group, subject: published.subject)).1
        default:
            let figure = PublishedFigure(kind: .practiceWith, wave: wave, group: "", subject: published.subject, question: published.question, option: published.option)
            return targetSum(published.subject, over: practiceSide(figure, reporting: published.kind == "with")).1
        }
    }

    // MARK: Run

    mutating func run() -> [String] {
        var problems: [String] = []
        for published in published.counts where published.wave == wave {
            let mine = count(published)
            if mine != published.value {
                problems.append("\(wave) \(published.kind) of \(published.group) \(published.subject) \(published.option): published \(published.value), audit counts \(mine)")
            }
        }
        var rows: [[Int: UInt32]] = []
        var seen = Set<PublishedFigure>()
        var what: [String] = []
        for figure in published.figures where figure.wave == wave {
            let (equation, expected, _) = equation(for: figure)
            if !(abs(figure.value - expected) <= figure.tolerance * max(1, abs(expected) / 100)) {
                problems.append("\(wave) \(figure.source) \(figure.group) \(figure.subject) \(figure.option): published \(figure.value), audit computes \(expected)")
            }
            if seen.insert(figure.identity).inserted, !equation.terms.isEmpty {
                rows.append(equation.terms)
                what.append("\(figure.kind.rawValue) \(figure.group) \(figure.subject) \(figure.option)")
            }
        }
        problems += searchSmallSets(rows, what)
        problems += withheldSums(rows)
        return problems
    }

    /// Rows grouped into independent blocks (no shared unknown), each searched on its own.
    func blocks(_ rows: [[Int: UInt32]]) -> [[Int]] {
        var parent = Array(0..<unknowns.owner.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for row in rows {
            let keys = Array(row.keys)
            for key in keys.dropFirst() { parent[find(key)] = find(keys[0]) }
        }
        var byRoot: [Int: [Int]] = [:]
        for (index, row) in rows.enumerated() { byRoot[find(row.keys.first!), default: []].append(index) }
        return byRoot.values.sorted { $0[0] < $1[0] }
    }

    func searchSmallSets(_ rows: [[Int: UInt32]], _ what: [String]) -> [String] {
        let unknownSlot = unknowns.slot
        var problems: [String] = []
        for block in blocks(rows) {
            var columns: [Int: [UInt32]] = [:]
            for (position, row) in block.enumerated() {
                for (unknown, coefficient) in rows[row] {
                    columns[unknown, default: [UInt32](repeating: 0, count: block.count)][position] = coefficient
                }
            }
            var byRespondent: [Int: [(Int, [UInt32])]] = [:]
            for (unknown, column) in columns { byRespondent[unknowns.owner[unknown], default: []].append((unknownSlot[unknown], column)) }
            // Respondents whose columns are all alike weigh together: removing some of them changes nothing.
            var alike: [[[UInt32]]: [Int]] = [:]
            for (person, owned) in byRespondent {
                var signature = owned.sorted { $0.0 < $1.0 }.map { [UInt32($0.0)] + $0.1 }
                signature.sort { $0.lexicographicallyPrecedes($1) }
                alike[signature, default: []].append(person)
            }
            let types = alike.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
            let search = SmallSetSearch(
                dimension: block.count,
                elements: types.map { SmallSetSearch.Element(weight: $0.count, vectors: byRespondent[$0[0]]!.map(\.1)) })
            if let set = search.lightestCriticalSet(below: minimum) {
                let who = set.flatMap { types[$0] }.map { respondent($0).community ?? "(no community)" }
                let figures = Set(block.map { what[$0].split(separator: " ").first.map(String.init) ?? "" }).sorted()
                problems.append("\(wave): figures determine a quantity about \(who.count) respondent(s) (\(who.joined(separator: ", "))), from \(figures.joined(separator: ", "))")
            }
        }
        return problems
    }

    /// Withheld rows: their group's sums must not follow from what is published.
    mutating func withheldSums(_ rows: [[Int: UInt32]]) -> [String] {
        var basis = EchelonBasis(dimension: unknowns.owner.count + 1)
        var targets: [(String, LinearAudit.Equation)] = []
        for row in published.withheldScores where row.wave == wave && row.group != "All" {
            let everyone = members.filter { inGroup($0, row.group) }
            targets.append(("\(row.group)'s \(row.subject) score", targetSum(row.subject, over: everyone).0))
        }
        for row in published.withheldItems where row.wave == wave && row.group != "All" {
            let everyone = members.filter { inGroup($0, row.group) }
            for function in ["raw", "favorable"] {
                targets.append(("\(row.group)'s \(row.subject) \(function) sum", itemSum(row.subject, function, over: everyone).0))
            }
        }
        let width = unknowns.owner.count + 1
        func dense(_ terms: [Int: UInt32]) -> [UInt32] {
            var v = [UInt32](repeating: 0, count: width)
            for (unknown, coefficient) in terms { v[unknown] = coefficient }
            return v
        }
        basis = EchelonBasis(dimension: width)
        for row in rows { basis.insert(dense(row)) }
        return targets.compactMap { name, equation in
            equation.terms.isEmpty || !basis.contains(dense(equation.terms)) ? nil : "\(wave): \(name) is withheld, yet follows from the published figures"
        }
    }
}
