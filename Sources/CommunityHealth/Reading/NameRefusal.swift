/// A community or wave name that holds an e-mail address, an IP address, a phone number or a
/// control character, or is longer than any name (`longestName`). Groups are never named after
/// people, nor in paragraphs, so such a name means the wrong column was mapped (or someone is
/// disguising what a terminal shows): the whole run is refused, with the first place and how
/// many more rows are like it.
public struct NameRefusal: Sendable, Hashable {
    /// What is wrong with the name.
    public enum Finding: Sendable, Hashable {
        case personalData(PersonalData)
        case tooLong
    }

    /// The longest community or wave name, in Unicode scalars: a name is printed in every table,
    /// so a column of paragraphs would write gigabytes.
    public static let longestName = 200
    public enum Role: String, Sendable, Hashable {
        case community, wave
    }

    /// Where the name came from.
    public enum Source: Sendable, Hashable {
        /// A column, as its header names it, and what to check to mend it.
        case column(String, fix: String)
        /// A response file's name (the wave, when the survey has no period column).
        case fileName
        /// A command-line option such as `--wave`.
        case option(String)
    }

    public var role: Role
    public var finding: Finding
    public var source: Source
    /// Where the first such name is.
    public var location: Location
    /// Rows like it after the first, in the same file.
    public var more = 0

    /// The refusal of `name`, or nil when it is fine as a name.
    public init?(_ role: Role, name: String, source: Source, at location: Location) {
        guard let finding = Self.finding(in: name) else { return nil }
        self.role = role
        self.finding = finding
        self.source = source
        self.location = location
    }

    /// What makes `name` unfit as a name, nil when it is fine.
    public static func finding(in name: String) -> Finding? {
        if name.utf8.count > longestName, name.unicodeScalars.count > longestName { return .tooLong }
        return Redactor.personalData(in: name).map(Finding.personalData)
    }

    /// What the groupBy column of a response file should be checked for.
    public static let communityColumnFix = "check \"groupBy\" in survey.json (or --community-column when importing)"
    public static let waveColumnFix = "check \"period\" in survey.json"

    public var diagnostic: Diagnostic {
        let names = role == .community ? "community names" : "waves"
        let (singular, plural) =
            switch finding {
            case .personalData(let kind): (kind.singular, kind.plural)
            case .tooLong: ("more than \(Self.longestName) characters", "free text")
            }
        var message: String
        switch source {
        case .column(let column, let fix):
            message = "\(role.rawValue) cell holds \(singular)"
            if more > 0 { message += " (so do \(more) more row\(more == 1 ? "" : "s") of this file)" }
            if finding == .personalData(.controlCharacter) {
                message += ": remove it; such characters can disguise what a terminal or page shows"
            } else {
                message += ": the column \(Redactor.quote(column)) looks like it holds \(plural), not \(names); \(fix)"
            }
        case .fileName:
            message = "this file's name gives its wave, and holds \(singular): rename the file (its name without .csv names the wave)"
        case .option(let option):
            message = "\(option) holds \(singular): give the wave's name, such as 2026-H1"
        }
        return .error(at: location, message)
    }
}

/// Refusals collected over the rows of files: one per file, role, finding and source, keeping
/// the first place and counting the rest, so a column of e-mail addresses is one message.
public struct NameRefusals: Sendable {
    public private(set) var all: [NameRefusal] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func add(_ refusal: NameRefusal) {
        if let index = all.firstIndex(where: { Self.sameProblem($0, refusal) }) {
            all[index].more += 1 + refusal.more
        } else {
            all.append(refusal)
        }
    }

    public mutating func add(contentsOf other: NameRefusals) {
        for refusal in other.all { add(refusal) }
    }

    public var diagnostics: [Diagnostic] { all.map(\.diagnostic) }

    private static func sameProblem(_ a: NameRefusal, _ b: NameRefusal) -> Bool {
        a.location.file == b.location.file && a.role == b.role && a.finding == b.finding && a.source == b.source
    }
}
