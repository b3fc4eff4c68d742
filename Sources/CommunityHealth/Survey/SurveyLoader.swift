/// Turns the bytes of a `survey.json` into a validated `Survey`, collecting every mistake with
/// its JSON path (`questions[3].scale`) and line before giving up.
public enum SurveyLoader {
    public static func load(_ bytes: [UInt8], file: String) throws(InputErrors) -> (survey: Survey, warnings: [Diagnostic]) {
        if let invalid = firstInvalidUTF8(in: bytes) {
            let byte = "0x" + String(invalid.byte, radix: 16, uppercase: true)
            throw InputErrors([
                .error(at: Location(file: file, line: invalid.line, column: invalid.column), "is not UTF-8 here (byte \(byte)): save the file as UTF-8")
            ])
        }
        let root: JSONNode
        let duplicateKeys: [JSONDuplicateKey]
        do {
            (root, duplicateKeys) = try JSONParser.parse(bytes)
        } catch {
            throw InputErrors([
                .error(at: Location(file: file, line: error.line, column: error.column), "invalid JSON: \(error.message)")
            ])
        }
        var checker = DefinitionChecker(file: file)
        for duplicate in duplicateKeys {
            let message = "duplicate key \(Redactor.quote(duplicate.key)) (first at \(duplicate.first.line):\(duplicate.first.column)); JSON readers disagree on which one wins"
            checker.problems.append(
                .error(at: Location(file: file, line: duplicate.second.line, column: duplicate.second.column), duplicate.path.isEmpty ? message : "\(duplicate.path): \(message)"))
        }
        let survey = checker.survey(root)
        let errors = checker.problems.filter { $0.severity == .error }
        guard errors.isEmpty, let survey else { throw InputErrors(errors) }
        return (survey, checker.problems.filter { $0.severity == .warning })
    }
}

/// Walks the JSON tree of a definition; each accessor records a problem and returns nil on a mistake.
private struct DefinitionChecker {
    let file: String
    /// Every question id the definition declares, with or without mistakes.
    var declaredQuestionIDs: Set<String> = []
    var problems: [Diagnostic] = []
    /// Scales defined with a mistake: questions on them are not reported again as unknown.
    var invalidScales: Set<String> = []

    init(file: String) {
        self.file = file
    }

    mutating func report(_ node: JSONNode, _ path: String, _ message: String, _ severity: Diagnostic.Severity = .error) {
        let location = Location(file: file, line: node.line, column: node.column)
        problems.append(Diagnostic(severity, at: location, path.isEmpty ? message : "\(path): \(message)"))
    }

    // MARK: - Typed access

    func member(_ node: JSONNode, _ key: String) -> JSONNode? {
        guard case .object(let members) = node.value else { return nil }
        return members.first { $0.key == key }?.node
    }

    mutating func string(_ node: JSONNode?, _ path: String, in parent: JSONNode, required: Bool = false) -> String? {
        guard let node else {
            if required { report(parent, path, "is missing") }
            return nil
        }
        guard case .string(let text) = node.value else {
            report(node, path, "must be a string, not \(node.kindName)")
            return nil
        }
        // Survey texts reach terminals and pages: no escape may hide there (JSON's \u001b included).
        guard !Redactor.holdsControlCharacters(text) else {
            report(node, path, "holds a control character, terminal escape sequence or direction override: survey texts are shown in terminals and web pages")
            return nil
        }
        return text
    }

    mutating func integer(_ node: JSONNode?, _ path: String, in parent: JSONNode, required: Bool = false) -> Int? {
        guard let node else {
            if required { report(parent, path, "is missing") }
            return nil
        }
        guard case .number(let number) = node.value, number.rounded() == number else {
            report(node, path, "must be a whole number, not \(node.kindName == "a number" ? "a fraction" : node.kindName)")
            return nil
        }
        guard abs(number) < 1e9 else {
            let shown = abs(number) < 1e18 ? String(Int(number)) : "\(number)"
            report(node, path, "\(shown) is out of range: give a whole number between -999999999 and 999999999")
            return nil
        }
        return Int(number)
    }

    mutating func bool(_ node: JSONNode?, _ path: String) -> Bool? {
        guard let node else { return nil }
        guard case .bool(let value) = node.value else {
            report(node, path, "must be true or false, not \(node.kindName)")
            return nil
        }
        return value
    }

    mutating func array(_ node: JSONNode?, _ path: String, in parent: JSONNode, required: Bool = false) -> [JSONNode]? {
        guard let node else {
            if required { report(parent, path, "is missing") }
            return nil
        }
        guard case .array(let elements) = node.value else {
            report(node, path, "must be an array, not \(node.kindName)")
            return nil
        }
        return elements
    }

    mutating func object(_ node: JSONNode, _ path: String) -> [(key: String, node: JSONNode)]? {
        guard case .object(let members) = node.value else {
            report(node, path, "must be an object, not \(node.kindName)")
            return nil
        }
        return members
    }

    mutating func identifier(_ node: JSONNode?, _ path: String, in parent: JSONNode) -> String? {
        guard let id = string(node, path, in: parent, required: true), let node else { return nil }
        let allowed = id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "-" || $0 == "_"
        }
        guard !id.isEmpty, allowed else {
            report(node, path, "\(Redactor.quote(id)) is not a valid id (use letters, digits, '-' and '_')")
            return nil
        }
        return id
    }

    mutating func strings(_ node: JSONNode?, _ path: String, in parent: JSONNode, required: Bool = false) -> [String]? {
        guard let elements = array(node, path, in: parent, required: required) else { return nil }
        var result: [String] = []
        var seen: Set<String> = []
        for (index, element) in elements.enumerated() {
            guard let text = string(element, "\(path)[\(index)]", in: element) else { return nil }
            if !seen.insert(text.matchKey).inserted {
                report(element, "\(path)[\(index)]", "\(Redactor.quote(text)) is listed twice")
            }
            result.append(text)
        }
        return result
    }

    // MARK: - The definition

    mutating func survey(_ root: JSONNode) -> Survey? {
        guard object(root, "") != nil else { return nil }
        let id = identifier(member(root, "id"), "id", in: root)
        let title = string(member(root, "title"), "title", in: root)
        let groupBy = string(member(root, "groupBy"), "groupBy", in: root, required: true)
        if let groupBy, groupBy.trimmingSpaces.isEmpty, let node = member(root, "groupBy") {
            report(node, "groupBy", "names no column")
        }
        let period = period(member(root, "period"), in: root)
        var minimumGroupSize = 5
        if let node = member(root, "minimumGroupSize"), let size = integer(node, "minimumGroupSize", in: root) {
            if size < 1 {
                report(node, "minimumGroupSize", "must be at least 1, not \(size)")
            } else {
                minimumGroupSize = size
            }
        }
        let scales = scales(member(root, "scales"), in: root)
        let dimensions = dimensions(member(root, "dimensions"), in: root)
        let questions = questions(member(root, "questions"), in: root, scales: scales, dimensions: dimensions)
        let waves = strings(member(root, "waves"), "waves", in: root) ?? []
        let outcome = string(member(root, "outcome"), "outcome", in: root)
        if let outcome, let node = member(root, "outcome") {
            if let question = questions.first(where: { $0.id == outcome }) {
                if question.scale == nil { report(node, "outcome", "\(Redactor.quote(outcome)) is not a scale question") }
            } else if !declaredQuestionIDs.contains(outcome) {
                // A question that is declared but has a mistake of its own is reported once, there.
                report(node, "outcome", "no question has the id \(Redactor.quote(outcome))")
            }
        }
        if let groupBy, questions.contains(where: { $0.id == groupBy }), let node = member(root, "groupBy") {
            report(node, "groupBy", "\(Redactor.quote(groupBy)) is also a question id")
        }
        for (index, dimension) in dimensions.enumerated()
        where !questions.contains(where: { $0.dimension == dimension.id }) {
            if case .array(let nodes)? = member(root, "dimensions")?.value, index < nodes.count {
                report(nodes[index], "dimensions[\(index)]", "no question belongs to dimension '\(dimension.id)'", .warning)
            }
        }
        checkCommonGrid(of: dimensions, questions: questions, root: root, overall: outcome == nil)
        guard let id, let groupBy else { return nil }
        return Survey(
            id: id, title: title ?? id, groupBy: groupBy, period: period ?? .fileName,
            minimumGroupSize: minimumGroupSize, outcome: outcome, scales: scales, dimensions: dimensions,
            questions: questions, waves: waves)
    }

    /// A dimension mixing scales puts its items on a grid of the ranges' least common multiple;
    /// refuse ranges so unrelated that the integer sums could overflow. Without an outcome, the
    /// overall score puts every dimension item on one grid, which must fit as well.
    mutating func checkCommonGrid(of dimensions: [Dimension], questions: [Question], root: JSONNode, overall: Bool) {
        guard case .array(let nodes)? = member(root, "dimensions")?.value else { return }
        let limit = 100_000
        func grid(of ranges: [Int]) -> Int? {
            var grid = 1
            for range in ranges {
                grid = grid / greatestCommonDivisor(grid, range) * range
                if grid > limit { return nil }
            }
            return grid
        }
        for (index, dimension) in dimensions.enumerated() where index < nodes.count {
            if grid(of: questions.filter { $0.dimension == dimension.id }.compactMap(\.scale?.range)) == nil {
                report(nodes[index], "dimensions[\(index)]", "mixes scales whose ranges have no common grid (least common multiple over 100000); put its questions on fewer kinds of scale")
            }
        }
        let dimensionIDs = Set(dimensions.map(\.id))
        if overall, grid(of: questions.filter { $0.dimension.map(dimensionIDs.contains) == true }.compactMap(\.scale?.range)) == nil,
            let node = member(root, "dimensions")
        {
            report(node, "dimensions", "without an outcome the overall score mixes every dimension's scales, and their ranges have no common grid (least common multiple over 100000); name an outcome question or use fewer kinds of scale")
        }
    }

    mutating func period(_ node: JSONNode?, in root: JSONNode) -> Period? {
        guard let node else { return nil }
        guard object(node, "period") != nil else { return nil }
        guard let column = string(member(node, "column"), "period.column", in: node, required: true) else { return nil }
        guard let everyNode = member(node, "every") else { return .column(column) }
        guard let every = string(everyNode, "period.every", in: node) else { return nil }
        guard let interval = Period.Interval(rawValue: every) else {
            let choices = Period.Interval.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            report(everyNode, "period.every", "\(Redactor.quote(every)) is not one of \(choices)")
            return nil
        }
        return .timestamp(column: column, every: interval)
    }

    mutating func scales(_ node: JSONNode?, in root: JSONNode) -> [Scale] {
        guard let node else { return [] }
        guard let members = object(node, "scales") else { return [] }
        var scales: [Scale] = []
        for (key, scaleNode) in members {
            let path = "scales.\(key)"
            let problemsBefore = problems.count
            // A scale defined twice is a duplicate key, reported as one.
            if scales.contains(where: { $0.id == key }) { continue }
            if Redactor.holdsControlCharacters(key) {
                report(scaleNode, "scales", "a scale's name holds a control character, terminal escape sequence or direction override")
                continue
            }
            invalidScales.insert(key)
            guard object(scaleNode, path) != nil else { continue }
            let min = integer(member(scaleNode, "min"), "\(path).min", in: scaleNode, required: true)
            let max = integer(member(scaleNode, "max"), "\(path).max", in: scaleNode, required: true)
            let labels = strings(member(scaleNode, "labels"), "\(path).labels", in: scaleNode)
            let favorableNode = member(scaleNode, "favorableFrom")
            let favorableFrom = integer(favorableNode, "\(path).favorableFrom", in: scaleNode)
            var isNPS = false
            if let kindNode = member(scaleNode, "kind"), let kind = string(kindNode, "\(path).kind", in: scaleNode) {
                if kind == "nps" {
                    isNPS = true
                } else {
                    report(kindNode, "\(path).kind", "\(Redactor.quote(kind)) is not a known kind (the only one is 'nps')")
                }
            }
            var synonyms: [String: Int] = [:]
            if let synonymsNode = member(scaleNode, "synonyms"), let pairs = object(synonymsNode, "\(path).synonyms") {
                for (word, valueNode) in pairs {
                    if let value = integer(valueNode, "\(path).synonyms.\(word)", in: synonymsNode) { synonyms[word] = value }
                }
            }
            guard let min, let max else { continue }
            if let (word, value) = synonyms.first(where: { !(min...max).contains($0.value) }), let node = member(scaleNode, "synonyms") {
                report(node, "\(path).synonyms.\(word)", "\(value) is outside the scale \(min)–\(max)")
            }
            guard min < max else {
                report(scaleNode, path, "min (\(min)) must be less than max (\(max))")
                continue
            }
            if max - min > 1000 {
                report(scaleNode, path, "a scale may have at most 1001 points, not \(max - min + 1)")
                continue
            }
            if let labels, labels.count != max - min + 1, let labelsNode = member(scaleNode, "labels") {
                report(labelsNode, "\(path).labels", "has \(labels.count) labels, but the scale \(min)–\(max) needs \(max - min + 1)")
                continue
            }
            if let favorableFrom, !(min...max).contains(favorableFrom), let favorableNode {
                report(favorableNode, "\(path).favorableFrom", "\(favorableFrom) is outside the scale \(min)–\(max)")
                continue
            }
            if isNPS, min != 0 || max != 10 {
                report(scaleNode, path, "an 'nps' scale must run from 0 to 10")
                continue
            }
            guard problems.count == problemsBefore else { continue }
            invalidScales.remove(key)
            scales.append(
                Scale(id: key, min: min, max: max, labels: labels ?? [], favorableFrom: favorableFrom, isNPS: isNPS, synonyms: synonyms))
        }
        return scales
    }

    mutating func dimensions(_ node: JSONNode?, in root: JSONNode) -> [Dimension] {
        guard let elements = array(node, "dimensions", in: root) else { return [] }
        var dimensions: [Dimension] = []
        for (index, element) in elements.enumerated() {
            let path = "dimensions[\(index)]"
            guard object(element, path) != nil, let id = identifier(member(element, "id"), "\(path).id", in: element)
            else { continue }
            if dimensions.contains(where: { $0.id == id }) {
                report(element, "\(path).id", "duplicate dimension id \(Redactor.quote(id))")
                continue
            }
            let title = string(member(element, "title"), "\(path).title", in: element) ?? id
            let about = string(member(element, "about"), "\(path).about", in: element) ?? ""
            dimensions.append(Dimension(id: id, title: title, about: about))
        }
        return dimensions
    }

    mutating func questions(_ node: JSONNode?, in root: JSONNode, scales: [Scale], dimensions: [Dimension]) -> [Question] {
        guard let elements = array(node, "questions", in: root, required: true) else { return [] }
        if elements.isEmpty, let node { report(node, "questions", "must list at least one question") }
        // Correlations and reliability sum over every pair of a dimension's questions: past this,
        // a survey makes no sense to answer and the work and memory would grow with its square.
        if elements.count > Survey.questionLimit, let node {
            report(node, "questions", "has \(elements.count) questions; at most \(Survey.questionLimit) are supported")
        }
        var questions: [Question] = []
        var ids: Set<String> = []
        for (index, element) in elements.enumerated() {
            let path = "questions[\(index)]"
            guard object(element, path) != nil else { continue }
            guard let id = identifier(member(element, "id"), "\(path).id", in: element) else { continue }
            if !ids.insert(id).inserted {
                report(member(element, "id") ?? element, "\(path).id", "duplicate question id \(Redactor.quote(id))")
                continue
            }
            declaredQuestionIDs.insert(id)
            if let question = question(element, path: path, id: id, scales: scales, dimensions: dimensions) {
                questions.append(question)
            }
        }
        return questions
    }

    mutating func question(_ element: JSONNode, path: String, id: String, scales: [Scale], dimensions: [Dimension]) -> Question? {
        let text = string(member(element, "text"), "\(path).text", in: element, required: true) ?? ""
        let scaleNode = member(element, "scale")
        let scaleName = string(scaleNode, "\(path).scale", in: element)
        let typeNode = member(element, "type")
        let type = string(typeNode, "\(path).type", in: element) ?? (scaleName == nil ? nil : "scale")
        let reverse = bool(member(element, "reverse"), "\(path).reverse") ?? false
        let practices = bool(member(element, "practices"), "\(path).practices") ?? false
        let dimensionNode = member(element, "dimension")
        let dimension = string(dimensionNode, "\(path).dimension", in: element)
        if let dimension, let dimensionNode, !dimensions.contains(where: { $0.id == dimension }) {
            report(dimensionNode, "\(path).dimension", "unknown dimension \(Redactor.quote(dimension))")
        }

        let kind: Question.Kind
        switch type {
        case "scale":
            guard let scaleName, let scaleNode else {
                report(element, "\(path).scale", "is missing (a scale question needs a scale)")
                return nil
            }
            guard let scale = scales.first(where: { $0.id == scaleName }) else {
                if !invalidScales.contains(scaleName) { report(scaleNode, "\(path).scale", "unknown scale \(Redactor.quote(scaleName))") }
                return nil
            }
            kind = .scale(scale)
        case "choice", "choices":
            guard let options = strings(member(element, "options"), "\(path).options", in: element, required: true)
            else { return nil }
            if options.isEmpty { report(element, "\(path).options", "must list at least one option") }
            if type == "choices", let bad = options.first(where: { $0.contains(";") }) {
                report(element, "\(path).options", "option \(Redactor.quote(bad)) contains ';', which separates the answers of a 'choices' question")
            }
            if options.count > 62 {
                report(element, "\(path).options", "has \(options.count) options; at most 62 are supported")
                return nil
            }
            kind = type == "choice" ? .choice(options: options) : .choices(options: options)
        case "text":
            kind = .text
        case nil:
            report(element, path, "needs a 'scale' or a 'type'")
            return nil
        case let other?:
            report(typeNode ?? element, "\(path).type", "\(Redactor.quote(other)) is not one of 'scale', 'choice', 'choices', 'text'")
            return nil
        }
        if kind.isScale == false {
            if dimension != nil, let dimensionNode {
                report(dimensionNode, "\(path).dimension", "only a scale question can belong to a dimension")
            }
            if reverse { report(element, "\(path).reverse", "only a scale question can be reverse-keyed") }
        }
        if practices, kind.options.isEmpty, let node = member(element, "practices") {
            report(node, "\(path).practices", "only a 'choice' or 'choices' question can list practices")
        }
        var codes = Question.Codes()
        if let codesNode = member(element, "codes"), object(codesNode, "\(path).codes") != nil {
            codes.qualtrics = string(member(codesNode, "qualtrics"), "\(path).codes.qualtrics", in: codesNode)
            codes.limesurvey = string(member(codesNode, "limesurvey"), "\(path).codes.limesurvey", in: codesNode)
            if let optionsNode = member(codesNode, "options") {
                var lists: [(String, JSONNode, [String])] = []
                if case .object(let perPlatform) = optionsNode.value {
                    for (platform, listNode) in perPlatform {
                        if let list = strings(listNode, "\(path).codes.options.\(platform)", in: optionsNode) {
                            codes.optionsByPlatform[platform] = list
                            lists.append(("\(path).codes.options.\(platform)", listNode, list))
                        }
                    }
                } else if let list = strings(optionsNode, "\(path).codes.options", in: codesNode) {
                    codes.options = list
                    lists.append(("\(path).codes.options", optionsNode, list))
                }
                for (listPath, node, list) in lists where list.count != kind.options.count {
                    report(node, listPath, "has \(list.count) codes, but the question has \(kind.options.count) options")
                }
            }
        }
        return Question(id: id, text: text, kind: kind, dimension: dimension, reverse: reverse, practices: practices, codes: codes)
    }
}

extension Question.Kind {
    var isScale: Bool {
        if case .scale = self { true } else { false }
    }

    var options: [String] {
        switch self {
        case .choice(let options), .choices(let options): options
        case .scale, .text: []
        }
    }
}
