/// A calendar date read from a platform's timestamp: `2026-03-15 09:30:00`, `3/15/2026 9:30:00`,
/// `03/15/2026 09:30:00 AM`, `15/03/26 09:30`, `15.03.2026`, `2026-03-15T09:30:00Z`.
public struct ExportDate: Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// How to read `a/b/y` dates.
    public enum Order: String, Sendable, CaseIterable {
        case monthFirst = "mdy"
        case dayFirst = "dmy"
        case yearFirst = "ymd"
    }

    /// `YYYY-MM-DD`, the form the canonical responses and wave names use.
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// The three leading numbers of a date and the separator between them, or nil.
    static func fields(_ text: String) -> (numbers: [Int], separator: Character)? {
        var numbers: [Int] = []
        var current = ""
        var separator: Character?
        for character in text.trimmingSpaces {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else if numbers.count < 2, !current.isEmpty, "/-.".contains(character), separator == nil || separator == character {
                separator = character
                numbers.append(Int(current) ?? -1)
                current = ""
            } else {
                break
            }
        }
        guard !current.isEmpty, let separator, let last = Int(current) else { return nil }
        numbers.append(last)
        return numbers.count == 3 ? (numbers, separator) : nil
    }

    /// Reads a date given the column's order for `a/b/y` forms (year-first forms need none).
    public init?(_ text: String, order: Order) {
        guard let (numbers, separator) = Self.fields(text) else { return nil }
        let (a, b, c) = (numbers[0], numbers[1], numbers[2])
        if a >= 1000 {
            (year, month, day) = (a, b, c)
        } else {
            let dayFirst = separator == "." || order == .dayFirst
            year = c < 100 ? 2000 + c : c
            (month, day) = dayFirst ? (b, a) : (a, b)
        }
        guard (1...12).contains(month), (1...31).contains(day), (1900...2999).contains(year) else { return nil }
    }

    /// The order of `a/b/y` dates in a whole column: a first field over 12 means day first, a
    /// second over 12 month first. `order` is nil when no value decides; `ambiguous` says that
    /// the column has such dates all the same; `conflict` that values contradict each other.
    public static func order(of column: [String]) -> (order: Order?, ambiguous: Bool, conflict: Bool) {
        var detector = OrderDetector()
        for text in column { detector.add(text) }
        return detector.decision
    }

    /// Reads the order off a column one value at a time.
    public struct OrderDetector {
        private var dayFirst = false
        private var monthFirst = false
        private var slashed = false

        public init() {}

        public mutating func add(_ text: String) {
            guard let (numbers, separator) = ExportDate.fields(text), separator == "/", numbers[0] < 1000 else { return }
            slashed = true
            if numbers[0] > 12 { dayFirst = true }
            if numbers[1] > 12 { monthFirst = true }
        }

        public var decision: (order: Order?, ambiguous: Bool, conflict: Bool) {
            if dayFirst && monthFirst { return (nil, false, true) }
            let order: Order? = dayFirst ? .dayFirst : monthFirst ? .monthFirst : nil
            return (order, slashed && order == nil, false)
        }
    }

    /// The wave a date falls in.
    public func wave(every interval: Period.Interval) -> String {
        waveName(ofTimestamp: description, every: interval) ?? description
    }
}
