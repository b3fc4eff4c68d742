/// What the user asked for, parsed from the command line.
public enum Command: Sendable, Equatable {
    case report(ReportOptions)
    case validate(surveyFolder: String)
    case generate(GenerateOptions)
    case importExports(ImportOptions)
    /// Help on a command, or on the tool when nil.
    case help(String?)
    case version
}

public struct ReportOptions: Sendable, Equatable {
    /// Empty: every folder under `Surveys/`.
    public var surveyFolders: [String] = []
    public var outputFolder = "Reports"
    public var formats: Set<ReportJob.Format> = Set(ReportJob.Format.allCases)
    public var focusWave: String?
    /// Leave out waves before this one.
    public var since: String?
    /// Draw the printed scorecard in ASCII only (the written file stays Unicode).
    public var ascii = false
    /// Print how long each stage took (on standard error).
    public var timings = false
    /// `--community`: write only these communities' pages and print their text pages instead of
    /// the organisation's scorecard (empty: every page, and the scorecard).
    public var communities: [String] = []

    public init() {}
}

public struct GenerateOptions: Sendable, Equatable {
    /// 100 million rows (about 16 GB of responses): more is surely a typing slip.
    public static let largestRespondents = 100_000_000

    public var surveyFolder: String
    /// Respondents in all; nil: the scenario's own sizes.
    public var respondents: Int?
    /// nil: the scenario's waves.
    public var waves: [String]?
    public var seed: UInt64 = 1
    /// nil: the survey's `responses/` folder.
    public var outputFolder: String?

    public init(surveyFolder: String) {
        self.surveyFolder = surveyFolder
    }
}

/// Bad usage: exit status 2, with the help hint.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var command: String?

    public init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }

    public var description: String { message }
}
