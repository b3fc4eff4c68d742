/// Reads one export cell as the answer to a question, the way platforms write answers: numbers,
/// the scale's labels and synonyms, common wordings across platforms, labelled endpoints such as
/// `10 - Extremely likely`, option texts or codes, and multi-select cells joined by `, ` or `;`.
public struct AnswerReader: Sendable {
    /// Answers that mean "no answer" rather than a point on the scale.
    static let notScored: Set<String> = [
        "not applicable", "n a", "na", "dont know", "do not know", "prefer not to say", "no opinion", "cant say", "no answer",
    ]
    /// Wordings platforms use for the same point of an agreement scale.
    static let wordings: [Set<String>] = [
        ["strongly disagree", "completely disagree", "totally disagree", "disagree strongly"],
        ["disagree", "somewhat disagree", "slightly disagree", "mostly disagree", "tend to disagree", "disagree somewhat"],
        ["neither agree nor disagree", "neutral", "undecided", "neither", "neither agree or disagree", "not sure"],
        ["agree", "somewhat agree", "slightly agree", "mostly agree", "tend to agree", "agree somewhat"],
        ["strongly agree", "completely agree", "totally agree", "agree strongly"],
    ]

    public enum Failure: Error, Sendable, Equatable {
        case notOnScale(String)
        case notAnOption(String)
    }

    /// A scale answer, nil for no answer.
    public static func scale(_ cell: String, scale: Scale) throws(Failure) -> Int? {
        let text = cell.trimmingSpaces
        if text.isEmpty { return nil }
        if let number = Int(text) {
            guard (scale.min...scale.max).contains(number) else { throw .notOnScale(text) }
            return number
        }
        let key = comparable(text)
        if notScored.contains(key) { return nil }
        if let index = scale.labels.firstIndex(where: { comparable($0) == key }) { return scale.min + index }
        if let value = scale.synonyms.first(where: { comparable($0.key) == key })?.value { return value }
        if let group = wordings.first(where: { $0.contains(key) }),
            let index = scale.labels.firstIndex(where: { group.contains(comparable($0)) })
        {
            return scale.min + index
        }
        // A labelled endpoint, such as "10 - Extremely likely" or "0 (Not at all likely)".
        let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == "-") && $0 != " " }
        if let number = Int(digits), digits.count < text.count, (scale.min...scale.max).contains(number) {
            let rest = text.dropFirst(digits.count).trimmingPrefix(while: { $0 == " " })
            if rest.first.map({ "-–(:.".contains($0) }) == true { return number }
        }
        throw .notOnScale(text)
    }

    /// The option index of a single-choice answer, by text or code.
    public static func choice(_ cell: String, question: Question) throws(Failure) -> Int? {
        let text = cell.trimmingSpaces
        if text.isEmpty { return nil }
        let key = comparable(text)
        if let index = question.options.firstIndex(where: { comparable($0) == key }) { return index }
        for codes in question.codes.allOptionCodes {
            if let index = codes.firstIndex(where: { $0.lowercased() == text.lowercased() }) { return index }
        }
        throw .notAnOption(text)
    }

    /// The options of a multi-select cell, read against the known options (longest first), so
    /// options that contain commas survive Google's `a, b` and Microsoft's `a;b;`.
    public static func choices(_ cell: String, question: Question) throws(Failure) -> Set<Int> {
        try choices(cell, names: optionNames(question))
    }

    /// A question's options and option codes, lowercased, longest first: prepared once per question.
    static func optionNames(_ question: Question) -> [(Int, String)] {
        let names = ([question.options] + question.codes.allOptionCodes).flatMap { list in
            list.enumerated().map { ($0.offset, $0.element.lowercased()) }
        }
        return names.sorted { $0.1.count > $1.1.count }
    }

    static func choices(_ cell: String, names byLength: [(Int, String)]) throws(Failure) -> Set<Int> {
        var rest = Substring(cell.trimmingSpaces)
        var chosen: Set<Int> = []
        while true {
            rest = rest.drop { $0 == " " || $0 == "," || $0 == ";" || $0 == "\n" }
            if rest.isEmpty { return chosen }
            let lowered = rest.lowercased()
            guard let (option, name) = byLength.first(where: { entry in
                lowered.hasPrefix(entry.1) && (lowered.count == entry.1.count || ",;".contains(lowered[lowered.index(lowered.startIndex, offsetBy: entry.1.count)]))
            }) else {
                let piece = rest.prefix { $0 != ";" && $0 != "," }.trimmingSpaces
                throw .notAnOption(piece.isEmpty ? String(rest) : piece)
            }
            chosen.insert(option)
            rest = rest.dropFirst(name.count)
        }
    }

    /// Whether a column of its own marks its option as chosen: `Y`, `Yes`, `1`, `True` or the
    /// option's own text count; empty, `N`, `No`, `0` and `False` do not.
    public static func ticked(_ cell: String) -> Bool {
        let key = cell.trimmingSpaces.lowercased()
        return !(key.isEmpty || ["n", "no", "0", "false", "not selected", "not quoted"].contains(key))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String { String(self).trimmingSpaces }
}
