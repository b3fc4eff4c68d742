import Foundation

/// A survey folder on disk (FORMATS.md §1): `survey.json`, `responses/*.csv`, optional `communities.csv`.
public struct SurveyFolder: Sendable {
    public var path: String
    public var survey: Survey
    /// The response files, sorted by name: where to read each, and how messages name it.
    public var responseFiles: [(path: String, name: String)]
    public var members: CommunityMembers
    public var warnings: [Diagnostic]

    /// Loads and checks the definition and head counts; every problem found is thrown together.
    /// Messages and reports name files under `displayPath` (default: `path`).
    public init(path: String, displayPath: String? = nil) throws(InputErrors) {
        self.path = path
        let shownPath = displayPath ?? path
        let definitionPath = Self.join(path, "survey.json")
        guard let bytes = try Self.contents(of: definitionPath, shownAs: Self.join(shownPath, "survey.json")) else {
            throw InputErrors([.error(at: Location(file: Self.join(shownPath, "survey.json")), "no survey definition here (is \(shownPath) a survey folder?)")])
        }
        let (survey, warnings) = try SurveyLoader.load(bytes, file: Self.join(shownPath, "survey.json"))
        self.survey = survey
        self.warnings = warnings
        let responses = Self.join(path, "responses")
        let names = try Self.listResponses(responses, shownAs: Self.join(shownPath, "responses"))
        responseFiles = names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
            .map { (Self.join(responses, $0), Self.join(Self.join(shownPath, "responses"), $0)) }
        if responseFiles.isEmpty {
            self.warnings.append(.warning(at: Location(file: Self.join(shownPath, "responses")), "no response files (*.csv) here yet"))
        }
        let membersPath = Self.join(path, "communities.csv")
        if let data = try Self.contents(of: membersPath, shownAs: Self.join(shownPath, "communities.csv")) {
            members = try Self.members(data, file: Self.join(shownPath, "communities.csv"))
        } else {
            members = CommunityMembers()
        }
    }

    /// The names in `responses/`. A survey without the folder has no responses yet; a folder that
    /// is there but cannot be listed (permissions, a link loop, a file in its place) is an error,
    /// so that no report says "no responses" over rows it could not read.
    static func listResponses(_ directory: String, shownAs shown: String) throws(InputErrors) -> [String] {
        var status = stat()
        if stat(directory, &status) != 0 {
            let code = errno
            if code == ENOENT { return [] }
            throw InputErrors([.error(at: Location(file: shown), ChunkFile.describe(code))])
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw InputErrors([.error(at: Location(file: shown), "is \(ChunkFile.kind(status.st_mode)), not a folder: response files go in a folder named responses")])
        }
        guard access(directory, R_OK | X_OK) == 0, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw InputErrors([.error(at: Location(file: shown), "cannot be listed: permission denied (make the folder readable, for example with chmod a+rx)")])
        }
        return names
    }

    /// The most waves a survey's responses may name: more means the wave or period column holds
    /// something else (dates to the second, ids), and every table would have a row per value.
    public static let mostWaves = 1_000

    /// An error when the responses name more than `mostWaves` waves.
    func waveCountProblem(_ waves: Int) -> Diagnostic? {
        guard waves > Self.mostWaves else { return nil }
        let responses = responseFiles.first.map { ($0.name as NSString).deletingLastPathComponent } ?? "responses"
        return .error(at: Location(file: responses),
            "the responses name \(waves) waves, more than the \(Self.mostWaves) a survey may have: check \"period\" in survey.json (a wave names a period, such as 2026-H1)")
    }

    /// A definition file's bytes; nil when there is none. One that is there but cannot be read
    /// (permissions, a link loop, a folder or FIFO in its place) is an error, never taken for absent.
    static func contents(of path: String, shownAs shown: String) throws(InputErrors) -> [UInt8]? {
        var status = stat()
        if lstat(path, &status) != 0, errno == ENOENT { return nil }
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw InputErrors([.error(at: Location(file: shown), "is \(ChunkFile.kind(status.st_mode)), not a file: put a file of this name here, or move it away")])
        }
        do {
            let file = try ChunkFile(path: path)
            defer { file.close() }
            return file.read(at: 0, count: file.size)
        } catch {
            throw InputErrors([.error(at: Location(file: shown), error.reason)])
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Parses `community,members[,wave]`.
    static func members(_ bytes: [UInt8], file: String) throws(InputErrors) -> CommunityMembers {
        let body = bytes.starts(with: utf8ByteOrderMark) ? Array(bytes.dropFirst(3)) : bytes
        let records = try CSVScanner.table(in: body, file: file)
        var problems: [Diagnostic] = []
        var refusals = NameRefusals()
        guard let header = records.first else { throw InputErrors([.error(at: Location(file: file), "is empty")]) }
        let names = header.fields.map(\.matchKey)
        guard let community = names.firstIndex(of: "community"), let members = names.firstIndex(of: "members") else {
            throw InputErrors([.error(at: Location(file: file, line: header.line, column: 1), "the header needs 'community' and 'members' columns")])
        }
        let wave = names.firstIndex(of: "wave")
        var entries: [CommunityMembers.Entry] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                problems.append(
                    .error(at: Location(file: file, line: record.line, column: 1), "has \(record.fields.count) fields, but the header has \(header.fields.count)"))
                continue
            }
            let countText = record.fields[members].trimmingSpaces
            guard let count = Int(countText), count >= 0 else {
                problems.append(
                    .error(at: Location(file: file, line: record.line, column: record.columns[members]), "\(Redactor.quote(countText)) is not a head count (a whole number)"))
                continue
            }
            guard count <= CommunityMembers.largestCount else {
                problems.append(
                    .error(
                        at: Location(file: file, line: record.line, column: record.columns[members]),
                        "the head count is too large: at most \(CommunityMembers.largestCount) members per row (is this the right column?)"))
                continue
            }
            let waveName = wave.map { record.fields[$0].trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 }
            let communityName = record.fields[community].trimmingSpaces
            var refused = false
            for (role, name, field) in [(NameRefusal.Role.community, communityName, community), (.wave, waveName ?? "", wave ?? 0)] {
                let source = NameRefusal.Source.column(header.fields[field].trimmingSpaces, fix: "communities.csv must name communities and waves as the responses do")
                if let refusal = NameRefusal(role, name: name, source: source, at: Location(file: file, line: record.line, column: record.columns[field])) {
                    refusals.add(refusal)
                    refused = true
                }
            }
            if !refused { entries.append(CommunityMembers.Entry(community: communityName, members: count, wave: waveName)) }
        }
        problems += refusals.diagnostics
        guard problems.isEmpty else { throw InputErrors(problems) }
        return CommunityMembers(entries)
    }
}
