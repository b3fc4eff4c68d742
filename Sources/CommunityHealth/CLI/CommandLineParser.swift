/// Turns arguments (without the program name) into a `Command`; pure, so tests call it directly.
public enum CommandLineParser {
    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        guard let first = arguments.first else { return .help(nil) }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--help", "-h", "help":
            if let topic = rest.first {
                guard HelpText.commands.contains(topic) else { throw UsageError("unknown command '\(topic)'") }
                return .help(topic)
            }
            return .help(nil)
        case "--version", "-V":
            return .version
        case "report", "validate", "generate", "import":
            if rest.contains("--help") || rest.contains("-h") { return .help(first) }
            var options = try Options(rest, command: first)
            let command: Command
            switch first {
            case "report": command = .report(try report(&options))
            case "validate": command = .validate(surveyFolder: try options.single("SURVEY_DIR"))
            case "import": command = .importExports(try importExports(&options))
            default: command = .generate(try generate(&options))
            }
            try options.finish()
            return command
        default:
            if first.hasPrefix("-") { throw UsageError("unknown option '\(first)'") }
            throw UsageError("unknown command '\(first)' (the commands are \(HelpText.commands.joined(separator: ", ")))")
        }
    }

    private static func report(_ options: inout Options) throws(UsageError) -> ReportOptions {
        var report = ReportOptions()
        report.surveyFolders = options.positionals
        options.positionals = []
        if let out = try options.value("--out") { report.outputFolder = out }
        if let wave = try options.value("--wave") { report.focusWave = wave }
        if let since = try options.value("--since") { report.since = since }
        report.ascii = options.flag("--ascii")
        report.timings = options.flag("--timings")
        report.communities = options.values("--community")
        if let list = try options.value("--format") {
            var formats: Set<ReportJob.Format> = []
            for name in list.split(separator: ",").map({ String($0).trimmingSpaces.lowercased() }) where !name.isEmpty {
                guard let format = ReportJob.Format(rawValue: name) else {
                    let known = ReportJob.Format.allCases.map(\.rawValue).joined(separator: ", ")
                    throw UsageError("unknown format '\(name)' (this version writes \(known))", command: "report")
                }
                formats.insert(format)
            }
            guard !formats.isEmpty else { throw UsageError("--format needs at least one format", command: "report") }
            report.formats = formats
        }
        return report
    }

    private static func importExports(_ options: inout Options) throws(UsageError) -> ImportOptions {
        guard let survey = try options.value("--survey") else { throw UsageError("import needs --survey SURVEY_DIR", command: "import") }
        guard !options.positionals.isEmpty else { throw UsageError("import needs at least one export FILE", command: "import") }
        var result = ImportOptions(files: options.positionals, surveyFolder: survey)
        options.positionals = []
        if let from = try options.value("--from"), from != "auto" {
            guard let platform = Platform(rawValue: from), platform != .plain else {
                let known = (["auto"] + Platform.allCases.filter { $0 != .plain }.map(\.rawValue)).joined(separator: ", ")
                throw UsageError("unknown platform '\(from)' (--from takes \(known))", command: "import")
            }
            result.platform = platform
        }
        result.wave = try options.value("--wave")
        result.communityColumn = try options.value("--community-column")
        if let text = try options.value("--date-format") {
            let letters = text.lowercased().filter { "ymd".contains($0) }.reduce(into: "") { if !$0.contains($1) { $0.append($1) } }
            guard let order = ExportDate.Order(rawValue: letters) else {
                throw UsageError("--date-format takes mdy, dmy or ymd (or a pattern such as DD/MM/YYYY), not '\(text)'", command: "import")
            }
            result.dateOrder = order
        }
        if let text = try options.value("--delimiter") {
            switch text {
            case ",", "comma": result.delimiter = UInt8(ascii: ",")
            case ";", "semicolon": result.delimiter = UInt8(ascii: ";")
            case "\t", "tab", "\\t": result.delimiter = UInt8(ascii: "\t")
            default: throw UsageError("--delimiter takes ',', ';' or tab, not '\(text)'", command: "import")
            }
        }
        result.dryRun = options.flag("--dry-run")
        result.replace = options.flag("--replace")
        result.keepIncomplete = options.flag("--keep-incomplete")
        result.keepPreviews = options.flag("--keep-previews")
        return result
    }

    private static func generate(_ options: inout Options) throws(UsageError) -> GenerateOptions {
        var generate = GenerateOptions(surveyFolder: try options.single("SURVEY_DIR"))
        if let text = try options.value("--respondents") {
            guard let n = Int(text), n > 0 else { throw UsageError("--respondents needs a positive whole number, not '\(text)'", command: "generate") }
            guard n <= GenerateOptions.largestRespondents else {
                throw UsageError("--respondents can be at most \(GenerateOptions.largestRespondents), not \(text)", command: "generate")
            }
            generate.respondents = n
        }
        if let text = try options.value("--seed") {
            guard let seed = UInt64(text) else { throw UsageError("--seed needs a whole number, not '\(text)'", command: "generate") }
            generate.seed = seed
        }
        if let text = try options.value("--waves") {
            let waves = text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            guard !waves.isEmpty else { throw UsageError("--waves needs a comma-separated list of wave names", command: "generate") }
            generate.waves = waves
        }
        generate.outputFolder = try options.value("--out")
        return generate
    }
}

/// `--name value`, `--name=value` and positionals, consumed as a command asks for them.
private struct Options {
    let command: String
    var positionals: [String] = []
    var named: [(name: String, value: String)] = []
    var flags: Set<String> = []
    static let knownFlags: Set<String> = ["--ascii", "--timings", "--dry-run", "--replace", "--keep-incomplete", "--keep-previews"]
    /// Options that take a value, of any command.
    static let knownValued: Set<String> = [
        "--out", "--format", "--wave", "--since", "--survey", "--from", "--community-column", "--date-format", "--delimiter", "--respondents",
        "--waves", "--seed", "--community",
    ]

    init(_ arguments: [String], command: String) throws(UsageError) {
        self.command = command
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("--") else {
                if argument.hasPrefix("-"), argument.count > 1 { throw UsageError("unknown option '\(argument)'", command: command) }
                positionals.append(argument)
                continue
            }
            if Self.knownFlags.contains(argument) {
                flags.insert(argument)
            } else if let equals = argument.firstIndex(of: "=") {
                named.append((String(argument[..<equals]), String(argument[argument.index(after: equals)...])))
            } else {
                guard index < arguments.count else {
                    throw UsageError(Self.knownValued.contains(argument) ? "\(argument) needs a value" : "unknown option '\(argument)'", command: command)
                }
                named.append((argument, arguments[index]))
                index += 1
            }
        }
    }

    /// Flags take no value: they are found among the arguments before values are paired.
    mutating func flag(_ name: String) -> Bool {
        let found = flags.contains(name)
        flags.remove(name)
        return found
    }

    mutating func value(_ name: String) throws(UsageError) -> String? {
        let matches = named.filter { $0.name == name }
        guard matches.count <= 1 else { throw UsageError("\(name) is given more than once", command: command) }
        named.removeAll { $0.name == name }
        return matches.first?.value
    }

    /// Every value of an option that may be given more than once, in order.
    mutating func values(_ name: String) -> [String] {
        let matches = named.filter { $0.name == name }.map(\.value)
        named.removeAll { $0.name == name }
        return matches
    }

    mutating func single(_ what: String) throws(UsageError) -> String {
        guard let first = positionals.first else { throw UsageError("\(command) needs a \(what)", command: command) }
        guard positionals.count == 1 else { throw UsageError("\(command) takes one \(what), not \(positionals.count)", command: command) }
        positionals = []
        return first
    }

    func finish() throws(UsageError) {
        if let unknown = named.first { throw UsageError("unknown option '\(unknown.name)'", command: command) }
        if let flag = flags.first { throw UsageError("unknown option '\(flag)'", command: command) }
        if let extra = positionals.first { throw UsageError("unexpected argument '\(extra)'", command: command) }
    }
}
